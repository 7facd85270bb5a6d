"""Import actors from the standard CSV of the solidarity-economy open-data tools, or from GeoJSON.

The CSV has the columns Identifier, Name, Description, Organisational Structure, Activities, Street Address,
Locality, Region, Postcode, Country, Website, Phone, Email, Latitude, Longitude (Geo Container optional), plus
language columns in the OpenStreetMap style (``Name:ar``, ``Description:fr``, ``Mission:en``) and a few
optional columns of ours (Mission, Legal Form, Themes, Founded, Acronym, Legal Name, Languages, Geo Precision).
A GeoJSON FeatureCollection gives the same names in its properties, or the OpenStreetMap keys (``name``,
``addr:city``, ``addr:country``, ``contact:website``, ``description:fr``…); points come from the geometry.

Two stages:

1. ``parse_row()`` turns one row into an ``ActorRecord`` (plain values, no database) or a list of reasons.
   It is a pure function: what it needs from the database (countries, terms, regions, communes) is read once
   into ``Lookups``, plain dictionaries. ``_Preparer`` runs it on a batch of ``BATCH_SIZE`` rows and computes
   the full row of each new actor (``_ActorRows``: ``Actor.refresh_keys()``'s search document and duplicate
   keys, on a light instance). For a file of ``WORKER_BYTES`` or more, ``WORKERS`` forked processes do this
   stage while the importing process reads the file (CSV cells only) and writes: batch n goes to worker n
   modulo ``WORKERS``, each has one batch at a time, and the results are written in file order.
2. ``import_actors()`` applies the records batch by batch, keyed on (source, Identifier): an actor is created
   once, then updated only when a value of the file differs from the stored one, else reported "unchanged" and
   not written. Columns the file does not have are left alone. When the source had no actor before the import,
   nothing is looked up: every record is new. New actors get their ids first (``_ActorTable.new_ids()``), so
   that nothing is read back; each batch is written with one statement per table (COPY on PostgreSQL, a
   prepared INSERT or UPDATE on SQLite); then ``duplicates.detect_duplicates_of()`` compares the keys of the
   batch with the actors sharing them (one query). Identifiers repeated in the file are found through a
   temporary table of the identifiers seen, looked up only for those a Bloom filter may have seen.

A big import (past ``BULK_ROWS`` new actors, ``_Bulk``) of a source that had no actor before runs duplicate
detection once at the end, on the new actors that share a key with another, instead of batch by batch; on
SQLite it also drops the FTS5 insert trigger and indexes its new actors at the end in one statement, then
creates the trigger again (``search_index.py``): a tenth of the cost of the trigger; and for a new source it
drops the indexes of ``directory_actor`` (all but its primary key) and makes them again at the end (a sort each
instead of a million scattered inserts). Then the table's statistics are taken again. All of it inside the
transaction: readers keep the last committed state meanwhile, and search finds the new actors as soon as the
import is committed. PostgreSQL keeps its indexes (dropping one would lock the directory for every reader until
the commit). SQLite's page cache is ``SQLITE_CACHE_KIB`` during the import, and the garbage collector leaves
alone the objects that existed before it (``_long_lived_objects_set_aside``). Memory stays flat: the file is
read as the workers need it, each batch is forgotten once written, and the caches (page cache, Bloom filter,
words already folded in ``text.py``) are bounded.

The whole import is one transaction: a file that turns out to be unreadable half-way (wrong encoding) changes
nothing. In strict mode the file is checked to the end first and nothing is written if any row is rejected.
An untagged text column (``Name``) holds the default language (French); ``Name:fr`` wins over it. Email and
Phone become the actor's *public* contacts: import them only from files that publish an organisation's own
contacts, never a person's (the demo files have none).
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
import ipaddress
import itertools
import json
import math
import multiprocessing
import re
import signal
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache, partial
from multiprocessing.connection import Connection
from typing import IO, Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import connections, router, transaction
from django.db.models import DateField, DateTimeField, TextChoices
from django.db.models.base import ModelState
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext_lazy
from modeltranslation.settings import DEFAULT_LANGUAGE
from modeltranslation.utils import resolution_order

from essmed.core.text import fold_for_search
from essmed.directory import search_index
from essmed.directory.duplicates import ActorKeys, detect_duplicates_of
from essmed.directory.geojson_stream import FeatureStream
from essmed.directory.models import Actor, ActorStatus, GeoPrecision, Term, Vocabulary
from essmed.directory.outlines import Bounds, country_bounds, within
from essmed.directory.places import PlaceTerms
from essmed.directory.taxonomies import infer_actor_type, structure_table
from essmed.directory.text import spreadsheet_formula
from essmed.territories.models import Commune, Country, Region

BATCH_SIZE = 2000
WORKERS = 2  # processes parsing a big file while the importer writes
WORKER_BYTES = 4 * 2**20  # smaller files are parsed by the importer itself
BULK_ROWS = 10_000  # past this many actors created, SQLite's search index is updated at the end
SQLITE_CACHE_KIB = 64 * 2**10  # SQLite's page cache during an import (256 MiB was no quicker at 1M rows)
GC_YOUNG_OBJECTS = 20_000  # the garbage collector's first threshold during an import (700 by default)
BLOOM_BITS = 2**26  # the filter of the identifiers seen (_SeenKeys): a power of two
HEAD_BYTES = 64 * 1024
MAX_CELL_CHARS = 10_000_000  # csv.field_size_limit: a longer cell refuses the file; a shorter one is checked per row
LANGUAGES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)
TRANSLATED = {"Name": "name", "Description": "description", "Mission": "mission"}
TRANSLATED_BASES = frozenset(TRANSLATED.values())
STANDARD_COLUMNS = (
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
    "Geo Container",
)
OUR_COLUMNS = ("Mission", "Legal Form", "Themes", "Founded", "Acronym", "Legal Name", "Languages", "Geo Precision")
REQUIRED_COLUMNS = ("Identifier", "Name", "Country")
HOUSENUMBER = "addr:housenumber"  # joined to the street address
NOT_A_ROW = ""  # the key of a row that cannot be read as one (too many fields, a NUL character), with the reason
ROW_NOTE = "#note"  # the key of a note on a row that is imported all the same (a GeoJSON feature without a Point)
_END = "\x00end of the file\x00"  # fed to the CSV reader after the last line: found in a cell, a quote is open
# Other spellings of the column names (lower case): the US spelling, and OpenStreetMap keys as in GeoJSON files.
ALIASES = {
    "organizational structure": "Organisational Structure",
    "id": "Identifier",  # also "_id", as in TransforMap's GeoJSON: underscores count as spaces
    "postal code": "Postcode",
    "lat": "Latitude",
    "lon": "Longitude",
    "lng": "Longitude",
    "addr:street": "Street Address",
    "addr:housenumber": HOUSENUMBER,
    "addr:city": "Locality",
    "addr:postcode": "Postcode",
    "addr:country": "Country",
    "addr:state": "Region",
    "addr:region": "Region",
    "contact:website": "Website",
    "contact:email": "Email",
    "contact:phone": "Phone",
    "official_name": "Legal Name",
    "short_name": "Acronym",
    "start_date": "Founded",
}
_CANONICAL = {name.lower(): name for name in (*STANDARD_COLUMNS, *OUR_COLUMNS)} | ALIASES
_SPACES = re.compile(r"[\s_]+")
_LIST_SEPARATORS = re.compile(r"\s*[;|]\s*")
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
_check_url = URLValidator(schemes=["http", "https"])
# A subset of what URLValidator accepts: http(s), a lower-case ASCII host name, an optional path.
_PLAIN_URL = re.compile(r"https?://(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(?:[/?#][^\s]*)?")
_check_email = EmailValidator()

MAX_LENGTHS = {
    "name": 250,
    "legal_name": 250,
    "acronym": 40,
    "street_address": 250,
    "locality": 120,
    "postcode": 20,
    "website": 300,
    "public_email": 254,
    "public_phone": 40,
    "languages": 100,
    "source_key": 200,
}
# Fields a file may set (attribute names), and those refresh_keys() reads: fetched for every existing actor.
TEXT_FIELDS = tuple(f"{base}_{lang}" for base in TRANSLATED.values() for lang in LANGUAGES)
IMPORTED_FIELDS = (
    *TEXT_FIELDS,
    "actor_type",
    "legal_form_id",
    "acronym",
    "legal_name",
    "street_address",
    "locality",
    "postcode",
    "country_id",
    "region_id",
    "division_id",
    "commune_id",
    "latitude",
    "longitude",
    "geo_precision",
    "website",
    "public_email",
    "public_phone",
    "languages",
    "founded",
)
KEY_FIELDS = ("search_document", "name_key", "website_key")


class RowStatus(TextChoices):
    CREATED = "created", pgettext_lazy("imported row", "created")
    UPDATED = "updated", pgettext_lazy("imported row", "updated")
    UNCHANGED = "unchanged", pgettext_lazy("imported row", "unchanged")
    REJECTED = "rejected", pgettext_lazy("imported row", "rejected")


class ImportFileError(Exception):
    """The file cannot be imported at all (encoding, format, missing columns): nothing is written."""


@dataclass(frozen=True)
class RowReport:
    """What happened to one row: its line (or feature number), identifier, status and the reasons."""

    line: int
    identifier: str
    status: str
    reasons: tuple[str, ...] = ()
    actor_id: int | None = None

    @property
    def status_label(self) -> str:
        return str(RowStatus(self.status).label)

    def __str__(self) -> str:
        text = gettext("row %(line)s (%(identifier)s): %(status)s") % {
            "line": self.line,
            "identifier": self.identifier or "-",
            "status": self.status_label,
        }
        return f"{text} — {'; '.join(self.reasons)}" if self.reasons else text


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rolled_back: bool = False
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected

    def count(self, report: RowReport) -> None:
        setattr(self, report.status, getattr(self, report.status) + 1)

    def __str__(self) -> str:
        return gettext("created %(created)s, updated %(updated)s, unchanged %(unchanged)s, rejected %(rejected)s") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }


@dataclass
class Lookups:
    """What parse_row() needs from the database, as plain dictionaries keyed on folded text (core.text)."""

    countries: dict[str, int]
    terms: dict[str, dict[str, int]]
    legal_form_codes: dict[int, str]
    regions: dict[tuple[int, str], int]
    communes: dict[tuple[int, str], tuple[int, int, int]]
    structures: dict[str, str]
    bounds: dict[int, Bounds] = field(default_factory=dict)  # country id → the bounding box of its outline

    @classmethod
    def from_database(cls) -> Lookups:
        countries: dict[str, int] = {}
        for pk, *names in Country.objects.values_list("pk", "code", "alpha3", "name_en", "name_fr", "name_ar"):
            for name in names:
                if name:
                    countries.setdefault(fold(name), pk)
        terms: dict[str, dict[str, int]] = {vocabulary: {} for vocabulary in Vocabulary.values}
        legal_form_codes = {}
        for pk, vocabulary, code, *labels in Term.objects.values_list(
            "pk", "vocabulary", "code", "label_fr", "label_ar", "label_en"
        ):
            for name in (code, *labels):
                if name:
                    terms[vocabulary].setdefault(fold(name), pk)
            if vocabulary == Vocabulary.LEGAL_FORM:
                legal_form_codes[pk] = code
        regions: dict[tuple[int, str], int] = {}
        for pk, country_id, *names in Region.objects.values_list(
            "pk", "country_id", "slug", "code", "name_fr", "name_ar", "name_en"
        ):
            for name in names:
                if name:
                    regions.setdefault((country_id, fold(name)), pk)
        communes: dict[tuple[int, str], tuple[int, int, int]] = {}
        ambiguous: set[tuple[int, str]] = set()
        for pk, division_id, region_id, country_id, *names in Commune.objects.values_list(
            "pk", "division_id", "division__region_id", "division__region__country_id", "name_fr", "name_ar", "name_en"
        ):
            for key in {(country_id, fold(name)) for name in names if name}:
                if key in communes and communes[key][0] != pk:
                    ambiguous.add(key)
                communes[key] = (pk, division_id, region_id)
        for key in ambiguous:
            del communes[key]
        outlines = country_bounds()
        bounds = {pk: outlines[code] for pk, code in Country.objects.values_list("pk", "numeric") if code in outlines}
        return cls(countries, terms, legal_form_codes, regions, communes, structure_table(), bounds)


@dataclass
class ActorRecord:
    """A valid row: the values of the actor's fields for the columns the file has (attribute names)."""

    line: int
    source_key: str
    values: dict[str, Any]
    on_create: dict[str, Any] = field(default_factory=dict)  # only when the actor is new (an inferred type)
    sectors: frozenset[int] | None = None  # None: the file has no Activities column
    themes: frozenset[int] | None = None
    row: list[Any] | None = field(default=None, compare=False, repr=False)  # the columns if new (_ActorRows)
    notes: tuple[str, ...] = ()  # for the row's report, whatever its status (a GeoJSON feature without a Point)


