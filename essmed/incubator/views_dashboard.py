"""The programme dashboard: aggregates of the projects' latest follow-ups (see dashboard.py), charts each with
its data table, and the same tables as CSV and XLSX. No project's own figures are shown or exported."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]

from essmed.incubator.access import get_programme_for_user
from essmed.incubator.dashboard import (
    MIN_PROJECTS_PER_CELL,
    Cell,
    ProjectFigures,
    Totals,
    breakdown,
    people_breakdown,
    totals,
)
from essmed.incubator.models import FollowUp, Programme, Sector

HIDDEN = "< 5"
BOM = "\ufeff"  # without it, spreadsheets read a UTF-8 CSV file as Latin-1, and Arabic as gibberish


def programme_figures(programme: Programme) -> list[ProjectFigures]:
    """Each project of the programme once, with its latest follow-up."""
    latest: dict[int, FollowUp] = {}
    follow_ups = (
        FollowUp.objects.filter(project__programme=programme)
        .select_related("project", "project__division")
        .order_by("project_id", "reported_on")
    )
    for follow_up in follow_ups:
        latest[follow_up.project_id] = follow_up
    return [
        ProjectFigures(
            project=f.project_id,
            province=str(f.project.division) if f.project.division else _("province not given"),
            sector=str(Sector(f.project.sector).label),
            full_time_jobs=f.full_time_jobs,
            part_time_jobs=f.part_time_jobs,
            part_time_fraction=f.part_time_fraction,
            women=f.members_women,
            men=f.members_men,
            under_30=f.members_under_30,
            turnover=f.turnover,
            funds_raised=f.funds_raised,
            still_active=f.still_active,
        )
        for f in latest.values()
    ]


Value = Decimal | int | str


def _number(value: Decimal | int | None) -> Value:
    """A figure of a table: a number, or "–" when there is none (a share of nothing)."""
    if value is None:
        return "–"
    if isinstance(value, Decimal):
        return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
    return value


def for_page(value: Value) -> str:
    """A figure as the page shows it, in the language's number format (12,3 in French)."""
    return value if isinstance(value, str) else formats.number_format(value, use_l10n=True, force_grouping=True)


def for_csv(value: Value) -> str:
    """A figure as the CSV file holds it: a dot as decimal separator, whatever the language."""
    return f"{value:f}" if isinstance(value, Decimal) else str(value)


def for_xlsx(value: Value) -> str | int | float:
    """A figure as a spreadsheet cell: a number stays a number."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    return value if isinstance(value, int) else str(value)


def tables(figures: list[ProjectFigures]) -> list[dict[str, Any]]:
    """The dashboard's tables: a title, column headers, rows of text (hidden cells as "< 5") and what the chart
    draws (the same numbers)."""
    total = totals(figures)
    headline: dict[str, Any] = {
        "key": "totals",
        "title": _("The programme at a glance"),
        "headers": [_("Indicator"), _("Value")],
        "rows": [
            [_("Projects with a follow-up"), _number(total.projects)],
            [_("Jobs (full-time equivalents)"), _number(total.fte)],
            [_("Members"), _number(total.members)],
            [_("Share of women among members (%)"), _number(total.women_share)],
            [_("Share of members under 30 (%)"), _number(total.under_30_share)],
            [_("Turnover (MAD)"), _number(total.turnover)],
            [_("Funds raised (MAD)"), _number(total.funds_raised)],
            [_("Projects still active (%)"), _number(total.active_share)],
        ],
        "chart": None,
    }
    if total.projects < MIN_PROJECTS_PER_CELL:
        headline["rows"] = [row if n == 0 else [row[0], HIDDEN] for n, row in enumerate(headline["rows"])]
    people = people_breakdown(total)
    labels = {
        "women": _("Women"),
        "men": _("Men"),
        "under_30": _("Under 30"),
        "30_and_over": _("30 and over"),
    }

    def people_table(key: str, title: str) -> dict[str, Any]:
        rows = people[key]
        return {
            "key": key,
            "title": title,
            "headers": [_("Members"), _("Number"), _("Share (%)")],
            "rows": [[labels[r.key], HIDDEN if r.count is None else _number(r.count), _number(r.share)] for r in rows],
            "chart": {
                "type": "doughnut",
                "labels": [str(labels[r.key]) for r in rows],
                "values": [r.count for r in rows],
            }
            if all(r.count is not None for r in rows)
            else None,
        }

    def cell_table(key: str, title: str, first: str, cells: list[Cell]) -> dict[str, Any]:
        def row(cell: Cell) -> list[Value]:
            t: Totals | None = cell.totals
            if t is None:
                mark = str(_("hidden")) if cell.suppressed else HIDDEN
                return [cell.label, mark, mark, mark, mark]
            return [cell.label, _number(cell.projects), _number(t.fte), _number(t.members), _number(t.women_share)]

        shown = [cell for cell in cells if cell.totals is not None]
        return {
            "key": key,
            "title": title,
            "headers": [first, _("Projects"), _("Jobs (FTE)"), _("Members"), _("Women (%)")],
            "rows": [row(cell) for cell in cells],
            "chart": {
                "type": "bar",
                "labels": [cell.label for cell in shown],
                "values": [float(cell.totals.fte) for cell in shown if cell.totals is not None],
                "series": str(_("Jobs (FTE)")),
            }
            if shown
            else None,
        }

    return [
        headline,
        people_table("sex", _("Members by sex")),
        people_table("age", _("Members by age")),
        cell_table("province", _("By province"), _("Province"), breakdown(figures, lambda r: r.province)),
        cell_table("sector", _("By sector"), _("Sector"), breakdown(figures, lambda r: r.sector)),
    ]


@login_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk)
    sections = tables(programme_figures(programme))
    for section in sections:
        section["data_id"] = f"chart-{section['key']}"
        section["rows"] = [[for_page(value) for value in row] for row in section["rows"]]
    context = {"programme": programme, "sections": sections, "min_cell": MIN_PROJECTS_PER_CELL}
    return render(request, "incubator/dashboard.html", context)


def _filename(programme: Programme, extension: str) -> str:
    return f"{slugify(programme.slug)}-indicators.{extension}"


@login_required
def dashboard_csv(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk)
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    for section in tables(programme_figures(programme)):
        writer.writerow([section["title"]])
        writer.writerow(section["headers"])
        writer.writerows([for_csv(value) for value in row] for row in section["rows"])
        writer.writerow([])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(programme, "csv")}"'
    return response


@login_required
def dashboard_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_programme_for_user(request, pk)
    workbook = Workbook()
    workbook.remove(workbook.active)
    for section in tables(programme_figures(programme)):
        sheet = workbook.create_sheet(title=str(section["title"])[:31])
        sheet.append([str(h) for h in section["headers"]])
        for row in section["rows"]:
            sheet.append([for_xlsx(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(programme, "xlsx")}"'
    return response
