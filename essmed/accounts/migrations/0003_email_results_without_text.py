"""The worker's results of finished emails no longer keep the email's text (``core.emails.forget_email_text``): its
context names the recipient and often other people (the sender of an expression of interest, a meeting's other
party). Forget the context of the emails finished before; keep to whom, which email and in which language."""

from django.db import migrations

SEND = "essmed.core.emails.send_templated_email"
KEPT = ("to", "template", "language")


def forget_texts(apps, schema_editor):
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    finished = DBTaskResult.objects.filter(task_path=SEND, status__in=["SUCCESSFUL", "FAILED"])
    changed = []
    for pk, args_kwargs in finished.values_list("pk", "args_kwargs").iterator(chunk_size=500):
        kwargs = args_kwargs.get("kwargs", {}) if isinstance(args_kwargs, dict) else {}
        kept = {key: kwargs[key] for key in KEPT if key in kwargs}
        if args_kwargs != {"args": [], "kwargs": kept}:
            changed.append((pk, kept))
    for pk, kept in changed:
        DBTaskResult.objects.filter(pk=pk).update(args_kwargs={"args": [], "kwargs": kept})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_placeholders_without_name"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forget_texts, migrations.RunPython.noop)]
