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


def fold_for_search(text: str) -> str:
    """Lower-case, strip Latin accents, fold Arabic variants and collapse spaces: a search key."""
    text = normalize_arabic(text)
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(c for c in decomposed if not (unicodedata.combining(c) and c < "\u0600"))
    return _SPACES.sub(" ", unicodedata.normalize("NFC", stripped)).strip()
