"""What the platform keeps about a person: a registry the apps fill, to show it, export it and erase it.

Accounts knows none of the apps above it. Each app lists what it holds about a person in its own
``<app>/personal_data.py``, imported from its ``AppConfig.ready()``, by calling::

    register("events", collect, erase, title=..., description=..., deletion=...)

- ``collect(user)`` returns the app's records that are the person's or name them, as JSON values grouped by
  kind (``{"registrations": [{...}, ...], ...}``); never a password, never another person's private data.
- ``erase(user, erasure)`` (optional) runs inside the deletion's transaction, before ``user.delete()``: it does
  what the foreign keys' ``on_delete`` cannot, e.g. a ``PROTECT`` foreign key or a record others depend on,
  which it hands to ``erasure.placeholder`` (a "deleted user" account without any personal data).
- ``title``, ``description`` and ``deletion`` say in plain words what is kept, why, and what becomes of it
  when the account is deleted (shown on the "Your personal data" and "Delete my account" pages).

The same ``download()`` answers the person's own request and the staff's admin action.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, Q
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from essmed.accounts.models import DELETED_USER_NAME, PLACEHOLDER_DOMAIN, Invitation, User

Record = dict[str, Any]
Records = dict[str, list[Record]]
Collector = Callable[[User], Records]
Eraser = Callable[[User, "Erasure"], None]

EXPORT_FORMAT = "essmed-personal-data/1"
CONTROLLER = "Région Occitanie"


@dataclass(frozen=True)
class Source:
    """One app's part of a person's data."""

    label: str
    collect: Collector
    erase: Eraser | None
    title: str | Promise
    description: str | Promise
    deletion: str | Promise


@dataclass(frozen=True)
class Summary:
    source: Source
    count: int


_SOURCES: dict[str, Source] = {}


def register(
    label: str,
    collect_fn: Collector,
    erase_fn: Eraser | None = None,
    *,
    title: str | Promise = "",
    description: str | Promise = "",
    deletion: str | Promise = "",
) -> None:
    """Add (or replace) the source ``label``: its key in the export, in the order apps are installed."""
    _SOURCES[label] = Source(label, collect_fn, erase_fn, title or label, description, deletion)


def sources() -> list[Source]:
    return list(_SOURCES.values())


class Erasure:
    """The deletion of one account, in progress: what each erase function receives besides the user."""

    def __init__(self, user: User) -> None:
        self.user = user
        self._placeholder: User | None = None

    @property
    def placeholder(self) -> User:
        """The account that stands for the deleted person in the records others depend on, created on first use.

        One per deleted account, so that a rule such as "one review per reviewer" still holds; inactive, without a
        password, with an address that cannot receive email (``PLACEHOLDER_DOMAIN``) and no stored name: it is shown
        as "deleted user" in the reader's language (``User.is_placeholder``, ``User.__str__``).
        """
        if self._placeholder is None:
            email = f"deleted-{secrets.token_hex(8)}@{PLACEHOLDER_DOMAIN}"
            self._placeholder = User.objects.create_user(email, None, full_name="", is_active=False)
        return self._placeholder


# --- Helpers for the apps' collectors ------------------------------------------------------------------------


def translations(obj: Model, field: str) -> dict[str, str]:
    """A text written in several languages (django-modeltranslation), every language: ``{"fr": ..., ...}``."""
    return {code: getattr(obj, f"{field}_{code}", "") or "" for code, _name in settings.LANGUAGES}


def name_of(obj: object | None) -> str:
    """What a record links to, by its name in the current language; "" for nothing."""
    return "" if obj is None else str(obj)


# --- Export --------------------------------------------------------------------------------------------------


def account_fields(user: User) -> Record:
    """The account itself: never the password hash."""
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "preferred_language": user.preferred_language,
        "is_active": user.is_active,
        "is_superuser": user.is_superuser,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
    }


def collect(user: User) -> dict[str, Any]:
    """Everything the platform keeps about ``user``, as JSON values."""
    return {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now(),
        "controller": CONTROLLER,
        "contact": settings.PRIVACY_CONTACT_EMAIL,
        "account": account_fields(user),
        "records": {source.label: source.collect(user) for source in sources()},
    }


def summary(user: User) -> list[Summary]:
    """Each source with the number of records it holds about ``user``."""
    return [Summary(source, sum(len(rows) for rows in source.collect(user).values())) for source in sources()]


def export_json(user: User) -> bytes:
    data = json.dumps(collect(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2, sort_keys=False)
    return (data + "\n").encode("utf-8")


def filename() -> str:
    return f"essmed-personal-data-{timezone.localdate():%Y-%m-%d}.json"


def download(user: User) -> HttpResponse:
    """The JSON file of ``user``'s data, as an attachment that no cache keeps."""
    response = HttpResponse(export_json(user), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename()}"'
    response["Cache-Control"] = "no-store"
    return response


# --- Erasure -------------------------------------------------------------------------------------------------


