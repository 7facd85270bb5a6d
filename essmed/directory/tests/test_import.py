import csv
import dataclasses
import io
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext
from hypothesis import assume, given
from hypothesis import strategies as st

from essmed.accounts.models import OrganisationKind
from essmed.directory.exports import spreadsheet_safe
from essmed.directory.importing import (
    STANDARD_COLUMNS,
    ActorRecord,
    ImportFileError,
    Lookups,
    canonical_column,
    detect_delimiter,
    import_actors,
    parse_row,
    row_values,
)
from essmed.directory.models import Actor, ActorStatus, DuplicateCandidate, GeoPrecision, Term
from essmed.directory.outlines import country_bounds
from essmed.directory.taxonomies import load_taxonomies, structure_table
from essmed.directory.text import terms
from essmed.territories.tests.factories import CommuneFactory, CountryFactory, DivisionFactory, RegionFactory


@pytest.fixture(autouse=True)
def _english():
    """These tests read the importer's messages in English, the source language."""
    with translation.override("en"):
        yield


COLUMNS = [
    "Identifier",
    "Name",
    "Name:ar",
    "Description:fr",
    "Organisational Structure",
    "Activities",
    "Street Address",
    "Locality",
    "Postcode",
    "Country",
    "Website",
    "Latitude",
    "Longitude",
]


