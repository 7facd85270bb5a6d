"""The directory in the formats other maps read: CSV, JSON-LD (schema.org + ESSGlobal) and Murmurations profiles.

The builders below turn an actor (with its relations prefetched) into plain data; the views in
``views_export.py`` fetch, call them and write the response. Field by field, ``docs/directory.md`` gives the
crosswalk. Rules common to the three formats:

- texts written in several languages come out in each (CSV language columns, JSON-LD language-tagged
  values); a format that takes one language (Murmurations, the CSV's ``Name`` column) takes the asked one,
  falling back to French, English, then Arabic (the CSV's ``Description`` is the French one only, as the
  importer reads it);
- only public contacts (the organisation's email and phone) ever appear;
- no query per row: the CSV streams plain values in chunks of 2,000, with the taxonomy codes of each chunk
  read in one query per relation.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from itertools import islice
from typing import Any

from django.conf import settings
from django.utils.translation import gettext

from essmed.accounts.models import OrganisationKind
from essmed.directory.importing import STANDARD_COLUMNS as IMPORT_COLUMNS
from essmed.directory.importing import TRANSLATED as IMPORT_TRANSLATED
from essmed.directory.models import Actor, ActorStatus, Term
from essmed.directory.text import spreadsheet_formula

LANGUAGE_CODES: list[str] = [code for code, _name in settings.LANGUAGES]
DEFAULT_LANGUAGE: str = settings.LANGUAGE_CODE

# ---------------------------------------------------------------------------------------------------------
# Texts in several languages
# ---------------------------------------------------------------------------------------------------------


def fallback_order(language: str) -> list[str]:
    """The languages to try for a text asked in ``language``: that one, French, English, then the others."""
    order: list[str] = []
    for code in (language, DEFAULT_LANGUAGE, "en", *LANGUAGE_CODES):
        if code not in order:
            order.append(code)
    return order


def localized(texts: Mapping[str, str | None], language: str) -> str:
    """The text in ``language`` or, failing that, in the first language of ``fallback_order`` that has one."""
    for code in fallback_order(language):
        text = texts.get(code)
        if text and text.strip():
            return text.strip()
    return ""


def translations(obj: Any, field: str) -> dict[str, str]:
    """``{"fr": …, "ar": …, "en": …}`` for a field registered with django-modeltranslation (empty ones too)."""
    texts = {code: (getattr(obj, f"{field}_{code}", None) or "").strip() for code in LANGUAGE_CODES}
    if not any(texts.values()):
        # A record written without a language suffix keeps its text in the original column only.
        raw = (obj.__dict__.get(field) or "").strip()
        if raw:
            texts[DEFAULT_LANGUAGE] = raw
    return texts


def text_in(obj: Any, field: str, language: str) -> str:
    return localized(translations(obj, field), language)


# ---------------------------------------------------------------------------------------------------------
# Crosswalk of our actor types to schema.org and ESSGlobal
# ---------------------------------------------------------------------------------------------------------

SCHEMA_ORG = "https://schema.org/"
ESSGLOBAL = "http://purl.org/essglobal/vocab/"
ESSGLOBAL_ORGANISATIONAL_STRUCTURE = "http://purl.org/essglobal/standard/organisational-structure/"
XSD = "http://www.w3.org/2001/XMLSchema#"
# The scheme and the authority of a web address: ``userinfo@`` (kept as it is), then the host and port.
_WEB_ADDRESS_START = re.compile(r"^(https?)://([^/?#@]*@)?([^/?#]*)", re.IGNORECASE)


def web_address(url: str) -> str:
    """``url`` as exported when it is a web address (http or https), else ``""``: its scheme and host in lower
    case, as the formats that read it expect (Murmurations' ``primary_url`` must start with ``http://`` or
    ``https://``, and a host is the same whatever its case), the rest as it was typed. The directory may hold
    addresses typed in capitals (``HTTP://EXAMPLE.ORG/Page``)."""
    match = _WEB_ADDRESS_START.match(url.strip())
    if match is None:
        return ""
    scheme, userinfo, host = match.groups()
    return f"{scheme.lower()}://{userinfo or ''}{host.lower()}{url.strip()[match.end() :]}"


# schema.org @type of each type of actor.
SCHEMA_TYPES: dict[str, str] = {
    OrganisationKind.COOPERATIVE: "Organization",
    OrganisationKind.ASSOCIATION: "NGO",
    OrganisationKind.MUTUAL: "Organization",
    OrganisationKind.FOUNDATION: "NGO",
    OrganisationKind.SOCIAL_ENTERPRISE: "Organization",
    OrganisationKind.SUPPORT_STRUCTURE: "NGO",
    OrganisationKind.LOCAL_AUTHORITY: "GovernmentOrganization",
    OrganisationKind.FUNDER: "Organization",
    OrganisationKind.TRAINING_BODY: "EducationalOrganization",
    OrganisationKind.NETWORK: "Organization",
}

# ESSGlobal organisational structure (SKOS scheme organisational-structure, OS10–OS240) of each type of actor.
# Funders and networks have none that fits: a network is typed essglobal:Network instead.
ORGANISATIONAL_STRUCTURES: dict[str, str] = {
    OrganisationKind.COOPERATIVE: "OS115",  # Co-operative
    OrganisationKind.ASSOCIATION: "OS20",  # Not-for-profit organisation
    OrganisationKind.MUTUAL: "OS170",  # Mutual
    OrganisationKind.FOUNDATION: "OS20",
    OrganisationKind.SOCIAL_ENTERPRISE: "OS30",  # Social enterprise
    OrganisationKind.SUPPORT_STRUCTURE: "OS20",
    OrganisationKind.LOCAL_AUTHORITY: "OS220",  # Government agency/body
    OrganisationKind.TRAINING_BODY: "OS20",
}


def organisational_structure_uri(actor_type: str) -> str:
    code = ORGANISATIONAL_STRUCTURES.get(actor_type)
    return f"{ESSGLOBAL_ORGANISATIONAL_STRUCTURE}{code}" if code else ""


def essglobal_class_uri(actor_type: str) -> str:
    return f"{ESSGLOBAL}Network" if actor_type == OrganisationKind.NETWORK else f"{ESSGLOBAL}SSEInitiative"


def legal_form_uri(term: Term | None) -> str:
    """The ESSGlobal legal form (L1–L5) of a legal form: its own URI, or its broader concept's for a national
    form that has none."""
    while term is not None:
        if term.uri:
            return str(term.uri)
        term = term.broader
    return ""


# ---------------------------------------------------------------------------------------------------------
# CSV: the standard columns of the solidarity-economy open-data tools, language columns, then ours
# ---------------------------------------------------------------------------------------------------------

# The importer's columns, so that an export imports back as it is (Geo Container is read, never written).
STANDARD_COLUMNS = [column for column in IMPORT_COLUMNS if column != "Geo Container"]
TRANSLATED_COLUMNS = IMPORT_TRANSLATED
LANGUAGE_COLUMNS = [f"{column}:{code}" for column in TRANSLATED_COLUMNS for code in LANGUAGE_CODES]
# Ours: what the importer also reads (Legal Form … Geo Precision), then provenance, which it does not.
EXTRA_COLUMNS = [
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
CSV_COLUMNS = [*STANDARD_COLUMNS, *LANGUAGE_COLUMNS, *EXTRA_COLUMNS]
LIST_SEPARATOR = ";"
CSV_CHUNK_SIZE = 2000
BOM = "\ufeff"


def spreadsheet_safe(value: str) -> str:
    """``value``, with a leading apostrophe when a spreadsheet would take it for a formula (CSV injection)."""
    return "'" + value if spreadsheet_formula(value) else value


def format_coordinate(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def format_timestamp(value: datetime | None) -> str:
    return "" if value is None else value.astimezone(UTC).isoformat(timespec="seconds")


def csv_identifier(pk: int, source_key: str) -> str:
    """The key the importer updates by: the identifier in the actor's source, or ``essmed-<id>`` for an actor
    entered on the platform."""
    return source_key or f"essmed-{pk}"


# The columns read for the CSV, as plain values (no model instances: a million rows must stream quickly).
CSV_VALUES = (
    "pk",
    "source_key",
    "actor_type",
    "street_address",
    "locality",
    "postcode",
    "country__code",
    "website",
    "public_phone",
    "public_email",
    "latitude",
    "longitude",
    "legal_form__code",
    "legal_name",
    "acronym",
    "founded",
    "languages",
    "geo_precision",
    "source",
    "updated_at",
    *(f"{field}_{code}" for field in TRANSLATED_COLUMNS.values() for code in LANGUAGE_CODES),
    *(f"region__name_{code}" for code in LANGUAGE_CODES),
)


def csv_row(values: Mapping[str, Any], sectors: Sequence[str], themes: Sequence[str]) -> list[str]:
    """One row of ``CSV_COLUMNS`` from the ``CSV_VALUES`` of an actor and the codes of its sectors and themes."""

    def texts(prefix: str) -> dict[str, str]:
        return {code: (values[f"{prefix}_{code}"] or "").strip() for code in LANGUAGE_CODES}

    translated = {field: texts(field) for field in TRANSLATED_COLUMNS.values()}
    founded = values["founded"]
    cells = [
        csv_identifier(values["pk"], values["source_key"]),
        localized(translated["name"], DEFAULT_LANGUAGE),
        translated["description"][DEFAULT_LANGUAGE],
        values["actor_type"],
        LIST_SEPARATOR.join(sectors),
        values["street_address"],
        values["locality"],
        localized(texts("region__name"), DEFAULT_LANGUAGE),
        values["postcode"],
        values["country__code"],
        values["website"],
        values["public_phone"],
        values["public_email"],
        format_coordinate(values["latitude"]),
        format_coordinate(values["longitude"]),
        *(translated[field][code] for field in TRANSLATED_COLUMNS.values() for code in LANGUAGE_CODES),
        values["legal_form__code"] or "",
        LIST_SEPARATOR.join(themes),
        values["legal_name"],
        values["acronym"],
        founded.isoformat() if founded else "",
        values["languages"],
        values["geo_precision"],
        values["source"],
        values["source_key"],
        format_timestamp(values["updated_at"]),
    ]
    return [spreadsheet_safe(cell or "") for cell in cells]


def _term_codes(relation: Any, actor_ids: list[int]) -> dict[int, list[str]]:
    """Actor id → codes of its terms through an M2M relation (``Actor.sectors``…), in one query, by code."""
    codes: dict[int, list[str]] = {}
    rows = (
        relation.through.objects.filter(actor_id__in=actor_ids)
        .order_by("term__code")
        .values_list("actor_id", "term__code")
    )
    for actor_id, code in rows:
        codes.setdefault(actor_id, []).append(code)
    return codes


class _Echo:
    """A file-like object whose ``write`` returns what it is given, for csv.writer to format one row."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(actors: Any) -> Iterator[str]:
    """The CSV file, piece by piece: a byte-order mark and the header, then one block of rows per 2,000 actors
    read (by id, ``iterator(chunk_size=2000)``; three queries per block). Memory stays flat at any size."""
    writer = csv.writer(_Echo())
    yield BOM + str(writer.writerow(CSV_COLUMNS))
    rows = actors.order_by("pk").values(*CSV_VALUES).iterator(chunk_size=CSV_CHUNK_SIZE)
    while block := list(islice(rows, CSV_CHUNK_SIZE)):
        ids = [row["pk"] for row in block]
        sectors = _term_codes(Actor.sectors, ids)
        themes = _term_codes(Actor.themes, ids)
        yield "".join(
            str(writer.writerow(csv_row(row, sectors.get(row["pk"], ()), themes.get(row["pk"], ())))) for row in block
        )


# ---------------------------------------------------------------------------------------------------------
# JSON-LD: schema.org Organization with ESSGlobal terms
# ---------------------------------------------------------------------------------------------------------

# Every term the documents use is declared here, so that a JSON-LD processor needs nothing from the network.
_SCHEMA_PLAIN_TERMS = [
    "name",
    "legalName",
    "alternateName",
    "description",
    "address",
    "streetAddress",
    "addressLocality",
    "addressRegion",
    "postalCode",
    "addressCountry",
    "geo",
    "latitude",
    "longitude",
    "email",
    "telephone",
    "knowsLanguage",
    "identifier",
    "keywords",
]
_SCHEMA_LINK_TERMS = ["url", "additionalType", "memberOf", "knowsAbout"]
_SCHEMA_CLASSES = sorted({*SCHEMA_TYPES.values(), "PostalAddress", "GeoCoordinates"})
# The ESSGlobal properties the documents use, written ``essglobal:NAME``.
ESSGLOBAL_TERMS = [
    "mission",
    "legalForm",
    "organisationalStructure",
    "economicSector",
    "totalOfMembers",
    "totalWomen",
    "totalMen",
]

JSONLD_CONTEXT: dict[str, Any] = {
    "schema": SCHEMA_ORG,
    "essglobal": ESSGLOBAL,
    "xsd": XSD,
    **{term: f"schema:{term}" for term in _SCHEMA_PLAIN_TERMS},
    **{term: {"@id": f"schema:{term}", "@type": "@id"} for term in _SCHEMA_LINK_TERMS},
    "foundingDate": {"@id": "schema:foundingDate", "@type": "xsd:date"},
    "dateModified": {"@id": "schema:dateModified", "@type": "xsd:dateTime"},
    **{cls: f"schema:{cls}" for cls in _SCHEMA_CLASSES},
}


def language_values(texts: Mapping[str, str]) -> list[dict[str, str]]:
    """``[{"@value": …, "@language": "fr"}, …]`` for each language that has a text."""
    return [{"@value": text, "@language": code} for code, text in texts.items() if text]


def _one_or_many(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values


def actor_jsonld(actor: Actor, *, url_of: Callable[[Actor], str]) -> dict[str, Any]:
    """The JSON-LD document of an actor. ``url_of(actor)`` gives the absolute URL of an actor's page, which is
    its ``@id``; ``actor.networks`` should hold only the networks the reader may see."""
    doc: dict[str, Any] = {
        "@context": JSONLD_CONTEXT,
        "@id": url_of(actor),
        "@type": SCHEMA_TYPES.get(actor.actor_type, "Organization"),
    }
    names = translations(actor, "name")
    doc["name"] = _one_or_many(language_values(names)) if any(names.values()) else actor.name
    additional = [essglobal_class_uri(actor.actor_type), organisational_structure_uri(actor.actor_type)]
    doc["additionalType"] = [uri for uri in additional if uri]
    if actor.legal_name:
        doc["legalName"] = actor.legal_name
    if actor.acronym:
        doc["alternateName"] = actor.acronym
    for key, field in (("description", "description"), ("essglobal:mission", "mission")):
        values = language_values(translations(actor, field))
        if values:
            doc[key] = _one_or_many(values)
    doc["address"] = _postal_address(actor)
    if actor.latitude is not None and actor.longitude is not None:
        doc["geo"] = {"@type": "GeoCoordinates", "latitude": actor.latitude, "longitude": actor.longitude}
    website = web_address(actor.website)
    if website:  # typed @id: a bare host would read as a relative IRI, so only a web address
        doc["url"] = website
    if actor.public_email:
        doc["email"] = actor.public_email
    if actor.public_phone:
        doc["telephone"] = actor.public_phone
    if actor.language_list():
        doc["knowsLanguage"] = actor.language_list()
    if actor.founded:
        doc["foundingDate"] = actor.founded.isoformat()
    networks = [url_of(network) for network in actor.networks.all()]
    if networks:
        doc["memberOf"] = networks
    if actor.source and actor.source_key:
        doc["identifier"] = f"{actor.source}:{actor.source_key}"
    doc["dateModified"] = format_timestamp(actor.updated_at)
    _add_essglobal(doc, actor)
    return doc


def _postal_address(actor: Actor) -> dict[str, Any]:
    address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": actor.country.code}
    if actor.street_address:
        address["streetAddress"] = actor.street_address
    if actor.locality:
        address["addressLocality"] = actor.locality
    region_names = language_values(translations(actor.region, "name")) if actor.region else []
    if region_names:
        address["addressRegion"] = _one_or_many(region_names)
    if actor.postcode:
        address["postalCode"] = actor.postcode
    return address


def _add_essglobal(doc: dict[str, Any], actor: Actor) -> None:
    sectors = list(actor.sectors.all())
    themes = list(actor.themes.all())
    legal_form = legal_form_uri(actor.legal_form)
    if legal_form:
        doc["essglobal:legalForm"] = {"@id": legal_form}
    structure = organisational_structure_uri(actor.actor_type)
    if structure:
        doc["essglobal:organisationalStructure"] = {"@id": structure}
    sector_uris = [term.uri for term in sectors if term.uri]
    if sector_uris:
        doc["essglobal:economicSector"] = [{"@id": uri} for uri in sector_uris]
    topics = [term.uri for term in (*sectors, *themes) if term.uri]
    if topics:
        doc["knowsAbout"] = topics
    keywords = [value for term in (*sectors, *themes) for value in language_values(translations(term, "label"))]
    if keywords:
        doc["keywords"] = keywords
    for key, value in (
        ("essglobal:totalOfMembers", actor.members_total),
        ("essglobal:totalWomen", actor.members_women),
        ("essglobal:totalMen", actor.members_men),
    ):
        if value is not None:
            doc[key] = value


# ---------------------------------------------------------------------------------------------------------
# Murmurations: a profile of the organizations_schema-v1.0.0 (one language per profile)
# ---------------------------------------------------------------------------------------------------------

MURMURATIONS_SCHEMA = "organizations_schema-v1.0.0"
MEMBER_OF = "https://schema.org/memberOf"
# ISO 3166-1 codes left to users (AA, QM–QZ, XA–XZ, ZZ): not countries, and not in Murmurations' list.
_USER_ASSIGNED = re.compile(r"^(AA|Q[M-Z]|X[A-Z]|ZZ)$")


def is_assigned_country_code(code: str) -> bool:
    return len(code) == 2 and code.isascii() and code.isalpha() and code.isupper() and not _USER_ASSIGNED.match(code)


def unix_timestamp(day: date) -> int:
    """Midnight UTC of ``day`` as a Unix timestamp, as Murmurations' ``starts_at`` wants."""
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


def full_address(parts: Sequence[str]) -> str:
    return ", ".join(part.strip() for part in parts if part and part.strip())


def actor_murmurations(actor: Actor, *, language: str, page_url: str, url_of: Callable[[Actor], str]) -> dict[str, Any]:
    """The Murmurations profile of an actor, its texts in ``language`` (falling back, see ``localized``).

    ``page_url`` is the absolute URL of the actor's page, its primary URL when it has no website of its own;
    ``url_of`` gives another actor's page (for the networks it belongs to)."""
    profile: dict[str, Any] = {
        "linked_schemas": [MURMURATIONS_SCHEMA],
        "name": _clip(text_in(actor, "name", language) or actor.name, 200),
        "primary_url": primary_url(actor, page_url),
    }
    if actor.acronym:
        profile["nickname"] = actor.acronym
    tags = _unique(
        _clip(label, 100)
        for label in (
            str(OrganisationKind(actor.actor_type).label) if actor.actor_type in OrganisationKind.values else "",
            text_in(actor.legal_form, "label", language) if actor.legal_form else "",
            *(text_in(term, "label", language) for term in (*actor.sectors.all(), *actor.themes.all())),
        )
    )[:100]
    if tags:
        profile["tags"] = tags
    urls = [{"name": gettext("Page in the directory of ESS actors"), "url": page_url}]
    website = web_address(actor.website)
    if website and website != profile["primary_url"]:
        urls.insert(0, {"name": gettext("Website"), "url": website})
    profile["urls"] = urls
    for key in ("description", "mission"):
        text = text_in(actor, key, language)
        if text:
            profile[key] = text
    if actor.status == ActorStatus.PUBLISHED:
        profile["status"] = "active"
    region_name = text_in(actor.region, "name", language) if actor.region else ""
    country_name = text_in(actor.country, "name", language)
    locality_line = f"{actor.postcode} {actor.locality}".strip()
    address = full_address([actor.street_address, locality_line, region_name, country_name])
    if address:
        profile["full_address"] = address
    if is_assigned_country_code(actor.country.code):
        profile["country_iso_3166"] = actor.country.code
    if actor.locality:
        profile["locality"] = _clip(actor.locality, 100)
    if region_name:
        profile["region"] = _clip(region_name, 100)
    if actor.latitude is not None and actor.longitude is not None:
        profile["geolocation"] = {"lat": actor.latitude, "lon": actor.longitude}
    relationships = _unique(primary_url(network, url_of(network)) for network in actor.networks.all())
    if relationships:
        profile["relationships"] = [{"predicate_url": MEMBER_OF, "object_url": url} for url in relationships]
    if actor.founded:
        profile["starts_at"] = unix_timestamp(actor.founded)
    if actor.public_email:
        profile["contact_details"] = {"email": actor.public_email}
    if actor.public_phone:
        profile["telephone"] = actor.public_phone
    if actor.source and actor.source_key:
        profile["unique_id"] = f"{actor.source}:{actor.source_key}"
    return profile


def primary_url(actor: Actor, page_url: str) -> str:
    """Murmurations' key for an actor: its own website, or its page in the directory when it has none."""
    website = web_address(actor.website)
    return website if website and len(website) <= 2000 else page_url