# Stage 1: parsing, pure functions.


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """``core.text.fold_for_search``, remembered: countries, types and activities repeat from row to row."""
    return fold_for_search(text)


def canonical_column(header: str) -> str | None:
    """The standard name of a column (``name:AR`` → ``Name:ar``, ``addr:city`` → ``Locality``), or None if
    the importer does not read it (an unknown column, or a language the platform does not have)."""
    key = _SPACES.sub(" ", header.lstrip("\ufeff")).strip().lower()
    if key in _CANONICAL:
        return _CANONICAL[key]
    base, colon, language = key.rpartition(":")
    if colon and base.title() in TRANSLATED and language in LANGUAGES:
        return f"{base.title()}:{language}"
    return None


def detect_delimiter(header_line: str) -> str:
    """The delimiter of a CSV file from its header line: comma unless semicolons or tabs are more frequent."""
    counts = {delimiter: header_line.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=lambda delimiter: (counts[delimiter], delimiter == ","))


def _reason(column: str, message: str) -> str:
    return f"{column}: {message}"


def _text(values: Mapping[str, str], column: str, field_name: str, reasons: list[str]) -> str:
    """The text of ``column``: spaces collapsed, except in descriptions and missions (paragraphs are kept)."""
    raw = values.get(column, "")
    value = raw.strip() if field_name in MULTILINE else " ".join(raw.split())
    limit = MAX_LENGTHS.get(field_name)
    if limit is not None and len(value) > limit:
        reasons.append(_reason(column, gettext("longer than %(limit)s characters") % {"limit": limit}))
    return value


MULTILINE = frozenset({"description", "mission"})


def _translations(values: Mapping[str, str], reasons: list[str]) -> dict[str, str]:
    """``name_fr``, ``description_ar``… for the text columns the row has; untagged columns in the default
    language unless the tagged one is there too."""
    texts: dict[str, str] = {}
    for column, base in TRANSLATED.items():
        if column in values:
            texts[f"{base}_{DEFAULT_LANGUAGE}"] = _text(values, column, base, reasons)
        for language in LANGUAGES:
            tagged = f"{column}:{language}"
            if tagged in values and (values[tagged].strip() or language != DEFAULT_LANGUAGE or column not in values):
                texts[f"{base}_{language}"] = _text(values, tagged, base, reasons)
    return texts


def _terms(values: Mapping[str, str], column: str, vocabulary: str, lookups: Lookups, reasons: list[str]) -> set[int]:
    found = set()
    for item in _LIST_SEPARATORS.split(values[column].strip()):
        if item:
            pk = lookups.terms[vocabulary].get(fold(item))
            if pk is None:
                reasons.append(_reason(column, gettext("unknown term '%(value)s'") % {"value": item}))
            else:
                found.add(pk)
    return found


def _coordinate(values: Mapping[str, str], column: str, limit: float, reasons: list[str]) -> float | None:
    raw = values.get(column, "").strip()
    if not raw:
        return None
    try:
        if "_" in raw:  # float() reads "1_0" as 10
            raise ValueError(raw)
        number = float(raw.replace(",", ".") if "." not in raw else raw)
    except ValueError:
        reasons.append(_reason(column, gettext("'%(value)s' is not a number") % {"value": raw}))
        return None
    if not math.isfinite(number) or not -limit <= number <= limit:
        reasons.append(
            _reason(
                column, gettext("%(value)s is out of range (-%(limit)s to %(limit)s)") % {"value": raw, "limit": limit}
            )
        )
        return None
    return number


def _place(
    values: Mapping[str, str], record: dict[str, Any], lookups: Lookups, reasons: list[str], notes: list[str]
) -> None:
    """Coordinates and their precision; region, division and commune from the Region and Locality columns. A
    region the platform does not know (it knows the cooperation's regions, not every region of every country)
    is left out with a note: the actor is imported all the same."""
    country_id = record.get("country_id")
    if "Latitude" in values or "Longitude" in values:
        latitude = _coordinate(values, "Latitude", 90, reasons)
        longitude = _coordinate(values, "Longitude", 180, reasons)
        given = (bool(values.get("Latitude", "").strip()), bool(values.get("Longitude", "").strip()))
        if given == (True, False):
            reasons.append(_reason("Longitude", gettext("missing while Latitude is given")))
        elif given == (False, True):
            reasons.append(_reason("Latitude", gettext("missing while Longitude is given")))
        elif latitude == 0 and longitude == 0:
            reasons.append(_reason("Latitude", gettext("0, 0 is not a place (coordinates missing?)")))
        if latitude is None or longitude is None:
            latitude = longitude = None
        elif _swapped(lookups.bounds.get(country_id) if country_id else None, latitude, longitude):
            message = gettext(
                "%(latitude)s, %(longitude)s is outside the country, %(longitude)s, %(latitude)s inside it: "
                "are latitude and longitude swapped?"
            )
            reasons.append(_reason("Latitude", message % {"latitude": latitude, "longitude": longitude}))
        record["latitude"], record["longitude"] = latitude, longitude
        record["geo_precision"] = _precision(values, latitude is not None)
    if "Geo Precision" in values and values["Geo Precision"].strip():
        precision = values["Geo Precision"].strip().lower()
        if precision not in GeoPrecision.values:
            reasons.append(_reason("Geo Precision", gettext("unknown precision '%(value)s'") % {"value": precision}))
        elif record.get("latitude") is not None:
            record["geo_precision"] = precision
    if country_id is None:
        return
    region_id = None
    region = values.get("Region", "").strip()
    if region:
        region_id = lookups.regions.get((country_id, fold(region)))
        if region_id is None:
            message = gettext("unknown region '%(region)s' in the country '%(country)s': left out")
            notes.append(_reason("Region", message % {"region": region, "country": values["Country"].strip()}))
    if "Locality" in values:
        commune = lookups.communes.get((country_id, fold(values["Locality"]))) if values["Locality"].strip() else None
        if commune is not None and region_id not in (None, commune[2]):
            commune = None  # the town is not in the region the row names: trust the region
        record["commune_id"], record["division_id"] = (commune[0], commune[1]) if commune else (None, None)
        region_id = region_id or (commune[2] if commune else None)
    if "Region" in values or "Locality" in values:
        record["region_id"] = region_id


