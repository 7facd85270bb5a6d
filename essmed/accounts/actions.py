"""Operations on accounts that touch several models or send email. Views validate, then call these."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.formats import date_format
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from essmed.accounts import history, personal_data
from essmed.accounts.models import Invitation, Membership, Organisation, Role, User
from essmed.core.emails import queue_email
from essmed.territories.models import Region

logger = logging.getLogger(__name__)


def grantable_roles(user: Any, organisation: Organisation | None = None) -> list[str]:
    """The roles ``user`` may give by invitation (into ``organisation`` when one is named)."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_platform_admin:
        return list(Role.values)
    if user.is_programme_staff:
        return [role for role in Role.values if role != Role.ADMIN]
    if organisation is not None and Organisation.objects.managed_by(user).filter(pk=organisation.pk).exists():
        return [Role.MEMBER]
    return []


def grant_role(
    user: User,
    role: str,
    *,
    organisation: Organisation | None = None,
    region: Region | None = None,
    is_manager: bool = False,
) -> Membership:
    """Give ``user`` a role (idempotent)."""
    membership, created = Membership.objects.get_or_create(
        user=user, role=role, organisation=organisation, region=region, defaults={"is_manager": is_manager}
    )
    if not created and is_manager and not membership.is_manager:
        membership.is_manager = True
        membership.save(update_fields=["is_manager"])
    user.__dict__.pop("role_set", None)
    return membership


def send_invitation(invitation: Invitation) -> None:
    """Queue the invitation's email, with every name and date written in the invitation's language."""
    inviter = invitation.invited_by
    with translation.override(invitation.language):
        context = {
            "inviter": str(inviter) if inviter else "",
            "role": str(invitation.get_role_display()),
            "organisation": str(invitation.organisation or ""),
            "region": str(invitation.region or ""),
            "message": invitation.message,
            "accept_path": invitation.get_accept_url(),
            "expires": date_format(timezone.localdate(invitation.expires_at), "DATE_FORMAT"),
        }
    queue_email(invitation.email, "emails/accounts/invitation", context, language=invitation.language)


def invite(inviter: User, invitation: Invitation) -> Invitation:
    """Save ``invitation`` (already validated) from ``inviter`` and queue its email."""
    invitation.invited_by = inviter
    invitation.email = invitation.email.lower()
    invitation.save()
    transaction.on_commit(lambda: send_invitation(invitation))
    return invitation


def revoke_invitation(invitation: Invitation) -> None:
    if invitation.is_pending:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])


@transaction.atomic
def accept_invitation(invitation: Invitation, user: User) -> Membership:
    """Give ``user`` the invitation's role and close the invitation."""
    membership = grant_role(user, invitation.role, organisation=invitation.organisation, region=invitation.region)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def create_account_from_invitation(invitation: Invitation, *, full_name: str, password: str, language: str) -> User:
    """A new account for the invited address: active at once, since the invitation proved the address."""
    user = User.objects.create_user(
        invitation.email, password, full_name=full_name, preferred_language=language, is_active=True
    )
    accept_invitation(invitation, user)
    return user


@transaction.atomic
def register(*, email: str, full_name: str, password: str, language: str) -> User:
    """Open registration: an inactive account with the participant role, and a confirmation email."""
    user = User.objects.create_user(email, password, full_name=full_name, preferred_language=language, is_active=False)
    grant_role(user, Role.PARTICIPANT)
    transaction.on_commit(lambda: send_confirmation(user))
    return user


def send_confirmation(user: User) -> None:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    queue_email(
        user.email,
        "emails/accounts/confirm_email",
        {
            "full_name": user.full_name,
            "confirm_path": _path_in(user.preferred_language, lambda: reverse("accounts:confirm", args=[uid, token])),
        },
        language=user.preferred_language,
    )


def confirm_email(user: User) -> None:
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])


def remove_membership(membership: Membership) -> None:
    user = membership.user
    membership.delete()
    user.__dict__.pop("role_set", None)


