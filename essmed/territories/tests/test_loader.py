from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import translation
from hypothesis import example, given
from hypothesis import strategies as st

from essmed.territories.loader import DATA_DIR, Row, TerritoryDataError, load_territories
from essmed.territories.models import CimMembership, Commune, Country, Division, Region, Shore


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def table_sizes() -> tuple[int, int, int, int]:
    return Country.objects.count(), Region.objects.count(), Division.objects.count(), Commune.objects.count()


@pytest.mark.django_db
def test_loading_creates_every_iso_country_with_its_names_in_three_languages(territories):
    assert territories["countries"].created == Country.objects.count() == 249
    france, morocco = Country.objects.get(code="FR"), Country.objects.get(code="MA")
    assert (france.name_fr, france.name_ar, france.name_en, france.alpha3) == ("France", "فرنسا", "France", "FRA")
    assert (morocco.name_fr, morocco.name_ar, morocco.name_en, morocco.numeric) == ("Maroc", "المغرب", "Morocco", "504")


@pytest.mark.django_db
def test_countries_get_the_shore_of_the_project_convention(territories):
    north = {"ES", "FR", "IT", "MT", "GR", "CY", "HR", "SI", "AL", "ME", "BA", "PT", "MC"}
    south = {"MA", "DZ", "TN", "LY", "EG", "PS", "IL", "JO", "LB", "SY", "TR", "MR"}
    assert set(Country.objects.on_shore(Shore.NORTH).values_list("code", flat=True)) == north
    assert set(Country.objects.on_shore(Shore.SOUTH).values_list("code", flat=True)) == south
    assert Country.objects.mediterranean().count() == 25


@pytest.mark.django_db
def test_the_oriental_has_one_prefecture_seven_provinces_and_124_communes(territories):
    oriental = Region.objects.get(slug="oriental")
    assert oriental.divisions.count() == 8
    assert sorted(oriental.divisions.values_list("kind", flat=True)) == ["prefecture"] + ["province"] * 7
    assert oriental.divisions.get(kind="prefecture").name_fr == "Oujda-Angad"
    communes = Commune.objects.filter(division__region=oriental)
    assert communes.count() == 124
    assert communes.filter(kind="urban").count() == 28
    assert communes.filter(kind="rural").count() == 96
    assert (oriental.capital_fr, oriental.capital_ar, oriental.code) == ("Oujda", "وجدة", "REGION_09")


@pytest.mark.django_db
def test_occitanie_has_its_13_departments(territories):
    occitanie = Region.objects.get(slug="occitanie")
    departments = occitanie.divisions.all()
    assert departments.count() == 13
    assert set(departments.values_list("kind", flat=True)) == {"department"}
    assert departments.get(code="09").name_fr == "Ariège"
    assert departments.get(code="31").name_fr == "Haute-Garonne"
    assert (occitanie.code, occitanie.capital_fr, occitanie.country.code) == ("76", "Toulouse", "FR")


@pytest.mark.django_db
def test_19_regions_are_attested_cim_members_and_the_oriental_is_unverified(territories):
    assert Region.objects.cim_attested().count() == 19
    assert list(Region.objects.filter(cim_membership=CimMembership.UNVERIFIED).values_list("slug", flat=True)) == [
        "oriental"
    ]
    oriental = Region.objects.get(slug="oriental")
    assert oriental.cim_source_url == ""
    assert oriental.cim_evidence_en.startswith("NOT confirmed")
    rabat = Region.objects.get(slug="rabat-sale-kenitra")
    assert rabat.is_cim_member
    assert rabat.cim_source_url.startswith("https://cpmr.org/")
    assert rabat.cim_evidence_date == "2015"
    assert rabat.cim_confidence == "medium (host)"
    assert "cim_members_attested.csv" in rabat.source


@pytest.mark.django_db
def test_an_undated_evidence_has_no_date_and_its_page_says_so_in_the_reader_s_language(territories, client):
    murcia = Region.objects.get(slug="murcia")
    assert murcia.cim_evidence_date == ""
    assert "undated" not in client.get("/ar/territories/").content.decode()


@pytest.mark.django_db
def test_a_region_with_two_sources_links_the_first_and_keeps_the_second_in_the_evidence(territories):
    calabria = Region.objects.get(slug="calabria")
    assert (
        calabria.cim_source_url
        == "https://earthpressnews.com/intermediterranean-commission-roberto-occhiuto-is-the-new-president/"
    )
    assert "(other source: https://www.odnako.org/" in calabria.cim_evidence_en