def _swapped(bounds: Bounds | None, latitude: float, longitude: float) -> bool:
    """Whether a position is outside its country's outline (its bounding box) and would be inside it swapped."""
    return bounds is not None and not within(bounds, latitude, longitude) and within(bounds, longitude, latitude)


def _precision(values: Mapping[str, str], located: bool) -> str:
    if not located:
        return ""
    if values.get("Street Address", "").strip():
        return GeoPrecision.EXACT
    if values.get("Locality", "").strip() or values.get("Postcode", "").strip() or values.get("Geo Container"):
        return GeoPrecision.LOCALITY
    if values.get("Region", "").strip():
        return GeoPrecision.REGION
    return GeoPrecision.EXACT


# A year, a month or a day, with perhaps a time of day (as in an ISO 8601 date and time).
_DATE = re.compile(
    r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?"
)


def _founded(raw: str, reasons: list[str]) -> date | None:
    raw = raw.strip()
    if not raw:
        return None
    match = _DATE.fullmatch(raw)
    try:
        if match is None:
            raise ValueError(raw)
        year, month, day = (int(part) if part else 1 for part in match.groups())
        founded = date(year, month, day)
    except ValueError:
        reasons.append(_reason("Founded", gettext("'%(value)s' is not a date (YYYY or YYYY-MM-DD)") % {"value": raw}))
        return None
    if founded > timezone.localdate() or founded.year < 1000:
        reasons.append(_reason("Founded", gettext("%(value)s is not a possible founding date") % {"value": raw}))
        return None
    return founded


def _website(raw: str, reasons: list[str]) -> str:
    url = raw.strip()
    if not url:
        return ""
    if "://" not in url:
        if url.lower().startswith("mailto:") or "@" in url.split("/", 1)[0]:
            reasons.append(
                _reason("Website", gettext("'%(value)s' is an email address, not a web address") % {"value": url})
            )
            return ""
        url = f"https://{url}"
    if len(url) > 250 or not _PLAIN_URL.fullmatch(url):  # the common case, which URLValidator accepts: quicker
        problem = _unusual_website(url)
        if problem:
            reasons.append(_reason("Website", problem % {"value": raw.strip()}))
            return ""
        parts = urlsplit(url)  # «HTTP://Example.ORG/Page» as exported: scheme and host in lower case
        url = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, parts.fragment))
    if len(url) > MAX_LENGTHS["website"]:
        reasons.append(_reason("Website", gettext("longer than %(limit)s characters") % {"limit": 300}))
    return url


def _unusual_website(url: str) -> str:
    """Why ``url`` (not a plain one, see ``_PLAIN_URL``) is refused, a message with ``%(value)s``, or ""."""
    try:
        _check_url(url)
        parts = urlsplit(url)
        host = parts.hostname or ""
    except (ValidationError, ValueError):
        return gettext("'%(value)s' is not a web address")
    if "@" in parts.netloc:
        return gettext("'%(value)s' has a user name or password: not accepted in a web address")
    if "." not in host or _is_ip_address(host):
        return gettext("'%(value)s' is not a public web address (a local name or an IP address)")
    return ""


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _languages(raw: str, reasons: list[str]) -> str:
    codes = [code.lower() for code in re.split(r"[\s,;/|]+", raw.strip()) if code]
    wrong = [code for code in codes if not _LANGUAGE_CODE.fullmatch(code)]
    if wrong:
        reasons.append(_reason("Languages", gettext("'%(value)s' is not a language code") % {"value": wrong[0]}))
    text = ", ".join(dict.fromkeys(codes))
    if len(text) > MAX_LENGTHS["languages"]:
        reasons.append(_reason("Languages", gettext("longer than %(limit)s characters") % {"limit": 100}))
    return text


def parse_row(values: Mapping[str, str], line: int, lookups: Lookups) -> ActorRecord | list[str]:
    """Check one row (canonical column → text) and turn it into an ActorRecord, or return the reasons why
    it cannot be imported. Never raises on bad input; no database access."""
    reasons: list[str] = []
    identifier = " ".join(values.get("Identifier", "").split())
    if not identifier:
        reasons.append(_reason("Identifier", gettext("missing")))
    elif len(identifier) > MAX_LENGTHS["source_key"]:
        reasons.append(_reason("Identifier", gettext("longer than %(limit)s characters") % {"limit": 200}))
    record: dict[str, Any] = _translations(values, reasons)
    names = [record.get(f"name_{language}", "") for language in (DEFAULT_LANGUAGE, *LANGUAGES)]
    if not any(names):
        reasons.append(_reason("Name", gettext("missing")))
    elif not record.get(f"name_{DEFAULT_LANGUAGE}"):  # shown in the default language when nothing else is
        record[f"name_{DEFAULT_LANGUAGE}"] = next(name for name in names if name)
    country = values.get("Country", "").strip()
    if not country:
        reasons.append(_reason("Country", gettext("missing")))
    elif fold(country) not in lookups.countries:
        reasons.append(_reason("Country", gettext("unknown country '%(value)s'") % {"value": country}))
    else:
        record["country_id"] = lookups.countries[fold(country)]
    legal_form_code = ""
    if "Legal Form" in values:
        record["legal_form_id"] = None
        if values["Legal Form"].strip():
            pk = lookups.terms[Vocabulary.LEGAL_FORM].get(fold(values["Legal Form"].strip()))
            if pk is None:
                reasons.append(
                    _reason("Legal Form", gettext("unknown legal form '%(value)s'") % {"value": values["Legal Form"]})
                )
            else:
                record["legal_form_id"] = pk
                legal_form_code = lookups.legal_form_codes[pk]
    on_create: dict[str, Any] = {}
    structure = values.get("Organisational Structure", "").strip()
    if structure:
        kind = lookups.structures.get(fold(structure))
        if kind is None:
            reasons.append(
                _reason(
                    "Organisational Structure",
                    gettext("unknown organisational structure '%(value)s'") % {"value": structure},
                )
            )
        else:
            record["actor_type"] = kind
    else:
        on_create["actor_type"] = infer_actor_type(next((name for name in names if name), ""), legal_form_code)
    sectors = _terms(values, "Activities", Vocabulary.ACTIVITY, lookups, reasons) if "Activities" in values else None
    themes = _terms(values, "Themes", Vocabulary.THEME, lookups, reasons) if "Themes" in values else None
    for column, field_name in (
        ("Acronym", "acronym"),
        ("Legal Name", "legal_name"),
        ("Locality", "locality"),
        ("Postcode", "postcode"),
        ("Phone", "public_phone"),
    ):
        if column in values:
            record[field_name] = _text(values, column, field_name, reasons)
    if "Street Address" in values or HOUSENUMBER in values:
        street = " ".join(f"{values.get('Street Address', '')} {values.get(HOUSENUMBER, '')}".split())
        record["street_address"] = street
        if len(street) > MAX_LENGTHS["street_address"]:
            reasons.append(_reason("Street Address", gettext("longer than %(limit)s characters") % {"limit": 250}))
    if "Website" in values:
        record["website"] = _website(values["Website"], reasons)
    if "Email" in values:
        email = values["Email"].strip()
        try:
            if email:
                _check_email(email)
        except ValidationError:
            reasons.append(_reason("Email", gettext("'%(value)s' is not an email address") % {"value": email}))
        record["public_email"] = email
    if "Founded" in values:
        record["founded"] = _founded(values["Founded"], reasons)
    if "Languages" in values:
        record["languages"] = _languages(values["Languages"], reasons)
    notes: list[str] = []
    _place(values, record, lookups, reasons, notes)
    if reasons:
        return reasons
    return ActorRecord(line, identifier, record, on_create, _frozen(sectors), _frozen(themes), notes=tuple(notes))


def _frozen(terms: set[int] | None) -> frozenset[int] | None:
    return None if terms is None else frozenset(terms)


# Reading files.


