"""Import the EU Funding & Tenders portal snapshot (``data/eu_calls_snapshot.csv`` or its normalised JSON).

- Rows are parsed by pure functions (``parse_csv_row``, ``parse_json_row``, ``to_record``) into a ``Record`` or a
  reason for refusing the row.
- The key is the call's address (``url``): the portal's identifiers repeat. A second row with the same address in
  one file is refused, naming the row that came first.
- The status is never read from the file: it is computed from the deadlines (``status.py``).
- Running again on the same or a newer file creates the new calls, updates the changed ones, leaves the others;
  the summary counts created / updated / unchanged / rejected rows, and lists each rejected row with its reason.
- Reasons, the summary and the errors of the file (``ImportFileError``) are worded in the active language.
"""

from __future__ import annotations

import ast
import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from essmed.core.text import fold_for_search
from essmed.funding.data.programmes import PORTAL_PROGRAMMES, THEME_KEYWORDS
from essmed.funding.models import Call, CallSource, Deadline, DeadlineStage, Funder, Programme, Publication, Theme
from essmed.territories.models import Country

SOURCE_NAME = "EU Funding & Tenders portal (SEDIA search API), snapshot by eherberichs/F-T-RSS"
TYPES = {"1": "grant_topic", "2": "external_action_call_prospect", "8": "competitive_call_other_body"}
STAGES = {
    "single-stage": [DeadlineStage.SUBMISSION],
    "two-stage": [DeadlineStage.FIRST_STAGE, DeadlineStage.SECOND_STAGE],
    "multiple cut-off": [DeadlineStage.CUTOFF],
}
# What became of a row (``ImportSummary.rows``), in words.
OUTCOMES: dict[str, Promise] = {
    "created": pgettext_lazy("imported row", "created"),
    "updated": pgettext_lazy("imported row", "updated"),
    "unchanged": pgettext_lazy("imported row", "unchanged"),
    "rejected": pgettext_lazy("imported row", "rejected"),
}
NUL = "\x00"
UNREADABLE_CSV = _("row %(row)s cannot be read as CSV (a field too long, or a quote left open)")


class ImportFileError(ValueError):
    """A file that cannot be read as a snapshot at all (not UTF-8, not JSON, not the portal's columns)."""


def outcome_label(outcome: str) -> str:
    return str(OUTCOMES.get(outcome, outcome))


@dataclass(frozen=True)
class Record:
    url: str
    identifier: str
    title: str
    programme_prefix: str
    opening_date: date | None
    deadlines: tuple[tuple[date, str], ...]
    deadline_model: str
    themes: tuple[str, ...]
    country: str | None  # for EuropeAid calls, the country the identifier ends with


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejections: list[tuple[int, str]] = field(default_factory=list)
    rows: list[tuple[int, str, str]] = field(default_factory=list)  # row, outcome, reference or reason

    def __str__(self) -> str:
        return gettext("created %(created)s, updated %(updated)s, unchanged %(unchanged)s, rejected %(rejected)s") % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }


def _literal_list(cell: str) -> list[str]:
    """A cell such as "['2026-10-06T13:00:00.000+0000']" (pandas wrote Python lists as text)."""
    cell = (cell or "").strip()
    if not cell:
        return []
    if cell.startswith("["):
        try:
            value = ast.literal_eval(cell)
        except (ValueError, SyntaxError):
            return []
        return [str(item) for item in value] if isinstance(value, list) else [str(value)]
    return [cell]


def _prefix(identifier: str) -> str:
    return identifier.split("/")[0] if identifier.startswith("EuropeAid") else identifier.split("-")[0]


def parse_csv_row(row: dict[str, str]) -> dict[str, Any]:
    """A row of the portal's CSV (``pandas.json_normalize`` of the search API) as the normalised JSON's keys."""
    identifiers = _literal_list(row.get("metadata.identifier", ""))
    titles = _literal_list(row.get("metadata.title", ""))
    identifier = identifiers[0] if identifiers else ""
    types = _literal_list(row.get("metadata.type", ""))
    models = _literal_list(row.get("metadata.deadlineModel", ""))
    starts = _literal_list(row.get("metadata.startDate", ""))
    return {
        "identifier": identifier,
        "title": titles[0] if titles else row.get("content", ""),
        "identifier_prefix": _prefix(identifier),
        "type": TYPES.get(types[0], "") if types else "",
        "start_date": starts[0][:10] if starts else None,
        "deadline_dates": [value[:10] for value in _literal_list(row.get("metadata.deadlineDate", ""))],
        "deadline_model": models[0] if models else None,
        "url": row.get("url", ""),
    }


