"""Duplicate detection: actors that look like the same organisation.

Two actors are possible duplicates when they have the same website (``website_key``), or the same name
(``name_key``) in the same country and the same place. The place is compared at the finest level both records
know: the commune if both have one, else the town (``locality``) if both have one, else the country alone. Two
records of the same name in different towns are different organisations (the «Coopérative agricole» of each
village).

``find_duplicate_pairs`` is the pure rule, on plain values; ``detect_duplicates`` loads the keys of some actors,
finds the records sharing a key through the indexed ``name_key`` and ``website_key`` columns, and records each
new pair once as a ``DuplicateCandidate`` (lower id first) for staff to review. Archived actors take no part.
The importer calls ``detect_duplicates`` after each import; ``actions.after_save`` after every other write of an
actor (the site's forms, status changes and merges, the admin's form and actions), and it closes the open pairs
of an actor that is archived.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from itertools import islice
from typing import Any, NamedTuple

from django.db import connections, router
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from essmed.directory.models import Actor, ActorStatus, DuplicateCandidate
from essmed.directory.text import name_key

SAME_WEBSITE = "same_website"
SAME_NAME_COMMUNE = "same_name_commune"
SAME_NAME_TOWN = "same_name_town"
SAME_NAME_COUNTRY = "same_name_country"

REASON_LABELS: dict[str, Promise] = {
    SAME_WEBSITE: _("same website"),
    SAME_NAME_COMMUNE: _("same name and commune"),
    SAME_NAME_TOWN: _("same name and town"),
    SAME_NAME_COUNTRY: _("same name and country (town unknown)"),
}

BATCH_SIZE = 500


class ActorKeys(NamedTuple):
    """What duplicate detection knows of an actor: plain values, no database."""

    id: int
    name_key: str
    website_key: str = ""
    country: str | int | None = None
    locality: str = ""
    commune: str | int | None = None


Pair = tuple[int, int, str]


def reason_label(reason: str) -> str:
    """The reason of a pair in the reader's language (a reason written by hand is shown as it is)."""
    return str(REASON_LABELS.get(reason, reason))


@lru_cache(maxsize=65536)
def town_key(locality: str) -> str:
    """The key under which two spellings of a town meet («OUJDA », «Oujda»)."""
    return name_key(locality)


def same_place(a: ActorKeys, b: ActorKeys) -> str | None:
    """The reason code if ``a`` and ``b`` are in the same country and the same place at the finest level both
    know, else None."""
    if a.country != b.country:
        return None
    if a.commune is not None and b.commune is not None:
        return SAME_NAME_COMMUNE if a.commune == b.commune else None
    town_a, town_b = town_key(a.locality), town_key(b.locality)
    if town_a and town_b:
        return SAME_NAME_TOWN if town_a == town_b else None
    return SAME_NAME_COUNTRY if a.country is not None else None


def duplicate_reason(a: ActorKeys, b: ActorKeys) -> str | None:
    """Why ``a`` and ``b`` look like the same organisation, or None. Symmetric; an actor is not its own duplicate."""
    if a.id == b.id:
        return None
    if a.website_key and a.website_key == b.website_key:
        return SAME_WEBSITE
    if a.name_key and a.name_key == b.name_key:
        return same_place(a, b)
    return None


class _NameGroup:
    """The actors of one name in one country, bucketed so that a candidate meets only those that may match:
    a common name («Association sportive») in many towns is not compared town against town."""

    def __init__(self) -> None:
        self.everyone: list[ActorKeys] = []
        self.by_commune: dict[object, list[ActorKeys]] = defaultdict(list)
        self.without_commune: list[ActorKeys] = []
        self.by_town: dict[str, list[ActorKeys]] = defaultdict(list)
        self.without_town: list[ActorKeys] = []

    def add(self, keys: ActorKeys, town: str) -> None:
        self.everyone.append(keys)
        if keys.commune is None:
            self.without_commune.append(keys)
        else:
            self.by_commune[keys.commune].append(keys)
        if town:
            self.by_town[town].append(keys)
        else:
            self.without_town.append(keys)

    def possible_matches(self, keys: ActorKeys, town: str) -> Iterable[ActorKeys]:
        if keys.commune is not None and town:
            return (*self.by_commune.get(keys.commune, ()), *self.by_town.get(town, ()), *self.without_town)
        if keys.commune is not None:
            return (*self.by_commune.get(keys.commune, ()), *self.without_commune)
        if town:
            return (*self.by_town.get(town, ()), *self.without_town)
        return self.everyone


