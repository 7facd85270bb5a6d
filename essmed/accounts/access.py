"""The one place that decides who may see or change accounts' objects.

Every view and API endpoint fetches these objects through the helpers below. An object the user
may not reach is answered with 404, never 403: its existence is not disclosed.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from essmed.accounts.models import Invitation, Membership, Organisation, Role, User


def get_organisation_for_user(request: HttpRequest, slug: str, *, write: bool = False) -> Organisation:
    """An organisation's private page: its members read it, its managers and staff change it."""
    organisations = Organisation.objects.all()
    allowed = organisations.managed_by(request.user) if write else organisations.visible_to(request.user)
    organisation: Organisation = get_object_or_404(allowed.select_related("country", "region"), slug=slug)
    return organisation


def get_invitation_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Invitation:
    """An invitation: its sender, the managers of its organisation and programme staff see and revoke it."""
    return get_object_or_404(Invitation.objects.visible_to(request.user), pk=pk)


def get_membership_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Membership:
    """A membership: visible with its organisation; removed by the organisation's managers or by staff.

    Platform-wide and regional roles are changed by programme staff only; only administrators touch
    the administrator role.
    """
    membership = get_object_or_404(Membership.objects.select_related("user", "organisation", "region"), pk=pk)
    user = request.user
    if membership.organisation_id is not None:
        organisations = Organisation.objects.all()
        allowed = organisations.managed_by(user) if write else organisations.visible_to(user)
        if not allowed.filter(pk=membership.organisation_id).exists():
            raise Http404
    elif not user.is_authenticated or not user.is_programme_staff:
        raise Http404
    if write and membership.role == Role.ADMIN and not user.is_platform_admin:  # type: ignore[union-attr]
        raise Http404
    return membership


def get_own_account(request: HttpRequest) -> User:
    """The signed-in person's own account: the only one whose personal data a page shows, exports or deletes
    (staff export anyone's from the admin, under its permissions)."""
    user = request.user
    if not isinstance(user, User) or not user.is_active:
        raise Http404
    return user
