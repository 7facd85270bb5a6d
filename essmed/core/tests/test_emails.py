import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from essmed.core.emails import queue_email, render_email, send_templated_email

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_tasks(settings):
    """The real database backend, as in production, instead of the immediate one of the tests."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_queued_email_waits_for_the_worker_then_is_sent(database_tasks):
    queue_email("alice@example.org", "emails/accounts/confirm_email", {"full_name": "Alice", "confirm_path": "/x/"})
    assert mail.outbox == []
    call_command("db_worker", "--batch", "--no-reload", "--interval", "0.1", verbosity=0)
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert "Alice" in message.body


def test_email_is_rendered_in_the_language_asked():
    subject_ar, _ = render_email("emails/accounts/confirm_email", {"full_name": "Alice"}, "ar")
    subject_en, _ = render_email("emails/accounts/confirm_email", {"full_name": "Alice"}, "en")
    assert subject_en == "Confirm your email address for essmed"
    assert subject_ar != subject_en


def test_no_email_is_queued_to_an_address_that_can_never_arrive(database_tasks):
    """The accounts kept for deleted users have addresses in ``.invalid`` (RFC 2606): an email to one of them (an
    incubator application they left, changing state) is left out, the other recipients still served."""
    context = {"full_name": "Alice", "confirm_path": "/x/"}
    queue_email("deleted-0a1b@deleted.invalid", "emails/accounts/confirm_email", context)
    queue_email(["deleted-0a1b@Deleted.INVALID.", "bob@example.org"], "emails/accounts/confirm_email", context)
    call_command("db_worker", "--batch", "--no-reload", "--interval", "0.1", verbosity=0)
    assert [message.to for message in mail.outbox] == [["bob@example.org"]]


# --- Who may still receive it, and what its result keeps --------------------------------------------------------

CONFIRM = "emails/accounts/confirm_email"


def run_worker():
    call_command("db_worker", "--batch", "--no-reload", "--interval", "0.1", verbosity=0)


def confirmation(name="Alice"):
    return {"full_name": name, "confirm_path": "/x/"}


def test_an_account_gone_before_the_worker_runs_receives_nothing_and_an_address_without_account_still_does(
    database_tasks, karim, omar
):
    """The worker checks each recipient when it sends. Karim's account goes (deleted here without the erasure, which
    also takes his waiting emails away: the worker's check alone). An invitation to a newcomer, or a message to an
    organisation's public contact, never had an account to check: it goes out as queued."""
    queue_email("karim@example.org", CONFIRM, confirmation("Karim"))
    queue_email(["KARIM@example.org", "omar@example.org"], CONFIRM, confirmation())
    queue_email("newcomer@example.org", CONFIRM, confirmation())
    get_user_model().objects.filter(pk=karim.pk).delete()
    run_worker()
    assert sorted(message.to for message in mail.outbox) == [["newcomer@example.org"], ["omar@example.org"]]
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == 3


def test_an_address_given_to_another_account_or_replaced_is_not_served(database_tasks, karim, omar):
    """Karim changes his address and Omar's account is erased, then a new account takes Omar's old address: the
    emails queued for the old accounts are not theirs to receive."""
    queue_email("karim@example.org", CONFIRM, confirmation("Karim"))
    queue_email("omar@example.org", CONFIRM, confirmation("Omar"))
    karim.email = "karim.b@example.org"
    karim.save()
    get_user_model().objects.filter(pk=omar.pk).delete()
    get_user_model().objects.create_user("omar@example.org", None, full_name="Another Omar")
    run_worker()
    assert mail.outbox == []


def test_a_blocked_account_gets_nothing_but_a_new_account_gets_the_confirmation_of_its_address(
    database_tasks, karim, omar
):
    omar.is_active = False  # a new account, not confirmed yet: its confirmation must reach it
    omar.save()
    queue_email("omar@example.org", CONFIRM, confirmation("Omar"))
    queue_email("karim@example.org", CONFIRM, confirmation("Karim"))
    get_user_model().objects.filter(pk=karim.pk).update(is_active=False)  # blocked by staff since
    run_worker()
    assert [message.to for message in mail.outbox] == [["omar@example.org"]]


def test_an_email_queued_before_the_check_existed_is_sent_as_queued(database_tasks):
    send_templated_email.enqueue(to=["alice@example.org"], template=CONFIRM, context=confirmation(), language="fr")
    run_worker()
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]


def test_once_the_worker_is_done_with_an_email_its_result_keeps_no_text(database_tasks, karim):
    """The context names the recipient and often others (who wrote, who asked for a meeting): sent or failed, the
    result keeps to whom, which email and in which language, until the retention period."""
    queue_email("omar@example.org", CONFIRM, {**confirmation("Omar"), "sender": "Karim Benali"}, language="ar")
    queue_email("karim@example.org", "emails/accounts/no_such_email", {"note": "Karim Benali"})
    run_worker()
    assert [message.to for message in mail.outbox] == [["omar@example.org"]]
    results = {result.status: result.args_kwargs for result in DBTaskResult.objects.all()}
    assert results == {
        TaskResultStatus.SUCCESSFUL: {
            "args": [],
            "kwargs": {"to": ["omar@example.org"], "template": CONFIRM, "language": "ar"},
        },
        TaskResultStatus.FAILED: {
            "args": [],
            "kwargs": {"to": ["karim@example.org"], "template": "emails/accounts/no_such_email", "language": "fr"},
        },
    }
