"""One row per form, however many times the form is sent: a double click on "Save" of a new diagnostic, action,
milestone, session or follow-up creates it once, and both clicks end on what was created.

Each of these forms carries a one-time token (the hidden field ``FIELD``), drawn when the page is shown; nothing
is stored for a form never sent. The row the form creates keeps the token in a unique column
(``models.SentOnce``), written in the same transaction as the row itself, so that the token is consumed exactly
when the row exists:

- sent again once the first has been saved, the form finds the row of its token and goes to it;
- sent twice at the same moment, both requests may pass that look-up, but only one row can hold the token: the
  second insert waits for the first transaction (PostgreSQL holds the index entry until the first commits;
  SQLite lets one writer in at a time), is refused once the first commits, and the second request then goes to
  the first one's row. Should the first fail and roll back instead, the second creates the row.

A form sent without a token (a page drawn before the platform had them) is shown again, filled in, with a token.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Generic, TypeVar

from django.db import transaction
from django.http import HttpRequest

from essmed.incubator.models import SentOnce

FIELD = "submission"

Row = TypeVar("Row", bound=SentOnce)


def _parse(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


class Submission(Generic[Row]):
    """The token of a form that creates a ``model`` row, as the request brings it."""

    def __init__(self, request: HttpRequest, model: type[Row]) -> None:
        self.model = model
        self.sent = _parse(request.POST.get(FIELD, "")) if request.method == "POST" else None
        # Sent without a token (or with a damaged one): nothing can tell a second click from a first.
        self.missing = request.method == "POST" and self.sent is None
        # The token drawn in the form: the one it came with (a form shown again with its errors keeps it), or new.
        self.token = self.sent or uuid.uuid4()

    def earlier(self) -> Row | None:
        """The row this form created when it was sent before, if it was."""
        if self.sent is None:
            return None
        row: Row | None = self.model._default_manager.filter(submission=self.sent).first()
        return row

    def create(self, create: Callable[[uuid.UUID], Row]) -> tuple[Row, bool]:
        """``create(token)`` creates the row and stores ``token`` in it, in one transaction: (the row, True). When
        the same form, sent at the same moment, stored the token first: (its row, False), and nothing is created;
        whatever refused this insert (the token's unique index, or a rule of the model that the twin's row now
        meets first, such as one follow-up per point) is then no error for the person."""
        assert self.sent is not None, "a form sent without its token is shown again, never saved"
        try:
            with transaction.atomic():
                return create(self.sent), True
        except Exception:
            earlier = self.earlier()
            if earlier is None:
                raise
            return earlier, False
