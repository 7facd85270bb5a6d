"""The administration's history in the reader's language: the "deleted user" name and the messages accounts writes
there are stored in one language (LogEntry keeps text), and shown in each reader's."""

import json
import re

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType

from essmed.accounts.models import User

pytestmark = pytest.mark.django_db


def entry(by, object_repr, change_message="", action_flag=DELETION, object_id="999"):
    return LogEntry.objects.create(
        user=by,
        content_type=ContentType.objects.get_for_model(User),
        object_id=object_id,
        object_repr=object_repr,
        action_flag=action_flag,
        change_message=change_message,
    )


def recent_actions(client, lang):
    page = client.get(f"/{lang}/admin/").content.decode()
    return re.search(r'<ul class="actionlist">(.*?)</ul>', page, re.S).group(1)


def administration_actions(client, lang):
    data = json.loads(client.get(f"/{lang}/accounts/profile/data/download/").content)
    return [(row["object"], row["change"]) for row in data["records"]["account"]["administration_actions"]]


def test_older_entries_about_erased_people_read_in_the_readers_language(client, amina, sophie):
    """Written before: the French name the placeholders stored, and an erasure's message in the language of the
    administrator who erased from the Arabic admin. A person's own name is left as it is."""
    entry(amina, "Utilisateur supprimé", "تم محو الحساب والبيانات الشخصية بطلب من صاحبها.")
    entry(amina, "Sophie", "Données personnelles exportées.", action_flag=CHANGE, object_id=str(sophie.pk))
    client.force_login(amina)
    for lang, name in (("ar", "مستخدم محذوف"), ("en", "Deleted user"), ("fr", "Utilisateur supprimé")):
        shown = recent_actions(client, lang)
        assert name in shown
        assert "Sophie" in shown
    assert "Utilisateur supprimé" not in recent_actions(client, "ar")
    assert administration_actions(client, "en") == [
        ("Deleted user", "Account and personal data erased at the person's request."),
        ("Sophie", "Personal data exported."),
    ]
    assert administration_actions(client, "ar") == [
        ("مستخدم محذوف", "تم محو الحساب والبيانات الشخصية بطلب من صاحبها."),
        ("Sophie", "تم تصدير البيانات الشخصية."),
    ]


def test_an_erasure_made_from_the_arabic_admin_reads_in_english(
    client, amina, karim, django_capture_on_commit_callbacks
):
    client.force_login(amina)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/ar/admin/accounts/user/{karim.pk}/delete/", {"post": "yes"})
    assert "Deleted user" in recent_actions(client, "en")
    assert administration_actions(client, "en") == [
        ("Deleted user", "Account and personal data erased at the person's request.")
    ]


def test_an_entry_read_without_its_texts_costs_no_extra_query(amina, django_assert_num_queries):
    entry(amina, "Utilisateur supprimé")
    with django_assert_num_queries(1):
        assert LogEntry.objects.only("pk").get().pk
