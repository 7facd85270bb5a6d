"""The full-text index of the directory during a big import: set aside while the rows are written, then brought
up to date in one statement, inside the import's transaction.

- SQLite: the FTS5 table ``directory_actor_fts`` follows ``directory_actor`` through triggers (migration
  ``0002_search_index``). Indexing each new row through the insert trigger costs about as much as writing the
  row; indexing all of them at the end, with one ``INSERT … SELECT``, about a tenth. ``suspend_sqlite()``
  drops the insert trigger only (updates and deletions keep theirs) and returns the highest actor id then;
  ``resume_sqlite()`` indexes the actors above it and creates the trigger again. The trigger's DDL is the
  migration's, read from it: one definition.
- PostgreSQL: the GIN index ``directory_actor_search_gin``; ``suspend_postgresql()`` drops it and returns its
  definition (read from the catalogue, whatever migration made it), ``resume_postgresql()`` creates it again
  with more memory for the sort.

Everything happens in the caller's transaction: if the import fails, the rollback restores the trigger or the
index as they were, and no other connection ever sees the index incomplete (SQLite writes one transaction at a
time; PostgreSQL's DROP INDEX locks the table until the commit).
"""

from __future__ import annotations

import importlib
from typing import Any

_MIGRATION = importlib.import_module("essmed.directory.migrations.0002_search_index")
SQLITE_INSERT_TRIGGER: str = next(sql for sql in _MIGRATION.SQLITE_TRIGGERS if "AFTER INSERT" in sql)
SQLITE_INSERT_TRIGGER_NAME = "directory_actor_fts_insert"
FTS_TABLE = "directory_actor_fts"
ACTOR_TABLE = "directory_actor"
POSTGRESQL_INDEX_NAME = "directory_actor_search_gin"
INDEX_MEMORY = "256MB"  # maintenance_work_mem for building the GIN index again


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
    """Index the actors whose id is above ``after`` and create the insert trigger again."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, search_document) "  # noqa: S608 - constants
            f"SELECT id, search_document FROM {ACTOR_TABLE} WHERE id > %s ORDER BY id",
            [after],
        )
        cursor.execute(SQLITE_INSERT_TRIGGER)


def suspend_postgresql(connection: Any) -> str | None:
    """Drop the GIN index of the search document; its definition, for resume_postgresql(). None (and nothing
    done) if there is no such index."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s AND indexname = %s",
            [ACTOR_TABLE, POSTGRESQL_INDEX_NAME],
        )
        row = cursor.fetchone()
        if row is None:
            return None
        cursor.execute(f"DROP INDEX {POSTGRESQL_INDEX_NAME}")
    return str(row[0])


def resume_postgresql(connection: Any, definition: str) -> None:
    """Create the GIN index again from its definition, with ``INDEX_MEMORY`` for the sort (this transaction)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('maintenance_work_mem')")
        (memory,) = cursor.fetchone()
        cursor.execute("SELECT set_config('maintenance_work_mem', %s, true)", [INDEX_MEMORY])
        cursor.execute(definition)
        cursor.execute("SELECT set_config('maintenance_work_mem', %s, true)", [memory])