def csv_bytes(rows, columns=COLUMNS, delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return buffer.getvalue().encode("utf-8")


def zaytoun(**changes):
    row = {
        "Identifier": "z-1",
        "Name": "Coopérative Zaytoun",
        "Name:ar": "تعاونية الزيتون",
        "Description:fr": "Huile d'olive des Beni Snassen.",
        "Organisational Structure": "Co-operative",
        "Activities": "ICA10; Production",
        "Street Address": "12 rue des Oliviers",
        "Locality": "Berkane",
        "Postcode": "63300",
        "Country": "MA",
        "Website": "zaytoun.example.org",
        "Latitude": "34.92",
        "Longitude": "-2.32",
    }
    return {**row, **changes}


def rows(count, **changes):
    return [
        zaytoun(Identifier=f"z-{n}", Name=f"Coopérative {n}", Website=f"https://c{n}.example.org", **changes)
        for n in range(1, count + 1)
    ]


def run(data, **options):
    options.setdefault("source", "test")
    reports = []
    summary = import_actors(io.BytesIO(data), on_row=reports.append, **options)
    return summary, reports


@pytest.fixture
def directory(db):
    """The countries the tests use and the taxonomies."""
    for code in ("MA", "FR", "IT", "ES", "GR", "TN"):
        CountryFactory(code=code)
    load_taxonomies()


# Stage 1: columns and rows, without the database.


def test_columns_are_read_in_any_case_with_osm_keys_and_language_tags():
    assert canonical_column("identifier") == "Identifier"
    assert canonical_column(" Organizational  Structure ") == "Organisational Structure"
    assert canonical_column("name:AR") == "Name:ar"
    assert canonical_column("description:fr") == "Description:fr"
    assert canonical_column("Mission:en") == "Mission:en"
    assert canonical_column("addr:city") == "Locality"
    assert canonical_column("contact:website") == "Website"
    assert canonical_column("description:de") is None
    assert canonical_column("Opening hours") is None


def test_the_delimiter_is_found_from_the_header():
    assert detect_delimiter(",".join(STANDARD_COLUMNS)) == ","
    assert detect_delimiter(";".join(STANDARD_COLUMNS)) == ";"
    assert detect_delimiter("Identifier\tName\tCountry") == "\t"
    assert detect_delimiter("Identifier") == ","


LOOKUPS = Lookups(
    countries={"ma": 1, "mar": 1, "maroc": 1, "morocco": 1, "fr": 2, "fra": 2, "france": 2},
    terms={
        "activity": {"ica10": 10, "agriculture": 10, "ica250": 11, "production": 11},
        "theme": {"t2": 20},
        "legal_form": {"l2": 30, "ma-coop-112-12": 31, "fr-asso-1901": 32},
    },
    legal_form_codes={30: "L2", 31: "MA-COOP-112-12", 32: "FR-ASSO-1901"},
    regions={(1, "oriental"): 5},
    communes={(1, "berkane"): (100, 50, 5)},
    structures=structure_table(),
)


def parse(**values):
    return parse_row(values, 2, LOOKUPS)


def test_a_valid_row_becomes_a_record_of_field_values():
    record = parse(**zaytoun(Themes="T2", **{"Legal Form": "MA-COOP-112-12"}))
    assert isinstance(record, ActorRecord)
    assert record.source_key == "z-1"
    assert record.values["name_fr"] == "Coopérative Zaytoun"
    assert record.values["name_ar"] == "تعاونية الزيتون"
    assert record.values["description_fr"] == "Huile d'olive des Beni Snassen."
    assert record.values["actor_type"] == OrganisationKind.COOPERATIVE
    assert record.values["country_id"] == 1
    assert record.values["legal_form_id"] == 31
    assert record.values["website"] == "https://zaytoun.example.org"
    assert (record.values["latitude"], record.values["longitude"]) == (34.92, -2.32)
    assert record.values["geo_precision"] == GeoPrecision.EXACT
    assert (record.values["commune_id"], record.values["division_id"], record.values["region_id"]) == (100, 50, 5)
    assert record.sectors == frozenset({10, 11})
    assert record.themes == frozenset({20})


def test_columns_absent_from_the_file_are_absent_from_the_record():
    record = parse(Identifier="x", Name="Coop", Country="MA")
    assert set(record.values) == {"name_fr", "country_id"}
    assert record.sectors is None and record.themes is None
    assert record.on_create == {"actor_type": OrganisationKind.COOPERATIVE}  # inferred from the name


def test_the_untagged_name_is_french_unless_a_french_column_is_given():
    assert parse(Identifier="x", Name="Zaytoun", Country="MA").values["name_fr"] == "Zaytoun"
    record = parse(Identifier="x", Name="Zaytoun", **{"Name:fr": "Zitoune", "Name:en": "Olive"}, Country="MA")
    assert (record.values["name_fr"], record.values["name_en"]) == ("Zitoune", "Olive")
    only_arabic = parse(Identifier="x", **{"Name:ar": "تعاونية"}, Country="MA")
    assert only_arabic.values["name_fr"] == "تعاونية"  # shown on French pages rather than nothing


@pytest.mark.parametrize(
    ("country", "expected"), [("MA", 1), ("mar", 1), ("Maroc", 1), ("Morocco", 1), ("FRA", 2), (" france ", 2)]
)
def test_the_country_is_an_iso_code_or_a_name(country, expected):
    assert parse(**zaytoun(Country=country)).values["country_id"] == expected


def test_every_problem_of_a_row_is_given_with_its_column():
    reasons = parse(**zaytoun(Identifier="", Name="", **{"Name:ar": ""}, Country="XX", Latitude="95"))
    assert reasons == [
        "Identifier: missing",
        "Name: missing",
        "Country: unknown country 'XX'",
        "Latitude: 95 is out of range (-90 to 90)",
    ]


@pytest.mark.parametrize(
    ("latitude", "longitude", "reason"),
    [
        ("abc", "2", "Latitude: 'abc' is not a number"),
        ("34", "-181", "Longitude: -181 is out of range (-180 to 180)"),
        ("34", "", "Longitude: missing while Latitude is given"),
        ("", "2", "Latitude: missing while Longitude is given"),
        ("0", "0", "Latitude: 0, 0 is not a place (coordinates missing?)"),
        ("nan", "2", "Latitude: nan is out of range (-90 to 90)"),
    ],
)
def test_bad_coordinates_are_refused(latitude, longitude, reason):
    assert parse(**zaytoun(Latitude=latitude, Longitude=longitude)) == [reason]


def test_the_precision_follows_the_address_given():
    assert parse(**zaytoun()).values["geo_precision"] == GeoPrecision.EXACT
    assert parse(**zaytoun(**{"Street Address": ""})).values["geo_precision"] == GeoPrecision.LOCALITY
    no_place = zaytoun(**{"Street Address": "", "Locality": "", "Postcode": ""})
    assert parse(**no_place).values["geo_precision"] == GeoPrecision.EXACT
    unlocated = parse(**zaytoun(Latitude="", Longitude=""))
    assert unlocated.values["latitude"] is None and unlocated.values["geo_precision"] == ""
    stated = parse(**zaytoun(**{"Geo Precision": "locality"}))
    assert stated.values["geo_precision"] == GeoPrecision.LOCALITY


def test_a_decimal_comma_is_read():
    assert parse(**zaytoun(Latitude="34,92", Longitude="-2,32")).values["latitude"] == 34.92


def test_unknown_types_activities_and_legal_forms_are_refused():
    reasons = parse(
        **zaytoun(**{"Organisational Structure": "Guild", "Activities": "ICA10;Mining", "Legal Form": "SARL"})
    )
    assert reasons == [
        "Legal Form: unknown legal form 'SARL'",
        "Organisational Structure: unknown organisational structure 'Guild'",
        "Activities: unknown term 'Mining'",
    ]


def test_the_type_is_inferred_from_the_legal_form_when_not_given():
    record = parse(**zaytoun(Name="Les Amis", **{"Organisational Structure": "", "Legal Form": "FR-ASSO-1901"}))
    assert "actor_type" not in record.values
    assert record.on_create == {"actor_type": OrganisationKind.ASSOCIATION}


def test_websites_emails_dates_and_languages_are_checked():
    record = parse(**zaytoun(Email="contact@zaytoun.example.org", Founded="2012", Languages="ar; fr AR"))
    assert record.values["public_email"] == "contact@zaytoun.example.org"
    assert record.values["founded"].isoformat() == "2012-01-01"
    assert record.values["languages"] == "ar, fr"
    reasons = parse(**zaytoun(Website="not a site", Email="nobody", Founded="12/05/2012", Languages="french!"))
    assert reasons == [
        "Website: 'not a site' is not a web address",
        "Email: 'nobody' is not an email address",
        "Founded: '12/05/2012' is not a date (YYYY or YYYY-MM-DD)",
        "Languages: 'french!' is not a language code",
    ]


def test_too_long_values_are_refused():
    assert parse(**zaytoun(Name="x" * 251)) == ["Name: longer than 250 characters"]
    assert parse(**zaytoun(Postcode="1" * 21)) == ["Postcode: longer than 20 characters"]


def test_reasons_are_translated():
    with translation.override("fr"):
        reasons = parse(**zaytoun(Country="XX"))
    with translation.override("fr"):
        expected = "Country: " + gettext("unknown country '%(value)s'") % {"value": "XX"}
    assert reasons == [expected]


ROW_VALUES = st.dictionaries(
    st.sampled_from(
        [*STANDARD_COLUMNS, "Name:ar", "Description:fr", "Mission:en", "Legal Form", "Themes", "Founded", "Languages"]
    ),
    st.one_of(
        st.text(max_size=40),
        st.sampled_from(["MA", "ICA10", "34.5", "-200", "nan", "1e400", "2012-02-30", "OS115", "https://x.org"]),
    ),
)


@given(ROW_VALUES)
def test_any_row_gives_a_record_or_reasons_and_never_raises(values):
    result = parse_row(values, 7, LOOKUPS)
    if isinstance(result, list):
        assert result and all(isinstance(reason, str) and ": " in reason for reason in result)
    else:
        assert result.source_key and result.values["country_id"] in (1, 2)
        latitude, longitude = result.values.get("latitude"), result.values.get("longitude")
        assert (latitude is None) == (longitude is None)
        assert latitude is None or (-90 <= latitude <= 90 and -180 <= longitude <= 180)


@given(st.floats(-90, 90), st.floats(-180, 180))
def test_any_coordinates_in_range_are_kept(latitude, longitude):
    result = parse(**zaytoun(Latitude=repr(latitude), Longitude=repr(longitude)))
    if latitude == 0 and longitude == 0:
        assert isinstance(result, list)
    else:
        assert (result.values["latitude"], result.values["longitude"]) == (latitude, longitude)


# Stage 2: importing files.


def test_a_csv_file_creates_then_updates_then_leaves_actors_unchanged(directory):
    summary, reports = run(csv_bytes(rows(3)))
    assert str(summary) == "created 3, updated 0, unchanged 0, rejected 0"
    assert [(report.line, report.identifier, report.status) for report in reports] == [
        (2, "z-1", "created"),
        (3, "z-2", "created"),
        (4, "z-3", "created"),
    ]
    changed = rows(4)
    changed[1]["Description:fr"] = "Huile d'olive et olives de table."
    summary, reports = run(csv_bytes(changed))
    assert str(summary) == "created 1, updated 1, unchanged 2, rejected 0"
    assert [report.status for report in reports] == ["unchanged", "updated", "unchanged", "created"]
    actor = Actor.objects.get(source="test", source_key="z-2")
    assert actor.description_fr == "Huile d'olive et olives de table."
    assert reports[1].actor_id == actor.pk
    assert Actor.objects.count() == 4


def test_importing_the_same_file_again_writes_nothing(directory):
    data = csv_bytes(rows(5))
    run(data)
    before = list(Actor.objects.order_by("pk").values_list("pk", "updated_at", "search_document"))
    with CaptureQueriesContext(connection) as queries:
        summary, _reports = run(data)
    assert str(summary) == "created 0, updated 0, unchanged 5, rejected 0"
    writes = [
        q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE")) and "directory_" in q["sql"]
    ]
    assert writes == []
    assert list(Actor.objects.order_by("pk").values_list("pk", "updated_at", "search_document")) == before


def test_the_same_identifier_in_another_source_is_another_actor(directory):
    run(csv_bytes(rows(2)), source="one")
    summary, _reports = run(csv_bytes(rows(2)), source="two")
    assert summary.created == 2
    assert Actor.objects.count() == 4


def test_language_columns_land_in_their_fields_and_keys_are_computed(directory):
    data = csv_bytes(
        [zaytoun(**{"Mission:en": "Fair prices for olive growers."})], columns=[*COLUMNS, "Mission:en", "Name:en"]
    )
    run(data)
    actor = Actor.objects.get()
    assert actor.name_fr == "Coopérative Zaytoun"
    assert actor.name_ar == "تعاونية الزيتون"
    assert actor.description_fr == "Huile d'olive des Beni Snassen."
    assert actor.mission_en == "Fair prices for olive growers."
    assert actor.name_key == "cooperative zaytoun"
    assert actor.website_key == "zaytoun.example.org"
    assert {*terms("Coopérative Zaytoun تعاونية الزيتون"), "olive"} <= set(actor.search_document.split())
    with translation.override("en"):
        assert Actor.objects.get().name == "Coopérative Zaytoun"  # English falls back to French


def test_imported_actors_are_drafts_unless_published_and_keep_their_status(directory):
    run(csv_bytes(rows(1)))
    assert Actor.objects.get().status == ActorStatus.DRAFT
    run(csv_bytes(rows(1, Postcode="63301")), publish=True)
    actor = Actor.objects.get()
    assert actor.postcode == "63301"
    assert actor.status == ActorStatus.DRAFT  # moderation is staff's, not the file's
    run(csv_bytes(rows(2)), source="other", publish=True)
    assert set(Actor.objects.filter(source="other").values_list("status", flat=True)) == {ActorStatus.PUBLISHED}


def test_fields_the_file_does_not_have_are_left_alone(directory):
    run(csv_bytes(rows(1)))
    Actor.objects.filter(source_key="z-1").update(mission_fr="Écrite par la coopérative.", acronym="CZ")
    summary, _reports = run(csv_bytes(rows(1, Postcode="63301")))
    assert summary.updated == 1
    actor = Actor.objects.get()
    assert (actor.mission_fr, actor.acronym, actor.postcode) == ("Écrite par la coopérative.", "CZ", "63301")


def test_activities_are_replaced_when_they_change(directory):
    run(csv_bytes(rows(1)))
    actor = Actor.objects.get()
    assert set(actor.sectors.values_list("code", flat=True)) == {"ICA10", "ICA250"}
    summary, _reports = run(csv_bytes(rows(1, Activities="Tourism")))
    assert summary.updated == 1
    assert set(actor.sectors.values_list("code", flat=True)) == {"ICA130"}
    assert Term.objects.get(code="ICA10").actors_in_sector.count() == 0


def test_bad_rows_are_listed_with_their_row_and_good_rows_imported(directory):
    data = csv_bytes([*rows(2), zaytoun(Identifier="z-9", Country="XX"), zaytoun(Identifier="z-10", Latitude="91")])
    summary, reports = run(data)
    assert str(summary) == "created 2, updated 0, unchanged 0, rejected 2"
    rejected = [(report.line, report.identifier, report.reasons) for report in reports if report.status == "rejected"]
    assert rejected == [
        (4, "z-9", ("Country: unknown country 'XX'",)),
        (5, "z-10", ("Latitude: 91 is out of range (-90 to 90)",)),
    ]
    assert Actor.objects.count() == 2


def test_strict_mode_writes_nothing_when_a_row_is_rejected(directory):
    data = csv_bytes([*rows(3), zaytoun(Identifier="z-9", Country="XX")])
    summary, reports = run(data, strict=True, batch_size=2)
    assert summary.rolled_back
    assert (summary.created, summary.rejected) == (0, 1)
    assert [(report.line, report.status) for report in reports] == [(5, "rejected")]
    assert not Actor.objects.exists()
    summary, reports = run(csv_bytes(rows(3)), strict=True)
    assert not summary.rolled_back and summary.created == 3


def test_a_repeated_identifier_is_refused_naming_the_first_row(directory):
    data = csv_bytes([*rows(3), zaytoun(Identifier="z-1", Name="Doublon"), zaytoun(Identifier="z-3")])
    summary, reports = run(data, batch_size=2)  # the repeats are found within a batch and across batches
    assert summary.created == 3 and summary.rejected == 2
    assert [(report.line, report.reasons) for report in reports if report.status == "rejected"] == [
        (5, ("Identifier: already on row 2",)),
        (6, ("Identifier: already on row 4",)),
    ]
    assert Actor.objects.get(source_key="z-1").name_fr == "Coopérative 1"


def test_a_latin1_file_is_refused_with_a_clear_error(directory):
    data = csv_bytes(rows(2)).decode("utf-8").encode("latin-1", errors="replace")
    with pytest.raises(ImportFileError, match=r"not UTF-8 text.*line 2.*Latin-1"):
        run(data)
    assert not Actor.objects.exists()


def test_a_wrong_byte_far_in_the_file_rolls_back_what_was_imported(directory):
    good = csv_bytes(rows(400))
    assert len(good) > 64 * 1024  # past the part checked before reading
    data = good + "z-999,Coopérative,,,,,,,,MA,,,\n".encode("latin-1")
    with pytest.raises(ImportFileError, match="line 402"):
        run(data, batch_size=50)
    assert not Actor.objects.exists()


def test_missing_required_columns_are_named(directory):
    data = csv_bytes(rows(1), columns=["Identifier", "Description:fr", "Locality"])
    with pytest.raises(ImportFileError, match="Required column\\(s\\) missing: Name, Country"):
        run(data)


def test_a_name_column_in_one_language_is_enough(directory):
    data = csv_bytes([{"Identifier": "a", "Name:ar": "تعاونية", "Country": "MA"}], ["Identifier", "Name:ar", "Country"])
    summary, _reports = run(data)
    assert summary.created == 1
    assert Actor.objects.get().name_ar == "تعاونية"


def test_a_semicolon_separated_file_with_extra_columns(directory):
    columns = [*COLUMNS, "Opening hours"]
    summary, _reports = run(csv_bytes(rows(2), columns=columns, delimiter=";"))
    assert summary.created == 2
    assert summary.ignored_columns == ["Opening hours"]


def test_a_row_with_too_many_fields_is_rejected(directory):
    data = csv_bytes(rows(1)) + b"z-2,Coop,,,,,,,,MA,,,,surplus\n"
    summary, reports = run(data)
    assert summary.rejected == 1
    assert reports[1].reasons == ("14 fields, the header has 13",)


def test_the_locality_links_the_commune_its_province_and_region(directory):
    oriental = RegionFactory(slug="oriental", name="Oriental", country=CountryFactory(code="MA"))
    berkane = CommuneFactory(name="Berkane", division=DivisionFactory(region=oriental, name="Berkane"))
    run(csv_bytes(rows(1)))
    actor = Actor.objects.get()
    assert (actor.commune, actor.division, actor.region) == (berkane, berkane.division, oriental)


def test_possible_duplicates_are_recorded_after_an_import(directory):
    run(csv_bytes([zaytoun(Identifier="a"), zaytoun(Identifier="b", Name="Autre nom")]))
    pair = DuplicateCandidate.objects.get()
    assert {pair.actor.source_key, pair.other.source_key} == {"a", "b"}


def test_a_geojson_feature_collection(directory):
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "_id": "e98fb9",
                    "name": "Outopia Organic Health Store",
                    "addr:country": "Cyprus",
                    "addr:city": "Nicosia",
                    "addr:street": "Areos",
                    "addr:housenumber": "48",
                    "contact:website": "https://collectivebahce.example.org/",
                    "description:fr": "Un café coopératif.",
                    "type_of_initiative": "food_cooperative",
                },
                "geometry": {"type": "Point", "coordinates": [33.366032, 35.169923]},
            },
            {
                "type": "Feature",
                "id": 7,
                "properties": {"Name": "Coop without place", "Country": "FR"},
                "geometry": None,
            },
            {"type": "Feature", "properties": {"name": "No identifier", "addr:country": "FR"}, "geometry": None},
        ],
    }
    CountryFactory(code="CY")
    summary, reports = run(json.dumps(collection).encode())
    no_place = ("geometry: none, imported without coordinates",)
    assert [report.reasons for report in reports] == [(), no_place, ("Identifier: missing",)]
    assert str(summary) == "created 2, updated 0, unchanged 0, rejected 1"
    assert reports[2].reasons == ("Identifier: missing",)
    assert summary.ignored_columns == ["type_of_initiative"]
    outopia = Actor.objects.get(source_key="e98fb9")
    assert (outopia.latitude, outopia.longitude) == (35.169923, 33.366032)
    assert (outopia.street_address, outopia.locality, outopia.country.code) == ("Areos 48", "Nicosia", "CY")
    assert outopia.description_fr == "Un café coopératif."
    assert outopia.geo_precision == GeoPrecision.EXACT
    assert Actor.objects.get(source_key="7").latitude is None
    summary, _reports = run(json.dumps(collection).encode())
    assert summary.unchanged == 2


