"""The paths of a big import, taken here with small files: rows parsed in worker processes, the SQLite search
index brought up to date at the end, ids given before writing, the Bloom filter of identifiers seen."""

import gc
import io
import json
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext

from essmed.directory import importing, search_index
from essmed.directory.importing import ImportFileError, import_actors
from essmed.directory.models import Actor, DuplicateCandidate
from essmed.directory.search import search
from essmed.directory.tests.test_import import COLUMNS, csv_bytes, rows, zaytoun
from essmed.directory.tests.test_import import directory as directory  # the fixture

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 triggers")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def run(data, **options):
    options.setdefault("source", "test")
    reports = []
    summary = import_actors(io.BytesIO(data), on_row=reports.append, **options)
    return summary, reports


def mixed_file():
    """Good rows, a rejected row, a repeated identifier, a blank line and a row with too many fields."""
    data = csv_bytes([*rows(7), zaytoun(Identifier="bad", Country="XX"), zaytoun(Identifier="z-2", Name="Doublon")])
    return data + b",,,,,,,,,,,,\n" + b"z-20,Coop,,,,,,,,MA,,,,surplus\n" + csv_bytes(rows(9)).split(b"\n", 8)[-1]


def stored():
    return list(
        Actor.objects.order_by("source_key").values_list(
            "source_key", "name_fr", "name_ar", "search_document", "name_key", "website_key", "status", "country_id"
        )
    )


def in_report(reports):
    return [(r.line, r.identifier, r.status, r.reasons) for r in reports]


def test_worker_processes_give_the_same_reports_and_actors(directory):
    summary, reports = run(mixed_file(), workers=0, batch_size=3)
    expected = (str(summary), in_report(reports), stored())
    Actor.objects.all().delete()
    summary, reports = run(mixed_file(), workers=2, batch_size=3)
    assert (str(summary), in_report(reports), stored()) == expected
    assert str(summary) == "created 9, updated 0, unchanged 0, rejected 3"
    assert [r.actor_id for r in reports if r.status == "created"] == list(
        Actor.objects.order_by("pk").values_list("pk", flat=True)
    )


def test_worker_processes_write_rejections_in_the_importers_language(directory):
    with translation.override("fr"):
        _summary, reports = run(mixed_file(), workers=2, batch_size=2)
        expected = "Country: " + gettext("unknown country '%(value)s'") % {"value": "XX"}
    assert expected != "Country: unknown country 'XX'"
    assert (expected,) in [r.reasons for r in reports]


def test_worker_processes_in_strict_mode_and_updates(directory):
    summary, reports = run(mixed_file(), strict=True, workers=2, batch_size=2)
    assert summary.rolled_back and not Actor.objects.exists()
    run(csv_bytes(rows(4)), workers=2, batch_size=2)
    changed = rows(5)
    changed[1]["Description:fr"] = "Miel et olives."
    summary, reports = run(csv_bytes(changed), workers=2, batch_size=2)
    assert [r.status for r in reports] == ["unchanged", "updated", "unchanged", "unchanged", "created"]
    assert Actor.objects.get(source_key="z-2").description_fr == "Miel et olives."


def test_a_worker_that_fails_fails_the_import_and_writes_nothing(directory, monkeypatch):
    def broken(values, line, lookups):
        raise ValueError("a bug")

    monkeypatch.setattr(importing, "parse_row", broken)  # before the workers are forked: they have it too
    with pytest.raises(RuntimeError, match="a bug"):
        run(csv_bytes(rows(5)), workers=2, batch_size=2)
    assert not Actor.objects.exists()


def fts_ids(word):
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid FROM directory_actor_fts WHERE directory_actor_fts MATCH %s", [word])
        return {pk for (pk,) in cursor.fetchall()}


def indexes():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'directory_actor'")
        return sorted(cursor.fetchall())


def triggers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'directory_actor_fts%'")
        return {name for (name,) in cursor.fetchall()}


