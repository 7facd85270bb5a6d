"""The one place that decides who may see or change the directory's objects (see docs/architecture.md)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from essmed.directory.models import Actor, Correction, DuplicateCandidate, Offer


def get_actor_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Actor:
    """A published actor for anyone; a draft or archive to staff and its own members; editing to
    programme staff and the members of the actor's organisation."""
    actors = Actor.objects.all()
    allowed = actors.editable_by(request.user) if write else actors.visible_to(request.user)
    actor: Actor = get_object_or_404(allowed.select_related("country", "region", "legal_form"), pk=pk)
    return actor


def get_offer_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Offer:
    """An offer is seen with its actor while current; changed by whoever may edit its actor."""
    offer: Offer = get_object_or_404(Offer.objects.select_related("actor"), pk=pk)
    actor = get_actor_for_user(request, offer.actor_id, write=write)
    if (
        not write
        and not Offer.objects.current().filter(pk=offer.pk).exists()
        and not Actor.objects.editable_by(request.user).filter(pk=actor.pk).exists()
    ):
        raise Http404
    return offer


def get_correction_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Correction:
    """A proposed correction: its author reads it; programme staff read and decide."""
    correction: Correction = get_object_or_404(Correction.objects.select_related("actor", "proposed_by"), pk=pk)
    user = request.user
    if user.is_authenticated and user.is_programme_staff:
        return correction
    if not write and correction.proposed_by_id == user.pk:
        return correction
    raise Http404


def get_duplicate_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> DuplicateCandidate:
    """Possible duplicates are reviewed and merged by programme staff only."""
    if not (request.user.is_authenticated and request.user.is_programme_staff):
        raise Http404
    duplicate: DuplicateCandidate = get_object_or_404(
        DuplicateCandidate.objects.select_related("actor", "other"), pk=pk
    )
    return duplicate
