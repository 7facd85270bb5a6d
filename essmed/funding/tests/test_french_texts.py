"""The French texts of the funding watch are written «X: Y», as in the rest of the project: no space before a colon,
a semicolon, a question mark or an exclamation mark — in the programme data (rule labels and reasons, summaries),
the actors it adds to the directory, and the app's French catalogue."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from essmed.funding.data import programmes as data

FUNDING = Path(__file__).resolve().parent.parent
SPACE_BEFORE = re.compile(r"[ \u00a0\u202f][:;?!](?=\s|$)")


def french_texts(value: Any, key: str = "") -> Iterator[str]:
    """Every text of ``value`` (nested lists and dictionaries) under a key that ends in ``_fr``."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from french_texts(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from french_texts(item, key)
    elif isinstance(value, str) and key.endswith("_fr"):
        yield value


def french_messages() -> Iterator[tuple[str, str]]:
    """(msgid, msgstr) of every message of the French catalogue, each plural form apart."""
    catalogue = (FUNDING / "locale" / "fr" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    for entry in catalogue.split("\n\n")[1:]:  # after the header
        fields: dict[str, str] = {}
        current = ""
        for line in entry.splitlines():
            if line.startswith(("msgctxt ", "msgid ", "msgid_plural ", "msgstr")):
                current, _space, value = line.partition(" ")
                fields[current] = value[1:-1]
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        for name, value in fields.items():
            if name.startswith("msgstr"):
                yield fields.get("msgid", ""), value


def test_the_programme_data_writes_french_without_a_space_before_a_colon():
    texts = [
        *french_texts([data.FUNDERS, data.THEMES, data.PROGRAMMES, data.CALLS]),
        *(names[0] for names in data.PORTAL_PROGRAMMES.values()),
    ]
    assert len(texts) > 100
    assert [text for text in texts if SPACE_BEFORE.search(text)] == []


def test_the_actors_added_by_the_funding_data_are_described_so_too():
    with (FUNDING / "data" / "actors_partner_countries.csv").open(encoding="utf-8") as stream:
        descriptions = [row["Description:fr"] for row in csv.DictReader(stream)]
    assert descriptions
    assert [text for text in descriptions if SPACE_BEFORE.search(text)] == []


def test_the_french_catalogue_writes_no_space_before_a_colon():
    messages = list(french_messages())
    assert len(messages) > 300
    assert [(msgid, msgstr) for msgid, msgstr in messages if SPACE_BEFORE.search(msgstr)] == []
    # the reasons of a verdict, as the check page shows them
    assert (
        "Not enough information to decide; missing: {missing}.",
        "Pas assez d'informations pour trancher; il manque: {missing}.",
    ) in messages