@pytest.mark.django_db
def test_morocco_has_its_12_regions_and_only_the_listed_ones_are_cim_regions(territories):
    moroccan = Region.objects.filter(country__code="MA")
    assert moroccan.count() == 12
    assert set(moroccan.cim_listed().values_list("slug", flat=True)) == {"oriental", "rabat-sale-kenitra"}
    assert Region.objects.count() == 30
    assert set(moroccan.values_list("shore", flat=True)) == {"south"}


@pytest.mark.django_db
def test_a_known_commune_has_its_arabic_name(territories):
    oujda = Commune.objects.get(code="COM_0551")
    assert (oujda.name_fr, oujda.name_ar, oujda.kind) == ("Oujda", "وجدة", "urban")
    assert oujda.division.name_ar == "وجدة أنجاد"
    with translation.override("ar"):
        assert Commune.objects.get(code="COM_0028").name == "احفير"


@pytest.mark.django_db
def test_loading_twice_creates_nothing_new(territories):
    sizes = table_sizes()
    second = load_territories()
    assert table_sizes() == sizes
    for name, counts in second.items():
        assert (counts.created, counts.updated) == (0, 0), name
    assert second["communes"].unchanged == 124


@pytest.mark.django_db
def test_loading_again_restores_a_record_changed_by_hand(territories):
    Country.objects.filter(code="FR").update(name_fr="Gaule")
    Region.objects.filter(slug="oriental").update(cim_membership=CimMembership.ATTESTED)
    summary = load_territories()
    assert summary["countries"].updated == 1
    assert summary["regions"].updated == 1
    assert Country.objects.get(code="FR").name_fr == "France"
    assert Region.objects.get(slug="oriental").cim_membership == CimMembership.UNVERIFIED


@pytest.mark.django_db
def test_the_untranslated_column_holds_the_default_language_whatever_language_is_active(db):
    with translation.override("ar"):
        load_territories()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM territories_country WHERE code = 'MA'")
        assert cursor.fetchone() == ("Maroc",)


@pytest.mark.django_db
def test_a_malformed_file_names_the_file_and_line_and_changes_nothing(territories, data_copy):
    sizes = table_sizes()
    edit(data_copy / "countries.csv", "FR,FRA,250,France,", "FR,FRA,250,Gaule,")
    edit(data_copy / "oriental_communes.csv", "COM_0013,DIV_040,Nador,rural,", "COM_0013,DIV_040,Nador,metropolitan,")
    with pytest.raises(CommandError) as raised:
        load_territories(data_copy)
    message = str(raised.value)
    assert "oriental_communes.csv, line 3" in message
    assert "'metropolitan'" in message
    assert table_sizes() == sizes
    assert Country.objects.get(code="FR").name_fr == "France"


@pytest.mark.django_db
def test_a_malformed_file_on_an_empty_database_creates_nothing(data_copy):
    edit(data_copy / "countries.csv", "MA,MAR,504,", "MA,MAR,5O4,")
    with pytest.raises(TerritoryDataError, match=r"countries\.csv, line \d+: column 'numeric' is '5O4'"):
        load_territories(data_copy)
    assert table_sizes() == (0, 0, 0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("regions.csv", "oriental,MA,", "oriental,XX,", "regions.csv, line 21: country 'XX' is not in countries.csv"),
        ("regions.csv", ",Oriental\n", ",Orient\n", "cim_row 'Orient' is not a region"),
        ("cim_members_attested.csv", "Gozo,Malta,", "Gozo,Malta", "cim_members_attested.csv, line 18: expected 6"),
        ("occitanie_departments.csv", "31,Haute-Garonne,", "31,,", "column 'name_fr' is empty"),
        ("oriental_communes.csv", "COM_0028,DIV_006,", "COM_0028,DIV_999,", "division_id 'DIV_999' is not in"),
        ("oriental_provinces_prefectures.csv", "Berkane,17,6,11", "Berkane,18,6,12", "announces 18 communes"),
        ("countries.csv", "FR,FRA,250,France,فرنسا,France,north", "FR,FRA,250,France,فرنسا,France,west", "'west'"),
    ],
)
def test_each_kind_of_mistake_is_reported_with_its_file(data_copy, file, old, new, expected):
    edit(data_copy / file, old, new)
    with pytest.raises(CommandError, match=expected.replace("(", r"\(").replace(".", r"\.")):
        load_territories(data_copy)


