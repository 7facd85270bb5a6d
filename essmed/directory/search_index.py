"""SQLite's full-text index of the directory during a big import: the insert trigger set aside while the rows
are written, the new rows indexed at the end in one statement, inside the import's transaction.

The FTS5 table ``directory_actor_fts`` follows ``directory_actor`` through triggers (migration
``0002_search_index``). Indexing each new row through the insert trigger costs about as much as writing the row;
indexing all of them at the end with one ``INSERT … SELECT`` about a tenth. ``suspend_sqlite()`` drops the insert
trigger only (updates and deletions keep theirs: an import never updates or deletes an actor it has just
created) and returns the highest actor id then; ``resume_sqlite()`` indexes the actors above it and creates the
trigger again. The trigger's DDL is the migration's, read from it: one definition (migrations are frozen, so it
cannot drift).

If the import fails, the rollback restores the trigger; other connections never see the index incomplete
(SQLite writes one transaction at a time and readers see the last committed state).
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import DatabaseError, transaction

_MIGRATION = importlib.import_module("essmed.directory.migrations.0002_search_index")
SQLITE_INSERT_TRIGGER: str = next(sql for sql in _MIGRATION.SQLITE_TRIGGERS if "AFTER INSERT" in sql)
SQLITE_INSERT_TRIGGER_NAME = "directory_actor_fts_insert"
FTS_TABLE = "directory_actor_fts"
ACTOR_TABLE = "directory_actor"
# FTS5 keeps the terms of the rows it indexes in memory until they reach its ``hashsize`` (1 MiB by default),
# then writes them as a new segment of the index, and merges segments as they pile up. Indexing a million actors
# in one statement wrote ~150 segments and merged them again and again: 11.4 s with the default, 7.0 s with
# 16 MiB (RSS +26 MiB), 5.8 s with 64 MiB (+109 MiB). Set for that statement only, then back to the default.
BULK_HASH_SIZE = 16 * 2**20
DEFAULT_HASH_SIZE = 2**20


def suspend_sqlite(connection: Any) -> int | None:
    """Drop the FTS insert trigger; the highest actor id, above which resume_sqlite() will index. None (and
    nothing done) if there is no such trigger."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s", [SQLITE_INSERT_TRIGGER_NAME])
        if cursor.fetchone() is None:
            return None
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {ACTOR_TABLE}")  # noqa: S608 - a constant
        (highest,) = cursor.fetchone()
        cursor.execute(f"DROP TRIGGER {SQLITE_INSERT_TRIGGER_NAME}")
    return int(highest)


def resume_sqlite(connection: Any, after: int) -> None:
    """Index the actors whose id is above ``after`` (with a bigger hash: ``BULK_HASH_SIZE``) and create the
    insert trigger again."""
    _set_hash_size(connection, BULK_HASH_SIZE)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, search_document) "  # noqa: S608 - constants
            f"SELECT id, search_document FROM {ACTOR_TABLE} WHERE id > %s ORDER BY id",
            [after],
        )
    _set_hash_size(connection, DEFAULT_HASH_SIZE)
    with connection.cursor() as cursor:
        cursor.execute(SQLITE_INSERT_TRIGGER)


def _set_hash_size(connection: Any, size: int) -> None:
    """FTS5's ``hashsize``, a configuration value kept in the index's ``_config`` table like ``automerge`` or
    ``pgsz``. FTS5 reads it (``fts5_config.c``) but SQLite's documentation does not list it: should a build
    refuse it, the index is made with the size it has (a savepoint undoes the refused statement alone)."""
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('hashsize', %s)", [size])  # noqa: S608
    except DatabaseError:
        return
