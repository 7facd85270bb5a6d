"""The search documents and name keys computed again with the normalisation of this version (``text.py``):
Arabic words after a one-letter proclitic (ب و ل ف ك) also indexed without it, «œ» and «æ» folded to «oe» and
«ae», compatibility forms (Arabic presentation forms, ligatures) to their letters, and plurals in -ies and -aux
stemmed as their singular. Only the actors whose document or key changes are written, 2,000 at a time; the
full-text indexes follow (SQLite's update trigger, PostgreSQL's generated vector)."""

from typing import Any

from django.db import migrations

BATCH = 2_000


def refresh(apps: Any, schema_editor: Any) -> None:
    from essmed.directory.models import Actor as CurrentActor

    Actor = apps.get_model("directory", "Actor")
    actors = Actor.objects.using(schema_editor.connection.alias)
    last = 0
    while batch := list(actors.filter(pk__gt=last).order_by("pk")[:BATCH]):
        changed = []
        for actor in batch:
            before = (actor.search_document, actor.name_key, actor.website_key)
            CurrentActor.refresh_keys(actor)  # the model's own computation, on the historical instance
            if (actor.search_document, actor.name_key, actor.website_key) != before:
                changed.append(actor)
        actors.bulk_update(changed, ["search_document", "name_key", "website_key"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_fewer_actor_indexes")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop, elidable=True)]
