"""Load the territories (countries, regions, divisions, communes) from the files in ``territories/data``.

``load_territories()`` reads and checks every file first, then writes everything in one transaction, so a
malformed file changes nothing. Records are matched on their natural keys (``Country.code``, ``Region.slug``,
``Division`` (region, code), ``Commune.code``): loading twice creates nothing new. The files are the
reference for the fields they hold; fields they do not hold (e.g. a French translation of the CIM evidence
typed in the admin) are left alone. ``data/README.md`` gives the source and licence of each file.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.validators import validate_slug
from django.db import models, transaction
from django.utils import translation
from modeltranslation.settings import DEFAULT_LANGUAGE

from essmed.territories.models import (
    CimMembership,
    Commune,
    CommuneKind,
    Country,
    Division,
    DivisionKind,
    Region,
    Shore,
)

DATA_DIR = Path(__file__).resolve().parent / "data"

COUNTRIES_FILE = "countries.csv"
REGIONS_FILE = "regions.csv"
CIM_FILE = "cim_members_attested.csv"
ORIENTAL_DIVISIONS_FILE = "oriental_provinces_prefectures.csv"
ORIENTAL_COMMUNES_FILE = "oriental_communes.csv"
OCCITANIE_DEPARTMENTS_FILE = "occitanie_departments.csv"

ORIENTAL_SLUG = "oriental"
OCCITANIE_SLUG = "occitanie"
MOROCCO_SOURCE = "mahdiboughrous/moroccan-administrative-division-data, MIT"
INSEE_SOURCE = "INSEE, Code officiel géographique, Licence Ouverte 2.0"

LANGUAGES = ("fr", "ar", "en")
SHORES = {"": "", Shore.NORTH.value: Shore.NORTH.value, Shore.SOUTH.value: Shore.SOUTH.value}
DIVISION_KINDS = {"prefecture": DivisionKind.PREFECTURE.value, "province": DivisionKind.PROVINCE.value}
COMMUNE_KINDS = {"urbain": CommuneKind.URBAN.value, "rural": CommuneKind.RURAL.value}
NO_VALUE = {"", "-", "undated"}  # "undated": the source gives no date (the pages say "not given" in their language)

M = TypeVar("M", bound=models.Model)
K = TypeVar("K")


class TerritoryDataError(CommandError):
    """A data file is missing or malformed; the message names the file and the line."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        where = f"{path}, line {line}" if line else str(path)
        super().__init__(f"{where}: {message}")


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass(frozen=True)
class Row:
    """One line of a CSV file, with what is needed to report an error on it."""

    path: Path
    line: int
    values: Mapping[str, str]

    def error(self, message: str) -> TerritoryDataError:
        return TerritoryDataError(self.path, self.line, message)

    def text(self, column: str, model: type[models.Model], field_name: str, *, required: bool = True) -> str:
        """The stripped value of ``column``, checked against the length of ``model.field_name``."""
        value = self.values[column]
        if required and not value:
            raise self.error(f"column {column!r} is empty")
        model_field = model._meta.get_field(field_name)
        max_length = model_field.max_length if isinstance(model_field, models.Field) else None
        if max_length is not None and len(value) > max_length:
            raise self.error(f"column {column!r} is longer than {max_length} characters")
        return value

    def names(self, model: type[models.Model], prefix: str = "name", *, required: bool = True) -> dict[str, str]:
        """``name_fr``, ``name_ar``, ``name_en`` (or another translated field) of the row."""
        return {
            f"{prefix}_{language}": self.text(f"{prefix}_{language}", model, f"{prefix}_{language}", required=required)
            for language in LANGUAGES
        }

    def choice(self, column: str, choices: Mapping[str, str]) -> str:
        value = self.values[column]
        if value not in choices:
            expected = ", ".join(repr(choice) for choice in choices)
            raise self.error(f"column {column!r} is {value!r}, expected one of {expected}")
        return choices[value]

    def matches(self, column: str, pattern: str) -> str:
        value = self.values[column]
        if not re.fullmatch(pattern, value):
            raise self.error(f"column {column!r} is {value!r}, which does not match {pattern}")
        return value

    def integer(self, column: str) -> int:
        """A count: ASCII digits only (``str.isdigit`` would take «²», which ``int`` refuses, and ``int`` reads
        Arabic-Indic and other digits: a data file writes its numbers in ASCII); no sign, a count is never
        negative."""
        value = self.values[column]
        if not re.fullmatch(r"[0-9]+", value):
            raise self.error(f"column {column!r} is {value!r}, expected a whole number written with the digits 0-9")
        return int(value)


