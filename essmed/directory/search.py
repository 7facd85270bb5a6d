"""Full-text search and facets of the directory, on SQLite and PostgreSQL alike.

What is indexed: ``Actor.search_document``, one line of distinct terms from all of an actor's texts in every
language, folded and lightly stemmed by ``text.terms()`` (``Actor.refresh_keys()`` fills it on save, the importer
in bulk). A query goes through the same ``terms()``, so both sides meet whatever the accents, diacritics, case,
article «ال» or plural.

- **SQLite**: an FTS5 external-content table ``directory_actor_fts`` on ``directory_actor(search_document)``,
  kept in step by triggers (migration ``0002_search_index``; FTS5's ``ascii`` tokenizer since ``0011``, the
  documents being split already); a query is an FTS5 expression of quoted terms.
  Actors are joined to the index (``models.ActorSearchEntry``, whose rowid is the actor's id) and ordered by
  the index's own order, newest first (its rowid backwards) or by its bm25 ``rank``: SQLite then reads the index
  as the outer loop and stops at the page asked for, instead of collecting every match first (a quarter of a
  million for «coopérative» in the benchmark's directory). Counts keep that order for the same reason
  (``capped_count``). With other filters, actors are kept when their id is in the list of the index's matches;
  when those filters leave fewer actors than the words match (at most ``SQLITE_ROW_TEST_LIMIT``: a region), each
  one's document is tested instead (``_DocumentTest``); when they leave more (a country), the newest
  ``SQLITE_PROBE`` of them are tested first, and make the list if they hold more matches than it reaches.
- **PostgreSQL**: the column ``search_vector``, ``to_tsvector('simple', search_document)`` stored by the
  database (migration ``0006_search_vector``; ``simple``: the terms are already normalised, no dictionary may
  change them), with a GIN index. Common words are answered by reading actors newest first and testing their
  stored vector, which stops at the page; the choice between ranking and "newest first" uses the planner's
  estimate (``estimated_count``), and counts a sample of the table's pages when the planner expects many
  (``sampled_count``), never a count of a quarter of a million GIN entries. When other filters leave few
  actors (``ROW_TEST_LIMIT``), their stored vectors are tested one by one, counts included (``_TsRowTest``).

Query rules (``parse_query``, a pure function): every term must match; the last term matches as a prefix so
that results follow typing; Arabic terms always match as prefixes (light stemming leaves the attached pronoun
and adjective endings: «تعاون» finds «تعاوني» and «تعاونيتنا»; «التعاونيات» and «تعاونية» share the stem
«تعاون», see ``text.py``); a few particles that only narrow a query («في», «من», «pour») are left out; at most
``MAX_TERMS`` terms.

Ordering: by relevance (FTS5's bm25 on SQLite, ``ts_rank`` on PostgreSQL), then by name; without words, by
name. Sorting reads every actor listed, so it is done only when at most ``SORT_LIMIT`` actors are listed (for
relevance: when the words match at most that many in the whole directory, since ranking reads all of them);
beyond that the results come newest first, straight from the indexes, and the page says so (refining the
search or the filters brings the sorting back). Counts stop at ``COUNT_CAP``; pages reach that far only.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Exists, F, FloatField, Func, IntegerField, OuterRef, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Lower, NullIf
from django.db.models.sql.compiler import SQLCompiler
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext

from essmed.accounts.models import OrganisationKind
from essmed.directory.exports import DEFAULT_LANGUAGE, fallback_order
from essmed.directory.models import (
    Actor,
    ActorQuerySet,
    Offer,
    OfferKind,
    OfferQuerySet,
    OfferTopic,
    Term,
    Vocabulary,
)
from essmed.directory.text import terms
from essmed.territories.models import Country, Region

FTS_TABLE = "directory_actor_fts"
PAGE_SIZE = 20
# Counts stop here and pages reach this far (50 pages of 20), as many search engines do; the CSV export takes
# every match. At 10,000, a common word in a big country (8,000–19,000 matches of «huile» or «تعاونية» among
# Morocco's 62,000 actors) had to be counted exactly on PostgreSQL: the bitmaps of the word's GIN entries
# (130,000–300,000) and of the country cost 60–125 ms alone, and those list pages took 95–166 ms (map page 122 ms).
# At 1,000 they take 27–36 ms (median; map page 35 ms), and SQLite's list pages read 1,001 ids, not 10,001.
COUNT_CAP = 1_000
SORT_LIMIT = 1_000
# PostgreSQL: how far above a limit the planner's estimate must be for a count to be skipped (see capped_count).
ESTIMATE_MARGIN = 2
# PostgreSQL: an estimate above this many is taken as "more than the cap" without a sample (which costs 5–10 ms on
# a list of the whole directory); below it, the sample decides (see capped_count).
TRUSTED_ESTIMATE = 20_000
# PostgreSQL: a search with filters that leave at most this many actors (the planner's estimate, before the words)
# tests each of them rather than reading the GIN index (see ``_TsRowTest``).
ROW_TEST_LIMIT = 25_000
# SQLite: a search whose other filters leave at most this many actors, fewer than its words match in the whole
# directory, tests each of those actors' documents (``_DocumentTest``) rather than listing the words' matches.
SQLITE_ROW_TEST_LIMIT = 20_000
# SQLite: beyond that limit (a country), an ordered list first tests the documents of the newest this many actors the
# filters leave; when they hold more matches than a list reaches (``COUNT_CAP``), the list is theirs
# (``_newest_holding_a_full_list``).
SQLITE_PROBE = 5_000
SAMPLE_PERCENT = 0.5
# PostgreSQL: set while counting, so that ``_TsTest`` compiles as the indexed test.
_COUNTING: ContextVar[bool] = ContextVar("counting", default=False)
MAX_TERMS = 8
MAX_QUERY_LENGTH = 300
MIN_PREFIX = 2
MIN_ARABIC_PREFIX = 3
MAX_VALUE_LENGTH = 80

_PIECE = re.compile(r"[^\W_]+")
_ARABIC = re.compile(r"[\u0621-\u064a]")
# Words that only narrow a query, as ``text.terms()`` leaves them (folded): dropped from queries, never from
# documents, so that leaving them out can only find more.
QUERY_STOP_WORDS = frozenset(
    {
        # Arabic: in, from, about, with, to, or, then, and
        "في",
        "من",
        "عن",
        "مع",
        "الي",
        "او",
        "ثم",
        "و",
        # French and English
        "un",
        "une",
        "pour",
        "par",
        "sur",
        "avec",
        "dans",
        "aux",
        "ou",
        "to",
        "by",
        "with",
        "on",
        "at",
        "or",
    }
)


# ---------------------------------------------------------------------------------------------------------
# Queries: pure functions, no database
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryTerm:
    text: str
    prefix: bool


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[QueryTerm, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.terms)


def is_arabic(term: str) -> bool:
    return bool(_ARABIC.search(term))


def parse_query(text: str) -> ParsedQuery:
    """The terms a query must match, each with whether it matches as a prefix (see the module docstring)."""
    words: list[str] = []
    for term in terms(text[:MAX_QUERY_LENGTH]):
        # The engines split words on what is not a letter or digit (an underscore too): so do queries.
        words.extend(piece for piece in _PIECE.findall(term) if piece not in QUERY_STOP_WORDS)
    chosen: dict[str, bool] = {}
    for position, word in enumerate(words):
        arabic = is_arabic(word)
        last = position == len(words) - 1
        prefix = len(word) >= MIN_ARABIC_PREFIX if arabic else last and len(word) >= MIN_PREFIX
        # The same term twice: matching it exactly once is enough for both.
        chosen[word] = chosen.get(word, True) and prefix
        if len(chosen) == MAX_TERMS:
            break
    return ParsedQuery(tuple(QueryTerm(word, prefix) for word, prefix in chosen.items()))


def document_test_sql(document: str, query: ParsedQuery) -> tuple[str, list[str]]:
    """SQLite: the condition that the document in the column ``document`` holds every term of ``query``, and its
    parameters (``_DocumentTest``). The document is read with a space on each side and its underscores made
    spaces, so that its words are the pieces FTS5's tokenizer and ``matches_document`` read; each term is then
    `` term `` in it, or `` term`` for a prefix."""
    padded = f"(' ' || replace({document}, '_', ' ') || ' ')"
    patterns = [f" {term.text}" + ("" if term.prefix else " ") for term in query.terms]
    return "(" + " AND ".join(f"instr({padded}, %s) > 0" for _pattern in patterns) + ")", patterns


def fts5_expression(query: ParsedQuery) -> str:
    """The FTS5 MATCH expression: quoted terms (never FTS5 syntax), ``*`` for a prefix, all required."""
    return " ".join(f'"{term.text}"' + ("*" if term.prefix else "") for term in query.terms)


def tsquery_expression(query: ParsedQuery) -> str:
    """The PostgreSQL ``to_tsquery`` text: quoted terms, ``:*`` for a prefix, joined by ``&``."""
    return " & ".join(f"'{term.text}'" + (":*" if term.prefix else "") for term in query.terms)


def matches_document(query: ParsedQuery, document: str) -> bool:
    """What both engines answer, in Python: every term is a word of the document, or begins one if a prefix."""
    words = set(_PIECE.findall(document))
    return all(
        any(word.startswith(term.text) for word in words) if term.prefix else term.text in words for term in query.terms
    )


# ---------------------------------------------------------------------------------------------------------
# Queries on each engine
# ---------------------------------------------------------------------------------------------------------


class _TsFunc(Func):
    """PostgreSQL: a function of an actor's stored tsvector (the column ``search_vector`` beside
    ``search_document``, migration ``0006_search_vector``) and a text-search query, a bound parameter."""

    def __init__(self, tsquery: str) -> None:
        super().__init__(F("search_document"))
        self.tsquery = tsquery

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        # Django does not know the column: compile the document's column, with the right table alias, and name
        # the column beside it.
        document, params = compiler.compile(self.source_expressions[0])
        vector = document.removesuffix('"search_document"') + '"search_vector"'
        return self.template % {"vector": vector}, (*params, self.tsquery)


class _TsMatch(_TsFunc):
    """PostgreSQL: ``search_vector @@ to_tsquery('simple', …)``, answered by the GIN index."""

    template = "%(vector)s @@ to_tsquery('simple', %%s)"
    output_field = BooleanField()


class _TsTest(_TsMatch):
    """PostgreSQL: the same test, written so that the GIN index cannot answer it (``IS TRUE``) while a page is
    read: the planner then reads actors newest first by the primary key and tests each one's stored vector
    (about 2.5 µs), stopping at the page. For common words this is what it should do, but it multiplies the
    frequencies of several words as if independent, expects a few hundred matches instead of thousands, and
    would choose the GIN index, which reads every entry of every word (about 50 ms for «huile d'olive Oujda»).
    Counts (``capped_count``) compile it as the indexed test again."""

    indexed_when_counting = True

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        sql, params = super().as_sql(compiler, connection, **extra)
        return (sql if self.indexed_when_counting and _COUNTING.get() else f"({sql}) IS TRUE"), params


class _TsRowTest(_TsTest):
    """PostgreSQL: the test of ``_TsTest`` for a search whose other filters leave few actors, counts included.
    Counting through the GIN index reads the entries of every word that begins with the last word typed and then
    re-checks each match's page: 120–190 ms for «coopérative» (347,000 actors) in the Oriental, whose 15,600
    actors the (region, status) index gives and whose stored vectors are tested in 34 ms. Beyond
    ``ROW_TEST_LIMIT`` actors the GIN index is quicker (Morocco, 62,000 actors: 440 against 220 ms)."""

    indexed_when_counting = False


class _DocumentTest(Func):
    """SQLite: whether an actor's ``search_document`` holds every term of a query, read from the actor's row
    (``document_test_sql``), not from the full-text index. The index lists every match of the words before SQLite
    can keep those of a region: 64 ms for «coopérative» (347,000 actors of the
    benchmark's million) in the Oriental, whose 15,600 actors the (region, status) index gives newest first and
    whose documents hold the word often enough that the first 1,001 are found in 7 ms (42 ms when none does)."""

    output_field = BooleanField()

    def __init__(self, query: ParsedQuery) -> None:
        super().__init__(F("search_document"))
        self.query = query

    def as_sql(  # type: ignore[override]
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> tuple[str, tuple[Any, ...]]:
        document, document_params = compiler.compile(self.source_expressions[0])
        sql, patterns = document_test_sql(document, self.query)
        return sql, tuple(param for pattern in patterns for param in (*document_params, pattern))


class _TsRank(_TsFunc):
    """PostgreSQL: ``ts_rank`` normalised by the document's length (as bm25 does), higher is better."""

    template = "ts_rank(%(vector)s, to_tsquery('simple', %%s), 1)"
    output_field = FloatField()


def estimated_count(queryset: QuerySet[Any]) -> int:
    """PostgreSQL: the planner's estimate of the number of rows of ``queryset``, from the table's statistics (no
    row is read). For the words of a search it comes from the most common words of the search vectors, which
    ANALYZE samples; it errs low rather than high when several words are required together."""
    compiler = queryset.order_by().values("pk").query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


def _vendor(queryset: QuerySet[Any]) -> str:
    return connections[queryset.db].vendor


class _NotIndexed(Func):
    """SQLite's unary ``+``: the same value, but no index may be used to satisfy a condition on it."""

    template = "+%(expressions)s"
    output_field = IntegerField()


def _ts_matching(queryset: ActorQuerySet, query: ParsedQuery, *, indexed: bool = True) -> ActorQuerySet:
    """PostgreSQL: the actors that match, through the GIN index (or not: ``_TsTest``)."""
    return queryset.filter((_TsMatch if indexed else _TsTest)(tsquery_expression(query)))


def _in_index(queryset: ActorQuerySet, query: ParsedQuery) -> ActorQuerySet:
    """SQLite: the actors whose id is among the index's matches, a list SQLite builds once per statement. Safe in
    any query, whatever the other filters and even inside a correlated subquery; its cost grows with the number
    of matches."""
    sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608 (a constant table name)
    matches = RawSQL(sql, [fts5_expression(query)])  # noqa: S611 (a bound parameter)
    # ``+id``: SQLite must not take the list as the loop that drives the query (it assumes a short list and
    # would look up each of a quarter of a million matches); it probes the list for each actor the other
    # filters and indexes give.
    return queryset.alias(fts_probe=_NotIndexed(F("pk"))).filter(fts_probe__in=matches)


def _joined(queryset: ActorQuerySet, query: ParsedQuery) -> ActorQuerySet:
    """SQLite: the actors joined to their row of the index (``ActorSearchEntry``) for the same query, which gives
    the index's order (``position``) and bm25 (``rank``). Ordered by either, SQLite reads the index as the outer
    loop and stops at the page asked for. Only for the top-level query of a list: in a subquery, or with other
    selective filters, SQLite may instead test actors one by one against the index, which is slow."""
    return queryset.filter(search_entry__document__match=fts5_expression(query))


def few_matches(query: ParsedQuery, *, using: str = "default") -> bool:
    """Whether the words match at most ``SORT_LIMIT`` actors of the whole directory (any status), so that ranking
    them is cheap. Counted up to ``SORT_LIMIT + 1`` from the index; on PostgreSQL, only when the planner expects
    few enough (at most ``ESTIMATE_MARGIN`` times the limit): for common words, reading their GIN entries would
    cost more than the whole search."""
    if not query:
        return True
    if connections[using].vendor == "postgresql":
        found = _ts_matching(Actor.objects.using(using).all(), query)
        if estimated_count(found) > ESTIMATE_MARGIN * SORT_LIMIT:
            return False
        if (sampled := sampled_count(found)) is not None and sampled > ESTIMATE_MARGIN * SORT_LIMIT:
            return False
        return bool(found.order_by().values("pk")[: SORT_LIMIT + 1].count() <= SORT_LIMIT)
    return _index_count(query, SORT_LIMIT, using) <= SORT_LIMIT


def _index_count(query: ParsedQuery, limit: int, using: str) -> int:
    """SQLite: the actors of the whole directory (any status) whose documents the words match, counted from the
    full-text index up to ``limit + 1``."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s LIMIT %s)",  # noqa: S608
            [fts5_expression(query), limit + 1],
        )
        row = cursor.fetchone()
    return int(row[0])


def _at_most_count(queryset: QuerySet[Any], limit: int) -> int:
    return int(queryset.order_by().values("pk")[: limit + 1].count())


class Order:
    """How a list of actors is ordered (``ActiveFilters.order``)."""

    RELEVANCE = "relevance"
    NAME = "name"
    NEWEST = "newest"


def _at_most(queryset: QuerySet[Any], limit: int) -> bool:
    return _at_most_count(queryset, limit) <= limit


def order_by_name(queryset: ActorQuerySet) -> tuple[ActorQuerySet, str]:
    """Alphabetical on the name the page shows when at most ``SORT_LIMIT`` actors are listed; the most recently
    added first otherwise, which every index gives in order (sorting a large set would cost more).

    In the default language, the folded French name (``name_key``: accents and case aside); in another, the
    name in that language or its fallback (``fallback_order``), in lower case (a few hundred rows to sort)."""
    if not _at_most(queryset, SORT_LIMIT):
        return queryset.order_by("-pk"), Order.NEWEST
    language = get_language() or DEFAULT_LANGUAGE
    if language == DEFAULT_LANGUAGE:
        return queryset.order_by("name_key", "pk"), Order.NAME
    names = [NullIf(F(f"name_{code}"), Value("")) for code in fallback_order(language)]
    return queryset.order_by(Lower(Coalesce(*names, Value(""))), "name_key", "pk"), Order.NAME


def apply_search(
    queryset: ActorQuerySet, query: ParsedQuery, *, ordered: bool = True, narrowed: bool = False
) -> tuple[ActorQuerySet, str]:
    """The actors of ``queryset`` that match ``query``, and their order: by relevance when the words match at most
    ``SORT_LIMIT`` actors of the whole directory, the most recently added first otherwise (or when not
    ``ordered``, for callers that need no order). ``narrowed`` says that ``queryset`` has filters of its own
    (country, type…): SQLite then filters by the list of matches rather than reading the index in order, which
    could read most of the index before finding a page of actors that pass those filters; or, when those actors
    are fewer than the matches, tests each one's document (``_DocumentTest``)."""
    if not query:
        return queryset, Order.NEWEST
    if _vendor(queryset) != "postgresql":
        return _sqlite_search(queryset, query, ordered=ordered, narrowed=narrowed)
    if not (ordered and few_matches(query, using=queryset.db)):
        if narrowed and ordered and estimated_count(queryset) <= ROW_TEST_LIMIT:
            found = queryset.filter(_TsRowTest(tsquery_expression(query)))
        else:
            found = _ts_matching(queryset, query, indexed=narrowed or not ordered)
        return found.order_by("-pk"), Order.NEWEST
    found = _ts_matching(queryset, query)
    relevance = _TsRank(tsquery_expression(query)).desc()
    return found.order_by(relevance, "name_key", "pk"), Order.RELEVANCE


def _sqlite_search(
    queryset: ActorQuerySet, query: ParsedQuery, *, ordered: bool, narrowed: bool
) -> tuple[ActorQuerySet, str]:
    """``apply_search`` on SQLite. One count of the words' matches in the whole directory answers both whether
    they are few (ranked) and, with other filters, whether the actors those leave are fewer (``_DocumentTest``)."""
    listed = _at_most_count(queryset, SQLITE_ROW_TEST_LIMIT) if narrowed else SQLITE_ROW_TEST_LIMIT + 1
    row_test = listed <= SQLITE_ROW_TEST_LIMIT
    matches = 0
    if ordered or row_test:
        matches = _index_count(query, max(SORT_LIMIT, listed if row_test else 0), queryset.db)
    if ordered and matches <= SORT_LIMIT:
        # The list of matches (at most SORT_LIMIT) bounds every plan; the join gives the rank.
        found = _joined(_in_index(queryset, query), query)
        return found.order_by("search_entry__rank", "name_key", "pk"), Order.RELEVANCE
    if row_test and matches > listed:
        return queryset.filter(_DocumentTest(query)).order_by("-pk"), Order.NEWEST
    if narrowed and ordered and (newest := _newest_holding_a_full_list(queryset, query)) is not None:
        return newest, Order.NEWEST
    if narrowed or not ordered:
        return _in_index(queryset, query).order_by("-pk"), Order.NEWEST
    return _joined(queryset, query).order_by("-search_entry__position"), Order.NEWEST


def _newest_holding_a_full_list(queryset: ActorQuerySet, query: ParsedQuery) -> ActorQuerySet | None:
    """SQLite: the newest ``SQLITE_PROBE`` actors of ``queryset`` whose documents hold the words, newest first, when
    they are more than ``COUNT_CAP``; ``None`` otherwise. Lists, counts and pages stop at ``COUNT_CAP`` (the API's
    too), so those actors give the same count ("more than 1,000") and the same pages as the whole search, whose
    other matches are all older. For a common word in a country (Morocco's 62,000 actors) this reads about 3,000
    rows (6 ms) instead of listing the word's matches in the whole directory (347,000 for «coopérative»: 90 ms);
    when it fails, it has read 5,000 rows (11 ms) before the list is made after all."""
    oldest = queryset.order_by("-pk").values_list("pk", flat=True)[SQLITE_PROBE - 1 : SQLITE_PROBE]
    if not (boundary := list(oldest)):
        return None
    newest = queryset.filter(_DocumentTest(query), pk__gte=boundary[0])
    if _at_most(newest, COUNT_CAP):
        return None
    return newest.order_by("-pk")


def search(queryset: ActorQuerySet, query: str, *, narrowed: bool = False) -> ActorQuerySet:
    """The actors of ``queryset`` that match ``query``, by relevance (see the module docstring and
    ``apply_search``). A query with no word to search (only punctuation or particles) leaves the queryset as it
    is."""
    found, _order = apply_search(queryset, parse_query(query), narrowed=narrowed)
    return found


# ---------------------------------------------------------------------------------------------------------
# Facets
# ---------------------------------------------------------------------------------------------------------

_TRUE = {"1", "on", "true", "yes"}
FALSE_VALUES = {"", "0", "off", "false", "no"}
"""What a yes-or-no filter (offers, requests) takes for no."""


@dataclass(frozen=True)
class AppliedFilter:
    name: str
    value: str
    label: str
    value_label: str


@dataclass
class ActiveFilters:
    """The filters applied to a list (cleaned values, for forms and links), and the values that were ignored."""

    applied: list[AppliedFilter] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    query: ParsedQuery = field(default_factory=ParsedQuery)
    order: str = Order.NAME

    @property
    def values(self) -> dict[str, str]:
        return {item.name: item.value for item in self.applied}

    def __bool__(self) -> bool:
        return bool(self.applied)

    def add(self, name: str, value: str, label: str, value_label: str) -> None:
        self.applied.append(AppliedFilter(name, value, label, value_label[:MAX_QUERY_LENGTH]))

    def ignore(self, label: str, value: str) -> None:
        self.ignored.append(
            gettext("“%(value)s” is not a valid value for “%(filter)s”: this filter was ignored.")
            % {"value": value[:MAX_VALUE_LENGTH], "filter": label}
        )


def _param(params: Mapping[str, Any], name: str) -> str:
    """A filter's value as typed, but for NUL characters, which no value holds and PostgreSQL refuses in a query
    (the value is then reported as ignored, with U+FFFD in their place)."""
    value = params.get(name, "")
    return value.replace("\x00", "\ufffd").strip() if isinstance(value, str) else ""


def _country(code: str) -> Country | None:
    return Country.objects.filter(code=code.upper()).first() if len(code) == 2 else None


def _subtree(vocabulary: str, code: str) -> tuple[Term | None, list[int]]:
    """A term by its code and the ids of the narrower terms beneath it (national legal forms under L1–L5)."""
    if len(code) > MAX_VALUE_LENGTH:
        return None, []
    term = Term.objects.of(vocabulary).filter(code__iexact=code).first()
    if term is None:
        return None, []
    narrower = Term.objects.filter(Q(broader=term) | Q(broader__broader=term)).values_list("pk", flat=True)
    return term, [term.pk, *narrower]


def _by_place(queryset: ActorQuerySet, params: Mapping[str, Any], active: ActiveFilters) -> ActorQuerySet:
    if code := _param(params, "country"):
        if (country := _country(code)) is None:
            active.ignore(gettext("Country"), code)
        else:
            queryset = queryset.filter(country=country)
            active.add("country", country.code, gettext("Country"), country.name)
    if slug := _param(params, "region"):
        region = Region.objects.filter(slug=slug).first() if len(slug) <= MAX_VALUE_LENGTH else None
        if region is None:
            active.ignore(gettext("Region"), slug)
        else:
            queryset = queryset.filter(region=region)
            active.add("region", region.slug, gettext("Region"), region.name)
    return queryset


def _by_kind(queryset: ActorQuerySet, params: Mapping[str, Any], active: ActiveFilters) -> ActorQuerySet:
    if kind := _param(params, "type"):
        if kind in OrganisationKind.values:
            queryset = queryset.filter(actor_type=kind)
            active.add("type", kind, gettext("Type"), str(OrganisationKind(kind).label))
        else:
            active.ignore(gettext("Type"), kind)
    return queryset


def _by_terms(queryset: ActorQuerySet, params: Mapping[str, Any], active: ActiveFilters) -> ActorQuerySet:
    """Legal form, sector and theme, each with the narrower terms beneath the one chosen."""
    for name, vocabulary, label in (
        ("legal_form", Vocabulary.LEGAL_FORM, gettext("Legal form")),
        ("sector", Vocabulary.ACTIVITY, gettext("Sector")),
        ("theme", Vocabulary.THEME, gettext("Theme")),
    ):
        if not (code := _param(params, name)):
            continue
        term, ids = _subtree(vocabulary, code)
        if term is None:
            active.ignore(label, code)
            continue
        if name == "legal_form":
            queryset = queryset.filter(legal_form_id__in=ids)
        else:
            through = (Actor.sectors if name == "sector" else Actor.themes).through
            queryset = queryset.filter(pk__in=through.objects.filter(term_id__in=ids).values("actor_id"))
        active.add(name, term.code, label, term.label)
    return queryset


def _by_offers(queryset: ActorQuerySet, params: Mapping[str, Any], active: ActiveFilters) -> ActorQuerySet:
    for name, kind, label in (
        ("offers", OfferKind.OFFER, gettext("Has current offers")),
        ("requests", OfferKind.REQUEST, gettext("Has current requests")),
    ):
        value = _param(params, name)
        if value.lower() in _TRUE:
            queryset = queryset.filter(pk__in=Offer.objects.current().filter(kind=kind).values("actor_id"))
            active.add(name, "1", label, gettext("yes"))
        elif value.lower() not in FALSE_VALUES:
            active.ignore(label, value)
    return queryset


def filter_actors(
    queryset: ActorQuerySet, params: Mapping[str, Any], *, ordered: bool = True
) -> tuple[ActorQuerySet, ActiveFilters]:
    """Apply the list's filters from request parameters: ``q``, ``country`` (ISO code), ``region`` (slug),
    ``type``, ``legal_form``, ``sector``, ``theme`` (term codes), ``offers`` and ``requests`` (1: has current
    ones). A value that is not valid is ignored and noted in ``ActiveFilters.ignored``, never an error. The order
    (``ActiveFilters.order``) is by relevance when searching, by name otherwise, as long as it is cheap (see
    ``apply_search`` and ``order_by_name``); ``ordered=False`` skips it, for the map."""
    active = ActiveFilters()
    for facet in (_by_place, _by_kind, _by_terms, _by_offers):
        queryset = facet(queryset, params, active)
    narrowed = bool(active.applied)
    if text := _param(params, "q"):
        active.query = parse_query(text)
        if active.query:
            active.add("q", text[:MAX_QUERY_LENGTH], gettext("Search"), text)
        else:
            active.ignored.append(
                gettext("“%(value)s” has no word to search: all actors are shown.") % {"value": text[:MAX_VALUE_LENGTH]}
            )
    if active.query:
        queryset, active.order = apply_search(queryset, active.query, ordered=ordered, narrowed=narrowed)
    elif ordered:
        queryset, active.order = order_by_name(queryset)
    else:
        queryset, active.order = queryset.order_by("-pk"), Order.NEWEST
    return queryset, active


def with_offer_badges(queryset: ActorQuerySet) -> ActorQuerySet:
    """Annotate ``has_offer`` and ``has_request``: whether the actor has current offers, current requests."""
    current = Offer.objects.current().filter(actor=OuterRef("pk"))
    return queryset.annotate(
        has_offer=Exists(current.filter(kind=OfferKind.OFFER)),
        has_request=Exists(current.filter(kind=OfferKind.REQUEST)),
    )


def filter_offers(queryset: OfferQuerySet, params: Mapping[str, Any]) -> tuple[OfferQuerySet, ActiveFilters]:
    """The filters of the page of offers and requests: kind, topic, the actor's country; newest first."""
    active = ActiveFilters()
    for name, choices, label in (
        ("kind", OfferKind, gettext("Offer or request")),
        ("topic", OfferTopic, gettext("What for")),
    ):
        if value := _param(params, name):
            if value in choices.values:
                queryset = queryset.filter(**{name: value})
                active.add(name, value, label, str(choices(value).label))
            else:
                active.ignore(label, value)
    if code := _param(params, "country"):
        if (country := _country(code)) is None:
            active.ignore(gettext("Country"), code)
        else:
            queryset = queryset.filter(actor__country=country)
            active.add("country", country.code, gettext("Country"), country.name)
    return queryset.order_by("-pk"), active


# ---------------------------------------------------------------------------------------------------------
# Choices for the filter forms: a few small queries, each answered from an index
# ---------------------------------------------------------------------------------------------------------


def countries_with_actors(actors: ActorQuerySet | None = None) -> QuerySet[Country]:
    """Countries that have at least one of ``actors`` (published ones by default)."""
    actors = Actor.objects.published() if actors is None else actors
    return Country.objects.filter(Exists(actors.filter(country=OuterRef("pk"))))


def countries_on_map(
    actors: ActorQuerySet, *, searching: bool, paginator: CappedPaginator | None = None, one_country: bool = False
) -> int:
    """How many countries ``actors`` are in. ``one_country``: the list is filtered by a country or a region, so
    one if it has an actor (the list's count, when its paginator has it), none otherwise. Without a search,
    exactly (one indexed test per country). With one, among the first ``COUNT_CAP`` actors in the list's order,
    as far as its pages reach (testing each country against a quarter of a million matches would take seconds);
    the page then says "at least" when there are more actors than that. ``paginator``: the list's, whose first
    rows may carry their ``country_id`` already."""
    if one_country:  # reading the actors again for their country cost 129 ms for «huile» in Morocco (PostgreSQL)
        return int(bool(paginator.count if paginator is not None else actors.exists()))
    if not searching:
        return countries_with_actors(actors).count()
    if paginator is not None and paginator.cap == COUNT_CAP and "country_id" in paginator.columns:
        known = paginator.first_values("country_id")
        if known is not None:
            return len(set(known))
    # Counted by the database: reading ten thousand values through the ORM took 40 ms.
    first = actors.values_list("country_id", flat=True)[: COUNT_CAP + 1]
    sql, params = first.query.sql_with_params()
    with connections[first.db].cursor() as cursor:
        cursor.execute(f"SELECT COUNT(DISTINCT country_id) FROM ({sql}) AS first_actors", params)  # noqa: S608
        (countries,) = cursor.fetchone()
    return int(countries)


def regions_with_actors() -> QuerySet[Region]:
    return Region.objects.filter(Exists(Actor.objects.published().filter(region=OuterRef("pk")))).select_related(
        "country"
    )


def terms_of(vocabulary: str) -> QuerySet[Term]:
    terms: QuerySet[Term] = Term.objects.of(vocabulary).order_by("code")
    return terms


def fetch_values(
    queryset: QuerySet[Any], columns: Sequence[str], *, limit: int, ordered: bool = False
) -> list[tuple[Any, ...]]:
    """The values of ``columns`` (names of database columns of the model) for at most ``limit`` rows, in the
    queryset's order if ``ordered``, else in no particular order, read straight from the cursor: for thousands
    of rows, the model machinery (django-modeltranslation's rewriting of each row) costs more than the query."""
    query = (queryset if ordered else queryset.order_by()).values_list(*columns)[:limit].query
    sql, params = query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        selected = [column[0] for column in cursor.description]
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    order = [selected.index("pk" if column == "id" and "pk" in selected else column) for column in columns]
    if order == list(range(len(selected))):  # the rows as they are (a comprehension costs ~1 µs a row)
        return rows
    if len(order) == 1:
        return [(row[order[0]],) for row in rows]
    pick = itemgetter(*order)
    return [pick(row) for row in rows]


# ---------------------------------------------------------------------------------------------------------
# Map bounds: a pure parser and the filter it gives
# ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoundingBox:
    """The visible part of a map, in degrees. ``west > east`` when it crosses the antimeridian."""

    west: float
    south: float
    east: float
    north: float

    def as_q(self) -> Q:
        latitude = Q(latitude__gte=self.south, latitude__lte=self.north)
        if self.west <= self.east:
            return latitude & Q(longitude__gte=self.west, longitude__lte=self.east)
        return latitude & (Q(longitude__gte=self.west) | Q(longitude__lte=self.east))

    def contains(self, longitude: float, latitude: float) -> bool:
        if not self.south <= latitude <= self.north:
            return False
        if self.west <= self.east:
            return self.west <= longitude <= self.east
        return longitude >= self.west or longitude <= self.east


def parse_bbox(text: str) -> BoundingBox | None:
    """``minlon,minlat,maxlon,maxlat`` (GeoJSON's order) → a ``BoundingBox``; ``None`` when empty. Raises
    ``ValueError`` with the reason, in the active language, when the text is not such a box."""
    text = text.strip()
    if not text:
        return None
    parts = text.split(",")
    if len(parts) != 4:
        raise ValueError(gettext("bbox must be four numbers separated by commas: west,south,east,north."))
    try:
        west, south, east, north = (float(part) for part in parts)
    except ValueError:
        raise ValueError(gettext("bbox must be four numbers separated by commas: west,south,east,north.")) from None
    if not all(math.isfinite(value) for value in (west, south, east, north)):
        raise ValueError(gettext("bbox must be four finite numbers."))
    if not (-180 <= west <= 180 and -180 <= east <= 180):
        raise ValueError(gettext("The longitudes of bbox must be between -180 and 180."))
    if not (-90 <= south <= 90 and -90 <= north <= 90):
        raise ValueError(gettext("The latitudes of bbox must be between -90 and 90."))
    if south > north:
        raise ValueError(gettext("The south of bbox must not be north of its north."))
    return BoundingBox(west, south, east, north)


# ---------------------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------------------


class CappedPaginator(Paginator):  # type: ignore[type-arg]
    """A paginator whose count stops at ``cap``: counting a million rows for a page of twenty would cost more than
    the page. ``capped`` says whether there are more; pages reach ``cap`` results only.

    ``prepare`` adds what a page's objects need beyond the list's filters and order (related rows, annotations);
    ``columns`` are read with the ids of the first rows (see ``first_values``).

    On SQLite the ids of the first ``cap + 1`` rows are read once, in the list's order, and the count, the page
    and ``first_values`` come from them; the page's objects are then read by id. A search with other filters
    tests each actor against the list of the index's matches, which SQLite builds for each statement (60 ms for
    a word that a quarter of the directory has): once instead of twice or three times. On PostgreSQL the count
    comes from ``capped_count`` (which may answer from the planner's estimate or a sample, without reading
    rows) and the page from the list itself."""

    def __init__(
        self,
        object_list: QuerySet[Any],
        per_page: int = PAGE_SIZE,
        *,
        cap: int | None = None,
        prepare: Callable[[QuerySet[Any]], QuerySet[Any]] | None = None,
        columns: Sequence[str] = (),
        **kwargs: Any,
    ) -> None:
        self.prepare = prepare or _unchanged
        self.by_ids = connections[object_list.db].vendor == "sqlite"
        super().__init__(object_list if self.by_ids else self.prepare(object_list), per_page, **kwargs)
        self.queryset = object_list
        self.cap = COUNT_CAP if cap is None else cap
        self.columns = tuple(columns)

    @cached_property
    def first(self) -> list[tuple[Any, ...]]:
        """SQLite: the id and ``columns`` of the first ``cap + 1`` rows, in the list's order."""
        return fetch_values(self.queryset, ["id", *self.columns], limit=self.cap + 1, ordered=True)

    @cached_property
    def counted(self) -> int:
        """The rows counted, up to ``cap + 1``: one more than the cap says that there are more."""
        return len(self.first) if self.by_ids else capped_count(self.queryset, self.cap)

    @cached_property
    def count(self) -> int:
        return min(self.counted, self.cap)

    @property
    def capped(self) -> bool:
        return self.counted > self.cap

    def first_values(self, column: str) -> list[Any] | None:
        """The values of ``column`` (one of ``columns``) in the first ``cap + 1`` rows, when they were read
        (SQLite); ``None`` otherwise."""
        if not self.by_ids:
            return None
        index = 1 + self.columns.index(column)
        return [row[index] for row in self.first]

    def page(self, number: Any) -> Page[Any]:
        if not self.by_ids:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = [row[0] for row in self.first[bottom:top]]
        manager = self.queryset.model._default_manager.using(self.queryset.db)
        found = {item.pk: item for item in self.prepare(manager.filter(pk__in=ids))}
        # An object deleted since its id was read is left out.
        return Page([found[pk] for pk in ids if pk in found], number, self)


def _unchanged(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset


def capped_count(queryset: QuerySet[Any], cap: int) -> int:
    """The rows of ``queryset``, counted up to ``cap + 1`` (a LIMITed subquery).

    On SQLite the subquery keeps the order of ``queryset``: that order is what makes SQLite read a search from
    the full-text index, stopping at the cap, rather than test every actor against the index.

    On PostgreSQL, counting the matches of common words reads their whole GIN entries and thousands of rows,
    whatever the limit, more than the page costs; so when a sample of the table (``sampled_count``) finds more
    than ``ESTIMATE_MARGIN`` times the cap, the answer is "more than the cap" without counting. The sample is
    taken when the planner expects at least a tenth of the cap, up to ``TRUSTED_ESTIMATE``, above which the
    estimate alone answers; the planner alone also decides when the query cannot be sampled. Below that its
    estimate is not trusted alone: it treats words and places as independent, and a word common in one language
    would be expected by the thousand in a country whose actors write in another."""
    if connections[queryset.db].vendor != "postgresql":
        return int(queryset.values("pk")[: cap + 1].count())
    token = _COUNTING.set(True)
    try:
        estimate = estimated_count(queryset)
        if estimate > max(TRUSTED_ESTIMATE, ESTIMATE_MARGIN * cap):
            return cap + 1
        if estimate * 10 >= cap:
            sampled = sampled_count(queryset)
            if (estimate if sampled is None else sampled) > ESTIMATE_MARGIN * cap:
                return cap + 1
        return int(queryset.order_by().values("pk")[: cap + 1].count())
    finally:
        _COUNTING.reset(token)


def sampled_count(queryset: QuerySet[Any]) -> int | None:
    """PostgreSQL: the rows of ``queryset`` estimated from a sample of ``SAMPLE_PERCENT`` of the table's pages
    (``TABLESAMPLE SYSTEM``, the same pages each time), or ``None`` when the query does not read the table
    first. The planner multiplies the frequencies of the words of a search as if they were independent, and so
    errs low by a factor of ten for «olive oil cooperative»; a sample does not."""
    compiler = queryset.order_by().values("pk").query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    table = compiler.connection.ops.quote_name(queryset.model._meta.db_table)
    base = f"FROM {table} "
    if base not in sql:
        return None
    sample = sql.replace(base, f"FROM {table} TABLESAMPLE SYSTEM ({SAMPLE_PERCENT}) REPEATABLE (0) ", 1)
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({sample}) AS sampled", params)  # noqa: S608 (compiled by Django)
        (rows,) = cursor.fetchone()
    return int(rows * 100 / SAMPLE_PERCENT)


def page_of(
    queryset: QuerySet[Any],
    number: str | None,
    per_page: int = PAGE_SIZE,
    *,
    prepare: Callable[[QuerySet[Any]], QuerySet[Any]] | None = None,
    columns: Sequence[str] = (),
) -> Page[Any]:
    """The page ``number`` (any text: a bad number gives the first page, one too far the last); ``prepare`` and
    ``columns``: see ``CappedPaginator``."""
    return CappedPaginator(queryset, per_page, prepare=prepare, columns=columns).get_page(number)


def visible_pages(page: Page[Any], *, around: int = 2) -> list[int | None]:
    """Page numbers to link, with ``None`` for a gap: 1 … 4 5 [6] 7 8 … 20."""
    last = page.paginator.num_pages
    numbers = sorted(n for n in {1, last, *range(page.number - around, page.number + around + 1)} if 1 <= n <= last)
    shown: list[int | None] = []
    previous = 0
    for number in numbers:
        if number - previous > 1:
            shown.append(None)
        shown.append(number)
        previous = number
    return shown
