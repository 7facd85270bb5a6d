"""One draft per applicant and call at a time (a double click on "Apply" used to start two).

Before the constraint, the drafts a double click left behind are tidied: of an applicant's drafts to one call, the
one changed last is kept; the others are deleted when they hold no answer (the empty twin of a double click), and
withdrawn otherwise, so that nothing anyone wrote is lost.
"""

from django.db import migrations, models
from django.utils import timezone


def keep_one_draft_per_applicant_and_call(apps, schema_editor):
    Application = apps.get_model("incubator", "Application")
    Answer = apps.get_model("incubator", "Answer")
    kept: set[tuple[int, int]] = set()
    drafts = Application.objects.filter(state="draft").order_by("call_id", "applicant_id", "-updated_at", "-pk")
    for draft in drafts.iterator():
        key = (draft.call_id, draft.applicant_id)
        if key not in kept:
            kept.add(key)
        elif Answer.objects.filter(application_id=draft.pk).exists() or draft.summary:
            Application.objects.filter(pk=draft.pk).update(state="withdrawn", decided_at=timezone.now())
        else:
            draft.delete()
    if schema_editor.connection.vendor == "postgresql":
        # The deletions' deferred foreign-key checks now, or PostgreSQL refuses to build the constraint's index in
        # the same transaction ("pending trigger events").
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("incubator", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(keep_one_draft_per_applicant_and_call, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="application",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state", "draft")),
                fields=("call", "applicant"),
                name="one_draft_per_applicant_and_call",
            ),
        ),
    ]