def read_csv(path: Path, columns: tuple[str, ...]) -> list[Row]:
    """The rows of a UTF-8 CSV file that has at least ``columns``, every value stripped."""
    if not path.is_file():
        raise TerritoryDataError(path, None, "file not found")
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [column for column in columns if column not in (reader.fieldnames or [])]
            if missing:
                raise TerritoryDataError(path, 1, f"missing column(s) {', '.join(missing)}")
            rows = []
            for record in reader:
                if None in record or None in record.values():
                    raise TerritoryDataError(path, reader.line_num, f"expected {len(reader.fieldnames or [])} fields")
                rows.append(Row(path, reader.line_num, {key: value.strip() for key, value in record.items()}))
    except UnicodeDecodeError as error:
        raise TerritoryDataError(path, None, f"not UTF-8 text ({error.reason})") from error
    except csv.Error as error:
        raise TerritoryDataError(path, None, f"not a valid CSV file ({error})") from error
    if not rows:
        raise TerritoryDataError(path, None, "no rows")
    return rows


def unique(rows: list[Row], key: str) -> Iterator[tuple[str, Row]]:
    """(value of ``key``, row) for each row, refusing a value seen twice."""
    seen: set[str] = set()
    for row in rows:
        value = row.values[key]
        if value in seen:
            raise row.error(f"{key} {value!r} appears twice")
        seen.add(value)
        yield value, row


# Reading: every file is read and checked before anything is written.


@dataclass
class Entry:
    """A record to create or update: its natural key, the values of its fields, references to resolve."""

    row: Row
    values: dict[str, object]
    refs: dict[str, str] = field(default_factory=dict)


@dataclass
class TerritoryData:
    countries: dict[str, Entry]
    regions: dict[str, Entry]
    divisions: dict[tuple[str, str], Entry]
    communes: dict[str, Entry]


def read_countries(data_dir: Path) -> dict[str, Entry]:
    rows = read_csv(data_dir / COUNTRIES_FILE, ("code", "alpha3", "numeric", "name_fr", "name_ar", "name_en", "shore"))
    list(unique(rows, "alpha3"))
    countries = {}
    for code, row in unique(rows, "code"):
        values: dict[str, object] = {
            "code": row.matches("code", r"[A-Z]{2}"),
            "alpha3": row.matches("alpha3", r"[A-Z]{3}"),
            "numeric": row.matches("numeric", r"[0-9]{3}"),
            **row.names(Country),
            "shore": row.choice("shore", SHORES),
        }
        countries[code] = Entry(row, values)
    return countries


def read_cim(data_dir: Path) -> dict[str, Entry]:
    """The CIM evidence, keyed on the ``region`` column; the values are Region fields."""
    rows = read_csv(data_dir / CIM_FILE, ("region", "country", "evidence", "evidence_date", "source_url", "confidence"))
    cim = {}
    for name, row in unique(rows, "region"):
        row.text("region", Region, "name")
        urls = [url.strip() for url in row.values["source_url"].split(";") if url.strip() not in NO_VALUE]
        for url in urls:
            if not re.fullmatch(r"https?://\S+", url):
                raise row.error(f"source_url {url!r} is not an http(s) address")
        confidence = row.text("confidence", Region, "cim_confidence")
        attested = bool(urls) and confidence != "unverified"
        evidence = row.values["evidence"]
        if len(urls) > 1:  # the model has one source URL: the others are kept in the evidence
            evidence += f" (other source: {' ; '.join(urls[1:])})"
        date = row.values["evidence_date"]
        values: dict[str, object] = {
            "cim_membership": CimMembership.ATTESTED.value if attested else CimMembership.UNVERIFIED.value,
            "cim_evidence_en": evidence,
            "cim_evidence_date": "" if date in NO_VALUE else row.text("evidence_date", Region, "cim_evidence_date"),
            "cim_source_url": urls[0] if urls else "",
            "cim_confidence": confidence,
        }
        if not evidence:
            raise row.error("column 'evidence' is empty")
        if urls and len(urls[0]) > 400:
            raise row.error("source_url is longer than 400 characters")
        cim[name] = Entry(row, values)
    return cim


