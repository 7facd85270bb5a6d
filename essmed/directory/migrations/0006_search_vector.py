"""PostgreSQL: the search document's tsvector stored in its own column, and the GIN index on that column.

Migration 0002 indexed the expression ``to_tsvector('simple', search_document)``: every row a query tests
outside the index (the filter of an index scan in id order, the recheck of a lossy bitmap, ``ts_rank``) computed
the vector again, about 70 µs per row of the benchmark's directory. A stored generated column computes it once,
when the row is written. Django does not know the column (``search.py`` refers to it in SQL): it never writes
it, and PostgreSQL fills it on INSERT, UPDATE and COPY. Nothing changes on SQLite.
"""

from django.db import migrations

POSTGRESQL_FORWARD = [
    "ALTER TABLE directory_actor ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple', search_document)) STORED",
    "DROP INDEX IF EXISTS directory_actor_search_gin",
    "CREATE INDEX directory_actor_search_gin ON directory_actor USING gin (search_vector)",
]
POSTGRESQL_BACKWARD = [
    "DROP INDEX IF EXISTS directory_actor_search_gin",
    "ALTER TABLE directory_actor DROP COLUMN IF EXISTS search_vector",
    "CREATE INDEX directory_actor_search_gin ON directory_actor USING gin (to_tsvector('simple', search_document))",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRESQL_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_search_entry_region_index"),
    ]

    operations = [
        migrations.RunPython(forward, backward, elidable=False),
    ]
