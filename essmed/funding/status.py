"""A call's status from its dates: a pure function, the single definition the QuerySet methods mirror.

- forthcoming: it opens after today;
- closing soon: its next deadline is at most ``CLOSING_SOON_DAYS`` (30) days away;
- open: it has a deadline to come, or no deadline at all (a call open until further notice);
- recurring: every known deadline is past, but the call comes back (rolling intake, yearly calls);
- closed: every deadline is past.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

CLOSING_SOON_DAYS = 30


class CallStatus(models.TextChoices):
    FORTHCOMING = "forthcoming", _("forthcoming")
    OPEN = "open", _("open")
    CLOSING_SOON = "closing_soon", _("closing soon")
    RECURRING = "recurring", _("recurring")
    CLOSED = "closed", _("closed")


def next_deadline(today: date, deadlines: Iterable[date]) -> date | None:
    upcoming = [deadline for deadline in deadlines if deadline >= today]
    return min(upcoming) if upcoming else None


def call_status(today: date, opening: date | None, deadlines: Iterable[date], recurring: bool) -> CallStatus:
    """The status of a call on ``today`` (see the module docstring)."""
    dates = list(deadlines)
    if opening is not None and opening > today:
        return CallStatus.FORTHCOMING
    upcoming = next_deadline(today, dates)
    if upcoming is not None:
        if upcoming - today <= timedelta(days=CLOSING_SOON_DAYS):
            return CallStatus.CLOSING_SOON
        return CallStatus.OPEN
    if recurring:
        return CallStatus.RECURRING
    if not dates:
        return CallStatus.OPEN
    return CallStatus.CLOSED