def test_a_file_that_is_neither_csv_nor_geojson(directory):
    with pytest.raises(ImportFileError, match="Not a GeoJSON FeatureCollection"):
        run(b'{"type": "Feature"}')
    with pytest.raises(ImportFileError, match="Not a valid JSON file"):
        run(b"{not json")
    with pytest.raises(ImportFileError, match="The file is empty"):
        run(b"")


# The command.


def call(*args, **options):
    out, err = StringIO(), StringIO()
    call_command("import_actors", *map(str, args), stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def test_the_command_lists_rejected_rows_and_prints_the_summary(directory, tmp_path):
    path = tmp_path / "actors.csv"
    path.write_bytes(csv_bytes([*rows(2), zaytoun(Identifier="z-9", Country="XX")]))
    out, err = call(path, "--source", "test")
    assert "row 4 (z-9): rejected — Country: unknown country 'XX'" in out
    assert "row 2 (z-1)" not in out
    assert out.strip().endswith("created 2, updated 0, unchanged 0, rejected 1")
    assert "importing [" in err and "100%" in err and "3 rows" in err
    out, _err = call(path, "--source", "test", verbosity=2)
    assert "row 2 (z-1): unchanged" in out


def test_the_command_writes_a_report_of_every_row(directory, tmp_path):
    path, report = tmp_path / "actors.csv", tmp_path / "report.csv"
    path.write_bytes(csv_bytes([*rows(1), zaytoun(Identifier="z-9", Latitude="x")]))
    call(path, "--source", "test", "--report", report, "--publish")
    with report.open(encoding="utf-8") as handle:
        lines = list(csv.DictReader(handle))
    assert [(line["line"], line["identifier"], line["status"]) for line in lines] == [
        ("2", "z-1", "created"),
        ("3", "z-9", "rejected"),
    ]
    assert lines[1]["reasons"] == "Latitude: 'x' is not a number"
    assert lines[0]["actor_id"] == str(Actor.objects.get().pk)
    assert Actor.objects.get().status == ActorStatus.PUBLISHED


def test_the_command_fails_in_strict_mode_and_writes_nothing(directory, tmp_path):
    path = tmp_path / "actors.csv"
    path.write_bytes(csv_bytes([*rows(2), zaytoun(Identifier="z-9", Country="XX")]))
    out = StringIO()
    with pytest.raises(CommandError, match="Strict mode: 1 row rejected, nothing was written"):
        call_command("import_actors", str(path), "--source", "test", "--strict", stdout=out, stderr=StringIO())
    assert "row 4 (z-9): rejected" in out.getvalue()
    assert not Actor.objects.exists()


def test_the_command_speaks_the_active_language(directory, tmp_path):
    path = tmp_path / "actors.csv"
    path.write_bytes(csv_bytes([*rows(2), zaytoun(Identifier="z-9", Country="XX")]))
    with translation.override("fr"):
        out, err = call(path, "--source", "test")
        assert out.strip().endswith("créés 2, mis à jour 0, inchangés 0, rejetés 1")
        assert "ligne 4 (z-9)" in out and "pays inconnu" in out
        assert "import [" in err and "3 lignes" in err
        with pytest.raises(CommandError, match="Mode strict : 1 ligne rejetée, rien n’a été écrit"):
            call(path, "--source", "other", "--strict")
        with pytest.raises(CommandError, match=r"missing\.csv : fichier introuvable"):
            call(tmp_path / "missing.csv", "--source", "test")
    with translation.override("ar"):
        out, _err = call(path, "--source", "test")
        assert out.strip().endswith("أُنشئ 0، حُدِّث 0، دون تغيير 2، رُفض 1")


def test_the_command_refuses_a_file_in_the_wrong_encoding(directory, tmp_path):
    path = tmp_path / "actors.csv"
    path.write_bytes(csv_bytes(rows(1)).decode().encode("cp1252", errors="replace"))
    with pytest.raises(CommandError, match=r"actors\.csv: The file is not UTF-8 text"):
        call(path, "--source", "test")
    with pytest.raises(CommandError, match="file not found"):
        call(tmp_path / "missing.csv", "--source", "test")
    assert not Actor.objects.exists()


def test_geojson_broken_half_way_changes_nothing_and_names_its_line(directory):
    good = {"type": "Feature", "properties": {"Identifier": "1", "Name": "Atlas", "Country": "MA"}, "geometry": None}
    text = '{"type": "FeatureCollection", "features": [\n' + json.dumps(good) + ",\n" + '{"type": "Feature", oops}\n]}'
    with pytest.raises(ImportFileError, match=r"Not a valid JSON file \(line 3, column 21\)"):
        run(text.encode())
    assert not Actor.objects.exists()


def test_geojson_whose_type_comes_after_its_features_is_read(directory):
    feature = {"type": "Feature", "properties": {"Identifier": "1", "Name": "Atlas", "Country": "MA"}, "geometry": None}
    summary, _reports = run(json.dumps({"features": [feature], "type": "FeatureCollection"}).encode())
    assert summary.created == 1
    with pytest.raises(ImportFileError, match="Not a GeoJSON FeatureCollection"):
        run(json.dumps({"features": [feature], "type": "Topology"}).encode())
    assert Actor.objects.count() == 1


# What the audit found.


def command_error(path, *args):
    with pytest.raises(CommandError) as error:
        call(path, "--source", "test", *args)
    return str(error.value)


def test_a_geojson_nested_too_deep_is_refused_with_its_line(directory, tmp_path):
    path = tmp_path / "deep.geojson"
    path.write_text('{"type": "FeatureCollection",\n"features": ' + "[" * 100_000 + "]" * 100_000 + "}")
    message = command_error(path)
    assert "Not a valid GeoJSON file (line 2): its arrays or objects are nested too deeply." in message
    assert not Actor.objects.exists()


def test_a_geojson_number_with_thousands_of_digits_is_refused_with_its_line(directory, tmp_path):
    feature = '{"type": "Feature", "properties": {"Identifier": "1", "Name": "Atlas", "Country": "MA"}, '
    geometry = '"geometry": {"type": "Point", "coordinates": [' + "1" * 5000 + ", 2]}}"
    path = tmp_path / "digits.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [\n' + feature + "\n" + geometry + "]}")
    message = command_error(path)
    assert "Not a valid GeoJSON file (line 2): a number has too many digits." in message
    assert not Actor.objects.exists()


