"""Email sent through the background worker.

Callers render nothing themselves: they name a template and a language, and the worker renders
the subject (``<template>_subject.txt``) and body (``<template>.txt``) in that language, then
sends through Django's configured email backend.

Nothing reaches a person whose account was erased in between (``accounts.actions.delete_account``):
``queue_email`` notes which recipients had an account when the email was queued, and the worker leaves
out an address whose account no longer exists, no longer has that address, or was blocked since. An
address without an account (an invitation to a newcomer, the email that confirms an erasure) is
served as queued. Once the worker is done with an email, its task result keeps only to whom, which
email and in which language (``forget_email_text``): never the text, which may name other people.

In a right-to-left language (Arabic) each line of the body starts with a right-to-left mark (``mark_right_to_left``):
a plain-text mail client gives each paragraph the direction of its first strong character, and an Arabic line that
starts with a Latin name, a number, an address or a date would otherwise be shown left to right. The emails are plain
text only: there is no HTML alternative to give ``lang`` and ``dir``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task
from django_tasks.signals import task_finished
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

# What a recipient's account was when the email was queued: {address (lower case): {"id": …, "active": …}}.
Accounts = dict[str, dict[str, Any]]


RIGHT_TO_LEFT_MARK = "\u200f"


def render_email(template: str, context: dict[str, Any], language: str) -> tuple[str, str]:
    """The subject (on one line) and the body of ``template`` in ``language``: every email's text is made here.

    The subject is left as it is: each Arabic subject starts with an Arabic word, and the mail client shows it in
    its own interface, where an invisible mark would only follow it into replies and searches."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body: str = render_to_string(f"{template}.txt", context)
        if translation.get_language_bidi():
            body = mark_right_to_left(body)
    return " ".join(subject.split()), body


def mark_right_to_left(text: str) -> str:
    """``text`` with each line that shows something starting with a right-to-left mark (U+200F), once.

    A plain-text reader gives each paragraph the direction of its first strong character: the mark makes it right
    to left, whether the line starts with an Arabic word, a Latin name, a number, an address or a date."""
    return "\n".join(
        RIGHT_TO_LEFT_MARK + line if line.strip() and not line.startswith(RIGHT_TO_LEFT_MARK) else line
        for line in text.split("\n")
    )


@task()
def send_templated_email(
    to: list[str], template: str, context: dict[str, Any], language: str, accounts: Accounts | None = None
) -> int:
    """Render ``template`` in ``language`` and send it to those of ``to`` who may still receive it
    (``still_reachable``); returns the number sent. ``accounts`` is absent from emails queued before it existed."""
    recipients = [address for address in to if still_reachable(address, (accounts or {}).get(address.lower()))]
    if not recipients:
        return 0
    subject, body = render_email(template, context, language)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def still_reachable(address: str, account: dict[str, Any] | None) -> bool:
    """Whether ``address`` may receive an email queued when it was ``account``'s (None: it was no account's).

    The account must still exist with that address, and be active unless it was not yet when the email was
    queued (the confirmation of a new account): an erased person, or one whose address changed, gets nothing."""
    if account is None:
        return True
    user_model = get_user_model()
    field = user_model.get_email_field_name()
    now = user_model._default_manager.filter(pk=account["id"]).values(field, "is_active").first()
    if now is None or str(now[field]).lower() != address.lower():
        return False
    return bool(now["is_active"]) or not account["active"]


@receiver(task_finished, dispatch_uid="essmed.core.emails.forget_email_text")
def forget_email_text(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """Once the worker is done with an email (sent or failed), its stored arguments keep only the addresses, the
    template and the language: not the context, which holds the text's names and messages, other people's too.

    The database worker sends this signal with the backend as sender: an instance after a success, its class after
    a failure."""
    backend = sender if isinstance(sender, type) else type(sender)
    if not issubclass(backend, DatabaseBackend) or task_result.task.func is not send_templated_email.func:
        return
    kept = {key: task_result.kwargs[key] for key in ("to", "template", "language") if key in task_result.kwargs}
    DBTaskResult.objects.filter(pk=task_result.id).update(args_kwargs={"args": [], "kwargs": kept})


# RFC 2606 reserves this top-level domain never to exist: the accounts kept for deleted users have such addresses.
UNDELIVERABLE_SUFFIX = ".invalid"


def deliverable(address: str) -> bool:
    """Whether an email to ``address`` can ever arrive (not in the reserved domain ``.invalid``)."""
    return not address.strip().rstrip(".").lower().endswith(UNDELIVERABLE_SUFFIX)


def accounts_of(addresses: list[str]) -> Accounts:
    """The accounts that ``addresses`` belong to now, by address in lower case."""
    user_model = get_user_model()
    field = user_model.get_email_field_name()
    match = Q()
    for address in addresses:
        match |= Q(**{f"{field}__iexact": address})
    rows = user_model._default_manager.filter(match).values_list("pk", field, "is_active")
    return {str(email).lower(): {"id": pk, "active": bool(active)} for pk, email, active in rows}


def queue_email(to: str | list[str], template: str, context: dict[str, Any], language: str | None = None) -> None:
    """Queue an email for the background worker. ``context`` must hold JSON values only. Addresses that can
    never be delivered (``deliverable()``) are left out, and nothing is queued when none is left."""
    recipients = [address for address in ([to] if isinstance(to, str) else list(to)) if deliverable(address)]
    if not recipients:
        return
    send_templated_email.enqueue(
        to=recipients,
        template=template,
        context={**context, "site_url": settings.SITE_URL},
        language=language or translation.get_language() or settings.LANGUAGE_CODE,
        accounts=accounts_of(recipients),
    )
