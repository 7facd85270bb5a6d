"""The placeholder accounts of deleted people stored their name in French ("Utilisateur supprimé"): they now store
none, and ``User.__str__`` shows "Deleted user" in the reader's language."""

from django.db import migrations


def forget_stored_names(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(email__endswith="@deleted.invalid").update(full_name="")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(forget_stored_names, migrations.RunPython.noop)]