@pytest.mark.django_db
def test_an_export_with_cells_a_spreadsheet_would_run_imports_again_unchanged(directory, client):
    formulas = [
        zaytoun(Identifier="-R1", Name="=1+2", **{"Description:fr": "@home\nsecond line"}),
        zaytoun(Identifier="+R2", Name="-Les Amis", **{"Description:fr": "\tindented"}),
        zaytoun(Identifier="'t-3", Name="'t Hart"),  # an apostrophe of the data, not of the export
    ]
    first, _reports = run(csv_bytes(formulas), source="round", publish=True)
    assert first.created == 3
    response = client.get("/fr/actors/export.csv")
    body = b"".join(response.streaming_content)
    assert b"'-R1,'=1+2" in body and b"'@home" in body  # the export guards them
    summary, reports = run(body, source="round", publish=True)
    assert (summary.created, summary.updated, summary.unchanged, summary.rejected) == (0, 0, 3, 0), reports
    assert Actor.objects.get(source_key="-R1").name == "=1+2"
    assert Actor.objects.get(source_key="'t-3").name == "'t Hart"


def test_only_the_apostrophe_the_export_adds_is_taken_off():
    columns = ["Identifier", "Name", "Phone", "Description"]
    values = row_values(columns, ["'=x", "'t Hart", "'+212 5 36", "''=1"])
    assert values == {"Identifier": "=x", "Name": "'t Hart", "Phone": "'+212 5 36", "Description": "'=1"}
    assert row_values(columns, ["a", "b", "c", "'\rnote"])["Description"] == "\rnote"