@pytest.mark.django_db
def test_a_missing_file_is_reported(data_copy):
    (data_copy / "occitanie_departments.csv").unlink()
    with pytest.raises(CommandError, match=r"occitanie_departments\.csv: file not found"):
        load_territories(data_copy)


@pytest.mark.django_db
def test_the_command_prints_a_summary_per_model():
    out = StringIO()
    call_command("load_territories", stdout=out)
    assert out.getvalue().splitlines() == [
        "countries: 249 created, 0 updated, 0 unchanged",
        "regions: 30 created, 0 updated, 0 unchanged",
        "divisions: 21 created, 0 updated, 0 unchanged",
        "communes: 124 created, 0 updated, 0 unchanged",
    ]
    out = StringIO()
    call_command("load_territories", stdout=out)
    assert out.getvalue().splitlines()[0] == "countries: 0 created, 0 updated, 249 unchanged"


@pytest.mark.django_db
def test_the_command_reads_another_data_folder_and_fails_cleanly(data_copy):
    edit(data_copy / "regions.csv", "occitanie,FR,76,", "Occitanie Région,FR,76,")
    with pytest.raises(CommandError, match="is not a valid identifier"):
        call_command("load_territories", data_dir=data_copy, stdout=StringIO())


def test_the_moroccan_region_names_are_those_of_regions_json():
    import csv

    upstream = json.loads((DATA_DIR / "regions.json").read_text(encoding="utf-8"))["regions"]
    with (DATA_DIR / "regions.csv").open(encoding="utf-8") as handle:
        ours = {row["code"]: row for row in csv.DictReader(handle) if row["country"] == "MA"}
    assert sorted(ours) == sorted(region["id"] for region in upstream)
    for region in upstream:
        row = ours[region["id"]]
        assert (row["name_fr"], row["name_en"], row["name_ar"]) == (
            region["name"]["fr"],
            region["name"]["en"],
            region["name"]["ar"],
        )


def test_every_data_file_is_documented_in_the_readme():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for path in DATA_DIR.iterdir():
        if path.name != "README.md":
            assert f"`{path.name}`" in readme, path.name


ASCII_DIGITS = "0123456789"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "count",
    [
        "1\u0667",  # 1 and ARABIC-INDIC DIGIT SEVEN: int() would read 17
        "\u06f1\u06f7",  # EXTENDED ARABIC-INDIC (Persian) 17
        "17\u00b2",  # SUPERSCRIPT TWO: str.isdigit() takes it, int() refuses it
        "\U0001d7cf\U0001d7d5",  # MATHEMATICAL BOLD 17
        "+17",
        "-17",
        "17.0",
        "1_7",
    ],
)
def test_a_count_not_written_in_ascii_digits_is_reported_with_its_file_line_and_column(data_copy, count):
    edit(data_copy / "oriental_provinces_prefectures.csv", "Berkane,17,6,11", f"Berkane,{count},6,11")
    with pytest.raises(TerritoryDataError) as raised:
        load_territories(data_copy)
    assert str(raised.value) == (
        f"{data_copy / 'oriental_provinces_prefectures.csv'}, line 2: column 'n_communes' is {count!r}, "
        "expected a whole number written with the digits 0-9"
    )
    assert table_sizes() == (0, 0, 0, 0)


@given(st.text(alphabet=ASCII_DIGITS, min_size=1, max_size=30))
def test_a_count_in_ascii_digits_is_read_as_its_decimal_value(value):
    row = Row(Path("counts.csv"), 4, {"n": value})
    expected = 0
    for digit in value:
        expected = expected * 10 + ASCII_DIGITS.index(digit)
    assert row.integer("n") == expected


@given(st.text(max_size=30).filter(lambda value: not value or not set(value) <= set(ASCII_DIGITS)))
@example("\u00b2")
@example("\u0663")
@example("")
@example(" 3")
def test_any_other_count_is_a_data_error_naming_the_row_and_column_never_a_crash(value):
    row = Row(Path("counts.csv"), 4, {"n": value})
    with pytest.raises(TerritoryDataError) as raised:
        row.integer("n")
    assert str(raised.value) == (
        f"counts.csv, line 4: column 'n' is {value!r}, expected a whole number written with the digits 0-9"
    )
    assert (raised.value.path, raised.value.line) == (Path("counts.csv"), 4)
