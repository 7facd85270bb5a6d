"""The search of participants in the database: each registration keeps its person's name, its profile's texts and
its actor's names folded (``Registration.search_*``, ``models.search_columns``), computed here for the existing
registrations, 1,000 at a time."""

from typing import Any

from django.db import migrations, models

BATCH = 1_000
SEARCH_FIELDS = [
    "search_name",
    "search_name_terms",
    "search_profile",
    "search_profile_terms",
    "search_actor",
    "search_actor_terms",
    "search_source",
]


def fill(apps: Any, schema_editor: Any) -> None:
    # The model's own computation and writing, on the historical instances.
    from essmed.events.models import store_search_columns

    alias = schema_editor.connection.alias
    registrations = apps.get_model("events", "Registration").objects.using(alias).select_related("user", "actor")
    last = 0
    while batch := list(registrations.filter(pk__gt=last).order_by("pk")[:BATCH]):
        store_search_columns(batch, alias)
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("events", "0002_solver_status_choices")]

    operations = [
        *(
            migrations.AddField(
                model_name="registration", name=name, field=models.TextField(blank=True, default="", editable=False)
            )
            for name in SEARCH_FIELDS
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
