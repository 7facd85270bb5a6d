"""The dashboard's aggregates against figures computed by hand, the hidden small cells, and the exports."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from essmed.incubator.dashboard import ProjectFigures, breakdown, fte, people_breakdown, totals
from essmed.incubator.tests.factories import FollowUpFactory, ProgrammeFactory, ProjectFactory
from essmed.territories.models import Division
from essmed.territories.tests.factories import RegionFactory


def figures(n, province, sector, full, part, fraction, women, men, under_30, active=True):
    return ProjectFigures(
        project=n,
        province=province,
        sector=sector,
        full_time_jobs=full,
        part_time_jobs=part,
        part_time_fraction=Decimal(fraction),
        women=women,
        men=men,
        under_30=under_30,
        turnover=Decimal(1000 * n),
        funds_raised=Decimal(500),
        still_active=active,
    )


# Six projects: five in Berkane, one in Figuig.
SIX = [
    figures(1, "Berkane", "agrifood", 2, 2, "0.5", 5, 3, 2),  # FTE 3
    figures(2, "Berkane", "agrifood", 1, 0, "0.5", 4, 0, 4),  # FTE 1
    figures(3, "Berkane", "crafts", 0, 4, "0.25", 6, 1, 1),  # FTE 1
    figures(4, "Berkane", "agrifood", 3, 1, "0.8", 2, 2, 0),  # FTE 3.8
    figures(5, "Berkane", "tourism", 1, 1, "0.5", 3, 4, 3, active=False),  # FTE 1.5
    figures(6, "Figuig", "agrifood", 2, 0, "0.5", 0, 5, 1),  # FTE 2
]


def test_part_time_jobs_count_pro_rata():
    assert fte(1, 2, Decimal("0.5")) == Decimal(2)


def test_totals_match_figures_computed_by_hand():
    total = totals(SIX)
    assert total.projects == 6
    assert total.fte == Decimal("12.3")  # 3 + 1 + 1 + 3.8 + 1.5 + 2
    assert (total.women, total.men) == (20, 15)  # 5+4+6+2+3+0, 3+0+1+2+4+5
    assert total.women_share == Decimal("57.1")  # 20 / 35
    assert total.under_30 == 11
    assert total.under_30_share == Decimal("31.4")  # 11 / 35
    assert total.turnover == Decimal(21000)  # 1000 × (1+…+6)
    assert total.funds_raised == Decimal(3000)
    assert total.active_share == Decimal("83.3")  # 5 / 6


def test_breakdown_hides_a_cell_of_fewer_than_five_projects():
    nador = [figures(n, "Nador", "crafts", 1, 0, "0.5", 1, 1, 0) for n in range(7, 11)]
    by_province = {cell.label: cell for cell in breakdown(SIX + nador, lambda r: r.province)}
    assert by_province["Berkane"].projects == 5
    assert by_province["Berkane"].totals.fte == Decimal("10.3")
    assert by_province["Berkane"].totals.women_share == Decimal("66.7")  # 20 women, 10 men
    assert by_province["Figuig"].hidden and not by_province["Figuig"].suppressed
    assert by_province["Nador"].hidden  # Figuig and Nador together: 5 projects, no one's figures
    by_sector = {cell.label: cell for cell in breakdown(SIX, lambda r: r.sector)}
    assert by_sector["agrifood"].projects == 4 and by_sector["agrifood"].hidden
    assert by_sector["crafts"].hidden and by_sector["tourism"].hidden


def test_people_breakdown_is_hidden_under_five_projects():
    assert people_breakdown(totals(SIX[:4]))["sex"][0].count is None
    rows = people_breakdown(totals(SIX))
    assert [(r.key, r.count) for r in rows["sex"]] == [("women", 20), ("men", 15)]
    assert [(r.key, r.count) for r in rows["age"]] == [("under_30", 11), ("30_and_over", 24)]


@pytest.fixture
def programme_with_six_projects(db):
    programme = ProgrammeFactory(slug="pepiniere", name="Pépinière")
    region = RegionFactory(slug="oriental")
    provinces = {
        name: Division.objects.create(region=region, code=name[:3], kind="province", name=name)
        for name in ("Berkane", "Figuig")
    }
    for row in SIX:
        project = ProjectFactory(programme=programme, division=provinces[row.province], sector=row.sector)
        FollowUpFactory(
            project=project,
            point="entry",
            reported_on="2026-01-01",
            full_time_jobs=0,
            members_women=99,
        )  # an older follow-up: only the latest counts
        FollowUpFactory(
            project=project,
            point="6m",
            reported_on="2026-07-01",
            full_time_jobs=row.full_time_jobs,
            part_time_jobs=row.part_time_jobs,
            part_time_fraction=row.part_time_fraction,
            members_women=row.women,
            members_men=row.men,
            members_under_30=row.under_30,
            turnover=row.turnover,
            funds_raised=row.funds_raised,
            still_active=row.still_active,
        )
    return programme


def test_dashboard_page_shows_the_hand_computed_aggregates(client, sophie, programme_with_six_projects):
    client.force_login(sophie)
    response = client.get(reverse("incubator:dashboard", args=[programme_with_six_projects.pk]))
    sections = {section["key"]: section for section in response.context["sections"]}
    headline = dict(sections["totals"]["rows"])
    assert headline["Emplois (équivalents temps plein)"] == "12,3"  # in the French number format
    assert headline["Part des femmes parmi les membres (%)"] == "57,1"
    province_rows = {row[0]: row for row in sections["province"]["rows"]}
    assert province_rows["Figuig"][1:] == ["< 5"] * 4
    assert province_rows["Berkane"][1:] == ["masqué"] * 4  # or Figuig's project would be the total minus Berkane
    page = response.content.decode()
    assert "&lt; 5" in page
    assert 'data-chart="chart-province"' not in page  # every province hidden: nothing to draw


def test_dashboard_exports_csv_and_xlsx_with_hidden_cells(client, sophie, programme_with_six_projects):
    client.force_login(sophie)
    response = client.get(reverse("incubator:dashboard_csv", args=[programme_with_six_projects.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["Figuig", "< 5", "< 5", "< 5", "< 5"] in rows
    response = client.get(reverse("incubator:dashboard_xlsx", args=[programme_with_six_projects.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    values = [[cell.value for cell in row] for sheet in workbook.worksheets for row in sheet.iter_rows()]
    assert ["Emplois (équivalents temps plein)", 12.3] in values  # numbers stay numbers
    assert ["Emplois (équivalents temps plein)", "12.3"] in rows  # a dot as decimal separator in the CSV
    assert ["Berkane", "masqué", "masqué", "masqué", "masqué"] in rows


def test_dashboard_is_empty_without_follow_ups(client, sophie):
    programme = ProgrammeFactory()
    client.force_login(sophie)
    response = client.get(reverse("incubator:dashboard", args=[programme.pk]))
    assert response.status_code == 200


figures_strategy = st.lists(
    st.builds(
        figures,
        n=st.integers(1, 1000),
        province=st.sampled_from(["Berkane", "Figuig", "Nador", "Oujda-Angad"]),
        sector=st.sampled_from(["agrifood", "crafts"]),
        full=st.integers(0, 20),
        part=st.integers(0, 20),
        fraction=st.sampled_from(["0.25", "0.5", "0.8"]),
        women=st.integers(0, 30),
        men=st.integers(0, 30),
        under_30=st.integers(0, 10),
    ),
    max_size=40,
)


@given(figures_strategy)
def test_breakdown_cells_add_up_to_the_total_and_no_hidden_cell_can_be_computed_from_it(rows):
    total = totals(rows)
    cells = breakdown(rows, lambda r: r.province)
    assert sum(cell.projects for cell in cells) == total.projects
    assert all(cell.hidden for cell in cells if cell.projects < 5)
    assert all(cell.suppressed == (cell.hidden and cell.projects >= 5) for cell in cells)
    # What the rows shown leave out of the total covers no project, or at least 5 together.
    hidden_projects = sum(cell.projects for cell in cells if cell.hidden)
    assert hidden_projects == 0 or hidden_projects >= 5 or all(cell.hidden for cell in cells)
    shown = [cell for cell in cells if not cell.hidden]
    assert sum((cell.totals.fte for cell in shown), Decimal(0)) <= total.fte
    if all(not cell.hidden for cell in cells):
        assert sum((cell.totals.fte for cell in cells), Decimal(0)) == total.fte


@given(figures_strategy)
def test_shares_stay_between_0_and_100(rows):
    total = totals(rows)
    for value in (total.women_share, total.active_share):
        assert value is None or Decimal(0) <= value <= Decimal(100)


def test_a_single_small_cell_cannot_be_read_as_the_total_minus_the_others():
    by_province = {cell.label: cell for cell in breakdown(SIX, lambda r: r.province)}
    assert by_province["Figuig"].hidden  # 1 project
    assert by_province["Berkane"].hidden and by_province["Berkane"].suppressed  # 12.3 - 10.3 would give its 2 FTE


def test_dashboard_shows_a_large_row_when_the_hidden_ones_cover_five_projects(
    client, youssef, programme_with_six_projects
):
    nador = Division.objects.create(region=Division.objects.first().region, code="NAD", kind="province", name="Nador")
    for _n in range(4):
        FollowUpFactory(project=ProjectFactory(programme=programme_with_six_projects, division=nador), full_time_jobs=1)
    client.force_login(youssef)
    response = client.get(reverse("incubator:dashboard", args=[programme_with_six_projects.pk]))
    sections = {section["key"]: section for section in response.context["sections"]}
    province_rows = {row[0]: row for row in sections["province"]["rows"]}
    assert province_rows["Berkane"][1:3] == ["5", "10,3"]
    assert province_rows["Figuig"][1:] == province_rows["Nador"][1:] == ["< 5"] * 4
    assert 'data-chart="chart-province"' in response.content.decode()


def test_dashboard_csv_starts_with_a_bom_so_that_spreadsheets_read_arabic(client, sophie, programme_with_six_projects):
    client.force_login(sophie)
    url = reverse("incubator:dashboard_csv", args=[programme_with_six_projects.pk]).replace("/fr/", "/ar/")
    content = client.get(url).content
    assert content.startswith("\ufeff".encode())
    assert next(csv.reader(io.StringIO(content.decode("utf-8-sig")))) == ["البرنامج في لمحة"]
