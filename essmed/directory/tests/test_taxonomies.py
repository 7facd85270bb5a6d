from io import StringIO

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from essmed.accounts.models import OrganisationKind
from essmed.core.text import fold_for_search
from essmed.directory.models import Term, Vocabulary
from essmed.directory.taxonomies import (
    COLUMNS,
    TAXONOMY_FILE,
    TaxonomyDataError,
    infer_actor_type,
    load_taxonomies,
    read_taxonomies,
    structure_table,
)
from essmed.territories.tests.factories import CountryFactory

NATIONAL_FORM_COUNTRIES = ("FR", "MA", "IT", "ES", "GR", "TN")


@pytest.fixture
def countries(db):
    return {code: CountryFactory(code=code) for code in NATIONAL_FORM_COUNTRIES}


def write_file(tmp_path, rows, columns=COLUMNS):
    path = tmp_path / "taxonomies.csv"
    lines = [",".join(columns), *(",".join(row) for row in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# The shipped file, read without the database.


def test_the_file_has_every_essglobal_concept_with_a_label_in_each_language():
    rows = read_taxonomies()
    codes = {(row.vocabulary, row.code) for row in rows}
    assert {("legal_form", f"L{n}") for n in range(1, 6)} <= codes
    assert {("activity", f"ICA{n}") for n in range(10, 300, 10)} <= codes
    assert {("theme", f"T{n}") for n in range(1, 20)} <= codes
    for row in rows:
        assert all(row.labels[label] for label in ("label_fr", "label_ar", "label_en")), row.code
    essglobal = [row for row in rows if not row.broader_code]
    assert all(row.uri.startswith("http://purl.org/essglobal/standard/") for row in essglobal)


def test_national_legal_forms_sit_under_an_essglobal_legal_form_of_their_country():
    rows = {row.code: row for row in read_taxonomies()}
    expected = {"FR-SCOP": ("L2", "FR"), "FR-ASSO-1901": ("L4", "FR"), "MA-COOP-112-12": ("L2", "MA")}
    for code, (broader, country) in expected.items():
        assert (rows[code].broader_code, rows[code].country) == (broader, country)
    for code in ("FR-SCIC", "FR-MUTUELLE", "FR-FONDATION", "MA-ASSO", "IT-COOP-SOCIALE", "ES-COOP", "ES-SLL"):
        assert rows[code].broader_code in {"L1", "L2", "L3", "L4", "L5"}
    assert rows["GR-KOINSEP"].country == "GR"


def test_arabic_labels_are_in_arabic_script():
    for row in read_taxonomies():
        assert any("\u0600" <= char <= "\u06ff" for char in row.labels["label_ar"]), row.code


# Loading.


def test_loading_twice_creates_the_terms_once(countries):
    first = load_taxonomies()
    assert (first.created, first.updated, first.unchanged) == (67, 0, 0)
    second = load_taxonomies()
    assert (second.created, second.updated, second.unchanged) == (0, 0, 67)
    assert Term.objects.count() == 67


def test_national_forms_are_loaded_under_their_broader_concept(countries):
    load_taxonomies()
    scop = Term.objects.get(vocabulary=Vocabulary.LEGAL_FORM, code="FR-SCOP")
    assert scop.broader.code == "L2"
    assert scop.country == countries["FR"]
    assert Term.objects.get(code="L2").narrower.filter(code="MA-COOP-112-12").exists()
    assert scop.label_ar.startswith("شركة تعاونية")


def test_a_changed_label_is_updated_and_nothing_else(tmp_path, countries):
    rows = [
        ["legal_form", "L2", "", "", "Coopérative", "تعاونية", "Cooperative", ""],
        ["legal_form", "MA-COOP-112-12", "L2", "MA", "Coopérative (loi 112-12)", "تعاونية", "Cooperative", ""],
    ]
    load_taxonomies(write_file(tmp_path, rows))
    rows[0][6] = "Co-operative"
    counts = load_taxonomies(write_file(tmp_path, rows))
    assert (counts.created, counts.updated, counts.unchanged) == (0, 1, 1)
    assert Term.objects.get(code="L2").label_en == "Co-operative"


def test_a_malformed_file_is_refused_with_its_line_and_nothing_is_written(tmp_path, countries):
    rows = [
        ["legal_form", "L2", "", "", "Coopérative", "تعاونية", "Cooperative", ""],
        ["sector", "X1", "", "", "x", "x", "x", ""],
    ]
    with pytest.raises(TaxonomyDataError, match="line 3: unknown vocabulary 'sector'"):
        load_taxonomies(write_file(tmp_path, rows))
    assert not Term.objects.exists()


def test_a_narrower_concept_needs_its_broader_concept_in_the_file(tmp_path, countries):
    rows = [["legal_form", "FR-SCOP", "L2", "FR", "Scop", "x", "Scop", ""]]
    with pytest.raises(TaxonomyDataError, match="broader_code 'L2' is not in the file"):
        load_taxonomies(write_file(tmp_path, rows))


def test_missing_columns_are_named(tmp_path, countries):
    path = write_file(tmp_path, [["legal_form", "L2"]], columns=("vocabulary", "code"))
    with pytest.raises(TaxonomyDataError, match="missing column\\(s\\) broader_code, country"):
        load_taxonomies(path)


def test_the_countries_must_be_loaded_first(db):
    with pytest.raises(TaxonomyDataError, match=r"run 'manage\.py load_territories'"):
        load_taxonomies()
    assert not Term.objects.exists()


def test_the_command_prints_the_counts(countries):
    out = StringIO()
    call_command("load_taxonomies", stdout=out)
    assert "taxonomy terms: 67 created, 0 updated, 0 unchanged" in out.getvalue()
    out = StringIO()
    call_command("load_taxonomies", "--file", str(TAXONOMY_FILE), stdout=out)
    assert "0 created, 0 updated, 67 unchanged" in out.getvalue()


# Types of actor: pure functions.


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("OS115", OrganisationKind.COOPERATIVE),
        ("os60", OrganisationKind.COOPERATIVE),
        ("Workers co-operative", OrganisationKind.COOPERATIVE),
        ("Cooperative", OrganisationKind.COOPERATIVE),
        ("Coopérative", OrganisationKind.COOPERATIVE),
        ("تعاونية", OrganisationKind.COOPERATIVE),
        ("Association", OrganisationKind.ASSOCIATION),
        ("Not-for-profit organisation", OrganisationKind.ASSOCIATION),
        ("OS170", OrganisationKind.MUTUAL),
        ("social_enterprise", OrganisationKind.SOCIAL_ENTERPRISE),
        ("Support structure", OrganisationKind.SUPPORT_STRUCTURE),
        ("Government agency/body", OrganisationKind.LOCAL_AUTHORITY),
        ("OS200", OrganisationKind.NETWORK),
    ],
)
def test_organisational_structures_map_to_our_types_of_actor(value, kind):
    assert structure_table()[fold_for_search(value)] == kind


def test_a_legal_form_or_a_name_implies_a_type_of_actor():
    assert infer_actor_type("Anything", "FR-ASSO-1901") == OrganisationKind.ASSOCIATION
    assert infer_actor_type("Anything", "MA-COOP-112-12") == OrganisationKind.COOPERATIVE
    assert infer_actor_type("Cooperativa sociale La Ginestra") == OrganisationKind.COOPERATIVE
    assert infer_actor_type("تعاونية الزيتون") == OrganisationKind.COOPERATIVE
    assert infer_actor_type("Fondazione Banca Etica") == OrganisationKind.FOUNDATION
    assert infer_actor_type("Outopia Organic Health Store") == OrganisationKind.SOCIAL_ENTERPRISE


@given(st.text(), st.sampled_from(["", "L1", "L2", "FR-SCOP", "MA-ASSO", "XX-UNKNOWN"]))
def test_any_name_gives_one_of_our_types_of_actor(name, legal_form):
    assert infer_actor_type(name, legal_form) in OrganisationKind.values