class _CountingReader(io.RawIOBase):
    """A binary stream that counts the bytes read, for the progress bar."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.stream.read(len(buffer))
        buffer[: len(data)] = data
        self.consumed += len(data)
        return len(data)


@dataclass
class SourceFile:
    """An opened file: its rows, the columns ignored, the bytes read.

    A row is (line, canonical column → text), or for a CSV file (line, cells), which ``row_values()`` turns
    into the former (in the worker processes, see ``_prepared()``)."""

    rows: Iterator[RawRow]
    ignored_columns: set[str]  # a GeoJSON file's grow while its features are read
    counter: _CountingReader
    columns: list[str | None] = field(default_factory=list)  # CSV: the canonical column of each cell, or None


RawRow = tuple[int, dict[str, str] | list[str]]


def row_values(columns: list[str | None], cells: list[str]) -> dict[str, str] | None:
    """The values of a CSV row by canonical column, or None for a blank row (skipped).

    A cell that ``exports.spreadsheet_safe()`` prefixed with an apostrophe (``'=1+2``) loses it, so that an
    exported file imports again unchanged. A row with a NUL character in a column read is not a row (no
    database stores it)."""
    if not any(cell.strip() for cell in cells):
        return None
    values = {column: cell for column, cell in zip(columns, cells, strict=False) if column is not None}
    if len(cells) > len(columns) and any(cell.strip() for cell in cells[len(columns) :]):
        message = gettext("%(count)s fields, the header has %(expected)s")
        values[NOT_A_ROW] = message % {"count": len(cells), "expected": len(columns)}
    joined = "\n".join(cells)  # two searches in one string instead of a test of each cell
    if "\n'" in joined or joined.startswith("'"):
        for column, cell in values.items():
            if cell.startswith("'") and spreadsheet_formula(cell[1:]):
                values[column] = cell[1:]
    if "\x00" in joined:
        _refuse_nul(values)
    return values


def _refuse_nul(values: dict[str, str]) -> None:
    """Reject a row whose values hold a NUL character, naming their columns; the values keep a visible mark
    instead (the identifier goes to the report, which the database stores)."""
    columns = [column for column, value in values.items() if column != NOT_A_ROW and "\x00" in value]
    if not columns:
        return
    for column in columns:
        values[column] = values[column].replace("\x00", "\ufffd")
    message = gettext("%(columns)s: a NUL character (\\0), which cannot be stored: the file may be damaged")
    values.setdefault(NOT_A_ROW, message % {"columns": ", ".join(columns)})


def _check_head(stream: IO[bytes]) -> bytes:
    """The first bytes of the file, after checking they are UTF-8 text; the stream is rewound."""
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:2]:  # a BOM, or "I\0d\0" / "\0I\0d"
        raise ImportFileError(
            gettext(
                "The file is in UTF-16 (or UTF-32), not UTF-8. Save it as CSV UTF-8 and import it again. "
                "Nothing was imported."
            )
        )
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # a ZIP (.xlsx, .ods) or an old .xls
        raise ImportFileError(
            gettext(
                "The file is a spreadsheet (.xlsx, .ods or .xls), not a CSV file. Save it as CSV UTF-8 from the "
                "spreadsheet and import that file. Nothing was imported."
            )
        )
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError as error:
        raise ImportFileError(_encoding_message(error, head)) from error
    return head


def _encoding_message(error: UnicodeDecodeError, data: bytes | None = None, line: int | None = None) -> str:
    if line is None and data is not None:
        line = data[: error.start].count(b"\n") + 1
    return gettext(
        "The file is not UTF-8 text (byte 0x%(byte)02x on line %(line)s cannot be read): it may be in Latin-1 or "
        "Windows-1252. Save it as UTF-8 and import it again. Nothing was imported."
    ) % {"byte": error.object[error.start], "line": line or "?"}


def open_source(stream: IO[bytes]) -> SourceFile:
    """Open a CSV or GeoJSON file (told apart by its first character) and check its columns.

    Raises ImportFileError naming the problem: not UTF-8, not CSV or GeoJSON, required columns missing."""
    head = _check_head(stream)
    counter = _CountingReader(stream)
    binary = io.BufferedReader(counter, buffer_size=HEAD_BYTES)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return _open_geojson(io.TextIOWrapper(binary, encoding="utf-8-sig"), counter)
    return _open_csv(_decoded_lines(binary), head, counter)


def _decoded_lines(binary: IO[bytes]) -> Iterator[str]:
    """The lines of a UTF-8 file, decoded one by one so that a wrong byte is reported on its own line."""
    for number, raw in enumerate(binary, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ImportFileError(_encoding_message(error, line=number)) from error
        yield line.removeprefix("\ufeff") if number == 1 else line


def _header_columns(header: list[str]) -> tuple[list[str | None], set[str]]:
    columns = [canonical_column(name) for name in header]
    ignored = {
        name.replace("\x00", "\ufffd")
        for name, column in zip(header, columns, strict=True)
        if column is None and name.strip()
    }
    seen: set[str] = set()
    for column in columns:
        if column is not None:
            if column in seen:
                raise ImportFileError(gettext("The column %(column)s appears twice.") % {"column": column})
            seen.add(column)
    has_name = any(column == "Name" or (column or "").startswith("Name:") for column in columns)
    missing = [column for column in REQUIRED_COLUMNS if column not in seen and not (column == "Name" and has_name)]
    if missing:
        raise ImportFileError(
            gettext("Required column(s) missing: %(columns)s. The first line must name the columns.")
            % {"columns": ", ".join(missing)}
        )
    return columns, ignored


def _open_csv(lines: Iterator[str], head: bytes, counter: _CountingReader) -> SourceFile:
    """The rows of a CSV file. The reader is fed ``_END`` after the last line: it comes back as a row of its own,
    unless a quote is still open, in which case it ends the last cell (the csv module says nothing of it)."""
    first_line = head.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    csv.field_size_limit(MAX_CELL_CHARS)  # 131,072 by default: the length checks of parse_row() apply below it
    reader = csv.reader(itertools.chain(lines, (_END,)), delimiter=detect_delimiter(first_line))
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise ImportFileError(_csv_error_message(error, 1)) from error
    if header is None or header == [_END]:
        raise ImportFileError(gettext("The file is empty."))
    if header and header[-1].endswith(_END):
        raise ImportFileError(_open_quote_message(1, header))
    if not any(name.strip() for name in header):
        raise ImportFileError(
            gettext("The first line of the file is blank: it must name the columns (Identifier, Name, Country…).")
        )
    columns, ignored = _header_columns(header)

    def rows() -> Iterator[RawRow]:
        line = reader.line_num
        while True:
            start = line + 1
            try:
                cells = next(reader, None)
            except csv.Error as error:
                raise ImportFileError(_csv_error_message(error, start)) from error
            if cells is None:
                return
            if cells and cells[-1].endswith(_END):
                if cells == [_END]:
                    return
                raise ImportFileError(_open_quote_message(start, cells))
            line = reader.line_num
            yield start, cells

    return SourceFile(rows(), ignored, counter, columns)


def _open_quote_message(start: int, cells: list[str]) -> str:
    line = start + sum(cell.count("\n") for cell in cells[:-1])  # the line where the last cell starts
    return gettext(
        "Not a valid CSV file: the quote opened on line %(line)s is never closed, so the rest of the file would be "
        "read as one cell. Close it (or double the quotes inside the text) and import again. Nothing was imported."
    ) % {"line": line}


def _csv_error_message(error: csv.Error, line: int) -> str:
    """The reason of the csv module's error, in the user's language (its own text is English and technical)."""
    text = str(error)
    if "field larger than field limit" in text:
        message = gettext(
            "Not a valid CSV file (line %(line)s): a cell longer than %(limit)s characters (a quote never closed?). "
            "Nothing was imported."
        )
    elif "new-line character seen in unquoted field" in text:
        message = gettext(
            "Not a valid CSV file (line %(line)s): its lines end with a carriage return alone (old Mac format). "
            "Save it as CSV UTF-8 with ordinary line ends and import it again. Nothing was imported."
        )
    else:
        message = gettext("Not a valid CSV file (line %(line)s). Nothing was imported.")
    return message % {"line": line, "limit": f"{MAX_CELL_CHARS:,}"}


def _open_geojson(text: io.TextIOWrapper, counter: _CountingReader) -> SourceFile:
    """Features read one at a time (``geojson_stream``): memory stays flat whatever the size of the file. A
    problem found on the way (bad JSON, not a FeatureCollection) stops the import, which then changes nothing."""
    stream = FeatureStream(text)
    ignored: set[str] = set()

    def rows() -> Iterator[RawRow]:
        try:
            for number, feature in enumerate(stream.features(), start=1):
                if stream.members.get("type", "FeatureCollection") != "FeatureCollection":
                    raise ImportFileError(_not_a_collection(stream.members["type"]))
                yield number, _feature_values(feature, ignored)
        except UnicodeDecodeError as error:
            raise ImportFileError(_encoding_message(error)) from error
        except json.JSONDecodeError as error:
            message = gettext(
                "Not a valid JSON file (line %(line)s, column %(column)s): a bracket, comma, colon or quote is "
                "missing or misplaced there. Nothing was imported."
            )
            raise ImportFileError(message % {"line": error.lineno, "column": error.colno}) from error
        except RecursionError as error:  # the json module's decoder recurses into nested arrays and objects
            message = gettext(
                "Not a valid GeoJSON file (line %(line)s): its arrays or objects are nested too deeply. "
                "Nothing was imported."
            )
            raise ImportFileError(message % {"line": _stream_line(stream)}) from error
        except ValueError as error:  # an integer of more than sys.get_int_max_str_digits() digits
            message = gettext(
                "Not a valid GeoJSON file (line %(line)s): a number has too many digits. Nothing was imported."
            )
            raise ImportFileError(message % {"line": _stream_line(stream)}) from error
        if stream.members.get("type") != "FeatureCollection" or not stream.has_features:
            raise ImportFileError(_not_a_collection(stream.members.get("type")))

    return SourceFile(rows(), ignored, counter)


def _stream_line(stream: FeatureStream) -> int:
    """The line of the file where the value being decoded starts."""
    return stream.dropped_lines + stream.buffer.count("\n", 0, stream.position) + 1


def _not_a_collection(kind: Any) -> str:
    if isinstance(kind, str) and kind and kind != "FeatureCollection":
        message = gettext(
            "Not a GeoJSON FeatureCollection: this file is a GeoJSON %(type)s. Only a FeatureCollection, with the "
            "actors as its features, can be imported. Nothing was imported."
        )
        return message % {"type": kind[:40]}
    return gettext(
        "Not a GeoJSON FeatureCollection: a file starting with '{' must be a GeoJSON object of type "
        'FeatureCollection with a "features" list. Nothing was imported.'
    )


def _feature_values(feature: Any, ignored: set[str]) -> dict[str, str]:
    """The values of a feature by canonical column. A value that is not a text or a number (an object, a list,
    true or false), or a text with a NUL character, rejects the feature; a feature without a Point (no geometry,
    a polygon) is imported without coordinates, with a note (``ROW_NOTE``), unless its properties give them."""
    if not isinstance(feature, dict):
        return {NOT_A_ROW: gettext("not a GeoJSON feature")}
    properties = feature.get("properties") or {}
    values: dict[str, str] = {}
    wrong: list[str] = []
    if isinstance(properties, dict):
        for key, value in properties.items():
            column = canonical_column(str(key))
            if column is None:
                ignored.add(str(key).replace("\x00", "\ufffd"))
            elif value is not None and column not in values:
                if isinstance(value, str):
                    values[column] = value
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    values[column] = json.dumps(value)
                else:
                    wrong.append(column)
    if "Identifier" not in values and feature.get("id") is not None:
        identifier = feature["id"]
        if isinstance(identifier, str | int | float) and not isinstance(identifier, bool):
            values["Identifier"] = str(identifier)
        else:
            wrong.append("id")
    geometry = feature.get("geometry")
    if isinstance(geometry, dict) and geometry.get("type") == "Point":
        coordinates = geometry.get("coordinates")
        if isinstance(coordinates, list) and len(coordinates) >= 2:
            values["Longitude"], values["Latitude"] = str(coordinates[0]), str(coordinates[1])
        else:
            values["Latitude"] = str(coordinates)
    elif not (values.get("Latitude") or values.get("Longitude")):
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        if isinstance(kind, str) and kind:
            note = gettext("a %(type)s, not a Point, imported without coordinates") % {"type": kind[:40]}
        else:
            note = gettext("none, imported without coordinates")
        values[ROW_NOTE] = _reason("geometry", note)
    if wrong:
        message = gettext("%(columns)s: a text or a number is expected, not a list, an object, true or false")
        values[NOT_A_ROW] = message % {"columns": ", ".join(wrong)}
    if any("\x00" in value for value in values.values()):  # after: the first reason is kept
        _refuse_nul(values)
    return values


# Stage 2: writing.


class _SeenKeys:
    """The identifiers already read from the file, with their line, in a temporary table: flat memory even for
    a file of a million rows, and an indexed lookup for each batch.

    A Bloom filter (``BLOOM_BITS`` bits, 8 MiB) tells which identifiers of a batch may have been seen: only
    those are looked up, mostly none (a false positive is one lookup that finds nothing)."""

    table = "essmed_import_seen_keys"

    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.bits = bytearray(BLOOM_BITS // 8)

    def create(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")
            cursor.execute(f"CREATE TEMPORARY TABLE {self.table} (source_key VARCHAR(200) PRIMARY KEY, line INTEGER)")

    def drop(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")

    @staticmethod
    def _bits(key: str) -> tuple[int, int]:
        code = hash(key)
        return code & (BLOOM_BITS - 1), (code >> 32) & (BLOOM_BITS - 1)

    def lines(self, keys: list[str]) -> dict[str, int]:
        bits = self.bits
        maybe = [
            key
            for key in keys
            for first, second in (self._bits(key),)
            if bits[first >> 3] & (1 << (first & 7)) and bits[second >> 3] & (1 << (second & 7))
        ]
        found: dict[str, int] = {}
        with self.connection.cursor() as cursor:
            for start in range(0, len(maybe), 900):
                chunk = maybe[start : start + 900]
                placeholders = ", ".join(["%s"] * len(chunk))
                query = f"SELECT source_key, line FROM {self.table} WHERE source_key IN ({placeholders})"  # noqa: S608
                cursor.execute(query, chunk)
                found.update(cursor.fetchall())
        return found

    def add(self, items: list[tuple[str, int]]) -> None:
        bits = self.bits
        for key, _line in items:
            first, second = self._bits(key)
            bits[first >> 3] |= 1 << (first & 7)
            bits[second >> 3] |= 1 << (second & 7)
        _insert_rows(self.connection, self.table, ["source_key", "line"], items)


class _ActorRows:
    """The row of ``directory_actor`` of each new actor, as a list of column values (without the id), and the
    light instances the importer computes them on. No database access: worker processes use it.

    Django's ``bulk_create`` prepares each of the actor's ~45 fields of each row in Python, about 300 µs a row,
    and building a full model instance costs 120 µs more: six times the import's whole budget (50 µs a row).
    Here the columns come from the model's ``_meta``, the values from a light instance (no ``__init__``) on
    which ``Actor.refresh_keys()`` computes the search document and duplicate keys as ``save()`` would (with the
    names of the actors' places read once, ``places.PlaceTerms``), and
    only dates and times need adapting to the database. The untranslated columns (``name``…) take the default
    language's value with django-modeltranslation's fallbacks (``resolution_order``), as ``save()`` would.
    Nothing else of ``save()`` is skipped: the model has no signals or ``pre_save`` logic for these fields."""

    def __init__(self, connection: Any, now: datetime, source: str, status: str) -> None:
        ops = connection.ops
        self.fields = [model_field for model_field in Actor._meta.concrete_fields if not model_field.primary_key]
        self.defaults = {model_field.attname: model_field.get_default() for model_field in self.fields}
        self.dates = {
            model_field.attname
            for model_field in self.fields
            if isinstance(model_field, DateField) and not isinstance(model_field, DateTimeField)
        }
        self.adapt_date = ops.adapt_datefield_value
        self.now = ops.adapt_datetimefield_value(now)
        self.fallbacks = resolution_order(DEFAULT_LANGUAGE)
        self.attnames = [model_field.attname for model_field in self.fields]
        self.special = [
            (index, attname)
            for index, attname in enumerate(self.attnames)
            if attname in self.dates or attname in TRANSLATED_BASES or attname in ("created_at", "updated_at")
        ]
        self.new_values = {"source": source, "status": status}
        # Where the keys of duplicate detection are in a row.
        self.key_positions = [self.attnames.index(name) for name in _DUPLICATE_KEYS[1:]]
        self.places = PlaceTerms.from_database()  # the names of the actors' places, for their search documents

    def instance(self, values: Mapping[str, Any]) -> Actor:
        """An actor holding ``values`` over the fields' defaults, built without ``Model.__init__``, with its
        search document and duplicate keys computed by ``Actor.refresh_keys()``."""
        actor = Actor.__new__(Actor)
        actor._state = ModelState()
        actor.__dict__.update(self.defaults)
        actor.__dict__.update(values)
        actor.refresh_keys(self.places)
        return actor

    def value(self, actor: Actor, attname: str) -> Any:
        """The value of a column for the database, read from the light instance without its descriptors."""
        if attname in ("created_at", "updated_at"):
            return self.now
        if attname in TRANSLATED_BASES:  # the untranslated column: the default language, with its fallbacks
            texts = (actor.__dict__.get(f"{attname}_{language}") for language in self.fallbacks)
            return next((text for text in texts if text), "")
        value = actor.__dict__.get(attname)
        if attname in self.dates and value is not None:
            return self.adapt_date(value)
        return value

    def new_row(self, record: ActorRecord) -> list[Any]:
        """The column values of the actor ``record`` creates (in the default language: see ``value()``)."""
        actor = self.instance({**self.new_values, "source_key": record.source_key, **record.on_create, **record.values})
        values = actor.__dict__
        row = [values.get(attname) for attname in self.attnames]
        for index, attname in self.special:
            row[index] = self.value(actor, attname)
        return row

    def keys(self, pk: int, row: list[Any]) -> ActorKeys:
        """What duplicate detection compares, from a new actor's row."""
        name, website, country, locality, commune = (row[index] for index in self.key_positions)
        return ActorKeys(pk, name or "", website or "", country, locality or "", commune)


_DUPLICATE_KEYS = ("id", "name_key", "website_key", "country_id", "locality", "commune_id")


class _ActorTable:
    """Writes actors a batch at a time: COPY on PostgreSQL, else one prepared INSERT or UPDATE (``executemany``).

    New actors get their ids before they are written (the sequence's next values on PostgreSQL; on SQLite, whose
    transactions write one at a time, the ids after the highest one ever given), so that nothing is read back."""

    def __init__(self, connection: Any, rows: _ActorRows) -> None:
        self.connection = connection
        self.rows = rows
        ops = connection.ops
        self.table = ops.quote_name(Actor._meta.db_table)
        self.columns = {model_field.attname: ops.quote_name(model_field.column) for model_field in rows.fields}
        self.inserted = 0
        self.next_analyze = 1
        self.next_id: int | None = None

    def new_ids(self, count: int) -> list[int]:
        vendor = self.connection.vendor
        with self.connection.cursor() as cursor:
            if vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [Actor._meta.db_table, count],
                )
                return [pk for (pk,) in cursor.fetchall()]
            if self.next_id is None:  # SQLite: AUTOINCREMENT never gives an id again, even a deleted row's
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {self.table}")  # noqa: S608 - the model's
                (highest,) = cursor.fetchone()
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [Actor._meta.db_table])
                given = cursor.fetchone()
                self.next_id = max(highest, given[0] if given else 0) + 1
        first, self.next_id = self.next_id, self.next_id + count
        return list(range(first, first + count))

    def insert(self, rows: list[list[Any]]) -> None:
        """Insert new actors: each row is the id followed by ``_ActorRows.new_row()``."""
        columns = [self.connection.ops.quote_name("id"), *self.columns.values()]
        _insert_rows(self.connection, self.table, columns, rows, quoted=True)

    def update(self, actors: list[Actor], attnames: list[str]) -> None:
        assignments = ", ".join(f"{self.columns[attname]} = %s" for attname in attnames)
        sql = f"UPDATE {self.table} SET {assignments} WHERE id = %s"  # noqa: S608 - names from the model
        rows = [[*(self.rows.value(actor, attname) for attname in attnames), actor.pk] for actor in actors]
        with self.connection.cursor() as cursor:
            cursor.executemany(sql, rows)

    def analyze_when_grown(self, inserted: int) -> None:
        """On PostgreSQL, refresh the table's statistics each time this import has doubled it.

        Without them the planner, believing the source has a few rows, reads every row of the source through
        the ``source`` index instead of the unique (source, source_key) index: each batch then costs as much as
        the rows already imported. ANALYZE samples a fixed number of rows (~0.1 s) and sees the rows of its own
        transaction; it happens about twenty times for a million rows."""
        self.inserted += inserted
        if self.connection.vendor == "postgresql" and self.inserted >= self.next_analyze:
            with self.connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {self.table}")
            self.next_analyze = self.inserted * 2

    def link(self, through: Any, pairs: list[tuple[int, int]]) -> None:
        """Insert (actor id, term id) rows into a many-to-many table."""
        columns = [through._meta.get_field(name).column for name in ("actor", "term")]
        _insert_rows(self.connection, through._meta.db_table, columns, pairs)


