"""The background worker's task results keep the emails' addresses, and their texts until they are sent: erased with
the account (nothing waiting is sent to the person any more), and pruned after TASK_RESULT_RETENTION_DAYS for
everyone."""

import importlib
import json
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
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


def test_deleting_an_account_deletes_the_finished_emails_that_hold_the_address_and_those_waiting_for_the_person(
    karim, omar, django_capture_on_commit_callbacks
):
    sent = email("karim@example.org")
    failed = email(["omar@example.org", "KARIM@example.org"], TaskResultStatus.FAILED)
    naming = email("omar@example.org", note="Karim asked: write to karim@example.org")
    waiting = email("karim@example.org", TaskResultStatus.READY)
    waiting_for_both = email(["Karim@example.org", "omar@example.org"], TaskResultStatus.READY)
    to_omar = email("omar@example.org")
    longer_address = email("akarim@example.org.uk")
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_account(karim)
    kept = {waiting_for_both, to_omar, longer_address}
    assert remaining(sent, failed, naming, waiting, waiting_for_both, to_omar, longer_address) == kept
    # An email to others as well goes to them only, and no longer holds the address.
    for_omar = DBTaskResult.objects.get(pk=waiting_for_both).args_kwargs["kwargs"]
    assert for_omar["to"] == ["omar@example.org"]
    assert list(for_omar["accounts"]) == ["omar@example.org"]
    # The confirmation of the deletion is queued after, and pruned after the retention period like any other.
    confirmation = DBTaskResult.objects.filter(args_kwargs__icontains="emails/accounts/account_deleted").get()
    assert confirmation.args_kwargs["kwargs"]["to"] == ["karim@example.org"]


def run_worker():
    call_command("db_worker", "--batch", "--no-reload", "--interval", "0.1", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_an_erased_person_receives_none_of_the_emails_waiting_for_them_and_the_others_still_receive_theirs(
    karim, fatima
):
    """Karim had an email waiting for the worker when he deleted his account; Fatima, one that names him (he wrote
    about her cooperative's offer); a newcomer, an invitation. Karim then receives only the confirmation of the
    deletion; the others receive theirs, and no result keeps a text that names him."""
    queue_email("karim@example.org", CONFIRM, {"full_name": "Karim", "confirm_path": "/x/"})
    interest = {
        "full_name": "Fatima",
        "sender": "Karim Benali",
        "message": "Bonjour, c’est Karim Benali",
        "actor": "Zaytoun",
        "offer": "Huile",
        "path": "/x/",
    }
    queue_email("fatima@example.org", "emails/directory/interest", interest)
    queue_email("newcomer@example.org", "emails/accounts/invitation", {"inviter": "Fatima", "accept_path": "/x/"})
    actions.delete_account(karim)
    run_worker()
    sent = {message.to[0]: message for message in mail.outbox}
    assert sorted(sent) == ["fatima@example.org", "karim@example.org", "newcomer@example.org"]
    assert sent["karim@example.org"].subject == "Votre compte essmed est supprimé"
    assert "Karim Benali" in sent["fatima@example.org"].body  # decided before the deletion: it goes out
    for result in DBTaskResult.objects.all():
        assert set(result.args_kwargs["kwargs"]) == {"to", "template", "language"}
        assert "Benali" not in json.dumps(result.args_kwargs, ensure_ascii=False)


def test_emails_finished_before_this_version_forget_their_text(karim):
    """Migration 0003: the results of emails finished before the worker forgot the texts on sending."""
    migration = importlib.import_module("essmed.accounts.migrations.0003_email_results_without_text")
    sent = email("omar@example.org", note="Karim Benali wrote")
    failed = email("omar@example.org", TaskResultStatus.FAILED, note="Karim Benali wrote")
    waiting = email("karim@example.org", TaskResultStatus.READY)
    migration.forget_texts(apps, None)
    forgotten = {"args": [], "kwargs": {"to": ["omar@example.org"], "template": CONFIRM, "language": "fr"}}
    assert DBTaskResult.objects.get(pk=sent).args_kwargs == forgotten
    assert DBTaskResult.objects.get(pk=failed).args_kwargs == forgotten
    assert "context" in DBTaskResult.objects.get(pk=waiting).args_kwargs["kwargs"]  # still to be sent


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
    assert "elle en oublie le texte" in row.group(1)
    assert "la date, pendant 30 jours, puis les efface" in row.group(1)
    assert row.group(2) == "2"
    settings.TASK_RESULT_RETENTION_DAYS = 1
    assert "pendant 1 jour, puis" in client.get("/fr/accounts/profile/data/").content.decode()
    settings.TASK_RESULT_RETENTION_DAYS = 30
    page = client.get("/ar/accounts/profile/data/").content.decode()
    assert "تنسى القائمة نصها" in page
    assert "مدة 30 يومًا، ثم تحذفها" in page


def test_delete_page_says_the_emails_go_with_the_account(client, karim):
    client.force_login(karim)
    page = client.get("/fr/accounts/profile/delete/").content.decode()
    assert "<dt>Courriels qui vous sont envoyés</dt>" in page
    assert "les courriels qui attendaient encore de vous être envoyés ne partent pas" in page
    assert (
        "لا تُرسل إليكم الرسائل التي كانت لا تزال تنتظر الإرسال"
        in client.get("/ar/accounts/profile/delete/").content.decode()
    )
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