def read_regions(data_dir: Path, countries: dict[str, Entry], cim: dict[str, Entry]) -> dict[str, Entry]:
    columns = ("slug", "country", "code", "name_fr", "name_en", "name_ar", "shore")
    rows = read_csv(data_dir / REGIONS_FILE, (*columns, "capital_fr", "capital_en", "capital_ar", "cim_row"))
    regions = {}
    used: set[str] = set()
    no_membership: dict[str, object] = {
        "cim_membership": CimMembership.NONE.value,
        "cim_evidence_en": "",
        "cim_evidence_date": "",
        "cim_source_url": "",
        "cim_confidence": "",
    }
    for slug, row in unique(rows, "slug"):
        try:
            validate_slug(slug)
        except ValidationError as error:
            raise row.error(f"slug {slug!r} is not a valid identifier") from error
        country = row.values["country"]
        if country not in countries:
            raise row.error(f"country {country!r} is not in {COUNTRIES_FILE}")
        cim_row = row.values["cim_row"]
        if cim_row and cim_row not in cim:
            raise row.error(f"cim_row {cim_row!r} is not a region of {CIM_FILE}")
        if cim_row and cim_row in used:
            raise row.error(f"cim_row {cim_row!r} is used by two regions")
        used.add(cim_row)
        source = REGIONS_FILE + (f"; CIM membership: {CIM_FILE}" if cim_row else "")
        values: dict[str, object] = {
            "slug": row.text("slug", Region, "slug"),
            "code": row.text("code", Region, "code", required=False),
            **row.names(Region),
            **row.names(Region, "capital", required=False),
            "shore": row.choice("shore", SHORES),
            **(cim[cim_row].values if cim_row else no_membership),
            "source": source,
        }
        regions[slug] = Entry(row, values, {"country": country})
    for name, entry in cim.items():
        if name not in used:
            raise entry.row.error(f"region {name!r} has no row in {REGIONS_FILE} (column cim_row)")
    return regions


def read_oriental(data_dir: Path, regions: dict[str, Entry]) -> tuple[dict[tuple[str, str], Entry], dict[str, Entry]]:
    """The Oriental's prefecture and provinces, and their communes."""
    division_rows = read_csv(
        data_dir / ORIENTAL_DIVISIONS_FILE,
        ("division_id", "type", "name_fr", "name_ar", "name_en", "n_communes", "n_communes_urban", "n_communes_rural"),
    )
    commune_rows = read_csv(
        data_dir / ORIENTAL_COMMUNES_FILE,
        ("commune_id", "division_id", "division_name_fr", "type", "name_fr", "name_ar", "name_en"),
    )
    require_region(ORIENTAL_SLUG, regions, division_rows[0])
    divisions = {}
    for code, row in unique(division_rows, "division_id"):
        values: dict[str, object] = {
            "code": row.matches("division_id", r"DIV_[0-9]{3}"),
            "kind": row.choice("type", DIVISION_KINDS),
            **row.names(Division),
            "source": f"{ORIENTAL_DIVISIONS_FILE} ({MOROCCO_SOURCE})",
        }
        divisions[(ORIENTAL_SLUG, code)] = Entry(row, values, {"region": ORIENTAL_SLUG})
    communes = {}
    counted: Counter[tuple[str, str]] = Counter()
    for code, row in unique(commune_rows, "commune_id"):
        division = divisions.get((ORIENTAL_SLUG, row.values["division_id"]))
        if division is None:
            raise row.error(f"division_id {row.values['division_id']!r} is not in {ORIENTAL_DIVISIONS_FILE}")
        if row.values["division_name_fr"] != division.values["name_fr"]:
            raise row.error(
                f"division_name_fr {row.values['division_name_fr']!r} is not {division.values['name_fr']!r}"
            )
        values = {
            "code": row.matches("commune_id", r"COM_[0-9]{4}"),
            "kind": row.choice("type", COMMUNE_KINDS),
            **row.names(Commune),
        }
        counted[(row.values["division_id"], "")] += 1
        counted[(row.values["division_id"], str(values["kind"]))] += 1
        communes[code] = Entry(row, values, {"region": ORIENTAL_SLUG, "division": row.values["division_id"]})
    for (_slug, code), entry in divisions.items():
        expected = (entry.row.integer("n_communes"), entry.row.integer("n_communes_urban"))
        expected_rural = entry.row.integer("n_communes_rural")
        found = (counted[(code, "")], counted[(code, CommuneKind.URBAN.value)])
        if expected != found or expected_rural != counted[(code, CommuneKind.RURAL.value)]:
            raise entry.row.error(
                f"announces {expected[0]} communes ({expected[1]} urban) but {ORIENTAL_COMMUNES_FILE} "
                f"has {found[0]} ({found[1]} urban)"
            )
    return divisions, communes


