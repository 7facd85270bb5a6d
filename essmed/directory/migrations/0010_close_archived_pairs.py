"""Forget the open duplicate pairs that involve an archived actor.

Archiving an actor closes its open pairs since the change of 2026-11-27 (``actions.close_open_pairs``); pairs
found before that stayed in the staff's queue, where merging them is refused. Decided pairs (merged, dismissed)
are kept, as ``close_open_pairs`` keeps them."""

from typing import Any

from django.db import migrations
from django.db.models import Q


def close_archived_pairs(apps: Any, schema_editor: Any) -> None:
    candidates = apps.get_model("directory", "DuplicateCandidate")
    archived = Q(actor__status="archived") | Q(other__status="archived")
    candidates.objects.using(schema_editor.connection.alias).filter(archived, status="open").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0009_actorimport_created_label"),
    ]

    operations = [
        migrations.RunPython(close_archived_pairs, migrations.RunPython.noop),
    ]