@given(st.text(alphabet=st.sampled_from("'=+-@\t\r 0123456789.()/ax"), min_size=1, max_size=8))
def test_any_exported_cell_imports_back_as_it_was(value):
    assume(value.strip())
    assert row_values(["Name"], [spreadsheet_safe(value)]) == {"Name": value}


def test_a_nul_character_rejects_its_row_naming_the_column(directory):
    data = csv_bytes([zaytoun(Identifier="n\x00ul", Name="Bad\x00name"), zaytoun(Identifier="ok")])
    summary, reports = run(data)
    assert (summary.created, summary.rejected) == (1, 1)
    assert reports[0].identifier == "n\ufffdul"
    assert reports[0].reasons == (
        "Identifier, Name: a NUL character (\\0), which cannot be stored: the file may be damaged",
    )
    feature = {"type": "Feature", "properties": {"Identifier": "g", "Name": "A\x00", "Country": "MA"}}
    summary, reports = run(json.dumps({"type": "FeatureCollection", "features": [feature]}).encode())
    assert summary.rejected == 1 and reports[0].reasons[0].startswith("Name: a NUL character")
    assert list(Actor.objects.values_list("source_key", flat=True)) == ["ok"]


@pytest.mark.parametrize(
    ("website", "reason"),
    [
        ("contact@asso.ma", "'contact@asso.ma' is an email address, not a web address"),
        ("mailto:contact@asso.ma", "'mailto:contact@asso.ma' is an email address, not a web address"),
        ("https://user:pass@evil.com", "'https://user:pass@evil.com' has a user name or password"),
        ("http://localhost", "'http://localhost' is not a public web address (a local name or an IP address)"),
        ("http://127.0.0.1:8000/admin", "'http://127.0.0.1:8000/admin' is not a public web address"),
        ("http://[::1]/", "'http://[::1]/' is not a public web address"),
        ("ftp://files.example.org", "'ftp://files.example.org' is not a web address"),
    ],
)
def test_websites_that_are_not_public_web_addresses_are_refused(website, reason):
    reasons = parse(**zaytoun(Website=website))
    assert len(reasons) == 1 and reasons[0].startswith(f"Website: {reason}")


