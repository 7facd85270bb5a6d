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
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model, Q
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from essmed.accounts.models import Invitation, User

Record = dict[str, Any]
Records = dict[str, list[Record]]
Collector = Callable[[User], Records]
Eraser = Callable[[User, "Erasure"], None]

EXPORT_FORMAT = "essmed-personal-data/1"
CONTROLLER = "Région Occitanie"
# Placeholder accounts get an address in a domain reserved never to exist (RFC 2606): no email ever reaches one.
PLACEHOLDER_DOMAIN = "deleted.invalid"
DELETED_USER_NAME = _("Deleted user")


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
        password, named "deleted user", with an address that cannot receive email.
        """
        if self._placeholder is None:
            with translation.override(settings.LANGUAGE_CODE):
                name = str(DELETED_USER_NAME)
            email = f"deleted-{secrets.token_hex(8)}@{PLACEHOLDER_DOMAIN}"
            self._placeholder = User.objects.create_user(email, None, full_name=name, is_active=False)
        return self._placeholder


def is_placeholder(user: User) -> bool:
    return user.email.endswith(f"@{PLACEHOLDER_DOMAIN}")


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
