"""Programmes of the EU portal whose code our data does not name (I3, EUBA, RFCS…) stored the code as their name in
every language, and pages showed it bare. They now store no name and their ``portal_code``; ``Programme.__str__``
says «Programme de l'UE (code I3)» in the reader's language. The programmes the importer names get their code too."""

from django.db import migrations, models

# What the importer wrote when this migration was made (importing.SOURCE_NAME), and the slugs of the codes it named
# (data.programmes.PORTAL_PROGRAMMES): a slug is "eu-" and the folded code.
PORTAL_SOURCE = "EU Funding & Tenders portal (SEDIA search API), snapshot by eherberichs/F-T-RSS"
NAMED_CODES = ["HORIZON", "DIGITAL", "LIFE", "EDF", "EuropeAid", "CERV", "CEF", "SMP", "CREA", "ERASMUS", "ESF", "PPPA"]
NAME_FIELDS = ["name", "name_fr", "name_ar", "name_en"]


def store_codes_not_names(apps, schema_editor):
    Programme = apps.get_model("funding", "Programme")
    named = {f"eu-{code.casefold()}": code for code in NAMED_CODES}
    for programme in Programme.objects.filter(source=PORTAL_SOURCE, slug__startswith="eu-"):
        names = {getattr(programme, field) for field in NAME_FIELDS}
        if programme.slug in named:
            programme.portal_code = named[programme.slug]
            programme.save(update_fields=["portal_code"])
        elif len(names) == 1 and programme.slug == f"eu-{programme.name.casefold()}":  # the code as its name
            programme.portal_code = programme.name
            for field in NAME_FIELDS:
                setattr(programme, field, "")
            programme.save(update_fields=["portal_code", *NAME_FIELDS])


def store_codes_as_names(apps, schema_editor):
    Programme = apps.get_model("funding", "Programme")
    for programme in Programme.objects.filter(name="").exclude(portal_code=""):
        for field in NAME_FIELDS:
            setattr(programme, field, programme.portal_code)
        programme.save(update_fields=NAME_FIELDS)


class Migration(migrations.Migration):

    dependencies = [
        ('funding', '0002_amounts_not_negative'),
    ]

    operations = [
        migrations.AddField(
            model_name='programme',
            name='portal_code',
            field=models.CharField(blank=True, help_text="The beginning of its calls' identifiers on the EU Funding & Tenders portal: HORIZON, LIFE, I3…", max_length=40, verbose_name='code on the EU portal'),
        ),
        migrations.AlterField(
            model_name='programme',
            name='name',
            field=models.CharField(blank=True, help_text='Empty for a programme of the EU portal that our data does not name: its code is shown.', max_length=250, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='programme',
            name='name_ar',
            field=models.CharField(blank=True, help_text='Empty for a programme of the EU portal that our data does not name: its code is shown.', max_length=250, null=True, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='programme',
            name='name_en',
            field=models.CharField(blank=True, help_text='Empty for a programme of the EU portal that our data does not name: its code is shown.', max_length=250, null=True, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='programme',
            name='name_fr',
            field=models.CharField(blank=True, help_text='Empty for a programme of the EU portal that our data does not name: its code is shown.', max_length=250, null=True, verbose_name='name'),
        ),
        migrations.RunPython(store_codes_not_names, store_codes_as_names),
    ]
