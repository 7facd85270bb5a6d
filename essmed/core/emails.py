"""Email sent through the background worker.

Callers render nothing themselves: they name a template and a language, and the worker renders
the subject (``<template>_subject.txt``) and body (``<template>.txt``) in that language, then
sends through Django's configured email backend.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task


def render_email(template: str, context: dict[str, Any], language: str) -> tuple[str, str]:
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    return " ".join(subject.split()), body


@task()
def send_templated_email(to: list[str], template: str, context: dict[str, Any], language: str) -> int:
    """Render ``template`` in ``language`` and send it to ``to``; returns the number sent."""
    subject, body = render_email(template, context, language)
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)


# RFC 2606 reserves this top-level domain never to exist: the accounts kept for deleted users have such addresses.
UNDELIVERABLE_SUFFIX = ".invalid"


def deliverable(address: str) -> bool:
    """Whether an email to ``address`` can ever arrive (not in the reserved domain ``.invalid``)."""
    return not address.strip().rstrip(".").lower().endswith(UNDELIVERABLE_SUFFIX)


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
    )
