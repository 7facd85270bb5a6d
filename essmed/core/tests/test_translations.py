"""The French and Arabic catalogues: complete, well formed, compiled and used.

A string marked for translation but left untranslated (or fuzzy) in ``essmed/locale`` or in an app's own
catalogue (``essmed/<app>/locale``) fails here, so that it cannot reach the French or Arabic pages unnoticed.
After changing a source string, run ``make messages``, translate the new entries, then ``make compilemessages``.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from essmed.core.emails import render_email

LOCALE = Path(settings.LOCALE_PATHS[0])
# The project's catalogue, then each app's own (events, funding, incubator keep theirs beside their code).
CATALOGUES = [
    LOCALE,
    *sorted(path.parent.parent.parent for path in LOCALE.parent.glob("*/locale/fr/LC_MESSAGES/django.po")),
]
TRANSLATED = ["fr", "ar"]  # English is the source language: its catalogue stays empty on purpose.
CATALOGUE_LANGS = [(locale, lang) for locale in CATALOGUES for lang in TRANSLATED]


def catalogue_id(value: object) -> str:
    return value.parent.name if isinstance(value, Path) and value.name == "locale" else str(value)


HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
PLACEHOLDER = re.compile(r"%\(\w+\)\d*[sdx]|%[sd]")
ARABIC_LETTER = re.compile(r"[\u0621-\u064A]")
LATIN_WORD = re.compile(r"[A-Za-z]+")
# A message of region_detail.html, passed unpacked so that makemessages does not take this file as a source.
COMMUNES = ("%(name)s: %(counter)s commune", "%(name)s: %(counter)s communes")


def written_in_arabic(msgstr: str) -> bool:
    """An Arabic message has Arabic letters, unless it has no letter at all: punctuation, digits and placeholders
    only («%(name)s», "؛ ", "2026") are written the same in any language. Letters without an Arabic one mean the
    message was left untranslated."""
    text = HTML_TAG.sub("", PLACEHOLDER.sub("", msgstr))
    return not any(character.isalpha() for character in text) or bool(ARABIC_LETTER.search(text))


def po_file(lang: str, locale: Path = LOCALE) -> Path:
    return locale / lang / "LC_MESSAGES" / "django.po"


def compiled(lang: str, locale: Path = LOCALE) -> dict[str | tuple[str, int], str]:
    """The compiled catalogue of ``lang``, only essmed's own messages (not Django's)."""
    mo = po_file(lang, locale).with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < po_file(lang, locale).stat().st_mtime:
        pytest.fail(f"{mo} is missing or older than its .po: run `make compilemessages`")
    with mo.open("rb") as handle:
        catalogue: dict[str | tuple[str, int], str] = gettext.GNUTranslations(handle)._catalog
    return {key: value for key, value in catalogue.items() if key != ""}


def plural_msgids(lang: str, locale: Path = LOCALE) -> dict[str, str]:
    """msgid → msgid_plural for the plural messages of the .po file (the compiled catalogue forgets the plural)."""
    plurals: dict[str, str] = {}
    msgid = ""
    for entry in po_file(lang, locale).read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        current = ""
        for line in entry.splitlines():
            if line.startswith(("msgid ", "msgid_plural ", "msgctxt ")):
                current, _, value = line.partition(" ")
                fields[current] = value[1:-1]
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
            elif not line.startswith('"'):
                current = ""
        msgid = fields.get("msgid", "")
        if "msgid_plural" in fields:
            plurals[msgid.encode().decode("unicode_escape")] = fields["msgid_plural"]
    return plurals


def msgids(lang: str, locale: Path = LOCALE) -> list[tuple[str, int, str]]:
    """(msgid, plural form, msgstr) for every message of the compiled catalogue."""
    entries = []
    for key, msgstr in compiled(lang, locale).items():
        if isinstance(key, tuple):
            msgid, form = key
            entries.append((msgid, form, msgstr))
        else:
            entries.append((key, -1, msgstr))
    return entries


@pytest.mark.parametrize(("locale", "lang"), CATALOGUE_LANGS, ids=catalogue_id)
def test_every_message_is_translated_and_none_is_fuzzy(locale, lang):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.fail("msgfmt (GNU gettext) is needed to check the catalogues: apt-get install gettext")
    run = subprocess.run(  # noqa: S603 - a fixed command on the project's own file
        [msgfmt, "--check", "--statistics", "-o", os.devnull, str(po_file(lang, locale))],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "LC_ALL": "C", "LANGUAGE": ""},
    )
    assert run.returncode == 0, run.stderr
    statistics = run.stderr.strip().splitlines()[-1]
    assert "fuzzy" not in statistics, statistics
    assert "untranslated" not in statistics, statistics
    assert re.fullmatch(r"\d+ translated messages?\.", statistics), run.stderr


@pytest.mark.parametrize(("locale", "lang"), CATALOGUE_LANGS, ids=catalogue_id)
def test_catalogue_headers_give_the_language_and_its_plural_forms(locale, lang):
    header = po_file(lang, locale).read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert "#, fuzzy" not in header
    assert f'"Language: {lang}\\n"' in header
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in header
    nplurals = {"fr": 2, "ar": 6}[lang]
    assert f"nplurals={nplurals};" in header


@pytest.mark.parametrize(("locale", "lang"), CATALOGUE_LANGS, ids=catalogue_id)
def test_translations_keep_the_placeholders_and_html_tags_of_the_source(locale, lang):
    plurals = plural_msgids(lang, locale)
    for msgid, form, msgstr in msgids(lang, locale):
        assert sorted(HTML_TAG.findall(msgstr)) == sorted(HTML_TAG.findall(msgid)), msgid
        if form == -1:
            assert sorted(PLACEHOLDER.findall(msgstr)) == sorted(PLACEHOLDER.findall(msgid)), msgid
        else:  # a plural form may leave out the number ("one commune", "two communes" in Arabic)
            source = set(PLACEHOLDER.findall(msgid)) | set(PLACEHOLDER.findall(plurals.get(msgid, "")))
            assert set(PLACEHOLDER.findall(msgstr)) <= source, msgid


@pytest.mark.parametrize("locale", CATALOGUES, ids=catalogue_id)
def test_arabic_messages_are_written_in_arabic(locale):
    """Latin words left in an Arabic message are only names, acronyms, codes and placeholders.

    An app's catalogue may list more such words, one per line, in ``<app>/locale/latin_words.txt``.
    """
    allowed = {"essmed", "CIM", "CRPM", "WCAG", "AA", "RGAA", "ISO", "alpha", "INSEE", "laregion", "fr", "axe", "core"}
    # File formats and standards, the literal column names of the import files, codes and map credits.
    allowed |= {"CSV", "UTF", "NUL", "JSON", "LD", "GeoJSON", "FeatureCollection", "ESSGlobal", "schema", "org"}
    allowed |= {"Murmurations", "Identifier", "Name", "Country", "Description", "Organisational", "Structure"}
    allowed |= {"Activities", "Street", "Address", "Locality", "Region", "Postcode", "Website", "Phone", "Email"}
    allowed |= {"Latitude", "Longitude", "ar", "en", "FR", "SCOP", "ICA", "T", "susy", "transformap", "bbox"}
    allowed |= {"Natural", "Earth", "Latin", "Windows", "x"}  # x: the 0x of a hexadecimal byte
    # JSON literals, keys and geometries, file kinds and an example file name, the API's documentation address.
    allowed |= {"true", "false", "features", "Feature", "Topology", "PK", "xlsx", "ods", "xls", "BOM", "IP"}
    allowed |= {"api", "docs", "Point", "csv", "actors", "Mac"}
    if (locale / "latin_words.txt").exists():
        allowed |= set((locale / "latin_words.txt").read_text(encoding="utf-8").split())
    for msgid, _form, msgstr in msgids("ar", locale):
        assert written_in_arabic(msgstr), msgid
        text = HTML_TAG.sub("", PLACEHOLDER.sub("", msgstr))
        assert set(LATIN_WORD.findall(text)) <= allowed, msgid


@pytest.mark.parametrize(
    ("msgstr", "expected"),
    [
        ("«", True),  # quotation marks, the Arabic semicolon and comma: punctuation only
        ("»", True),
        ("«%(name)s»", True),
        ("؛ ", True),
        ("، ", True),
        ("…", True),
        ("2026", True),  # numbers, in Western or Arabic-Indic digits
        ("٢٠٢٦", True),
        ("<strong>%(count)d</strong> %", True),
        ("حفظ", True),  # Arabic words, with or without names, placeholders and punctuation
        ("%(name)s: جماعة واحدة.", True),
        ("«%(name)s» مقبول", True),
        ("Save", False),  # untranslated: the English source, or a French word, even between Arabic punctuation
        ("Enregistrer", False),
        ("«Save»؛", False),
        ("%(name)s: Save", False),
        ("<em>Save</em>", False),
        ("Ελλάδα", False),  # letters of another script
    ],
)
def test_an_arabic_message_needs_arabic_letters_only_when_it_has_letters(msgstr, expected):
    assert written_in_arabic(msgstr) is expected


@pytest.mark.parametrize(
    ("lang", "message", "expected"),
    [
        ("fr", "Log in", "Se connecter"),
        ("ar", "Log in", "تسجيل الدخول"),
        ("fr", "Page not found", "Page introuvable"),
        ("ar", "Page not found", "تعذر العثور على الصفحة"),
        ("fr", "platform administrator", "administrateur de la plateforme"),
        ("ar", "CIM delegate", "مندوب اللجنة المتوسطية"),
    ],
)
def test_known_strings_are_translated(lang, message, expected):
    with translation.override(lang):
        assert translation.gettext(message) == expected


@pytest.mark.parametrize(
    ("lang", "names"), [("fr", ["Français", "Arabe", "Anglais"]), ("ar", ["الفرنسية", "العربية", "الإنجليزية"])]
)
def test_language_names_of_the_settings_are_translated(lang, names):
    with translation.override(lang):
        assert [str(name) for _code, name in settings.LANGUAGES] == names


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "Nador: لا توجد أي جماعة"),
        (1, "Nador: جماعة واحدة"),
        (2, "Nador: جماعتان"),
        (7, "Nador: 7 جماعات"),
        (24, "Nador: 24 جماعة"),
        (102, "Nador: 102 جماعة"),
    ],
)
def test_arabic_plurals_follow_the_six_forms_of_the_number(count, expected):
    with translation.override("ar"):
        text = translation.ngettext(*COMMUNES, count)
    assert text % {"name": "Nador", "counter": count} == expected


@pytest.mark.parametrize(("count", "expected"), [(0, "0 commune"), (1, "1 commune"), (2, "2 communes")])
def test_french_singular_covers_zero_and_one(count, expected):
    with translation.override("fr"):
        text = translation.ngettext(*COMMUNES, count)
    assert text % {"name": "Nador", "counter": count} == f"Nador: {expected}"


def test_email_to_an_arabic_speaker_is_in_arabic():
    subject, body = render_email("emails/accounts/confirm_email", {"full_name": "A"}, "ar")
    assert ARABIC_LETTER.search(subject)
    assert set(LATIN_WORD.findall(subject)) == {"essmed"}
    assert body.startswith("\u200fمرحبا A،")  # a right-to-left mark starts each line (core.emails)
    assert "The essmed team" not in body


def test_email_to_a_french_speaker_is_in_french():
    subject, body = render_email("emails/accounts/confirm_email", {"full_name": "A"}, "fr")
    assert subject == "Confirmez votre adresse électronique pour essmed"
    assert body.startswith("Bonjour A,")