def _insert_rows(connection: Any, table: str, columns: list[str], rows: list[Any], *, quoted: bool = False) -> None:
    """Insert rows: with COPY on PostgreSQL (several times quicker than INSERT for thousands of rows), else
    with one prepared INSERT executed for each row."""
    quote = connection.ops.quote_name
    table, columns = (table, columns) if quoted else (quote(table), [quote(column) for column in columns])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders})"  # noqa: S608
            cursor.executemany(sql, rows)


class _Bulk:
    """What a big import sets aside once it has created ``bulk_rows`` actors, and brings up to date at its end, in
    its transaction (a rollback restores everything).

    - When the source had no actor before the import (every record is new), duplicate detection: instead of
      looking up each batch's names and websites in the directory (most of the time of a batch on PostgreSQL),
      it runs at the end on the new actors that share a name or website with another actor, found by reading
      the ``name_key`` and ``website_key`` indexes in order (the same pairs as batch by batch).
    - On SQLite, the FTS5 insert trigger (``search_index.py``): the new actors are indexed in one statement at
      the end; and for a new source the indexes of ``directory_actor`` (all but the primary key), created again
      at the end from their own SQL (a sort each, instead of a million inserts all over each index). Readers
      keep reading the last committed state while the import writes, whereas on PostgreSQL dropping an index
      would lock the directory for everyone until the commit: PostgreSQL keeps its indexes.
    - On both engines, the statistics of ``directory_actor`` are taken again at the end (ANALYZE: about a
      second for a million actors on SQLite), so that the planner knows the directory's new size at once."""

    def __init__(self, connection: Any, bulk_rows: int, batch_size: int) -> None:
        self.connection = connection
        self.bulk_rows = bulk_rows
        self.batch_size = batch_size
        self.started = False
        self.after: int | None = None  # SQLite: the highest id when the trigger was dropped
        self.indexes: list[tuple[str, str]] = []  # (name, SQL) of the indexes dropped
        self.duplicates_after: int | None = None  # the highest id when duplicate detection was deferred

    @property
    def defers_duplicates(self) -> bool:
        return self.duplicates_after is not None

    def before_insert(self, created: int, count: int, *, new_source: bool) -> None:
        """Called before ``count`` actors are inserted, ``created`` having been before."""
        if self.started or created + count <= self.bulk_rows:
            return
        self.started = True
        if new_source:
            with self.connection.cursor() as cursor:
                table = self.connection.ops.quote_name(Actor._meta.db_table)
                cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 - the model's table
                self.duplicates_after = int(cursor.fetchone()[0])
        if self.connection.vendor == "sqlite":
            self.after = search_index.suspend_sqlite(self.connection)
            if self.after is not None and new_source:
                self.drop_indexes()

    def drop_indexes(self) -> None:
        table = Actor._meta.db_table
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                [table],
            )
            self.indexes = cursor.fetchall()
            for name, _sql in self.indexes:
                cursor.execute(f"DROP INDEX {self.connection.ops.quote_name(name)}")

    def finish(self) -> None:
        if not self.started:
            return
        if self.indexes:
            with self.connection.cursor() as cursor:
                for _name, sql in self.indexes:
                    cursor.execute(sql)
            self.indexes = []
        if self.after is not None:
            search_index.resume_sqlite(self.connection, self.after)
            self.after = None
        with self.connection.cursor() as cursor:  # first: the look-ups of duplicate detection use the statistics
            cursor.execute(f"ANALYZE {self.connection.ops.quote_name(Actor._meta.db_table)}")
        if self.duplicates_after is not None:
            self.detect_duplicates(self.duplicates_after)
            self.duplicates_after = None
        self.started = False

    def detect_duplicates(self, after: int) -> None:
        """Duplicate detection on the actors above id ``after`` that share their name or website with another
        actor (the others cannot pair), ``batch_size`` names or websites at a time. The shared keys come from one
        grouping of the column, read a batch at a time (a server-side cursor on PostgreSQL), which is quicker
        than looking each new actor up: SQLite reads the column's index in order (its entries hold the id);
        PostgreSQL hashes the table read in sequence, where reading the index in order would fetch each actor's
        row for its id (4.8–9.7 s against 1.9 s for a million new actors)."""
        quote = self.connection.ops.quote_name
        table = quote(Actor._meta.db_table)
        select = (
            f"SELECT {', '.join(quote(column) for column in _DUPLICATE_KEYS)} FROM {table} "  # noqa: S608
            f"WHERE id > %s AND status <> %s AND "
        )
        # PostgreSQL plans a cursor for its first tenth of rows (``cursor_tuple_fraction``), and so would read the
        # index in order: the whole grouping is wanted.
        postgresql = self.connection.vendor == "postgresql"
        for column in ("name_key", "website_key"):
            shared = (
                f"SELECT {column} FROM {table} WHERE {column} <> '' GROUP BY {column} "  # noqa: S608 - constants
                f"HAVING COUNT(*) > 1 AND MAX(id) > %s"
            )
            whole = (
                _postgresql_setting(self.connection.alias, "cursor_tuple_fraction", "1")
                if postgresql
                else nullcontext()
            )
            with whole, self.connection.chunked_cursor() as shared_keys:
                shared_keys.execute(shared, [after])
                while keys := [key for (key,) in shared_keys.fetchmany(self.batch_size)]:
                    if postgresql:  # one array: thousands of parameters plan slowly
                        condition, values = f"{column} = ANY(%s)", [keys]
                    else:
                        condition, values = f"{column} IN ({', '.join(['%s'] * len(keys))})", keys
                    with self.connection.cursor() as cursor:
                        cursor.execute(select + condition, [after, ActorStatus.ARCHIVED.value, *values])
                        rows = cursor.fetchall()
                    detect_duplicates_of(
                        [
                            ActorKeys(pk, name or "", site or "", country, town or "", commune)
                            for pk, name, site, country, town, commune in rows
                        ]
                    )


