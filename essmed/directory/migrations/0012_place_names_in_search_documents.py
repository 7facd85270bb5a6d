"""The search documents computed again with the names of each actor's place in every language: its country,
region, province and commune (``places.py``). Only the actors whose document changes are written, 2,000 at a
time; the full-text indexes follow (SQLite's update trigger, PostgreSQL's generated vector)."""

from typing import Any

from django.db import migrations

BATCH = 2_000


def refresh(apps: Any, schema_editor: Any) -> None:
    from essmed.directory.models import Actor as CurrentActor
    from essmed.directory.places import PlaceTerms

    Actor = apps.get_model("directory", "Actor")
    actors = Actor.objects.using(schema_editor.connection.alias)
    if not actors.exists():
        return
    places = PlaceTerms.from_database()
    last = 0
    while batch := list(actors.filter(pk__gt=last).order_by("pk")[:BATCH]):
        changed = []
        for actor in batch:
            before = actor.search_document
            CurrentActor.refresh_keys(actor, places)  # the model's own computation, on the historical instance
            if actor.search_document != before:
                changed.append(actor)
        actors.bulk_update(changed, ["search_document"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("directory", "0011_search_index_ascii_tokenizer"), ("territories", "0001_initial")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop, elidable=True)]