def find_duplicate_pairs(candidates: Iterable[ActorKeys], existing: Iterable[ActorKeys]) -> list[Pair]:
    """Pairs ``(lower id, higher id, reason)`` of possible duplicates involving at least one candidate.

    Candidates are compared with the existing records and with each other; each pair appears once, sorted.
    """
    new = {keys.id: keys for keys in candidates}
    everyone = {keys.id: keys for keys in existing}
    everyone.update(new)
    # Only records sharing their website, or their name in their country, with another record can pair: most
    # share nothing (an import's thousands of new actors), and counting is quicker than grouping by place.
    names = Counter((keys.name_key, keys.country) for keys in everyone.values() if keys.name_key)
    sites = Counter(keys.website_key for keys in everyone.values() if keys.website_key)

    def shares(keys: ActorKeys) -> bool:
        return bool(
            (keys.website_key and sites[keys.website_key] > 1)
            or (keys.name_key and names[(keys.name_key, keys.country)] > 1)
        )

    new = {pk: keys for pk, keys in new.items() if shares(keys)}
    if not new:
        return []
    everyone = {pk: keys for pk, keys in everyone.items() if shares(keys)}
    towns = {keys.id: town_key(keys.locality) for keys in everyone.values()}
    by_name: dict[tuple[str, object], _NameGroup] = defaultdict(_NameGroup)
    by_website: dict[str, list[ActorKeys]] = defaultdict(list)
    for keys in everyone.values():
        if keys.name_key:
            by_name[(keys.name_key, keys.country)].add(keys, towns[keys.id])
        if keys.website_key:
            by_website[keys.website_key].append(keys)
    pairs: dict[tuple[int, int], str] = {}
    for keys in new.values():
        same_name = by_name.get((keys.name_key, keys.country))
        matches = same_name.possible_matches(keys, towns[keys.id]) if same_name else ()
        for other in (*by_website.get(keys.website_key, ()), *matches):
            pair = (min(keys.id, other.id), max(keys.id, other.id))
            if pair not in pairs and (reason := duplicate_reason(keys, other)) is not None:
                pairs[pair] = reason
    return sorted((a, b, reason) for (a, b), reason in pairs.items())


def _batches(ids: Iterable[int], size: int) -> Iterator[list[int]]:
    iterator = iter(ids)
    while batch := list(islice(iterator, size)):
        yield batch


def _keys(rows: Iterable[dict[str, object]]) -> list[ActorKeys]:
    return [
        ActorKeys(
            id=int(str(row["id"])),
            name_key=str(row["name_key"] or ""),
            website_key=str(row["website_key"] or ""),
            country=row["country_id"],  # type: ignore[arg-type]
            locality=str(row["locality"] or ""),
            commune=row["commune_id"],  # type: ignore[arg-type]
        )
        for row in rows
    ]


_KEY_COLUMNS = ("id", "name_key", "website_key", "country_id", "locality", "commune_id")


def detect_duplicates(actor_ids: Iterable[int], *, batch_size: int = BATCH_SIZE) -> int:
    """Record the possible duplicates of these actors as open ``DuplicateCandidate`` rows; returns how many are new.

    Idempotent: a pair already recorded, whatever its status or orientation, is never recorded again.
    """
    live = Actor.objects.exclude(status=ActorStatus.ARCHIVED)
    created = 0
    for batch in _batches(actor_ids, batch_size):
        created += detect_duplicates_of(_keys(live.filter(pk__in=batch).values(*_KEY_COLUMNS)))
    return created


def detect_duplicates_of(candidates: Sequence[ActorKeys]) -> int:
    """``detect_duplicates`` for actors whose keys the caller has at hand (the importer, which has just written
    them): they must be stored, and not archived. Returns how many pairs are new."""
    names = {keys.name_key for keys in candidates if keys.name_key}
    websites = {keys.website_key for keys in candidates if keys.website_key}
    if not names and not websites:
        return 0
    pairs = find_duplicate_pairs(candidates, _sharing_keys(names, websites))
    return _record(pairs) if pairs else 0


def _sharing_keys(names: set[str], websites: set[str]) -> list[ActorKeys]:
    """The keys of the live actors with one of these names or websites, read in plain SQL (the importer asks
    for thousands at a time: building model rows would cost more than finding them)."""
    connection = connections[router.db_for_read(Actor)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in _KEY_COLUMNS)  # the columns of these fields
    conditions = []
    params: list[Any] = [ActorStatus.ARCHIVED.value]
    for name, values in (("name_key", names), ("website_key", websites)):
        if not values:
            continue
        if connection.vendor == "postgresql":  # one array: thousands of parameters take long to plan
            conditions.append(f"{quote(name)} = ANY(%s)")
            params.append(list(values))
        else:
            conditions.append(f"{quote(name)} IN ({', '.join(['%s'] * len(values))})")
            params.extend(values)
    sql = (
        f"SELECT {columns} FROM {quote(Actor._meta.db_table)} "  # noqa: S608 - names from the model
        f"WHERE {quote('status')} <> %s AND ({' OR '.join(conditions)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            ActorKeys(pk, name or "", website or "", country, locality or "", commune)
            for pk, name, website, country, locality, commune in cursor.fetchall()
        ]


def _record(pairs: Sequence[Pair]) -> int:
    """Create the pairs not recorded yet (in either orientation); returns how many were created."""
    ids = {actor_id for a, b, _reason in pairs for actor_id in (a, b)}
    recorded = DuplicateCandidate.objects.filter(actor_id__in=ids, other_id__in=ids)
    known = {frozenset(pair) for pair in recorded.values_list("actor_id", "other_id")}
    new = [
        DuplicateCandidate(actor_id=a, other_id=b, reason=reason)
        for a, b, reason in pairs
        if frozenset((a, b)) not in known
    ]
    DuplicateCandidate.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
