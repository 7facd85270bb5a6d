"""The background worker's task results keep the emails' addresses and texts: erased with the account, and pruned
after TASK_RESULT_RETENTION_DAYS for everyone."""

import json
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from essmed.accounts import actions
from essmed.accounts.models import User
from essmed.accounts.tests.factories import UserFactory
from essmed.core.emails import queue_email

pytestmark = pytest.mark.django_db

CONFIRM = "emails/accounts/confirm_email"


@pytest.fixture(autouse=True)
def database_tasks(settings):
    """The real database backend, as in production: queued emails are stored as task results."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def email(to, status=TaskResultStatus.SUCCESSFUL, *, days_ago=0, **context):
    """A queued email's task result, finished ``days_ago`` days ago (or still waiting, for READY)."""
    queue_email(to, CONFIRM, {"full_name": "", "confirm_path": "/x/", **context})
    result = DBTaskResult.objects.order_by("-enqueued_at").first()
    finished_at = None if status == TaskResultStatus.READY else timezone.now() - timedelta(days=days_ago)
    DBTaskResult.objects.filter(pk=result.pk).update(status=status, finished_at=finished_at)
    return result.pk


def remaining(*pks):
    return set(DBTaskResult.objects.filter(pk__in=pks).values_list("pk", flat=True))


def test_deleting_an_account_deletes_the_finished_emails_that_hold_the_address_and_keeps_the_others(
    karim, omar, django_capture_on_commit_callbacks
):
    sent = email("karim@example.org")
    failed = email(["omar@example.org", "KARIM@example.org"], TaskResultStatus.FAILED)
    naming = email("omar@example.org", note="Karim asked: write to karim@example.org")
    waiting = email("karim@example.org", TaskResultStatus.READY)
    to_omar = email("omar@example.org")
    longer_address = email("akarim@example.org.uk")
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_account(karim)
    assert remaining(sent, failed, naming, waiting, to_omar, longer_address) == {waiting, to_omar, longer_address}
    # The confirmation of the deletion is queued after, and pruned after the retention period like any other.
    confirmation = DBTaskResult.objects.filter(args_kwargs__icontains="emails/accounts/account_deleted").get()
    assert confirmation.args_kwargs["kwargs"]["to"] == ["karim@example.org"]


def test_an_address_with_accents_is_found_however_the_database_stores_json(django_capture_on_commit_callbacks):
    user = UserFactory(email="rené@exemple.org")
    sent = email("rené@exemple.org")
    other = email("rene@exemple.org")
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_account(user)
    assert remaining(sent, other) == {other}


def test_the_download_lists_the_emails_sent_and_the_page_says_how_long_they_are_kept(client, karim, settings):
    settings.TASK_RESULT_RETENTION_DAYS = 30
    email("karim@example.org")
    email("karim@example.org", TaskResultStatus.READY)
    email("omar@example.org")
    client.force_login(karim)
    data = json.loads(client.get("/fr/accounts/profile/data/download/").content)
    emails = data["records"]["emails"]["emails"]
    assert [row["status"] for row in emails] == ["successful", "ready"]
    assert {row["template"] for row in emails} == {CONFIRM}
    assert "confirm_path" not in json.dumps(emails)  # when and what, not the text again
    page = client.get("/fr/accounts/profile/data/").content.decode()
    row = re.search(
        r'<th scope="row">Courriels qui vous sont envoyés</th>\s*<td>(.*?)</td>\s*<td[^>]*>(\d+)</td>', page
    )
    assert row is not None
    assert "le texte 30 jours après l’envoi, puis l’efface" in row.group(1)
    assert row.group(2) == "2"
    settings.TASK_RESULT_RETENTION_DAYS = 1
    assert "1 jour après l’envoi" in client.get("/fr/accounts/profile/data/").content.decode()
    settings.TASK_RESULT_RETENTION_DAYS = 30
    assert "مدة 30 يومًا بعد إرسالها" in client.get("/ar/accounts/profile/data/").content.decode()


def test_delete_page_says_the_emails_go_with_the_account(client, karim):
    client.force_login(karim)
    page = client.get("/fr/accounts/profile/delete/").content.decode()
    assert "<dt>Courriels qui vous sont envoyés</dt>" in page
    assert "Toutes vos sessions ouvertes, sur chaque appareil, sont fermées." in page


def test_pruning_deletes_the_results_finished_longer_ago_than_the_retention_period(settings, karim):
    settings.TASK_RESULT_RETENTION_DAYS = 30
    old = email("karim@example.org", days_ago=31)
    old_failure = email("omar@example.org", TaskResultStatus.FAILED, days_ago=45)
    recent = email("karim@example.org", days_ago=29)
    waiting = email("karim@example.org", TaskResultStatus.READY)
    DBTaskResult.objects.filter(pk=waiting).update(enqueued_at=timezone.now() - timedelta(days=90))
    call_command("prune_task_results", verbosity=0)
    assert remaining(old, old_failure, recent, waiting) == {recent, waiting}
    settings.TASK_RESULT_RETENTION_DAYS = 7
    call_command("prune_task_results", verbosity=0)
    assert remaining(recent, waiting) == {waiting}
    assert User.objects.filter(pk=karim.pk).exists()
