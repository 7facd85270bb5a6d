"""The search of an event's participants: pure functions, no database access.

The check-in desk, the catalogue of participants and the API (``RegistrationQuerySet.matching``) find a person by
part of their name, of their organisation's name or, except at the desk, of what they offer and seek, in whatever
language and script the reader knows it: the actor's names in every language (``name_fr``, ``name_ar``,
``name_en``…), its acronym and legal name, and the profile's texts in every language are searched, whatever the
page's language. Texts and query are folded as the directory folds them (``core.text.fold_for_search``: case,
Latin accents, Arabic diacritics, tatweel and letter variants: «Cooperative» finds «Coopérative», «Economie»
finds «Économie»), and each word of the query must be found in one of them, as a part of a word (as the former
``icontains`` did: «aytoun» finds «Zaytoun»). A word not found as it is typed is also looked for by its light
stem (``directory.text``: the Arabic article and plural endings, -s/-x…), so that «التعاونية» finds «تعاونية»
and «coopératives» finds «Coopérative».
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from essmed.core.text import fold_for_search
from essmed.directory.text import search_document, terms

MAX_QUERY_LENGTH = 100


def query_words(text: str) -> list[str]:
    """The folded words of a search (an empty list: no search)."""
    return fold_for_search(text[:MAX_QUERY_LENGTH]).split()


def matches(words: Sequence[str], texts: Iterable[str | None]) -> bool:
    """Whether every word of ``words`` (from ``query_words``) is in one of ``texts`` (see the module docstring)."""
    # One text of them all: folding and stemming work piece by piece between spaces, and a word has no space.
    text = " ".join(text for text in texts if text)
    folded = fold_for_search(text)
    document: str | None = None
    for word in words:
        if word in folded:
            continue
        if document is None:
            document = search_document([text])
        wanted = terms(word)
        if not wanted or not all(part in document for part in wanted):
            return False
    return True