@contextmanager
def _postgresql_setting(using: str, name: str, value: str) -> Iterator[None]:
    """PostgreSQL: the setting ``name`` at ``value`` for the statements inside, then as it was, in a transaction
    of its own (or a savepoint of the caller's)."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("SELECT current_setting(%s), set_config(%s, %s, true)", [name, name, value])
        (previous, _value) = cursor.fetchone()
        yield
        cursor.execute("SELECT set_config(%s, %s, true)", [name, previous])


@contextmanager
def _sqlite_cache(connection: Any) -> Iterator[None]:
    """Bigger page caches for SQLite while the import runs: ``SQLITE_CACHE_KIB`` for the database (indexes
    written all over, or sorted to be made again), a quarter of it for the temporary table of identifiers."""
    if connection.vendor != "sqlite":
        yield
        return
    sizes = {"main": SQLITE_CACHE_KIB, "temp": SQLITE_CACHE_KIB // 4}
    previous = {}
    with connection.cursor() as cursor:
        for schema, size in sizes.items():
            cursor.execute(f"PRAGMA {schema}.cache_size")
            (previous[schema],) = cursor.fetchone()
            cursor.execute(f"PRAGMA {schema}.cache_size = {-int(size)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for schema, size in previous.items():
                cursor.execute(f"PRAGMA {schema}.cache_size = {int(size)}")


Progress = Callable[[str, int, int, int | None], None]
Prepared = RowReport | ActorRecord


@dataclass
class _Preparer:
    """Stage 1 for a batch of rows, and the full row of each new actor when writing (``_ActorRows.new_row()``):
    what the worker processes do. Rejected rows come back as their report."""

    lookups: Lookups
    rows: _ActorRows | None  # builds the rows of new actors; None: checking, or most records may be stored already
    columns: list[str | None] = field(default_factory=list)  # a CSV file's (SourceFile)
    slim: bool = False  # the importer needs only the identifier, line, row and terms (no stored actor to compare)

    def __call__(self, batch: list[RawRow]) -> list[Prepared]:
        results: list[Prepared] = []
        for line, raw in batch:
            values = row_values(self.columns, raw) if isinstance(raw, list) else raw
            if values is None:
                continue
            result = [values[NOT_A_ROW]] if NOT_A_ROW in values else parse_row(values, line, self.lookups)
            if isinstance(result, list):
                identifier = " ".join(values.get("Identifier", "").split())
                results.append(RowReport(line, identifier, RowStatus.REJECTED, tuple(result)))
            else:
                if ROW_NOTE in values:
                    result.notes = (*result.notes, values[ROW_NOTE])
                results.append(result)
        records = [result for result in results if isinstance(result, ActorRecord)]
        if self.rows is not None:
            with translation.override(DEFAULT_LANGUAGE):  # the untranslated columns (name…) in the default language
                for record in records:
                    record.row = self.rows.new_row(record)
        if self.slim:  # less to send back from a worker process
            for record in records:
                record.values, record.on_create = {}, {}
        return results


def _worker(connection: Connection, preparer: _Preparer, language: str | None) -> None:
    """A worker process: prepares the batches it receives until it receives None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    if language:
        translation.activate(language)  # the reasons of rejected rows in the importer's language
    while (batch := connection.recv()) is not None:
        try:
            connection.send((True, preparer(batch)))
        except Exception:  # parse_row() never raises: a bug, reported by the main process
            connection.send((False, traceback.format_exc()))