def _date(value: Any, what: str) -> date:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as error:
        reason = gettext("%(what)s: '%(value)s' is not a date (YYYY-MM-DD)") % {"what": what, "value": value}
        raise ValueError(reason) from error


def themes_for(text: str) -> tuple[str, ...]:
    """The themes whose keywords appear in ``text`` (folded)."""
    folded = f" {fold_for_search(text)} "
    return tuple(theme for theme, words in THEME_KEYWORDS.items() if any(word in folded for word in words))


def to_record(raw: dict[str, Any]) -> Record:
    """A checked record, or ValueError naming what is wrong with the row (in the active language)."""
    for key in ("url", "identifier", "title", "identifier_prefix", "deadline_model"):
        if NUL in str(raw.get(key) or ""):  # PostgreSQL's text columns cannot hold it
            raise ValueError(gettext("%(key)s: must not contain a NUL character") % {"key": key})
    url = str(raw.get("url") or "").strip()
    if not url.startswith(("https://", "http://")):
        raise ValueError(gettext("no address (url): '%(url)s'") % {"url": url})
    identifier = str(raw.get("identifier") or "").strip()
    if not identifier:
        raise ValueError(gettext("no identifier"))
    title = " ".join(str(raw.get("title") or "").split())
    if not title:
        raise ValueError(gettext("no title"))
    opening = _date(raw["start_date"], "start_date") if raw.get("start_date") else None
    values = raw.get("deadline_dates") or []
    days = sorted({_date(value, "deadline") for value in (values if isinstance(values, list) else [values])})
    if opening is not None:
        early = [day.isoformat() for day in days if day < opening]
        if early:
            reason = gettext("deadline %(deadlines)s before the opening date %(opening)s") % {
                "deadlines": ", ".join(early),
                "opening": opening.isoformat(),
            }
            raise ValueError(reason)
    model = str(raw.get("deadline_model") or "")
    stages = STAGES.get(model, [DeadlineStage.SUBMISSION])
    deadlines = tuple((day, stages[index] if index < len(stages) else stages[-1]) for index, day in enumerate(days))
    country = None
    if identifier.startswith("EuropeAid/"):
        suffix = identifier.rsplit("/", 1)[-1]
        country = suffix if len(suffix) == 2 and suffix.isalpha() and suffix.isupper() else None
    prefix = str(raw.get("identifier_prefix") or _prefix(identifier))
    prefix = _prefix(prefix) if "/" in prefix else prefix
    return Record(
        url=url[:500],
        identifier=identifier[:120],
        title=title[:400],
        programme_prefix=prefix[:40],
        opening_date=opening,
        deadlines=deadlines,
        deadline_model=model,
        themes=themes_for(f"{title} {identifier}"),
        country=country,
    )