def erase(user: User) -> None:
    """Run every source's erase function, then delete the account (call inside a transaction)."""
    erasure = Erasure(user)
    for source in sources():
        if source.erase is not None:
            source.erase(user, erasure)
    user.delete()


# --- The accounts' own sources -------------------------------------------------------------------------------


def _invitation_record(invitation: Invitation) -> Record:
    return {
        "email": invitation.email,
        "role": invitation.role,
        "organisation": name_of(invitation.organisation),
        "region": name_of(invitation.region),
        "message": invitation.message,
        "sent_at": invitation.created_at,
        "status": invitation.status,
    }


def _received_invitations(user: User) -> Any:
    return Invitation.objects.filter(Q(email__iexact=user.email) | Q(accepted_by=user))


def collect_account(user: User) -> Records:
    memberships = user.memberships.select_related("organisation", "region").order_by("created_at")
    sent = Invitation.objects.filter(invited_by=user).select_related("organisation", "region")
    received = _received_invitations(user).select_related("organisation", "region", "invited_by")
    admin_actions = LogEntry.objects.filter(user=user).select_related("content_type").order_by("action_time")
    return {
        "memberships": [
            {
                "role": membership.role,
                "organisation": name_of(membership.organisation),
                "region": name_of(membership.region),
                "manages_members": membership.is_manager,
                "since": membership.created_at,
            }
            for membership in memberships
        ],
        "invitations_sent": [_invitation_record(invitation) for invitation in sent],
        "invitations_received": [
            {**_invitation_record(invitation), "invited_by": name_of(invitation.invited_by)} for invitation in received
        ],
        "administration_actions": [
            {
                "at": entry.action_time,
                "kind": ADMIN_ACTION_KINDS.get(entry.action_flag, str(entry.action_flag)),
                "model": name_of(entry.content_type),
                "object": entry.object_repr,
                "change": entry.get_change_message(),
            }
            for entry in admin_actions
        ],
    }


def erase_account(user: User, erasure: Erasure) -> None:
    """Memberships go with the account (CASCADE), invitations sent stay with their organisation (SET_NULL).
    Invitations addressed to the person are deleted; the administration's history keeps the actions of a staff
    member under the placeholder, and no longer names the person in the entries about their account."""
    _received_invitations(user).delete()
    if LogEntry.objects.filter(user=user).exists():
        LogEntry.objects.filter(user=user).update(user=erasure.placeholder)
    about_user = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
    with translation.override(settings.LANGUAGE_CODE):
        about_user.update(object_repr=str(DELETED_USER_NAME))


SIGN_IN_MODELS = (AccessLog, AccessAttempt, AccessFailureLog)
ADMIN_ACTION_KINDS = {ADDITION: "addition", CHANGE: "change", DELETION: "deletion"}


def collect_sign_ins(user: User) -> Records:
    """The login throttle's records (django-axes), kept under the address typed in the login form."""

    def rows(model: Any) -> list[Record]:
        entries = model.objects.filter(username__iexact=user.email).order_by("attempt_time")
        return [
            {"at": entry.attempt_time, "ip_address": entry.ip_address, "browser": entry.user_agent} for entry in entries
        ]

    return {"sign_ins": rows(AccessLog), "failed_sign_ins": rows(AccessAttempt) + rows(AccessFailureLog)}


def erase_sign_ins(user: User, erasure: Erasure) -> None:
    for model in SIGN_IN_MODELS:
        model.objects.filter(username__iexact=user.email).delete()
    end_sessions(user)


SESSION_BATCH = 1000


def end_sessions(user: User) -> int:
    """Sign ``user`` out everywhere: delete every stored session that holds their id (the number deleted).

    Sessions are read in batches by key, never all at once. Only sessions kept in the database (the ``db`` and
    ``cached_db`` engines) can be listed; with another engine, nothing is done.
    """
    engine = import_module(settings.SESSION_ENGINE)
    store_class: Any = engine.SessionStore
    if not hasattr(store_class, "get_model_class"):
        return 0
    sessions = store_class.get_model_class().objects.order_by("session_key")
    decoder = store_class()
    user_id = str(user.pk)  # as django.contrib.auth.login() stores it
    ended, last_key = 0, ""
    while batch := list(
        sessions.filter(session_key__gt=last_key).values_list("session_key", "session_data")[:SESSION_BATCH]
    ):
        last_key = batch[-1][0]
        for key, data in batch:
            if str(decoder.decode(data).get(SESSION_KEY, "")) == user_id:
                store_class(session_key=key).delete()  # cached_db: the cache's copy as well
                ended += 1
    return ended


# --- Emails: the background worker's task results -------------------------------------------------------------


def _mentions(address: str) -> re.Pattern[str]:
    """The address as a whole (not the end of a longer one such as ``akarim@…``), in any case."""
    return re.compile(rf"(?<![\w.+-]){re.escape(address)}(?![\w-]|\.\w)", re.IGNORECASE)