@pytest.mark.parametrize(
    "website", ["example.org/@amina", "https://xn--mgbh0fb.example/", "https://Example.ORG:8443/a?b=c", "www.asso.ma"]
)
def test_public_web_addresses_are_kept(website):
    assert isinstance(parse(**zaytoun(Website=website)), ActorRecord)


def test_the_scheme_and_host_of_a_website_are_kept_in_lower_case():
    record = parse(**zaytoun(Website="HTTP://Zaytoun.EXAMPLE.org/Huile?Lang=AR"))
    assert isinstance(record, ActorRecord)
    assert record.values["website"] == "http://zaytoun.example.org/Huile?Lang=AR"


def test_latitude_and_longitude_swapped_are_refused_when_only_the_swap_is_in_the_country():
    lookups = dataclasses.replace(LOOKUPS, bounds={1: country_bounds()["504"]})  # Morocco
    assert parse_row(zaytoun(Latitude="-1.90", Longitude="34.68"), 2, lookups) == [
        "Latitude: -1.9, 34.68 is outside the country, 34.68, -1.9 inside it: are latitude and longitude swapped?"
    ]
    assert isinstance(parse_row(zaytoun(Latitude="34.68", Longitude="-1.90"), 2, lookups), ActorRecord)
    # Outside the country either way (a head office abroad, a typo): not a swap, kept as given.
    assert isinstance(parse_row(zaytoun(Latitude="48.85", Longitude="2.35"), 2, lookups), ActorRecord)


