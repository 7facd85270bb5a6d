import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from essmed.core.emails import mark_right_to_left, queue_email, render_email, send_templated_email

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


# --- The direction of the text -----------------------------------------------------------------------------------

RLM = "\u200f"  # RIGHT-TO-LEFT MARK
INVITATION = "emails/accounts/invitation"


def invitation_context():
    """Lines that start with a Latin name, a number and a link: shown left to right in Arabic without a mark."""
    return {
        "inviter": "Karim Benali",
        "role": "member",
        "organisation": "Zaytoun",
        "message": "2026: Karim says welcome!",
        "expires": "12/03/2027",
        "accept_path": "/accounts/invitation/abc/",
    }


def unmarked(template, context, language):
    with translation.override(language):
        return render_to_string(f"{template}.txt", {**context, "site_url": settings.SITE_URL})


def test_each_line_of_an_arabic_email_starts_with_a_right_to_left_mark_and_its_subject_is_left_alone(
    database_tasks,
):
    """A plain-text mail client gives each paragraph the direction of its first strong character: without the mark,
    the lines starting with a Latin word, a number or the link would be shown left to right, their punctuation at
    the wrong end. The blank lines stay blank, nothing else of the text changes, and the subject (which starts with
    an Arabic word, shown by the client in its own interface) is not marked."""
    queue_email("newcomer@example.org", INVITATION, invitation_context(), language="ar")
    run_worker()
    [message] = mail.outbox
    lines = message.body.split("\n")
    shown = [line for line in lines if line.strip()]
    assert len(shown) >= 6
    assert all(line.startswith(RLM) and not line.startswith(RLM * 2) for line in shown), shown
    assert all(line == "" for line in lines if not line.strip())
    assert f"{RLM}2026: Karim says welcome!" in shown
    assert f"{RLM}{settings.SITE_URL}/accounts/invitation/abc/" in shown
    assert message.body.replace(RLM, "") == unmarked(INVITATION, invitation_context(), "ar")
    assert message.subject == "دعوة للانضمام إلى essmed"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_french_or_english_email_has_no_direction_mark(database_tasks, language):
    queue_email("newcomer@example.org", INVITATION, invitation_context(), language=language)
    run_worker()
    [message] = mail.outbox
    assert RLM not in message.body
    assert RLM not in message.subject
    assert message.body == unmarked(INVITATION, invitation_context(), language)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("مرحبا\n\nhttp://x/\n", f"{RLM}مرحبا\n\n{RLM}http://x/\n"),
        ("  - 12/03: Forum\n   \n", f"{RLM}  - 12/03: Forum\n   \n"),  # a line of spaces shows nothing
        (f"{RLM}Karim\r\n", f"{RLM}Karim\r\n"),  # marked once only
        ("", ""),
    ],
)
def test_the_right_to_left_mark_starts_each_line_that_shows_something(text, expected):
    assert mark_right_to_left(text) == expected