@sqlite_only
def test_a_big_import_indexes_its_new_actors_at_the_end(directory, monkeypatch):
    suspended = []
    monkeypatch.setattr(
        search_index, "suspend_sqlite", lambda c, real=search_index.suspend_sqlite: suspended.append(1) or real(c)
    )
    run(csv_bytes(rows(2)), source="before")  # already indexed: must not be indexed twice
    all_triggers, all_indexes = triggers(), indexes()
    with CaptureQueriesContext(connection) as queries:
        summary, _reports = run(csv_bytes(rows(9)), bulk_rows=4, batch_size=3)
    assert summary.created == 9 and suspended == [1]
    # The new actors indexed in one statement, with a bigger hash for it only.
    fts = [query["sql"] for query in queries if query["sql"].startswith("INSERT INTO directory_actor_fts")]
    assert len(fts) == 3 and "SELECT id, search_document" in fts[1]
    assert f"'hashsize', {search_index.BULK_HASH_SIZE}" in fts[0]
    assert f"'hashsize', {search_index.DEFAULT_HASH_SIZE}" in fts[2]
    with connection.cursor() as cursor:
        cursor.execute("SELECT v FROM directory_actor_fts_config WHERE k = 'hashsize'")
        assert cursor.fetchone() == (search_index.DEFAULT_HASH_SIZE,)
    assert (triggers(), indexes()) == (all_triggers, all_indexes)
    with connection.cursor() as cursor:  # statistics taken at the end: the planner knows the 11 actors
        cursor.execute("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'directory_actor'")
        statistics = dict(cursor.fetchall())
    assert set(statistics) == {name for name, _sql in all_indexes}
    assert {stat.split()[0] for stat in statistics.values()} == {"11"}
    assert fts_ids("zaytoun") == set() and fts_ids("cooperative") == set(Actor.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO directory_actor_fts(directory_actor_fts, rank) VALUES ('integrity-check', 1)")
    assert {a.source_key for a in search(Actor.objects.all(), "coopérative 7")} == {"z-7"}


@sqlite_only
def test_a_big_import_indexes_its_actors_even_if_sqlite_refuses_the_bigger_hash(directory, monkeypatch):
    monkeypatch.setattr(search_index, "BULK_HASH_SIZE", -1)  # FTS5 refuses a size below 1
    summary, _reports = run(csv_bytes(rows(9)), bulk_rows=4, batch_size=3)
    assert summary.created == 9
    assert fts_ids("cooperative") == set(Actor.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO directory_actor_fts(directory_actor_fts, rank) VALUES ('integrity-check', 1)")


def test_a_big_import_takes_the_directorys_statistics_again_at_its_end(directory):
    run(csv_bytes(rows(9)), bulk_rows=4, batch_size=3)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'directory_actor'")
        else:
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE idx = 'actor_unique_source_key'")
        (statistic,) = cursor.fetchone()
    assert int(str(statistic).split()[0].split(".")[0]) == 9


@pytest.mark.django_db(transaction=True)
def test_a_big_import_leaves_the_directory_ready_for_counts_from_an_index_alone(directory):
    with CaptureQueriesContext(connection) as queries:
        run(csv_bytes(rows(9)), bulk_rows=4, batch_size=3)
    vacuums = [query["sql"] for query in queries if query["sql"].startswith("VACUUM")]
    if connection.vendor == "postgresql":  # after the commit: the table's pages are marked all-visible
        assert vacuums == ['VACUUM "directory_actor"']
        with connection.cursor() as cursor:
            cursor.execute("SELECT relallvisible FROM pg_class WHERE relname = 'directory_actor'")
            assert cursor.fetchone()[0] >= 1
    else:
        assert vacuums == []
    with CaptureQueriesContext(connection) as queries:  # a small one leaves it to the database
        run(csv_bytes(rows(3)), source="other", bulk_rows=4, batch_size=3)
    assert not [query for query in queries if query["sql"].startswith("VACUUM")]


def test_a_small_import_leaves_the_statistics_to_the_database(directory):
    with CaptureQueriesContext(connection) as queries:
        run(csv_bytes(rows(3)), bulk_rows=4, batch_size=3)
    assert not [query for query in queries if "ANALYZE" in query["sql"].upper()]


@sqlite_only
def test_after_a_big_import_updates_and_new_actors_are_indexed_by_the_triggers(directory):
    run(csv_bytes(rows(6)), bulk_rows=2, batch_size=2)
    changed = rows(7)
    changed[0]["Name"] = "Rucher Nahla"
    summary, _reports = run(csv_bytes(changed))
    assert (summary.created, summary.updated) == (1, 1)
    assert {a.source_key for a in search(Actor.objects.all(), "nahla")} == {"z-1"}
    assert {a.source_key for a in search(Actor.objects.all(), "coopérative 7")} == {"z-7"}
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO directory_actor_fts(directory_actor_fts, rank) VALUES ('integrity-check', 1)")


@sqlite_only
def test_a_big_import_that_fails_half_way_leaves_the_triggers_and_indexes(directory):
    all_triggers, all_indexes = triggers(), indexes()
    data = csv_bytes(rows(400)) + "z-999,Coopérative,,,,,,,,MA,,,\n".encode("latin-1")
    with pytest.raises(ImportFileError):
        run(data, bulk_rows=10, batch_size=50)
    assert (triggers(), indexes()) == (all_triggers, all_indexes)
    assert not Actor.objects.exists()


def test_the_garbage_collector_is_as_it_was_after_an_import_even_a_failed_one(directory, monkeypatch):
    threshold = gc.get_threshold()
    seen = []
    monkeypatch.setattr(importing, "detect_duplicates_of", lambda keys: seen.append(gc.get_threshold()[0]) or 0)
    run(csv_bytes(rows(3)), workers=0)
    assert seen == [importing.GC_YOUNG_OBJECTS]  # during the import
    with pytest.raises(ImportFileError):
        run(csv_bytes(rows(3)) + "z-9,Coopérative,,,,,,,,MA,,,\n".encode("latin-1"), workers=0)
    assert gc.get_threshold() == threshold and gc.get_freeze_count() == 0


def test_search_finds_what_a_big_import_wrote(directory):
    run(csv_bytes(rows(8)), bulk_rows=3, batch_size=2, workers=2)
    assert {a.source_key for a in search(Actor.objects.all(), "coopérative 5")} == {"z-5"}


def test_ids_given_before_writing_are_never_given_again(directory):
    run(csv_bytes(rows(3)), source="one")
    highest = Actor.objects.order_by("-pk").values_list("pk", flat=True)[0]
    Actor.objects.filter(pk=highest).delete()
    run(csv_bytes(rows(2)), source="two")
    assert min(Actor.objects.filter(source="two").values_list("pk", flat=True)) > highest


def test_identifiers_are_found_again_whatever_the_filter_says(directory, monkeypatch):
    monkeypatch.setattr(importing, "BLOOM_BITS", 8)  # every identifier "may have been seen"
    data = csv_bytes([*rows(3), zaytoun(Identifier="z-1", Name="Doublon"), zaytoun(Identifier="z-3")])
    summary, reports = run(data, batch_size=2)
    assert summary.created == 3 and summary.rejected == 2
    assert [r.reasons for r in reports if r.status == "rejected"] == [
        ("Identifier: already on row 2",),
        ("Identifier: already on row 4",),
    ]


@pytest.mark.parametrize("bulk_rows", [100, 1])  # after each batch, or at the end of a big import
def test_duplicates_are_recorded_across_batches_and_with_earlier_actors(directory, bulk_rows):
    run(csv_bytes([zaytoun(Identifier="old", Website="https://nour.example.org")]), source="other")
    data = csv_bytes(
        [
            zaytoun(Identifier="a", Name="Nour", Website=""),
            zaytoun(Identifier="b", Name="Autre", Website="https://nour.example.org"),
            zaytoun(Identifier="c", Name="Nour", Website=""),
            zaytoun(Identifier="d", Name="Salam", Website=""),
            zaytoun(Identifier="e", Name="Salam", Website=""),
        ],
        columns=COLUMNS,
    )
    run(data, batch_size=1, workers=2, bulk_rows=bulk_rows)  # two shared names: read one at a time
    pairs = {frozenset((pair.actor.source_key, pair.other.source_key)) for pair in DuplicateCandidate.objects.all()}
    assert pairs == {frozenset(("old", "b")), frozenset(("a", "c")), frozenset(("d", "e"))}


@sqlite_only
def test_the_connections_page_caches_are_as_they_were_after_an_import(directory):
    def caches():
        with connection.cursor() as cursor:
            return [cursor.execute(f"PRAGMA {schema}.cache_size").fetchone() for schema in ("main", "temp")]

    before = caches()
    run(csv_bytes(rows(3)))
    assert caches() == before


def test_workers_can_be_started_from_a_thread_other_than_the_main_one(directory):
    """The task worker may run an import in a thread of its own."""
    opened = importing.open_source(io.BytesIO(csv_bytes(rows(5))))
    preparer = importing._Preparer(importing.Lookups.from_database(), None, opened.columns)
    prepared = []

    def prepare():
        with importing._prepared(importing._batches(opened, 2), preparer, 2) as batches:
            prepared.extend(result for results, _consumed in batches for result in results)

    thread = threading.Thread(target=prepare)
    thread.start()
    thread.join(timeout=60)
    assert [record.source_key for record in prepared] == ["z-1", "z-2", "z-3", "z-4", "z-5"]


def test_a_geojson_file_through_the_workers(directory):
    features = [
        {"type": "Feature", "id": n, "properties": {"name": f"Coop {n}", "addr:country": "MA", "extra": 1}}
        for n in range(1, 6)
    ]
    collection = {"type": "FeatureCollection", "features": [*features, {"type": "Feature", "properties": {}}]}
    summary, reports = run(json.dumps(collection).encode(), workers=2, batch_size=2)
    assert str(summary) == "created 5, updated 0, unchanged 0, rejected 1"
    assert summary.ignored_columns == ["extra"]
    assert [r.line for r in reports] == [1, 2, 3, 4, 5, 6]
    assert Actor.objects.get(source_key="3").name_fr == "Coop 3"


def test_worker_processes_take_off_the_exports_apostrophe_and_reject_nul_characters(directory):
    data = csv_bytes([*rows(3), zaytoun(Identifier="-R1", Name="'=1+2"), zaytoun(Identifier="nul", Name="A\x00")])
    data = data.replace(b"-R1,", b"'-R1,")
    summary, reports = run(data, workers=2, batch_size=2)
    assert (summary.created, summary.rejected) == (4, 1)
    assert Actor.objects.get(source_key="-R1").name == "=1+2"
    assert reports[-1].reasons == ("Name: a NUL character (\\0), which cannot be stored: the file may be damaged",)
