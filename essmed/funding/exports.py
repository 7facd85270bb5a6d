"""Exports of calls: CSV (one row per call) and iCalendar (one all-day event per deadline).

The CSV begins with a byte order mark, so that spreadsheets read it as UTF-8, and a text that a spreadsheet
would take for a formula is guarded by an apostrophe (the directory's ``spreadsheet_safe``): titles come from
the EU portal, not from us."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from icalendar import Calendar, Event

from essmed.directory.exports import BOM, spreadsheet_safe
from essmed.funding.models import Call

CSV_COLUMNS = [
    "reference",
    "title",
    "programme",
    "funder",
    "status",
    "opening_date",
    "deadlines",
    "next_deadline",
    "total_budget",
    "grant_min",
    "grant_max",
    "max_cofinancing_rate",
    "max_duration_months",
    "countries",
    "organisation_types",
    "themes",
    "source_identifier",
    "source_url",
    "page",
]


def _text(value: object) -> str:
    return "" if value is None else str(value)


def calls_csv(calls: Iterable[Call], today: date) -> str:
    """The calls as CSV with ``CSV_COLUMNS`` (texts in the active language, with the usual fallbacks)."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for call in calls:
        deadlines = call.deadline_dates()
        upcoming = [day for day in deadlines if day >= today]
        writer.writerow(
            [
                spreadsheet_safe(call.reference),
                spreadsheet_safe(call.title),
                spreadsheet_safe(str(call.programme)),
                spreadsheet_safe(str(call.programme.funder)),
                call.status_on(today).value,
                _text(call.opening_date),
                " ".join(day.isoformat() for day in deadlines),
                upcoming[0].isoformat() if upcoming else "",
                _text(call.effective("total_budget")),
                _text(call.effective("grant_min")),
                _text(call.effective("grant_max")),
                _text(call.effective("max_cofinancing_rate")),
                _text(call.effective("max_duration_months")),
                " ".join(country.code for country in call.effective_countries()),
                " ".join(call.effective_types()),
                " ".join(theme.slug for theme in call.themes.all()),
                spreadsheet_safe(call.source_identifier),
                call.source_url,
                f"{settings.SITE_URL}{call.get_absolute_url()}",
            ]
        )
    return out.getvalue()


def deadlines_ical(calls: Iterable[Call], name: str) -> bytes:
    """An iCalendar file with one all-day event per deadline of ``calls``; each event's UID is stable, so a
    calendar that subscribes to the file updates its events instead of duplicating them."""
    calendar = Calendar()
    calendar.add("prodid", "-//essmed//funding watch//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "essmed"
    for call in calls:
        for deadline in call.deadlines.all():
            event = Event()
            event.add("uid", f"funding-deadline-{deadline.pk}@{host}")
            event.add("summary", f"{call.title} – {deadline.get_stage_display()}")
            event.add("dtstamp", call.updated_at)
            event.add("dtstart", deadline.date)
            event.add("dtend", deadline.date + timedelta(days=1))
            event.add("url", f"{settings.SITE_URL}{call.get_absolute_url()}")
            event.add("description", f"{call.reference} · {call.programme}")
            calendar.add_component(event)
    ical: bytes = calendar.to_ical()
    return ical
