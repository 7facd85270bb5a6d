"""Dates as each language's readers write them (``essmed/formats``): day before month, a 24-hour clock."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

OUJDA = ZoneInfo("Africa/Casablanca")
MOMENT = datetime(2026, 11, 12, 20, 45, tzinfo=OUJDA)


def rendered(language: str, template: str, value: object) -> str:
    with translation.override(language), timezone.override(OUJDA):
        return Template(template).render(Context({"value": value}))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ar", "12 نوفمبر 2026، 20:45"), ("en", "12 November 2026, 20:45"), ("fr", "12 novembre 2026 20:45")],
)
def test_date_with_time_is_day_month_year_with_a_24_hour_clock(language: str, expected: str) -> None:
    assert rendered(language, "{{ value }}", MOMENT) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ar", "12\u200f/11\u200f/2026"), ("en", "12/11/2026"), ("fr", "12/11/2026")],
)
def test_short_date_puts_the_day_first_in_every_language(language: str, expected: str) -> None:
    assert rendered(language, '{{ value|date:"SHORT_DATE_FORMAT" }}', date(2026, 11, 12)) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ar", "12\u200f/11\u200f/2026 20:45"), ("en", "12/11/2026 20:45"), ("fr", "12/11/2026 20:45")],
)
def test_short_date_with_time_puts_the_day_first_in_every_language(language: str, expected: str) -> None:
    assert rendered(language, '{{ value|date:"SHORT_DATETIME_FORMAT" }}', MOMENT) == expected


def test_arabic_date_has_no_comma_between_month_and_year() -> None:
    assert rendered("ar", "{{ value }}", date(2026, 11, 12)) == "12 نوفمبر 2026"


def test_english_form_still_reads_iso_dates() -> None:
    from django import forms

    with translation.override("en"):
        field = forms.DateField()
        assert field.clean("2026-11-12") == date(2026, 11, 12)


@pytest.mark.parametrize(
    ("language", "expected"), [("ar", "83.700.000"), ("en", "83,700,000"), ("fr", "83\xa0700\xa0000")]
)
def test_large_amounts_are_grouped_by_thousands_in_every_language(language: str, expected: str) -> None:
    assert rendered(language, "{% load humanize %}{{ value|intcomma }}", 83_700_000) == expected