def _batches(opened: SourceFile, batch_size: int) -> Iterator[tuple[list[RawRow], int]]:
    """The rows of the file in batches, each with the bytes read when it was complete."""
    batch: list[RawRow] = []
    for row in opened.rows:
        batch.append(row)
        if len(batch) >= batch_size:
            yield batch, opened.counter.consumed
            batch = []
    if batch:
        yield batch, opened.counter.consumed


@contextmanager
def _prepared(
    batches: Iterator[tuple[list[RawRow], int]], preparer: _Preparer, workers: int
) -> Iterator[Iterator[tuple[list[Prepared], int]]]:
    """The prepared batches, in file order: prepared here, or by ``workers`` processes while this one writes.

    The processes are forked (they share the lookups without copying them) and each has one batch at a time:
    batch n goes to worker n modulo ``workers``, which gets its next batch as soon as its result is received,
    before the result is written. The file is read as they need it: memory stays flat."""
    if workers < 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield ((preparer(batch), consumed) for batch, consumed in batches)
        return
    context = multiprocessing.get_context("fork")
    language = translation.get_language()
    pipes = [context.Pipe() for _ in range(workers)]
    processes = [
        context.Process(target=_worker, args=(theirs, preparer, language), daemon=True) for _ours, theirs in pipes
    ]
    for process in processes:
        process.start()
    for _ours, theirs in pipes:
        theirs.close()

    def results() -> Iterator[tuple[list[Prepared], int]]:
        pending: deque[tuple[Connection, int]] = deque()  # (worker, bytes read) of each batch sent, in order
        turn = 0
        for batch, consumed in batches:
            if len(pending) == workers:
                yield receive(*pending.popleft())
            ours = pipes[turn][0]
            ours.send(batch)
            pending.append((ours, consumed))
            turn = (turn + 1) % workers
        while pending:
            yield receive(*pending.popleft())

    def receive(connection: Connection, consumed: int) -> tuple[list[Prepared], int]:
        done, result = connection.recv()
        if not done:
            raise RuntimeError(f"An import worker failed:\n{result}")
        return result, consumed

    try:
        yield results()
    finally:
        for ours, _theirs in pipes:
            with suppress(OSError):
                ours.send(None)
            ours.close()
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join()


