"""The full-text index of the directory (see essmed/directory/search.py), on each engine its own way.

- SQLite: an FTS5 external-content table on ``directory_actor(search_document)``: the text is stored once, in
  the actor's row; the index follows inserts, updates of the document and deletions through triggers, and is
  built from the rows already there. The document is already folded and stemmed (``text.terms()``), so the
  tokenizer keeps it as it is (``unicode61`` without removing diacritics); prefix indexes of 2 and 3
  characters keep the prefix queries of typing fast.
- PostgreSQL: a GIN index on ``to_tsvector('simple', search_document)``, the expression the queries use.

Other engines get nothing (search.py supports these two). A later migration that makes SQLite rebuild
``directory_actor`` (some ``AlterField``) drops the triggers with the old table: it must run
``SQLITE_TRIGGERS`` again and rebuild the index (``test_search`` checks that the triggers exist).
"""

from django.db import migrations

SQLITE_TABLE = """
CREATE VIRTUAL TABLE directory_actor_fts USING fts5(
    search_document,
    content='directory_actor',
    content_rowid='id',
    tokenize='unicode61 remove_diacritics 0',
    prefix='2 3'
)
"""

SQLITE_TRIGGERS = [
    """
    CREATE TRIGGER directory_actor_fts_insert AFTER INSERT ON directory_actor BEGIN
        INSERT INTO directory_actor_fts(rowid, search_document) VALUES (new.id, new.search_document);
    END
    """,
    """
    CREATE TRIGGER directory_actor_fts_delete AFTER DELETE ON directory_actor BEGIN
        INSERT INTO directory_actor_fts(directory_actor_fts, rowid, search_document)
        VALUES ('delete', old.id, old.search_document);
    END
    """,
    """
    CREATE TRIGGER directory_actor_fts_update AFTER UPDATE OF id, search_document ON directory_actor
    WHEN old.id IS NOT new.id OR old.search_document IS NOT new.search_document BEGIN
        INSERT INTO directory_actor_fts(directory_actor_fts, rowid, search_document)
        VALUES ('delete', old.id, old.search_document);
        INSERT INTO directory_actor_fts(rowid, search_document) VALUES (new.id, new.search_document);
    END
    """,
]

SQLITE_REBUILD = "INSERT INTO directory_actor_fts(directory_actor_fts) VALUES ('rebuild')"

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS directory_actor_fts_insert",
    "DROP TRIGGER IF EXISTS directory_actor_fts_delete",
    "DROP TRIGGER IF EXISTS directory_actor_fts_update",
    "DROP TABLE IF EXISTS directory_actor_fts",
]

POSTGRESQL_INDEX = (
    "CREATE INDEX directory_actor_search_gin ON directory_actor USING gin (to_tsvector('simple', search_document))"
)
POSTGRESQL_DROP = ["DROP INDEX IF EXISTS directory_actor_search_gin"]


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [SQLITE_TABLE, *SQLITE_TRIGGERS, SQLITE_REBUILD]
    elif vendor == "postgresql":
        statements = [POSTGRESQL_INDEX]
    else:
        statements = []
    for statement in statements:
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = SQLITE_DROP if vendor == "sqlite" else POSTGRESQL_DROP if vendor == "postgresql" else []
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
