"""CSV, JSON-LD and Murmurations exports: what they contain, who sees what, and that they validate.

The JSON Schemas and the ESSGlobal vocabulary the exports are checked against are copies kept in
``essmed/directory/schemas/`` (see its PROVENANCE.md).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from functools import cache
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft7Validator
from referencing import Registry
from referencing.jsonschema import DRAFT7

from essmed.accounts.models import OrganisationKind
from essmed.directory import exports
from essmed.directory.models import ActorStatus, Vocabulary
from essmed.directory.tests.factories import ActorFactory, TermFactory
from essmed.territories.loader import DATA_DIR, read_countries
from essmed.territories.tests.factories import CountryFactory, RegionFactory

SCHEMAS = Path(exports.__file__).parent / "schemas"
MURMURATIONS_BASE = "https://test-library.murmurations.network/v2/"
L2 = "http://purl.org/essglobal/standard/legal-form/L2"
ICA20 = "http://purl.org/essglobal/standard/activities-ica/ICA20"
T11 = "http://purl.org/essglobal/standard/themes/T11"


# ---------------------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------------------


def terms():
    l2 = TermFactory(vocabulary=Vocabulary.LEGAL_FORM, code="L2", label_en="Cooperative", uri=L2)
    scop = TermFactory(
        vocabulary=Vocabulary.LEGAL_FORM,
        code="FR-SCOP",
        label_fr="Société coopérative et participative (SCOP)",
        label_ar="شركة تعاونية تشاركية",
        label_en="Worker cooperative (SCOP)",
        broader=l2,
    )
    sector = TermFactory(
        vocabulary=Vocabulary.ACTIVITY,
        code="ICA20",
        label_fr="Agriculture",
        label_ar="الزراعة",
        label_en="Agriculture",
        uri=ICA20,
    )
    theme = TermFactory(
        vocabulary=Vocabulary.THEME,
        code="T11",
        label_fr="Coopération internationale",
        label_ar="التعاون الدولي",
        label_en="International cooperation",
        uri=T11,
    )
    return scop, sector, theme


def full_actor(**fields):
    """An actor with every field filled, in three languages, member of a network."""
    scop, sector, theme = terms()
    region = RegionFactory(slug="oriental", name_fr="L'Oriental", name_ar="جهة الشرق", name_en="Oriental")
    network = ActorFactory(name_fr="Réseau ESS Méditerranée", actor_type=OrganisationKind.NETWORK)
    values = {
        "name_fr": "Coopérative Zaytoun",
        "name_ar": "تعاونية الزيتون",
        "name_en": "Zaytoun Cooperative",
        "description_fr": "Huile d'olive de Berkane.",
        "description_ar": "زيت الزيتون من بركان.",
        "description_en": "Olive oil from Berkane.",
        "mission_fr": "Faire vivre les oliveraies.",
        "legal_name": "Coopérative agricole Zaytoun",
        "acronym": "CAZ",
        "actor_type": OrganisationKind.COOPERATIVE,
        "legal_form": scop,
        "street_address": "12 rue des Oliviers",
        "locality": "Berkane",
        "postcode": "63300",
        "region": region,
        "latitude": 34.92,
        "longitude": -2.32,
        "geo_precision": "exact",
        "website": "https://zaytoun.example.org",
        "public_email": "contact@zaytoun.example.org",
        "public_phone": "+212 536 00 00 00",
        "languages": "ar, fr",
        "founded": dt.date(2012, 3, 1),
        "members_total": 40,
        "members_women": 25,
        "members_men": 15,
        "source": "essmed-demo",
        "source_key": "zaytoun",
        **fields,
    }
    actor = ActorFactory(**values)
    actor.sectors.add(sector)
    actor.themes.add(theme)
    actor.networks.add(network)
    return actor


# ---------------------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------------------


def export(client, query=""):
    response = client.get(f"/fr/actors/export.csv{query}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8")
    return response, body


def rows_of(body):
    return list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))


@pytest.mark.django_db
def test_csv_export_has_the_standard_columns_then_languages_then_ours(client):
    response, body = export(client)
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="essmed-actors.csv"'
    assert body.startswith("\ufeffIdentifier,Name,Description,Organisational Structure,Activities,")
    header = next(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert header[:15] == [
        "Identifier",
        "Name",
        "Description",
        "Organisational Structure",
        "Activities",
        "Street Address",
        "Locality",
        "Region",
        "Postcode",
        "Country",
        "Website",
        "Phone",
        "Email",
        "Latitude",
        "Longitude",
    ]
    assert header[15:24] == [
        "Name:fr",
        "Name:ar",
        "Name:en",
        "Description:fr",
        "Description:ar",
        "Description:en",
        "Mission:fr",
        "Mission:ar",
        "Mission:en",
    ]
    assert header[24:] == [
        "Legal Form",
        "Themes",
        "Legal Name",
        "Acronym",
        "Founded",
        "Languages",
        "Geo Precision",
        "Source",
        "Source Key",
        "Last Updated",
    ]


@pytest.mark.django_db
def test_csv_row_carries_every_language_and_the_codes_of_the_taxonomies(client):
    actor = full_actor()
    (row,) = [r for r in rows_of(export(client)[1]) if r["Source Key"] == "zaytoun"]
    assert row["Identifier"] == "zaytoun"
    assert row["Name"] == "Coopérative Zaytoun"
    assert (row["Name:fr"], row["Name:ar"], row["Name:en"]) == (
        "Coopérative Zaytoun",
        "تعاونية الزيتون",
        "Zaytoun Cooperative",
    )
    assert row["Description:ar"] == "زيت الزيتون من بركان."
    assert row["Mission:fr"] == "Faire vivre les oliveraies."
    assert row["Mission:en"] == ""
    assert row["Organisational Structure"] == "cooperative"
    assert row["Activities"] == "ICA20"
    assert row["Themes"] == "T11"
    assert row["Legal Form"] == "FR-SCOP"
    assert (row["Locality"], row["Region"], row["Postcode"], row["Country"]) == ("Berkane", "L'Oriental", "63300", "MA")
    assert (row["Latitude"], row["Longitude"]) == ("34.92", "-2.32")
    assert (row["Website"], row["Phone"], row["Email"]) == (
        "https://zaytoun.example.org",
        "+212 536 00 00 00",
        "contact@zaytoun.example.org",
    )
    assert (row["Legal Name"], row["Acronym"], row["Founded"], row["Languages"], row["Geo Precision"]) == (
        "Coopérative agricole Zaytoun",
        "CAZ",
        "2012-03-01",
        "ar, fr",
        "exact",
    )
    assert row["Source"] == "essmed-demo"
    actor.refresh_from_db()
    assert dt.datetime.fromisoformat(row["Last Updated"]) == actor.updated_at.replace(microsecond=0)


@pytest.mark.django_db
def test_csv_identifier_of_an_actor_entered_on_the_platform_is_its_id(client):
    actor = ActorFactory(name_fr="Association Oasis")
    (row,) = rows_of(export(client)[1])
    assert row["Identifier"] == f"essmed-{actor.pk}"
    assert (row["Source"], row["Source Key"]) == ("", "")


@pytest.mark.django_db
@pytest.mark.parametrize("who", [None, "sophie", "karim"])
def test_csv_export_holds_published_actors_only_whoever_asks(client, cast, coop, who):
    ActorFactory(name_fr="Publiée")
    ActorFactory(name_fr="Brouillon de Zaytoun", draft=True, organisation=coop)
    ActorFactory(name_fr="Archivée", archived=True)
    if who:
        client.force_login(cast[who])
    assert [row["Name"] for row in rows_of(export(client)[1])] == ["Publiée"]


@pytest.mark.django_db
def test_csv_export_follows_the_filters_of_the_list_page(client):
    ActorFactory(name_fr="Coopérative du Maroc", country=CountryFactory(code="MA"))
    ActorFactory(name_fr="Coopérative de France", country=CountryFactory(code="FR"))
    assert [row["Name"] for row in rows_of(export(client, "?country=FR")[1])] == ["Coopérative de France"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "parameter", "value"),
    [
        ("?country=xx", "country", "xx"),
        ("?country=FR&region=atlantis", "region", "atlantis"),
        ("?type=spaceship", "type", "spaceship"),
        ("?sector=ICA9999", "sector", "ICA9999"),
        ("?legal_form=nope", "legal_form", "nope"),
        ("?theme=T99", "theme", "T99"),
        ("?offers=maybe", "offers", "maybe"),
        ("?type=co%00op", "type", "co\ufffdop"),
    ],
)
def test_csv_export_refuses_an_invalid_filter_naming_it_instead_of_exporting_everything(
    client, query, parameter, value
):
    CountryFactory(code="FR")
    ActorFactory(name_fr="Coopérative du Maroc")
    response = client.get(f"/fr/actors/export.csv{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "\x00" not in body
    assert f"« {value} » n’est pas une valeur valide pour le paramètre « {parameter} »." in body
    assert "Coopérative du Maroc" not in body
    arabic = client.get(f"/ar/actors/export.csv{query}").content.decode()
    assert f"«{value}» ليست قيمة صالحة للمعامل «{parameter}»." in arabic


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["?offers=0", "?requests=no", "?country=", "?q=!!!", "?colour=blue"])
def test_csv_export_takes_a_no_an_empty_filter_or_an_unknown_parameter_as_no_filter(client, query):
    ActorFactory(name_fr="Coopérative du Maroc")
    assert [row["Name"] for row in rows_of(export(client, query)[1])] == ["Coopérative du Maroc"]


@pytest.mark.django_db
def test_csv_export_neutralises_cells_a_spreadsheet_would_run(client):
    ActorFactory(name_fr='=HYPERLINK("http://evil.example","clic")', public_phone="+33 4 67 00 00 00")
    (row,) = rows_of(export(client)[1])
    assert row["Name"] == '\'=HYPERLINK("http://evil.example","clic")'
    assert row["Phone"] == "+33 4 67 00 00 00"


@pytest.mark.django_db
def test_csv_export_reads_a_constant_number_of_queries_whatever_the_rows(client, django_assert_max_num_queries):
    sector = TermFactory(code="ICA20")
    for n in range(30):
        ActorFactory(name_fr=f"Coopérative {n}", region=RegionFactory()).sectors.add(sector)
    with django_assert_max_num_queries(6):
        _response, body = export(client)
    assert len(rows_of(body)) == 30


@pytest.mark.django_db
def test_csv_export_streams_more_rows_than_one_chunk(client, monkeypatch):
    monkeypatch.setattr(exports, "CSV_CHUNK_SIZE", 7)
    sector = TermFactory(code="ICA20")
    for actor in ActorFactory.create_batch(23):
        actor.sectors.add(sector)
    response = client.get("/fr/actors/export.csv")
    chunks = list(response.streaming_content)
    assert len(chunks) == 1 + 4  # the header, then 23 rows in blocks of 7
    assert [row["Activities"] for row in rows_of(b"".join(chunks).decode())] == ["ICA20"] * 23


@given(st.text(max_size=30))
def test_a_cell_is_neutralised_only_when_it_could_be_a_formula_and_keeps_its_text(value):
    safe = exports.spreadsheet_safe(value)
    assert safe in (value, "'" + value)
    if safe != value:
        assert value[0] in "=+-@\t\r"
    if value and value[0] in "=@\t\r":
        assert safe.startswith("'")
    if value and value[0] in "+-" and not re.fullmatch(r"[+-][\d ().\-/]*", value):
        assert safe.startswith("'")


@pytest.mark.parametrize("value", ["+212 536 00 00 00", "-1.91", "(0)4 67 00 00 00", "Coopérative", ""])
def test_phone_numbers_and_plain_text_are_not_touched(value):
    assert exports.spreadsheet_safe(value) == value


@given(
    st.dictionaries(st.sampled_from(["fr", "ar", "en"]), st.text(max_size=5) | st.none()),
    st.sampled_from(["fr", "ar", "en"]),
)
def test_a_localized_text_is_the_asked_language_first_then_a_fallback(texts, language):
    chosen = exports.localized(texts, language)
    present = {code: text.strip() for code, text in texts.items() if text and text.strip()}
    if language in present:
        assert chosen == present[language]
    elif present:
        assert chosen == present[next(code for code in exports.fallback_order(language) if code in present)]
    else:
        assert chosen == ""


# ---------------------------------------------------------------------------------------------------------
# JSON-LD
# ---------------------------------------------------------------------------------------------------------

JSONLD_KEYWORDS = {"@context", "@id", "@type", "@value", "@language"}


@cache
def essglobal_properties() -> frozenset[str]:
    """The properties the ESSGlobal vocabulary declares (owl:DatatypeProperty or owl:ObjectProperty)."""
    text = (SCHEMAS / "essglobal" / "essglobal-vocab.ttl").read_text()
    names = set()
    for block in re.split(r"\n\s*\n", text):
        match = re.match(r"\s*<http://purl\.org/essglobal/vocab/(\w+)>", block)
        if match and re.search(r"\ba owl:(DatatypeProperty|ObjectProperty)\b", block):
            names.add(match.group(1))
    return frozenset(names)


def undeclared(node, context, path="$"):
    """Every key and @type of a JSON-LD document that its own @context does not declare (empty when valid)."""
    problems = []
    if isinstance(node, list):
        for index, item in enumerate(node):
            problems += undeclared(item, context, f"{path}[{index}]")
        return problems
    if not isinstance(node, dict):
        return problems
    for key, value in node.items():
        where = f"{path}.{key}"
        if key.startswith("@"):
            if key not in JSONLD_KEYWORDS:
                problems.append(f"{where}: not a JSON-LD keyword")
        elif ":" in key:
            prefix, local = key.split(":", 1)
            if prefix not in context:
                problems.append(f"{where}: undeclared prefix")
            elif prefix == "essglobal" and local not in essglobal_properties():
                problems.append(f"{where}: not a property of the ESSGlobal vocabulary")
        elif key not in context:
            problems.append(f"{where}: undeclared term")
        if key == "@type":
            for type_name in value if isinstance(value, list) else [value]:
                if type_name not in context:
                    problems.append(f"{where}: undeclared type {type_name}")
        elif key == "@language" and value not in ("fr", "ar", "en"):
            problems.append(f"{where}: unexpected language {value}")
        elif key != "@context":
            problems += undeclared(value, context, where)
    return problems


def jsonld(client, actor, lang="fr"):
    response = client.get(f"/{lang}/actors/{actor.pk}.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    return json.loads(response.content)


@pytest.mark.django_db
def test_jsonld_declares_schema_org_and_essglobal_and_every_term_it_uses(client):
    document = jsonld(client, full_actor())
    context = document["@context"]
    assert context["schema"] == "https://schema.org/"
    assert context["essglobal"] == "http://purl.org/essglobal/vocab/"
    assert context["url"] == {"@id": "schema:url", "@type": "@id"}
    assert context["foundingDate"] == {"@id": "schema:foundingDate", "@type": "xsd:date"}
    for term, definition in context.items():
        iri = definition["@id"] if isinstance(definition, dict) else definition
        if iri.startswith("schema:"):
            assert iri == f"schema:{term}", term
    assert undeclared(document, context) == []
    assert {key.split(":")[1] for key in document if key.startswith("essglobal:")} == {
        "mission",
        "legalForm",
        "organisationalStructure",
        "economicSector",
        "totalOfMembers",
        "totalWomen",
        "totalMen",
    }


@pytest.mark.django_db
def test_the_structural_check_catches_an_undeclared_term():
    context = exports.JSONLD_CONTEXT
    assert undeclared({"@type": "Organization", "nmae": "x"}, context) == ["$.nmae: undeclared term"]
    assert undeclared({"essglobal:legalFrom": {"@id": L2}}, context) == [
        "$.essglobal:legalFrom: not a property of the ESSGlobal vocabulary"
    ]
    assert undeclared({"@type": "Corporation"}, context) == ["$.@type: undeclared type Corporation"]


@pytest.mark.django_db
def test_jsonld_describes_the_actor_with_language_tags_and_essglobal_concepts(client):
    actor = full_actor()
    network = actor.networks.get()
    document = jsonld(client, actor, lang="ar")
    assert document["@id"] == f"http://testserver/fr/actors/{actor.pk}/"
    assert document["@type"] == "Organization"
    assert document["name"] == [
        {"@value": "Coopérative Zaytoun", "@language": "fr"},
        {"@value": "تعاونية الزيتون", "@language": "ar"},
        {"@value": "Zaytoun Cooperative", "@language": "en"},
    ]
    assert {"@value": "زيت الزيتون من بركان.", "@language": "ar"} in document["description"]
    assert document["essglobal:mission"] == {"@value": "Faire vivre les oliveraies.", "@language": "fr"}
    assert document["legalName"] == "Coopérative agricole Zaytoun"
    assert document["alternateName"] == "CAZ"
    assert document["additionalType"] == [
        "http://purl.org/essglobal/vocab/SSEInitiative",
        "http://purl.org/essglobal/standard/organisational-structure/OS115",
    ]
    assert document["essglobal:organisationalStructure"] == {
        "@id": "http://purl.org/essglobal/standard/organisational-structure/OS115"
    }
    assert document["essglobal:legalForm"] == {"@id": L2}  # FR-SCOP has no URI: its ESSGlobal broader form
    assert document["essglobal:economicSector"] == [{"@id": ICA20}]
    assert document["knowsAbout"] == [ICA20, T11]
    assert {"@value": "التعاون الدولي", "@language": "ar"} in document["keywords"]
    assert (document["essglobal:totalOfMembers"], document["essglobal:totalWomen"], document["essglobal:totalMen"]) == (
        40,
        25,
        15,
    )
    assert document["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "12 rue des Oliviers",
        "addressLocality": "Berkane",
        "addressRegion": [
            {"@value": "L'Oriental", "@language": "fr"},
            {"@value": "جهة الشرق", "@language": "ar"},
            {"@value": "Oriental", "@language": "en"},
        ],
        "postalCode": "63300",
        "addressCountry": "MA",
    }
    assert document["geo"] == {"@type": "GeoCoordinates", "latitude": 34.92, "longitude": -2.32}
    assert document["url"] == "https://zaytoun.example.org"
    assert (document["email"], document["telephone"]) == ("contact@zaytoun.example.org", "+212 536 00 00 00")
    assert document["knowsLanguage"] == ["ar", "fr"]
    assert document["foundingDate"] == "2012-03-01"
    assert document["memberOf"] == [f"http://testserver/fr/actors/{network.pk}/"]
    assert document["identifier"] == "essmed-demo:zaytoun"
    assert dt.datetime.fromisoformat(document["dateModified"]).tzinfo is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("actor_type", "schema_type", "structure"),
    [
        (OrganisationKind.ASSOCIATION, "NGO", "OS20"),
        (OrganisationKind.LOCAL_AUTHORITY, "GovernmentOrganization", "OS220"),
        (OrganisationKind.TRAINING_BODY, "EducationalOrganization", "OS20"),
        (OrganisationKind.MUTUAL, "Organization", "OS170"),
        (OrganisationKind.SOCIAL_ENTERPRISE, "Organization", "OS30"),
    ],
)
def test_jsonld_type_follows_the_type_of_actor(client, actor_type, schema_type, structure):
    document = jsonld(client, ActorFactory(actor_type=actor_type))
    assert document["@type"] == schema_type
    assert document["essglobal:organisationalStructure"]["@id"].endswith(f"/{structure}")
    assert undeclared(document, document["@context"]) == []


@pytest.mark.django_db
def test_jsonld_of_a_network_is_an_essglobal_network(client):
    document = jsonld(client, ActorFactory(actor_type=OrganisationKind.NETWORK))
    assert document["additionalType"] == ["http://purl.org/essglobal/vocab/Network"]
    assert "essglobal:organisationalStructure" not in document


@pytest.mark.django_db
def test_jsonld_of_a_bare_actor_leaves_out_what_it_does_not_know(client):
    document = jsonld(client, ActorFactory(name_fr="", name_ar="جمعية الواحة", name_en=""))
    assert document["name"] == {"@value": "جمعية الواحة", "@language": "ar"}
    for absent in ("geo", "url", "email", "telephone", "memberOf", "identifier", "essglobal:legalForm", "keywords"):
        assert absent not in document
    assert undeclared(document, document["@context"]) == []


@pytest.mark.django_db
def test_jsonld_leaves_out_a_website_that_is_not_a_web_address(client):
    document = jsonld(client, ActorFactory(website="zaytoun.example.org"))
    assert "url" not in document


@pytest.mark.django_db
def test_jsonld_does_not_name_a_network_the_reader_may_not_see(client):
    actor = ActorFactory()
    actor.networks.add(ActorFactory(actor_type=OrganisationKind.NETWORK, draft=True))
    assert "memberOf" not in jsonld(client, actor)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "status"), [(None, 404), ("pauline", 404), ("omar", 404), ("karim", 200), ("sophie", 200)]
)
def test_exports_of_a_draft_are_for_staff_and_its_members_only(client, cast, coop, who, status):
    actor = ActorFactory(draft=True, organisation=coop)
    if who:
        client.force_login(cast[who])
    assert client.get(f"/fr/actors/{actor.pk}.jsonld").status_code == status
    assert client.get(f"/fr/actors/{actor.pk}/murmurations.json").status_code == status


@pytest.mark.django_db
def test_exports_answer_get_only(client):
    actor = ActorFactory()
    assert client.post(f"/fr/actors/{actor.pk}.jsonld").status_code == 405
    assert client.post("/fr/actors/export.csv").status_code == 405


@pytest.mark.django_db
def test_exports_answer_head_with_the_headers_of_get(client):
    actor = ActorFactory()
    for url in (f"/fr/actors/{actor.pk}.jsonld", f"/fr/actors/{actor.pk}/murmurations.json"):
        response = client.head(url)
        assert (response.status_code, response.content) == (200, b""), url
        assert response["Access-Control-Allow-Origin"] == "*"
    response = client.head("/fr/actors/export.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="essmed-actors.csv"'
    assert b"".join(response.streaming_content) == b""
    assert client.head("/fr/actors/export.csv?country=xx").status_code == 400


@pytest.mark.django_db
def test_jsonld_gives_a_website_typed_in_capitals_with_its_scheme_and_host_in_lower_case(client):
    document = jsonld(client, ActorFactory(website="HTTPS://Zaytoun.EXAMPLE.org/Accueil"))
    assert document["url"] == "https://zaytoun.example.org/Accueil"


@pytest.mark.parametrize(
    ("typed", "exported"),
    [
        ("HTTP://UPPER.EXAMPLE.ORG/", "http://upper.example.org/"),
        ("Https://Zaytoun.Example.org:8443/Page?Q=A#Top", "https://zaytoun.example.org:8443/Page?Q=A#Top"),
        ("http://Anna:Secret@Example.org/", "http://Anna:Secret@example.org/"),
        (" https://example.org ", "https://example.org"),
        ("https://example.org", "https://example.org"),
        ("zaytoun.example.org", ""),
        ("ftp://files.example.org/", ""),
        ("", ""),
    ],
)
def test_a_web_address_is_exported_with_its_scheme_and_host_in_lower_case(typed, exported):
    assert exports.web_address(typed) == exported


# ---------------------------------------------------------------------------------------------------------
# Murmurations
# ---------------------------------------------------------------------------------------------------------


def _load(path):
    return json.loads(path.read_text())


@cache
def organizations_validator():
    """A validator of organizations_schema-v1.0.0 whose ``../fields/*.json`` references resolve offline."""
    fields = SCHEMAS / "murmurations" / "fields"
    registry = Registry().with_resources(
        (f"{MURMURATIONS_BASE}fields/{path.name}", DRAFT7.create_resource(_load(path)))
        for path in fields.glob("*.json")
    )
    schema = _load(SCHEMAS / "murmurations" / "schemas" / "organizations_schema-v1.0.0.json")
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema, registry=registry)


def field_validator(name):
    return Draft7Validator(_load(SCHEMAS / "murmurations" / "fields" / f"{name}.json"))


def assert_valid_profile(profile):
    """Valid against the organizations schema; any property it does not list is a library field, valid too."""
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in organizations_validator().iter_errors(profile)]
    assert errors == []
    listed = organizations_validator().schema["properties"]
    for key in set(profile) - set(listed):
        assert key in ("locality", "region"), key
        field_validator(key).validate(profile[key])


def murmurations(client, actor, lang="fr"):
    response = client.get(f"/{lang}/actors/{actor.pk}/murmurations.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_the_validator_refuses_a_profile_the_schema_forbids():
    errors = list(organizations_validator().iter_errors({"name": "x" * 201, "geolocation": {"lat": 91}}))
    messages = " ".join(error.message for error in errors)
    assert "'linked_schemas' is a required property" in messages
    assert "is too long" in messages
    assert "'lon' is a required property" in messages


@pytest.mark.django_db
def test_murmurations_profile_of_a_full_actor_validates(client):
    actor = full_actor()
    network = actor.networks.get()
    profile = murmurations(client, actor)
    assert_valid_profile(profile)
    assert profile["linked_schemas"] == ["organizations_schema-v1.0.0"]
    assert profile["name"] == "Coopérative Zaytoun"
    assert profile["nickname"] == "CAZ"
    assert profile["primary_url"] == "https://zaytoun.example.org"
    assert profile["description"] == "Huile d'olive de Berkane."
    assert profile["mission"] == "Faire vivre les oliveraies."
    with translation.override("fr"):
        assert profile["tags"] == [
            str(OrganisationKind.COOPERATIVE.label),
            "Société coopérative et participative (SCOP)",
            "Agriculture",
            "Coopération internationale",
        ]
        assert profile["urls"] == [  # the website is the primary URL, not one of the others
            {"name": gettext("Page in the directory of ESS actors"), "url": f"http://testserver/fr/actors/{actor.pk}/"},
        ]
    assert profile["status"] == "active"
    assert profile["full_address"] == "12 rue des Oliviers, 63300 Berkane, L'Oriental, Maroc"
    assert (profile["country_iso_3166"], profile["locality"], profile["region"]) == ("MA", "Berkane", "L'Oriental")
    assert profile["geolocation"] == {"lat": 34.92, "lon": -2.32}
    assert profile["relationships"] == [
        {"predicate_url": "https://schema.org/memberOf", "object_url": f"http://testserver/fr/actors/{network.pk}/"}
    ]
    assert profile["starts_at"] == 1330560000  # 2012-03-01T00:00:00Z
    assert profile["contact_details"] == {"email": "contact@zaytoun.example.org"}
    assert profile["telephone"] == "+212 536 00 00 00"
    assert profile["unique_id"] == "essmed-demo:zaytoun"


@pytest.mark.django_db
def test_murmurations_profile_is_in_the_language_of_its_address_with_fallback(client):
    actor = full_actor(description_en="")
    arabic = murmurations(client, actor, lang="ar")
    assert_valid_profile(arabic)
    assert arabic["name"] == "تعاونية الزيتون"
    assert arabic["region"] == "جهة الشرق"
    assert "الزراعة" in arabic["tags"]
    english = murmurations(client, actor, lang="en")
    assert english["name"] == "Zaytoun Cooperative"
    assert english["description"] == "Huile d'olive de Berkane."  # no English description: French
    assert english["primary_url"] == arabic["primary_url"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({}, id="bare"),
        pytest.param({"name_fr": "", "name_en": "", "name_ar": "تعاونية النخيل (خيالية)"}, id="arabic-only-name"),
        pytest.param({"name_fr": "C" * 250}, id="name-longer-than-murmurations-allows"),
        pytest.param({"latitude": 34.68, "longitude": -1.91, "geo_precision": "locality"}, id="located"),
        pytest.param({"locality": "L" * 120}, id="long-locality"),
        pytest.param({"website": "zaytoun.example.org"}, id="website-without-scheme"),
        pytest.param({"founded": dt.date(1901, 7, 1)}, id="founded-before-1970"),
        pytest.param({"status": ActorStatus.DRAFT}, id="draft"),
        pytest.param({"country": "user-assigned"}, id="user-assigned-country-code"),
        pytest.param({"actor_type": OrganisationKind.FUNDER, "members_total": 0}, id="funder"),
    ],
)
def test_murmurations_profile_validates_for_every_kind_of_actor(client, sophie, fields):
    if fields.get("country") == "user-assigned":
        fields = {**fields, "country": CountryFactory(code="QM")}
    client.force_login(sophie)
    actor = ActorFactory(**fields)
    profile = murmurations(client, actor)
    assert_valid_profile(profile)
    assert profile["primary_url"].startswith(("http://", "https://"))
    assert profile["name"]


@pytest.mark.django_db
def test_murmurations_profile_leaves_out_a_website_that_is_not_a_web_address(client):
    actor = ActorFactory(website="ftp://files.example.org/zaytoun")
    profile = murmurations(client, actor)
    assert profile["primary_url"] == f"http://testserver/fr/actors/{actor.pk}/"
    assert [url["url"] for url in profile["urls"]] == [profile["primary_url"]]
    assert_valid_profile(profile)


@pytest.mark.django_db
def test_murmurations_profile_of_a_website_typed_in_capitals_validates(client):
    network = ActorFactory(actor_type=OrganisationKind.NETWORK, website="HTTP://RESEAU.EXAMPLE.ORG/")
    actor = ActorFactory(website="HTTP://UPPER.EXAMPLE.ORG/")
    actor.networks.add(network)
    profile = murmurations(client, actor)
    assert_valid_profile(profile)
    assert profile["primary_url"] == "http://upper.example.org/"
    assert [url["url"] for url in profile["urls"]] == [f"http://testserver/fr/actors/{actor.pk}/"]
    assert profile["relationships"][0]["object_url"] == "http://reseau.example.org/"


@pytest.mark.django_db
def test_murmurations_profile_without_a_website_is_keyed_on_the_actor_page(client):
    actor = ActorFactory(website="")
    profile = murmurations(client, actor, lang="en")
    assert profile["primary_url"] == f"http://testserver/fr/actors/{actor.pk}/"
    assert [url["url"] for url in profile["urls"]] == [profile["primary_url"]]


def test_every_real_country_code_is_one_murmurations_accepts():
    enum = set(_load(SCHEMAS / "murmurations" / "fields" / "country_iso_3166.json")["enum"])
    codes = set(read_countries(DATA_DIR))
    assert {code for code in codes if exports.is_assigned_country_code(code)} == enum
    assert not exports.is_assigned_country_code("XK")
    assert not exports.is_assigned_country_code("QM")


# ---------------------------------------------------------------------------------------------------------
# Round trip with the importer
# ---------------------------------------------------------------------------------------------------------

IMPORTED = """\
Identifier,Name,Name:ar,Name:en,Description,Description:ar,Mission:en,Organisational Structure,Activities,Themes,\
Legal Form,Street Address,Locality,Region,Postcode,Country,Website,Phone,Email,Latitude,Longitude,Founded,Languages
Z1,Coopérative Zaytoun,تعاونية الزيتون,Zaytoun Cooperative,"Huile d'olive, savon.",زيت الزيتون,Keep olive groves alive,\
cooperative,ICA20;ICA140,T11,FR-SCOP,12 rue des Oliviers,Berkane,L'Oriental,63300,MA,https://zaytoun.example.org,\
+212 536 00 00 00,contact@zaytoun.example.org,34.92,-2.32,2012-03-01,"ar, fr"
Z2,,جمعية الواحة,,,,,association,,,,,Figuig,,,MA,,,,,,,
Z3,Scop Occitane,,,"Deux lignes
de description",,,Cooperative,ICA140,,,,Montpellier,,34000,FR,,,,43.61,3.88,1978,
"""


@pytest.mark.django_db
def test_exported_csv_imported_again_under_its_source_changes_nothing(client):
    from essmed.directory.importing import import_actors

    terms()
    TermFactory(vocabulary=Vocabulary.ACTIVITY, code="ICA140", label_fr="Commerce")
    CountryFactory(code="FR")
    RegionFactory(slug="oriental", name_fr="L'Oriental", country=CountryFactory(code="MA"))
    first = import_actors(io.BytesIO(IMPORTED.encode()), source="roundtrip", publish=True)
    assert (first.created, first.rejected) == (3, 0), first

    _response, body = export(client)
    rows = {row["Identifier"]: row for row in rows_of(body)}
    assert set(rows) == {"Z1", "Z2", "Z3"}
    assert set(rows["Z1"]["Activities"].split(";")) == {"ICA20", "ICA140"}
    assert rows["Z1"]["Region"] == "L'Oriental"
    assert rows["Z2"]["Name:ar"] == "جمعية الواحة"
    assert rows["Z3"]["Description"] == "Deux lignes\nde description"

    again = import_actors(io.BytesIO(body.encode("utf-8")), source="roundtrip", publish=True)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 3, 0), again
    assert {"Last Updated", "Source", "Source Key"} <= set(again.ignored_columns)
    assert export(client)[1] == body
