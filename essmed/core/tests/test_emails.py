import pytest
from django.core import mail
from django.core.management import call_command

from essmed.core.emails import queue_email, render_email

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
