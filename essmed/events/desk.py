"""The check-in desk's search: pure functions, no database access.

A desk agent types part of a person's name or of their organisation's name, in whatever language and script
they know it: the actor's names in every language (``name_fr``, ``name_ar``, ``name_en``…), its acronym and
legal name are searched, whatever the page's language. Texts and query are folded as the directory folds them
(``core.text.fold_for_search``: case, Latin accents, Arabic diacritics, tatweel and letter variants), and
each word of the query must be found in one of them, as a part of a word (as the desk's former ``icontains``
did: «aytoun» finds «Zaytoun»). A word not found as it is typed is also looked for by its light stem
(``directory.text``: the Arabic article and plural endings, -s/-x…), so that «التعاونية» finds «تعاونية» and
«coopératives» finds «Coopérative».
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from essmed.core.text import fold_for_search
from essmed.directory.text import search_document, terms

MAX_QUERY_LENGTH = 100


def query_words(text: str) -> list[str]:
    """The folded words of a desk search (an empty list: no search)."""
    return fold_for_search(text[:MAX_QUERY_LENGTH]).split()


def matches(words: Sequence[str], texts: Iterable[str | None]) -> bool:
    """Whether every word of ``words`` (from ``query_words``) is in one of ``texts`` (see the module docstring)."""
    present = [text for text in texts if text]
    folded = " ".join(fold_for_search(text) for text in present)
    stems: list[str] | None = None
    for word in words:
        if word in folded:
            continue
        if stems is None:
            stems = search_document(present).split()
        wanted = terms(word)
        if not wanted or not all(any(part in stem for stem in stems) for part in wanted):
            return False
    return True