def test_the_lookups_know_the_outline_of_each_country(db):
    morocco = CountryFactory(code="MA", numeric="504")
    assert Lookups.from_database().bounds[morocco.pk] == country_bounds()["504"]


def test_an_unknown_region_is_left_out_with_a_note_naming_it_and_the_actor_is_kept():
    record = parse(**zaytoun(Region="Mordor", Locality="Ailleurs"))
    assert isinstance(record, ActorRecord)
    assert record.values["region_id"] is None
    assert record.notes == ("Region: unknown region 'Mordor' in the country 'MA': left out",)
    from_town = parse(**zaytoun(Region="Occitanie", Country="Maroc"))  # the town's region is known
    assert from_town.values["region_id"] == 5
    assert from_town.notes == ("Region: unknown region 'Occitanie' in the country 'Maroc': left out",)
    assert parse(**zaytoun(Region="Oriental")).notes == ()
    assert parse(**zaytoun(Region=" ")).values["region_id"] == 5  # from the commune


def test_the_command_lists_the_rows_imported_with_a_note(directory, tmp_path):
    path = tmp_path / "actors.csv"
    path.write_bytes(csv_bytes([zaytoun(Region="Mordor")], columns=[*COLUMNS, "Region"]))
    out = StringIO()
    call_command("import_actors", str(path), source="t", stdout=out)
    assert "unknown region 'Mordor'" in out.getvalue()
    assert Actor.objects.count() == 1


def test_numbers_with_underscores_and_dates_followed_by_anything_are_refused():
    assert parse(**zaytoun(Latitude="1_0")) == ["Latitude: '1_0' is not a number"]
    assert parse(**zaytoun(Founded="2001-01-01Tgarbage")) == [
        "Founded: '2001-01-01Tgarbage' is not a date (YYYY or YYYY-MM-DD)"
    ]
    assert parse(**zaytoun(Founded="2001-01-01T10:00:00Z")).values["founded"].isoformat() == "2001-01-01"