def task_results_naming(user: User) -> list[Any]:
    """The background tasks' results whose arguments hold ``user``'s address, oldest first: the emails queued to them
    (``core.emails.queue_email``), kept by the database backend after they are sent (with only the address, the
    template and the language once the worker is done with them). The other tasks take the id of a record (an
    import, a schedule run, a saved search), not an address."""
    address = user.email.strip().lower()
    if not address:
        return []
    # SQLite keeps JSON with non-ASCII characters escaped, PostgreSQL as they are: look for both, then check.
    escaped = json.dumps(address)[1:-1]
    candidates = DBTaskResult.objects.filter(Q(args_kwargs__icontains=address) | Q(args_kwargs__icontains=escaped))
    mention = _mentions(address)
    return [
        result
        for result in candidates.defer("traceback", "return_value").order_by("enqueued_at").iterator(chunk_size=500)
        if mention.search(json.dumps(result.args_kwargs, ensure_ascii=False))
    ]


def _kwargs(result: Any) -> dict[str, Any]:
    kwargs = result.args_kwargs.get("kwargs", {}) if isinstance(result.args_kwargs, dict) else {}
    return kwargs if isinstance(kwargs, dict) else {}


def collect_emails(user: User) -> Records:
    def record(result: Any) -> Record:
        kwargs = _kwargs(result)
        return {
            "task": result.task_path.rsplit(".", 1)[-1],
            "template": kwargs.get("template", ""),
            "language": kwargs.get("language", ""),
            "status": str(result.status).lower(),
            "queued_at": result.enqueued_at,
            "finished_at": result.finished_at,
        }

    return {"emails": [record(result) for result in task_results_naming(user)]}


def erase_emails(user: User, erasure: Erasure) -> None:
    """The finished ones are deleted, and so are the emails still waiting for the worker that are addressed to the
    person: nothing more is sent to them (one addressed to others as well goes to the others only). An email that
    the worker is sending at that very moment is left to it: it checks, before sending, that the account still
    exists (``core.emails.still_reachable``). The email that confirms the deletion is queued after the erasure, and
    its result is deleted after the retention period (``TASK_RESULT_RETENTION_DAYS``, ``manage.py
    prune_task_results``)."""
    address = user.email.strip().lower()
    finished, waiting = [], []
    for result in task_results_naming(user):
        if result.status in (TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED):
            finished.append(result.pk)
            continue
        if result.status != TaskResultStatus.READY:
            continue  # being sent: the worker checks the account first
        kwargs = _kwargs(result)
        recipients = [str(to) for to in kwargs.get("to", [])]
        others = [to for to in recipients if to.strip().lower() != address]
        if len(others) == len(recipients):
            continue  # to others, naming the person in its text: sent, then its text forgotten
        if not others:
            waiting.append(result.pk)
            continue
        accounts = {key: value for key, value in (kwargs.get("accounts") or {}).items() if key != address}
        args_kwargs = {**result.args_kwargs, "kwargs": {**kwargs, "to": others, "accounts": accounts}}
        DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.READY).update(args_kwargs=args_kwargs)
    for start in range(0, len(finished), 500):
        DBTaskResult.objects.finished().filter(pk__in=finished[start : start + 500]).delete()
    for start in range(0, len(waiting), 500):
        DBTaskResult.objects.filter(pk__in=waiting[start : start + 500], status=TaskResultStatus.READY).delete()


def _emails_description() -> str:
    days = settings.TASK_RESULT_RETENTION_DAYS
    text = ngettext(
        "Each email the platform sends you (invitations, confirmations, reminders, answers) goes through a queue. "
        "Once the email is sent, the queue forgets its text and keeps its address, which email it was and when, for "
        "%(days)d day, then deletes them.",
        "Each email the platform sends you (invitations, confirmations, reminders, answers) goes through a queue. "
        "Once the email is sent, the queue forgets its text and keeps its address, which email it was and when, for "
        "%(days)d days, then deletes them.",
        days,
    )
    return text % {"days": days}


register(
    "account",
    collect_account,
    erase_account,
    title=_("Account and roles"),
    description=_(
        "Your email address, name and preferred language, the roles you hold and in which organisation or region, "
        "the invitations you sent and received. They let you sign in and decide what you may see and do."
    ),
    deletion=_(
        "Your account, roles and the invitations sent to you are deleted. Invitations you sent stay with their "
        "organisation without your name."
    ),
)
register(
    "sign_ins",
    collect_sign_ins,
    erase_sign_ins,
    title=_("Sign-ins"),
    description=_(
        "When you signed in, from which internet address and browser, and failed attempts: they protect your "
        "account against password guessing."
    ),
    deletion=_("Deleted with the account."),
)
register(
    "emails",
    collect_emails,
    erase_emails,
    title=_("Emails sent to you"),
    description=lazy(_emails_description, str)(),
    deletion=_(
        "Deleted with the account, and the emails still waiting to be sent to you are not sent. The record of the "
        "email that confirms the deletion is deleted after the same time as the others."
    ),
)