@dataclass
class _Importer:
    source: str
    publish: bool
    on_row: Callable[[RowReport], None] | None
    summary: ImportSummary
    now: datetime
    write: bool = True
    bulk_rows: int = 0
    batch_size: int = BATCH_SIZE

    def __post_init__(self) -> None:
        self.using = router.db_for_write(Actor)
        self.connection = connections[self.using]
        self.seen = _SeenKeys(self.connection)
        self.status = ActorStatus.PUBLISHED if self.publish else ActorStatus.DRAFT
        self.rows = _ActorRows(self.connection, self.now, self.source, self.status)
        self.table = _ActorTable(self.connection, self.rows)
        self.bulk = _Bulk(self.connection, self.bulk_rows, self.batch_size)
        self.links = {"sectors": Actor.sectors.through, "themes": Actor.themes.through}
        self.created = 0
        self.read = 0  # rows read (blank ones skipped), for the progress: a check reports only the rejected ones
        self.source_known = True

    def start(self) -> None:
        """In the import's transaction, before the first batch."""
        self.seen.create()
        self.source_known = Actor.objects.using(self.using).filter(source=self.source).exclude(source_key="").exists()

    def finish(self) -> None:
        """In the import's transaction, after the last batch."""
        self.bulk.finish()
        self.seen.drop()

    def report(self, report: RowReport) -> None:
        self.summary.count(report)
        if self.on_row is not None:
            self.on_row(report)

    def batch(self, results: list[Prepared]) -> None:
        self.read += len(results)
        reports: list[RowReport] = []
        records: dict[str, ActorRecord] = {}
        for result in results:
            if isinstance(result, RowReport):
                reports.append(result)
            elif result.source_key in records:
                reports.append(self.duplicate(result, records[result.source_key].line))
            else:
                records[result.source_key] = result
        for key, line in self.seen.lines(list(records)).items():
            reports.append(self.duplicate(records.pop(key), line))
        self.seen.add([(key, record.line) for key, record in records.items()])
        if self.write and records:
            with translation.override(DEFAULT_LANGUAGE):  # the untranslated columns (name…) in the default language
                reports.extend(self.apply(records))
        for report in sorted(reports, key=lambda report: report.line):
            self.report(report)

    def duplicate(self, record: ActorRecord, first_line: int) -> RowReport:
        message = gettext("already on row %(line)s") % {"line": first_line}
        return RowReport(record.line, record.source_key, RowStatus.REJECTED, (_reason("Identifier", message),))

    def stored(self, keys: list[str]) -> dict[str, dict[str, Any]]:
        """The imported fields of the actors of this source with these identifiers (the unique index), and
        their status. Nothing to read when the source had no actor before this import."""
        if not self.source_known:
            return {}
        return {
            row[1]: dict(zip(("id", "source_key", "status", *IMPORTED_FIELDS), row, strict=True))
            for row in Actor.objects.filter(source=self.source, source_key__in=keys)
            .exclude(source_key="")  # the condition of the unique index, so that the index is used
            .order_by()
            .values_list("pk", "source_key", "status", *IMPORTED_FIELDS)
        }

    def apply(self, records: dict[str, ActorRecord]) -> list[RowReport]:
        stored = self.stored(list(records))
        terms = self.stored_terms([values["id"] for values in stored.values()])
        reports: list[RowReport] = []
        created: list[tuple[ActorRecord, int]] = []
        updated: list[tuple[ActorRecord, Actor]] = []
        changed: set[str] = set()
        new: list[ActorRecord] = []
        for key, record in records.items():
            old = stored.get(key)
            if old is None:
                new.append(record)
                continue
            changes = {name for name, value in record.values.items() if not _same(old[name], value)}
            for attribute in self.links:
                wanted = getattr(record, attribute)
                if wanted is not None and wanted != terms[attribute].get(old["id"], frozenset()):
                    changes.add(attribute)
            if not changes:
                reports.append(RowReport(record.line, key, RowStatus.UNCHANGED, record.notes, actor_id=old["id"]))
                continue
            changed |= changes
            updated.append((record, self.rows.instance({**old, **record.values})))
        candidates: list[ActorKeys] = []
        if new:
            rows = [record.row if record.row is not None else self.rows.new_row(record) for record in new]
            ids = self.table.new_ids(len(new))
            self.bulk.before_insert(self.created, len(new), new_source=not self.source_known)
            self.table.insert([[pk, *row] for pk, row in zip(ids, rows, strict=True)])
            self.created += len(new)
            if self.source_known:  # the statistics matter to the look-up by identifier (stored())
                self.table.analyze_when_grown(len(new))
            created = list(zip(new, ids, strict=True))
            if not self.bulk.defers_duplicates:
                candidates.extend(self.rows.keys(pk, row) for pk, row in zip(ids, rows, strict=True))
        if updated:
            self.table.update([actor for _record, actor in updated], self.update_fields(changed))
            candidates.extend(
                ActorKeys(
                    actor.pk, actor.name_key, actor.website_key, actor.country_id, actor.locality, actor.commune_id
                )
                for _record, actor in updated
                if actor.status != ActorStatus.ARCHIVED
            )
        self.save_links(created, [(record, actor.pk) for record, actor in updated])
        reports.extend(
            RowReport(record.line, record.source_key, RowStatus.CREATED, record.notes, actor_id=pk)
            for record, pk in created
        )
        reports.extend(
            RowReport(record.line, record.source_key, RowStatus.UPDATED, record.notes, actor_id=actor.pk)
            for record, actor in updated
        )
        if candidates and not self.bulk.defers_duplicates:
            detect_duplicates_of(candidates)
        return reports

    def update_fields(self, changes: set[str]) -> list[str]:
        """The columns to write for these changed fields: with the untranslated column of a translated field,
        the search and duplicate keys, and the time of the update."""
        fields = changes - set(self.links)
        fields |= {base for base in TRANSLATED.values() if any(name.startswith(f"{base}_") for name in fields)}
        return sorted(fields | set(KEY_FIELDS) | {"updated_at"})

    def stored_terms(self, ids: list[int]) -> dict[str, dict[int, frozenset[int]]]:
        found: dict[str, dict[int, frozenset[int]]] = {}
        for attribute, through in self.links.items():
            terms: dict[int, set[int]] = {}
            if ids:
                for actor_id, term_id in through.objects.filter(actor_id__in=ids).values_list("actor_id", "term_id"):
                    terms.setdefault(actor_id, set()).add(term_id)
            found[attribute] = {actor_id: frozenset(values) for actor_id, values in terms.items()}
        return found

    def save_links(self, created: list[tuple[ActorRecord, int]], updated: list[tuple[ActorRecord, int]]) -> None:
        for attribute, through in self.links.items():
            replaced = [pk for record, pk in updated if getattr(record, attribute) is not None]
            if replaced:
                through.objects.filter(actor_id__in=replaced).delete()
            pairs = [
                (pk, term) for record, pk in (*created, *updated) for term in sorted(getattr(record, attribute) or ())
            ]
            if pairs:
                self.table.link(through, pairs)


def _same(stored: Any, new: Any) -> bool:
    if isinstance(new, str):
        return (stored or "") == new
    return bool(stored == new)


def import_actors(
    stream: IO[bytes],
    *,
    source: str,
    strict: bool = False,
    publish: bool = False,
    on_row: Callable[[RowReport], None] | None = None,
    on_progress: Progress | None = None,
    size: int | None = None,
    batch_size: int = BATCH_SIZE,
    lookups: Lookups | None = None,
    workers: int | None = None,
    bulk_rows: int = BULK_ROWS,
) -> ImportSummary:
    """Import the actors of a CSV or GeoJSON ``stream`` (binary, seekable) under ``source``.

    Calls ``on_row`` with the report of each row, in file order, and ``on_progress(phase, rows, bytes_read,
    size)`` after each batch. Returns the counts. Raises ImportFileError (nothing written) when the file
    cannot be read. In strict mode a file with a rejected row is checked to the end, its rejected rows
    reported, and nothing is written (``summary.rolled_back``).

    ``workers``: how many processes parse the rows while this one writes; by default ``WORKERS`` for a file of
    ``WORKER_BYTES`` or more, none for a smaller one. ``bulk_rows``: past this many actors
    created, the SQLite search index is brought up to date at the end rather than row by row."""
    source = source.strip()
    if not source or len(source) > 80:
        raise ImportFileError(gettext("The source name must have 1 to 80 characters."))
    lookups = lookups or Lookups.from_database()
    if workers is None:
        workers = WORKERS if _stream_size(stream) >= WORKER_BYTES else 0
    run = partial(_run, lookups=lookups, size=size, batch_size=batch_size, workers=workers, bulk_rows=bulk_rows)
    if strict:
        check = ImportSummary()

        def rejected_only(report: RowReport) -> None:
            if on_row is not None and report.status == RowStatus.REJECTED:
                on_row(report)

        run(stream, source, False, rejected_only, on_progress, check, write=False)
        if check.rejected:
            return ImportSummary(rejected=check.rejected, rolled_back=True, ignored_columns=check.ignored_columns)
        stream.seek(0)
    summary = ImportSummary()
    run(stream, source, publish, on_row, on_progress, summary, write=True)
    return summary


@contextmanager
def _long_lived_objects_set_aside() -> Iterator[None]:
    """The garbage collector during an import: the objects that exist before it (Django, the lookups) set aside
    (``gc.freeze()``: they are not traversed again, and forked workers do not copy the pages they are on), and
    a young generation of ``GC_YOUNG_OBJECTS`` instead of 700, since each batch makes and drops hundreds of
    thousands of objects without cycles. Collections were a fifth of the time of a million rows."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_OBJECTS, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _stream_size(stream: IO[bytes]) -> int:
    start = stream.tell()
    end = stream.seek(0, io.SEEK_END)
    stream.seek(start)
    return end


def _run(
    stream: IO[bytes],
    source: str,
    publish: bool,
    on_row: Callable[[RowReport], None] | None,
    on_progress: Progress | None,
    summary: ImportSummary,
    *,
    write: bool,
    lookups: Lookups,
    size: int | None,
    batch_size: int,
    workers: int,
    bulk_rows: int,
) -> None:
    phase = "import" if write else "check"
    importer = _Importer(
        source, publish, on_row, summary, timezone.now(), write=write, bulk_rows=bulk_rows, batch_size=batch_size
    )
    preparer = _Preparer(lookups, None)
    with _long_lived_objects_set_aside(), transaction.atomic(using=importer.using), _sqlite_cache(importer.connection):
        opened = open_source(stream)
        preparer.columns = opened.columns
        importer.start()
        # A source imported before: its records are compared with the stored actors, and the few new ones built
        # here. A new source: every record is new, its row built by the preparer, nothing else needed.
        preparer.slim = not write or not importer.source_known
        preparer.rows = importer.rows if write and not importer.source_known else None
        with _prepared(_batches(opened, batch_size), preparer, workers) as batches:
            for results, consumed in batches:
                importer.batch(results)
                if on_progress is not None:
                    on_progress(phase, importer.read, consumed, size)
        importer.finish()
        summary.ignored_columns = sorted(opened.ignored_columns)
        if on_progress is not None:
            on_progress(phase, importer.read, opened.counter.consumed, size)
    if importer.created > bulk_rows:
        _vacuum_after_big_import(importer.connection)


def _vacuum_after_big_import(connection: Any) -> None:
    """PostgreSQL, after a big import has committed: VACUUM ``directory_actor`` (about a second for a million new
    actors), which marks its pages all-visible. Until then counts cannot be answered from an index alone and
    read the table's rows: a list filtered by country took 83 ms (p95) instead of 38 ms at a million actors. The
    database's autovacuum would do it in its own time, or never where it is turned off. Not inside an outer
    transaction (VACUUM cannot run in one), nor on SQLite (nothing to do)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM {connection.ops.quote_name(Actor._meta.db_table)}")
