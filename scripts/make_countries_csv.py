"""Write essmed/territories/data/countries.csv from pycountry (ISO 3166-1 and Debian's iso-codes translations).

Run once by hand when the list should be refreshed (pycountry is a development dependency only; the
platform reads the CSV, never pycountry):

    .venv/bin/python scripts/make_countries_csv.py

Names: English is ``common_name`` where iso-codes has one (``Syria``), else ``name``. French and Arabic are
the iso-codes gettext catalogues shipped in ``pycountry.LOCALES_DIR``: the translation of ``common_name``
when the catalogue has it, else the translation of ``name``, else the English name. ``OVERRIDES`` corrects
the few catalogue entries found wrong or missing; each is listed in essmed/territories/data/README.md.
The ``shore`` column is the project's convention (see that README), not part of ISO 3166.
"""

from __future__ import annotations

import csv
import gettext
import sys
from pathlib import Path

import pycountry

OUTPUT = Path(__file__).resolve().parent.parent / "essmed" / "territories" / "data" / "countries.csv"
COLUMNS = ["code", "alpha3", "numeric", "name_fr", "name_ar", "name_en", "shore"]

# The project's convention, documented in essmed/territories/data/README.md.
NORTH = {"ES", "FR", "IT", "MT", "GR", "CY", "HR", "SI", "AL", "ME", "BA", "PT", "MC"}
SOUTH = {"MA", "DZ", "TN", "LY", "EG", "PS", "IL", "JO", "LB", "SY", "TR", "MR"}

# Catalogue entries that are wrong or missing in this iso-codes version.
OVERRIDES: dict[tuple[str, str], str] = {
    # "Moldova" (the common name) is translated "المالديف" (the Maldives) in the Arabic catalogue.
    ("MD", "ar"): "مولدوفا",
    # "Türkiye" (renamed in 2022) has no Arabic translation: the catalogue would give the Latin name.
    ("TR", "ar"): "تركيا",
    # Misspelt or translated word for word in the Arabic catalogue.
    ("RS", "ar"): "صربيا",
    ("LT", "ar"): "ليتوانيا",
    ("IM", "ar"): "جزيرة مان",
    ("VA", "ar"): "الكرسي الرسولي (دولة مدينة الفاتيكان)",
}


def catalogue(language: str) -> gettext.GNUTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])


def translate(translations: gettext.GNUTranslations, english_names: list[str]) -> str:
    """The translation of the first English name the catalogue knows, else the first English name."""
    known: dict[object, str] = getattr(translations, "_catalog", {})
    for english in english_names:
        if english in known:
            return translations.gettext(english)
    return english_names[0]


def rows() -> list[dict[str, str]]:
    languages = {language: catalogue(language) for language in ("fr", "ar")}
    result = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        common = getattr(country, "common_name", None)
        english_names = [common, country.name] if common else [country.name]
        row = {
            "code": country.alpha_2,
            "alpha3": country.alpha_3,
            "numeric": country.numeric,
            "name_en": english_names[0],
            "shore": "north" if country.alpha_2 in NORTH else "south" if country.alpha_2 in SOUTH else "",
        }
        for language, translations in languages.items():
            row[f"name_{language}"] = OVERRIDES.get((country.alpha_2, language), translate(translations, english_names))
        result.append(row)
    return result


def main() -> int:
    data = rows()
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)
    print(f"{OUTPUT}: {len(data)} countries (pycountry {pycountry_version()})")
    return 0


def pycountry_version() -> str:
    from importlib.metadata import version

    return version("pycountry")


if __name__ == "__main__":
    sys.exit(main())
