"""Keys and search documents computed from an actor's texts: pure functions, no database.

The same normalisation is applied to what is indexed and to what is searched, on SQLite (FTS5) and on
PostgreSQL (a GIN index on the ``simple`` configuration), so both engines give the same answers:

- ``core.text.fold_for_search``: case, Latin accents, Arabic diacritics, tatweel and letter variants;
- Arabic light stemming: the article ال with its attached prepositions and conjunctions (وال، بال، كال،
  فال، لل) and the common plural and adjective endings (يات، ات، ية/يه, and on longer words ون، ين، ه), so
  that «التعاونيات» and «تعاونية» both become «تعاون»;
- French and English light stemming: -ies and -ie become -y («communities», «community», «économie»,
  «economy» meet), -aux becomes -al («sociaux», «social»; not -eaux: «réseaux», «réseau»), and a final -s
  or -x goes, on words longer than three letters (four for the first two rules).

A search document (what is indexed, never what is searched) also holds, for an Arabic word that begins with
one of the one-letter proclitics و ف ب ل ك and keeps at least four letters without it, the stem of the rest:
«ببركان» (in Berkane) is found by «بركان», «وإنتاج» (and production) by «إنتاج». The query side cannot strip
them, since many words begin with those letters («بركان» itself); the threshold keeps «وجدة» (Oujda) from
being indexed as «جدة» (Jeddah).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from urllib.parse import urlsplit

from essmed.core.text import fold_for_search

_WORD = re.compile(r"\w+", re.UNICODE)
_ARABIC = re.compile(r"[\u0621-\u064a]")
_ARTICLES = ("وال", "بال", "كال", "فال", "لل", "ال")
# (ending, letters that must remain): longer endings first; short ones only on long words, so that
# «الزيتون» (olives) and «وجدة» (Oujda) keep their last letters.
_ARABIC_SUFFIXES = (("يات", 3), ("ات", 3), ("يه", 3), ("ون", 4), ("ين", 4), ("ه", 4))
_STOP = frozenset(
    {"de", "du", "des", "la", "le", "les", "et", "l", "d", "the", "of", "and", "in", "for", "a", "an", "en", "au"}
)


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """The light stem of one folded token (see the module docstring)."""
    if _ARABIC.search(token):
        for article in _ARTICLES:
            if token.startswith(article) and len(token) - len(article) >= 3:
                token = token[len(article) :]
                break
        for suffix, keep in _ARABIC_SUFFIXES:
            if token.endswith(suffix) and len(token) - len(suffix) >= keep:
                token = token[: -len(suffix)]
                break
        return token
    if len(token) > 4:
        if token.endswith("ies"):
            return token[:-3] + "y"
        if token.endswith("ie"):
            return token[:-2] + "y"
        if token.endswith("aux") and not token.endswith("eaux"):
            return token[:-3] + "al"
    if len(token) > 3 and token[-1] in "sx" and not token.endswith("ss"):
        return token[:-1]
    return token


_PROCLITICS = frozenset("وفبلك")


def _folded_terms(text: str) -> list[str]:
    return [stem(word) for word in _WORD.findall(fold_for_search(text)) if word not in _STOP]


def _indexed_terms(text: str) -> list[str]:
    """The terms of ``text`` and, after an Arabic word with a one-letter proclitic, the stem of the rest."""
    found = []
    for word in _WORD.findall(fold_for_search(text)):
        if word in _STOP:
            continue
        found.append(stem(word))
        if word[0] in _PROCLITICS and len(word) >= 5:
            found.append(stem(word[1:]))
    return found


# The terms of each whitespace-separated piece of text already seen, as searched and as indexed: most words of
# a directory repeat (Zipf), so a term is mostly one dictionary lookup. Folding, ``\w+`` and stemming never
# join two pieces (NFKC composes nothing with a space; a character it turns into several words stays in its
# piece), so the terms of a text are those of its pieces in order (``test_text`` checks it against the direct
# computation). Each is emptied when full: memory stays bounded.
_PIECES: dict[str, tuple[str, ...]] = {}
_INDEXED_PIECES: dict[str, tuple[str, ...]] = {}
PIECES_KEPT = 100_000


def _all_terms(
    text: str,
    into: list[str],
    remembered: dict[str, tuple[str, ...]] = _PIECES,
    compute: Callable[[str], list[str]] = _folded_terms,
) -> None:
    get = remembered.get
    for piece in text.split():
        found = get(piece)
        if found is None:
            if len(remembered) >= PIECES_KEPT:
                remembered.clear()
            found = remembered[piece] = tuple(compute(piece))
        into.extend(found)


def terms(text: str) -> list[str]:
    """The searchable terms of ``text``, in order, without stop words."""
    found: list[str] = []
    _all_terms(text, found)
    return found


def indexed_terms(text: str) -> list[str]:
    """The terms a search document holds for ``text`` (see the module docstring)."""
    found: list[str] = []
    _all_terms(text, found, _INDEXED_PIECES, _indexed_terms)
    return found


def search_document(texts: Iterable[str | None], also: Iterable[str] = ()) -> str:
    """One line of distinct terms from all of an actor's texts, in every language, with the Arabic words'
    proclitics set aside (see the module docstring); then the terms ``also`` (already indexed terms: those
    of its place's names, ``places.place_terms()``)."""
    found: list[str] = []
    for text in texts:
        if text:
            _all_terms(text, found, _INDEXED_PIECES, _indexed_terms)
    found.extend(also)
    return " ".join(dict.fromkeys(found))


def name_key(name: str) -> str:
    """A key under which two spellings of the same name meet, for duplicate detection."""
    return " ".join(terms(name))


# The common case of website_key(): an http(s) address with a lower-case host and no user, port or space.
_PLAIN_URL = re.compile(r"https?://([a-z0-9.-]*)((?:/[^?#\s]*)?)(?:[?#]\S*)?")


def website_key(url: str) -> str:
    """The host and path of a website without scheme, ``www.`` or trailing slash: ``example.org/coop``."""
    if not url:
        return ""
    plain = _PLAIN_URL.fullmatch(url)
    if plain is not None:
        return (plain[1].removeprefix("www.") + plain[2].rstrip("/")).lower()
    parts = urlsplit(url if "://" in url else f"https://{url}")
    host = parts.netloc.lower().removeprefix("www.")
    return (host + parts.path.rstrip("/")).lower()


# A cell a spreadsheet would run as a formula starts with one of these; a phone number or a signed number
# (``+212 536 …``, ``-1.91``) is left alone.
_FORMULA_START = ("=", "@", "\t", "\r")
_SIGN = ("+", "-")
_NUMBER_OR_PHONE = re.compile(r"[+-][\d ().\-/]*")


def spreadsheet_formula(value: str) -> bool:
    """Whether a spreadsheet would take ``value`` for a formula (CSV injection), once the apostrophes that guard
    it are set aside: so that a value that begins with one (``'=x``) is guarded again, and comes back as it was
    from an export imported again (``exports.spreadsheet_safe``, ``importing.row_values``)."""
    value = value.lstrip("'")
    return value.startswith(_FORMULA_START) or (value.startswith(_SIGN) and not _NUMBER_OR_PHONE.fullmatch(value))