def read_occitanie(data_dir: Path, regions: dict[str, Entry]) -> dict[tuple[str, str], Entry]:
    rows = read_csv(data_dir / OCCITANIE_DEPARTMENTS_FILE, ("code", "name_fr", "name_en", "name_ar"))
    require_region(OCCITANIE_SLUG, regions, rows[0])
    departments = {}
    for code, row in unique(rows, "code"):
        values: dict[str, object] = {
            "code": row.matches("code", r"[0-9]{2,3}|2[AB]"),
            "kind": DivisionKind.DEPARTMENT.value,
            **row.names(Division),
            "source": f"{OCCITANIE_DEPARTMENTS_FILE} ({INSEE_SOURCE})",
        }
        departments[(OCCITANIE_SLUG, code)] = Entry(row, values, {"region": OCCITANIE_SLUG})
    return departments


def require_region(slug: str, regions: dict[str, Entry], row: Row) -> None:
    if slug not in regions:
        raise row.error(f"the region {slug!r} of these divisions is not in {REGIONS_FILE}")


def read_territories(data_dir: Path = DATA_DIR) -> TerritoryData:
    """Read and check every file; raises TerritoryDataError on the first problem."""
    countries = read_countries(data_dir)
    regions = read_regions(data_dir, countries, read_cim(data_dir))
    divisions, communes = read_oriental(data_dir, regions)
    divisions.update(read_occitanie(data_dir, regions))
    return TerritoryData(countries, regions, divisions, communes)


# Writing.


def upsert(model: type[M], existing: dict[K, M], key: K, values: Mapping[str, object], counts: Counts) -> M:
    """Create the record of natural key ``key``, or update the fields that differ from ``values``."""
    instance = existing.get(key)
    if instance is None:
        instance = model(**values)
        instance.save()
        existing[key] = instance
        counts.created += 1
        return instance
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save()
        counts.updated += 1
    else:
        counts.unchanged += 1
    return instance


def save_territories(data: TerritoryData) -> dict[str, Counts]:
    summary = {name: Counts() for name in ("countries", "regions", "divisions", "communes")}
    countries = {country.code: country for country in Country.objects.all()}
    for code, entry in data.countries.items():
        upsert(Country, countries, code, entry.values, summary["countries"])
    regions = {region.slug: region for region in Region.objects.all()}
    for slug, entry in data.regions.items():
        values = {**entry.values, "country_id": countries[entry.refs["country"]].pk}
        upsert(Region, regions, slug, values, summary["regions"])
    divisions = {
        (division.region.slug, division.code): division for division in Division.objects.select_related("region")
    }
    for key, entry in data.divisions.items():
        values = {**entry.values, "region_id": regions[entry.refs["region"]].pk}
        upsert(Division, divisions, key, values, summary["divisions"])
    communes = {commune.code: commune for commune in Commune.objects.all()}
    for code, entry in data.communes.items():
        division = divisions[(entry.refs["region"], entry.refs["division"])]
        upsert(Commune, communes, code, {**entry.values, "division_id": division.pk}, summary["communes"])
    return summary


def load_territories(data_dir: Path | None = None) -> dict[str, Counts]:
    """Read the files of ``data_dir`` (default: ``territories/data``) and save them in one transaction.

    Returns the counts of created, updated and unchanged records per model ("countries", "regions",
    "divisions", "communes"). Raises TerritoryDataError (a CommandError) if a file is missing or malformed,
    before anything is written.
    """
    data = read_territories(data_dir or DATA_DIR)
    # The untranslated column (``name``) is saved in the default language.
    with translation.override(DEFAULT_LANGUAGE), transaction.atomic():
        return save_territories(data)
