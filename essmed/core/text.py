"""Text normalisation for search.

``normalize_arabic`` folds the variants of Arabic script that readers treat as the same word,
so that a query finds its words with or without vowel marks:

- removes the harakat and other Quranic annotation marks (U+0610–U+061A, U+064B–U+065F,
  U+0670 superscript alef, U+06D6–U+06ED) and the tatweel (U+0640);
- unifies the alef forms أ إ آ ٱ (and the bare hamza-on-alef variants) to ا;
- ta marbuta ة to ha ه, alef maqsura ى to ya ي;
- hamza on waw ؤ to و and hamza on ya ئ to ي;
- Arabic-Indic and Eastern Arabic-Indic digits to ASCII digits.

Latin text passes through untouched, so the function can be applied to any field.
"""

from __future__ import annotations

import re
import unicodedata

_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640]")
_FOLD = str.maketrans(
    {
        "\u0623": "\u0627",  # أ
        "\u0625": "\u0627",  # إ
        "\u0622": "\u0627",  # آ
        "\u0671": "\u0627",  # ٱ alef wasla
        "\u0672": "\u0627",
        "\u0673": "\u0627",
        "\u0629": "\u0647",  # ة → ه
        "\u0649": "\u064a",  # ى → ي
        "\u0624": "\u0648",  # ؤ → و
        "\u0626": "\u064a",  # ئ → ي
        "\u06cc": "\u064a",  # Farsi ya → ي
        "\u06a9": "\u0643",  # keheh → kaf
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)
_SPACES = re.compile(r"\s+")


def normalize_arabic(text: str) -> str:
    """Fold Arabic spelling variants (see the module docstring); other scripts are unchanged."""
    text = unicodedata.normalize("NFC", text)
    text = _MARKS.sub("", text)
    return text.translate(_FOLD)


def _search_table() -> dict[int, str | None]:
    """One translation table for ``fold_for_search``: Arabic marks and variants, and every Latin, Greek or
    Cyrillic letter with diacritics mapped to its base letters (built once from Unicode's decompositions)."""
    table: dict[int, str | None] = {ord(k) if isinstance(k, str) else k: v for k, v in _FOLD.items()}
    table.update({ord("œ"): "oe", ord("æ"): "ae"})  # no decomposition in Unicode: «œuvre» is «oeuvre»
    for codepoint in range(0x0300, 0x0600):
        if unicodedata.combining(chr(codepoint)):
            table[codepoint] = None
    for codepoint in (*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, 0x0640, *range(0x06D6, 0x06EE)):
        if _MARKS.match(chr(codepoint)):
            table[codepoint] = None
    for start, end in ((0x00C0, 0x0250), (0x0370, 0x0530), (0x1E00, 0x2000)):
        for codepoint in range(start, end):
            decomposed = unicodedata.normalize("NFD", chr(codepoint))
            base = "".join(c for c in decomposed if not unicodedata.combining(c))
            if base != chr(codepoint) and base:
                table[codepoint] = base.casefold()
    return table


_SEARCH_TABLE = _search_table()


def fold_for_search(text: str) -> str:
    """Lower-case, strip Latin accents, fold Arabic variants and collapse spaces: a search key.

    One ``str.translate`` over a precomputed table (it runs on every imported row: keep it fast)."""
    if not unicodedata.is_normalized("NFKC", text):  # also Arabic presentation forms and ligatures: ﺗﻌﺎﻭﻧﻴﺔ, ﬁ
        text = unicodedata.normalize("NFKC", text)
    return " ".join(text.casefold().translate(_SEARCH_TABLE).split())


def isolated(text: str) -> str:
    """``text`` isolated from its neighbours (U+2068 FIRST STRONG ISOLATE … U+2069), for plain text where ``<bdi>``
    cannot go (an option, a message): a name in another script, or with brackets of its own, keeps its letters and
    brackets in place on a right-to-left page."""
    return f"\u2068{text}\u2069"