class AccountDeletionRefused(Exception):
    """The account cannot be deleted yet; ``reasons`` say what to do first."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def deletion_refusals(user: User, *, by: User | None = None) -> list[str]:
    """Why ``user``'s account may not be deleted now, each reason with what to do first (empty: it may).

    ``by`` is the staff member who would erase it from the administration, at the person's request: the reasons then
    name the person. Without ``by``, they speak to the person deleting their own account.
    """
    if by is not None and by.pk != user.pk:
        return _refusals_for_staff(user)
    reasons = []
    if by is not None:
        reasons.append(
            _(
                "To delete your own account, use the page “Your personal data”: it asks for your password and signs "
                "you out."
            )
        )
    if user.is_superuser:
        reasons.append(
            _(
                "Your account is a superuser account: ask another platform administrator to remove its superuser "
                "status in the administration first."
            )
        )
    if is_last_administrator(user):
        reasons.append(_("You are the last platform administrator: give the administrator role to someone else first."))
    for organisation in last_managed_organisations(user):
        reasons.append(
            _(
                "You are the last manager of the members of %(organisation)s: ask the programme staff to make "
                "another member its manager, or to close the organisation, first."
            )
            % {"organisation": organisation}
        )
    return reasons


def _refusals_for_staff(user: User) -> list[str]:
    if user.is_placeholder:
        return [
            _(
                "The account %(email)s stands for a deleted person in the records others keep: it holds no personal "
                "data to erase."
            )
            % {"email": user.email}
        ]
    person = {"person": str(user)}
    reasons = []
    if user.is_superuser:
        reasons.append(
            _("%(person)s has a superuser account: untick its superuser status on the account's page first.") % person
        )
    if is_last_administrator(user):
        reasons.append(
            _("%(person)s is the last platform administrator: give the administrator role to someone else first.")
            % person
        )
    for organisation in last_managed_organisations(user):
        reasons.append(
            _(
                "%(person)s is the last manager of the members of %(organisation)s: make another member its "
                "manager, or close the organisation, first."
            )
            % {**person, "organisation": organisation}
        )
    return reasons


def is_last_administrator(user: User) -> bool:
    """Whether ``user`` is a platform administrator whom no other active administrator or superuser would replace."""
    if not user.has_role(Role.ADMIN):
        return False
    administrators = User.objects.filter(is_active=True).filter(Q(is_superuser=True) | Q(memberships__role=Role.ADMIN))
    return not administrators.exclude(pk=user.pk).exists()


def last_managed_organisations(user: User) -> list[Organisation]:
    """The organisations whose members nobody but ``user`` manages."""
    managed = Organisation.objects.filter(
        memberships__user=user, memberships__role=Role.MEMBER, memberships__is_manager=True
    )
    other_managers = Membership.objects.filter(role=Role.MEMBER, is_manager=True, user__is_active=True).exclude(
        user=user
    )
    return list(managed.exclude(pk__in=other_managers.values("organisation_id")).distinct())


@transaction.atomic
def delete_account(user: User, *, by: User | None = None) -> None:
    """Erase ``user``'s personal data and delete the account (every app's part, in one transaction), sign them out
    everywhere, then tell them by email (unless their address cannot receive any). Raises ``AccountDeletionRefused``
    when something must be done first.

    ``by`` is the staff member who erases the account from the administration at the person's request: the
    administration's history records it, under the "deleted user" name.
    """
    reasons = deletion_refusals(user, by=by)
    if reasons:
        raise AccountDeletionRefused(reasons)
    email, language, person = user.email, user.preferred_language, str(user)
    context = {
        "full_name": user.full_name,
        "email": email,
        "contact": settings.PRIVACY_CONTACT_EMAIL,
        "deleted_on": _date_in(language, timezone.localdate()),
    }
    if by is not None:
        # Before the erasure, which takes the person's name out of the history's entries about their account.
        message = str(history.ERASED)  # shown in each reader's language (history.py)
        LogEntry.objects.log_actions(by.pk, [user], DELETION, change_message=message, single_object=True)
    try:
        personal_data.erase(user)
    except (ProtectedError, RestrictedError) as error:
        # A record that no erase function handles still points to the account: nothing was deleted.
        logger.exception("Account %s could not be deleted", user.pk)
        if by is not None:
            reason = _(
                "Some records of %(person)s cannot be erased automatically, so nothing was erased: the server's log "
                "names them."
            ) % {"person": person}
        else:
            reason = _(
                "Some of your records cannot be deleted automatically: write to %(contact)s and we will do it."
            ) % {"contact": settings.PRIVACY_CONTACT_EMAIL}
        raise AccountDeletionRefused([reason]) from error
    transaction.on_commit(lambda: queue_email(email, "emails/accounts/account_deleted", context, language=language))


def _date_in(language: str, day: Any) -> str:
    with translation.override(language):
        return str(date_format(day, "DATE_FORMAT"))


def _path_in(language: str, build: Any) -> str:
    with translation.override(language):
        return str(build())
