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

The texts are folded once, when they are saved (``folded``: the ``search_*`` columns of a registration), and the
query's words once per search (``query``); ``found`` says whether a word is in folded texts, and
``RegistrationQuerySet.matching`` asks the same of the database. ``matches`` does it all at once, in Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from essmed.core.text import fold_for_search
from essmed.directory.text import search_document, terms

MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class Word:
    """A word of a search: found when ``typed`` is in the folded texts, or else when each of ``stems`` (its light
    stem's terms; none for a stop word) is in their search document."""

    typed: str
    stems: tuple[str, ...]


@dataclass(frozen=True)
class Folded:
    """Texts folded for the search: as they are written (``text``) and as the terms of a search document."""

    text: str
    document: str


def query_words(text: str) -> list[str]:
    """The folded words of a search (an empty list: no search)."""
    return fold_for_search(text[:MAX_QUERY_LENGTH]).split()


def query(text: str) -> list[Word]:
    """The words of a search with their stems (an empty list: no search)."""
    return [Word(word, tuple(terms(word))) for word in query_words(text)]


def folded(texts: Iterable[str | None]) -> Folded:
    """``texts`` (empty or None ones left out) folded for the search, as one. Folding and stemming work piece by
    piece between spaces and a word has no space, so a word is found in texts folded together when it is found in
    one of them folded apart: a registration keeps its texts folded by kind, matched together or not."""
    text = " ".join(text for text in texts if text)
    return Folded(fold_for_search(text), search_document([text]))


def found(word: Word, texts: Folded) -> bool:
    """Whether ``word`` is in ``texts`` (see the module docstring)."""
    if word.typed in texts.text:
        return True
    return bool(word.stems) and all(stem in texts.document for stem in word.stems)


def matches(words: Sequence[str], texts: Iterable[str | None]) -> bool:
    """Whether every word of ``words`` (from ``query_words``) is in one of ``texts`` (see the module docstring)."""
    together = folded(texts)
    return all(found(Word(word, tuple(terms(word))), together) for word in words)
