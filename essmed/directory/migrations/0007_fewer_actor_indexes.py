"""Six indexes of ``directory_actor`` that no query needs, dropped: each one is work for every actor written
(an import of a million actors maintains them all).

- ``country_id`` and ``region_id``: Django's index on each foreign key, covered by the composite indexes
  (country, status) and (region, status), which start with the same column.
- PostgreSQL only: the ``varchar_pattern_ops`` copies (``…_like``) that Django adds beside the index of a
  ``CharField`` with ``db_index=True`` (``name_key``, ``website_key``, ``source``, ``status``), made for
  case-sensitive ``LIKE 'prefix%'``; the code compares these columns for equality only, and the admin's
  searches (``icontains``) cannot use them. Django's state keeps ``db_index=True`` on those fields (their
  plain index stays); Django finds indexes by introspection when it alters a field, so the missing copies
  are no trouble to later migrations.

On SQLite an ``AlterField`` would rebuild the table and lose the full-text triggers (migration 0002): the
indexes are dropped in SQL, and the state says ``db_index=False``.
"""

from django.db import migrations, models
from django.db.models import deletion

FOREIGN_KEY_INDEXES = {
    "directory_actor_country_id_92db84fe": "country_id",
    "directory_actor_region_id_4d3a9dac": "region_id",
}
LIKE_INDEXES = {
    "directory_actor_name_key_582d485f_like": "name_key",
    "directory_actor_website_key_65e0d75f_like": "website_key",
    "directory_actor_source_7d3cefbb_like": "source",
    "directory_actor_status_6e61eebf_like": "status",
}


def _indexes(vendor):
    return {**FOREIGN_KEY_INDEXES, **(LIKE_INDEXES if vendor == "postgresql" else {})}


def forward(apps, schema_editor):
    for name in _indexes(schema_editor.connection.vendor):
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


def backward(apps, schema_editor):
    quote = schema_editor.quote_name
    for name, column in _indexes(schema_editor.connection.vendor).items():
        operator_class = " varchar_pattern_ops" if name.endswith("_like") else ""
        schema_editor.execute(
            f"CREATE INDEX {quote(name)} ON {quote('directory_actor')} ({quote(column)}{operator_class})"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0006_search_vector"),
        ("territories", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forward, backward)],
            state_operations=[
                migrations.AlterField(
                    model_name="actor",
                    name="country",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=deletion.PROTECT,
                        related_name="+",
                        to="territories.country",
                        verbose_name="country",
                    ),
                ),
                migrations.AlterField(
                    model_name="actor",
                    name="region",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=deletion.SET_NULL,
                        related_name="+",
                        to="territories.region",
                        verbose_name="region",
                    ),
                ),
            ],
        ),
    ]