def test_file_errors_are_in_the_users_language_without_pythons_words(directory, tmp_path):
    path = tmp_path / "bad.geojson"
    path.write_bytes(b'{"type": "FeatureCollection", "features": [nope]}')
    with translation.override("fr"):
        message = command_error(path)
    assert "Fichier JSON non valide (ligne 1, colonne 44)" in message
    assert "Expecting" not in message
    path = tmp_path / "mac.csv"
    path.write_bytes(b"Identifier,Name,Country\rU1,Atlas,MA\rU2,Rif,MA\r")
    message = command_error(path)
    assert "its lines end with a carriage return alone" in message and "universal-newline" not in message


def test_a_cell_over_the_csv_modules_limit_is_checked_with_its_row(directory):
    data = csv_bytes(
        [zaytoun(Identifier="long-name", Name="x" * 140_000), zaytoun(**{"Description:fr": "d" * 140_000})]
    )
    summary, reports = run(data)
    assert reports[0].reasons == ("Name: longer than 250 characters",)
    assert (summary.created, summary.rejected) == (1, 1)
    assert len(Actor.objects.get().description_fr) == 140_000


def test_an_unterminated_quote_refuses_the_file_naming_its_line(directory, tmp_path):
    path = tmp_path / "quote.csv"
    path.write_bytes(b'Identifier,Name,Country\nU0,fine,MA\nU1,"open quote,MA\nU2,ok,MA\n')
    message = command_error(path)
    assert "the quote opened on line 3 is never closed" in message
    assert not Actor.objects.exists()
    path.write_bytes(b'Identifier,Name,Country\nU0,"two\nlines",MA\nU1,ok,"MA')
    assert "the quote opened on line 4 is never closed" in command_error(path)
    path.write_bytes(b'Identifier,Name,Country\nU0,"two\nlines",MA\nU1,ok,MA')
    call(path, "--source", "test")
    assert Actor.objects.get(source_key="U0").name == "two lines"


GEOJSON_FEATURE = b'{"type": "Feature", "properties": {"Identifier": "1", "Name": "Atlas", "Country": "MA"}}'


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\nIdentifier,Name,Country\nU1,Atlas,MA\n", "The first line of the file is blank"),
        (b"  \nIdentifier,Name,Country\nU1,Atlas,MA\n", "The first line of the file is blank"),
        ("Identifier,Name,Country\n".encode("utf-16-le"), "The file is in UTF-16"),
        ("Identifier,Name,Country\n".encode("utf-16-be"), "The file is in UTF-16"),
        ("Identifier,Name,Country\n".encode("utf-16"), "The file is in UTF-16"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xff\xfe", "The file is a spreadsheet"),
        (GEOJSON_FEATURE, "this file is a GeoJSON Feature. Only a FeatureCollection"),
        (b'{"type": "Topology", "objects": {}}', "this file is a GeoJSON Topology"),
        (b'{"name": "actors"}', 'type FeatureCollection with a "features" list'),
    ],
)
def test_the_reason_a_file_cannot_be_read_is_named(directory, data, message):
    with pytest.raises(ImportFileError) as error:
        run(data)
    assert message in str(error.value)
    assert "Latin-1" not in str(error.value) and "must not start" not in str(error.value)


def test_the_command_refuses_a_report_it_cannot_write_before_importing(directory, tmp_path):
    path = tmp_path / "actors.csv"
    path.write_bytes(csv_bytes(rows(1)))
    message = command_error(path, "--report", tmp_path / "nowhere" / "r.csv")
    assert "r.csv: the report cannot be written there" in message
    assert not Actor.objects.exists()


def test_strict_mode_shows_the_rows_checked(directory, tmp_path):
    path = tmp_path / "actors.csv"
    path.write_bytes(csv_bytes(rows(3)))
    _out, err = call(path, "--source", "test", "--strict")
    assert "checking [" in err
    checking = err.split("checking [")[-1].split("\r")[0]
    assert "3 rows" in checking


def test_geojson_values_that_are_not_texts_or_numbers_reject_the_feature(directory):
    features = [
        {"type": "Feature", "properties": {"Identifier": "1", "Name": {"fr": "obj"}, "Country": "MA"}},
        {"type": "Feature", "id": True, "properties": {"Name": "Atlas", "Country": "MA"}},
        {"type": "Feature", "properties": {"Identifier": 3, "Name": "Rif", "Country": "MA", "Postcode": 63300}},
    ]
    summary, reports = run(json.dumps({"type": "FeatureCollection", "features": features}).encode())
    expected = ": a text or a number is expected, not a list, an object, true or false"
    assert [report.reasons[:1] for report in reports[:2]] == [("Name" + expected,), ("id" + expected,)]
    assert summary.created == 1
    assert Actor.objects.get().postcode == "63300"


def test_a_feature_without_a_point_is_imported_without_coordinates_with_a_note(directory, tmp_path):
    polygon = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}
    features = [
        {"type": "Feature", "properties": {"Identifier": "p", "Name": "Atlas", "Country": "MA"}, "geometry": polygon},
        {"type": "Feature", "properties": {"Identifier": "q", "Name": "Rif", "Country": "MA", "lat": 34, "lon": -2}},
    ]
    path = tmp_path / "polygon.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    out, _err = call(path, "--source", "test", verbosity=2)
    assert "row 1 (p): created — geometry: a Polygon, not a Point, imported without coordinates" in out
    assert "row 2 (q): created\n" in out
    assert Actor.objects.get(source_key="p").latitude is None
    assert Actor.objects.get(source_key="q").latitude == 34