def read_rows(stream: IO[bytes], filename: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Numbered rows of a CSV (row 2 is the first after the header) or of a JSON list (from 1); ImportFileError
    when the file cannot be read so."""
    try:
        text = stream.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(gettext("not a text in UTF-8")) from error
    if filename.lower().endswith(".json"):
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as error:
            reason = gettext("not valid JSON: error at line %(line)s, column %(column)s")
            raise ImportFileError(reason % {"line": error.lineno, "column": error.colno}) from error
        except RecursionError as error:  # nested too deep for the parser
            raise ImportFileError(gettext("not valid JSON")) from error
        if not isinstance(rows, list):
            raise ImportFileError(gettext("the JSON file must hold a list of calls"))
        for number, row in enumerate(rows, start=1):
            yield number, row if isinstance(row, dict) else {}
    else:
        reader = csv.DictReader(io.StringIO(text))
        try:
            columns = reader.fieldnames or []
        except csv.Error as error:
            raise ImportFileError(UNREADABLE_CSV % {"row": 1}) from error
        if "url" not in columns:
            raise ImportFileError(gettext("the CSV file has no 'url' column: is it the portal's snapshot?"))
        number = 1
        try:
            for number, row in enumerate(reader, start=2):
                yield number, parse_csv_row(row)
        except csv.Error as error:  # a field beyond the csv module's size limit, a quote left open…
            raise ImportFileError(UNREADABLE_CSV % {"row": number + 1}) from error


class _Importer:
    def __init__(self) -> None:
        self.funder: Funder | None = None
        self.programmes: dict[str, Programme] = {}
        self.themes = {theme.slug: theme for theme in Theme.objects.all()}
        self.countries = {country.code: country for country in Country.objects.all()}

    def programme(self, prefix: str) -> Programme:
        if prefix not in self.programmes:
            if self.funder is None:
                self.funder, _created = Funder.objects.get_or_create(
                    slug="european-commission",
                    defaults={
                        "name": "Commission européenne",
                        "name_fr": "Commission européenne",
                        "name_ar": "المفوضية الأوروبية",
                        "name_en": "European Commission",
                        "acronym": "EC",
                        "website": "https://commission.europa.eu/",
                    },
                )
            # A code our data does not name gets no name: pages call it «Programme de l'UE (code I3)» in the
            # reader's language (``Programme.__str__``), and a name given later in the data fills it.
            french, arabic, english = PORTAL_PROGRAMMES.get(prefix, ("", "", ""))
            names = {"name_fr": french, "name_ar": arabic, "name_en": english}
            programme, created = Programme.objects.get_or_create(
                slug=f"eu-{fold_for_search(prefix).replace(' ', '-')}"[:80],
                defaults={
                    "funder": self.funder,
                    "name": names["name_fr"],
                    **names,
                    "portal_code": prefix,
                    "source": SOURCE_NAME,
                    "source_url": "https://ec.europa.eu/info/funding-tenders/opportunities/portal/",
                },
            )
            if not created and not programme.name and names["name_fr"]:
                for field, name in names.items():
                    setattr(programme, field, name)
                programme.save(update_fields=list(names))
            self.programmes[prefix] = programme
        return self.programmes[prefix]

    def reference_for(self, record: Record) -> str:
        reference = record.identifier
        if Call.objects.filter(reference=reference).exists():
            reference = f"{record.identifier}~{record.url.rstrip('/').rsplit('/', 1)[-1].rsplit('=', 1)[-1]}"[:120]
        return reference

    def save(self, record: Record) -> str:
        """Create or update the call of ``record``: "created", "updated" or "unchanged"."""
        call = Call.objects.filter(source_url=record.url).first()
        values = {
            "programme": self.programme(record.programme_prefix),
            "title_en": record.title,
            "opening_date": record.opening_date,
            "deadline_model": record.deadline_model,
            "source_identifier": record.identifier,
        }
        wanted_deadlines = {(day, str(stage)) for day, stage in record.deadlines}
        themes = {self.themes[slug].pk for slug in record.themes if slug in self.themes}
        countries = {self.countries[record.country].pk} if record.country in self.countries else set()
        if call is None:
            call = Call(
                reference=self.reference_for(record),
                origin=CallSource.FT_PORTAL,
                source=SOURCE_NAME,
                source_url=record.url,
                publication=Publication.PUBLISHED,
                published_at=timezone.now(),
                **values,
            )
            call.save()
            outcome = "created"
        else:
            changed = [name for name, value in values.items() if getattr(call, name) != value]
            current = {(deadline.date, deadline.stage) for deadline in call.deadlines.all()}
            same_relations = (
                current == wanted_deadlines
                and set(call.themes.values_list("pk", flat=True)) == themes
                and set(call.countries.values_list("pk", flat=True)) == countries
            )
            if not changed and same_relations:
                return "unchanged"
            for name in changed:
                setattr(call, name, values[name])
            if changed:
                call.save()
            outcome = "updated"
        call.deadlines.all().delete()
        Deadline.objects.bulk_create([Deadline(call=call, date=day, stage=stage) for day, stage in wanted_deadlines])
        call.themes.set(themes)
        call.countries.set(countries)
        return outcome


def import_calls(rows: Iterable[tuple[int, dict[str, Any]]]) -> ImportSummary:
    """Import numbered raw rows (``read_rows``) in one transaction."""
    summary = ImportSummary()
    seen: dict[str, int] = {}
    with transaction.atomic():
        importer = _Importer()
        for number, raw in rows:
            try:
                record = to_record(raw)
            except (ValueError, KeyError, TypeError) as error:
                summary.rejected += 1
                summary.rejections.append((number, str(error)))
                summary.rows.append((number, "rejected", str(error)))
                continue
            if record.url in seen:
                reason = gettext("same address as row %(row)s: %(url)s") % {"row": seen[record.url], "url": record.url}
                summary.rejected += 1
                summary.rejections.append((number, reason))
                summary.rows.append((number, "rejected", reason))
                continue
            seen[record.url] = number
            outcome = importer.save(record)
            setattr(summary, outcome, getattr(summary, outcome) + 1)
            summary.rows.append((number, outcome, record.identifier))
    return summary


def import_file(stream: IO[bytes], filename: str) -> ImportSummary:
    return import_calls(read_rows(stream, filename))
