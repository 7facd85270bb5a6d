"""Operations on the directory that touch several models or send email. Views validate, then call these.

Status of an actor: a new entry is a draft until staff publish it; a published entry may be archived, and an
archived one published again (``ALLOWED_TRANSITIONS``). Corrections apply their values only when staff accept
them, validated again by the actor form. Expressions of interest reach the members of the actor's organisation
(or programme staff when it has none) by email, one message per person, without anyone's address shown.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from essmed.accounts.models import Role, User
from essmed.core.emails import queue_email
from essmed.directory.duplicates import detect_duplicates
from essmed.directory.forms import ActorForm, correction_form_data
from essmed.directory.models import (
    Actor,
    ActorStatus,
    Correction,
    CorrectionStatus,
    DuplicateCandidate,
    DuplicateStatus,
    ExpressionOfInterest,
    Offer,
)
from essmed.directory.places import PlaceTerms
from essmed.directory.signals import actors_merged

PLATFORM_SOURCE = "essmed"
"""The ``source`` of the entries written on the platform itself (imports carry the name of their file's source)."""

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    ActorStatus.DRAFT: frozenset({ActorStatus.PUBLISHED, ActorStatus.ARCHIVED}),
    ActorStatus.PUBLISHED: frozenset({ActorStatus.ARCHIVED}),
    ActorStatus.ARCHIVED: frozenset({ActorStatus.PUBLISHED}),
}

STATUS_DONE: dict[str, Promise] = {
    ActorStatus.PUBLISHED: gettext_lazy("“%(name)s” is published."),
    ActorStatus.ARCHIVED: gettext_lazy("“%(name)s” is archived."),
}


BATCH = 500
"""Actors changed, or whose pairs are closed, per query (the admin may publish or archive thousands at once)."""

DOCUMENT_BATCH = 2000
"""Actors whose search documents are computed again per query (``refresh_search_documents``)."""


class DirectoryError(ValueError):
    """An operation refused for a reason the person can understand; ``str()`` is the message to show."""


class TransitionError(DirectoryError):
    pass


class InterestLimitReached(DirectoryError):
    pass


class CorrectionError(DirectoryError):
    def __init__(self, message: str, errors: list[str] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []


class MergeError(DirectoryError):
    pass


# --- Actors ---------------------------------------------------------------------------------------------------


def check_transition(current: str, target: str) -> None:
    """Raise ``TransitionError`` unless an actor may go from ``current`` to ``target`` (no database)."""
    if target not in ActorStatus.values:
        raise TransitionError(_("Unknown status."))
    if target not in ALLOWED_TRANSITIONS.get(current, frozenset()):
        raise TransitionError(
            _("An entry cannot go from “%(current)s” to “%(target)s”.")
            % {"current": ActorStatus(current).label, "target": ActorStatus(target).label}
        )


@transaction.atomic
def set_status(actor: Actor, target: str) -> str:
    """Move ``actor`` to ``target`` (draft → published → archived → published); returns the message to show."""
    check_transition(actor.status, target)
    actor.status = target
    actor.save(update_fields=["status", "updated_at"])
    after_save([actor])
    return str(STATUS_DONE[target]) % {"name": actor}


@transaction.atomic
def set_statuses(actors: QuerySet[Actor], target: str) -> tuple[int, list[tuple[Actor, TransitionError]]]:
    """``set_status`` for many actors at once (the admin's actions), by status rather than row by row (an admin
    may select thousands): returns how many moved, and the actors refused with the reason. Those already in
    ``target`` are left as they are, neither counted nor refused."""
    by_status: dict[str, list[int]] = {}
    for pk, status in actors.exclude(status=target).select_for_update().values_list("pk", "status"):
        by_status.setdefault(status, []).append(pk)
    moved: list[int] = []
    refused: list[tuple[Actor, TransitionError]] = []
    now = timezone.now()
    for current, ids in by_status.items():
        try:
            check_transition(current, target)
        except TransitionError as error:
            refused.extend((actor, error) for actor in Actor.objects.filter(pk__in=ids).order_by("pk"))
            continue
        for start in range(0, len(ids), BATCH):
            # The status does not enter the search document or the duplicate keys: no need to save row by row.
            Actor.objects.filter(pk__in=ids[start : start + BATCH]).update(status=target, updated_at=now)
        moved.extend(ids)
    _after_write(moved, target)
    return len(moved), refused


def after_save(actors: list[Actor]) -> None:
    """What follows any write of actors (the site's forms and status changes, the admin): an archived actor's
    open duplicate pairs are closed (there is nothing left to merge into it); the others are compared with the
    directory once the transaction is committed (a newly published actor too: it may repeat one already there)."""
    for status in {actor.status for actor in actors}:
        _after_write([actor.pk for actor in actors if actor.status == status], status)


def _after_write(actor_ids: list[int], status: str) -> None:
    if not actor_ids:
        return
    if status == ActorStatus.ARCHIVED:
        close_open_pairs(actor_ids)
    else:
        transaction.on_commit(lambda: detect_duplicates(actor_ids))


def close_open_pairs(actor_ids: list[int]) -> None:
    """Forget the open duplicate pairs of these actors (the decided ones stay: a dismissed pair is not proposed
    again). Should one be published again, detection finds its pairs anew."""
    for start in range(0, len(actor_ids), BATCH):
        batch = actor_ids[start : start + BATCH]
        open_pairs = DuplicateCandidate.objects.filter(status=DuplicateStatus.OPEN)
        open_pairs.filter(Q(actor_id__in=batch) | Q(other_id__in=batch)).delete()


@transaction.atomic
def create_actor(form: ActorForm) -> Actor:
    """A new entry from a valid form: a draft waiting for staff, written on the platform."""
    actor: Actor = form.save(commit=False)
    actor.status = ActorStatus.DRAFT
    actor.source = PLATFORM_SOURCE
    actor.save()
    form.save_m2m()
    after_save([actor])
    return actor


@transaction.atomic
def update_actor(form: ActorForm) -> Actor:
    actor: Actor = form.save()
    after_save([actor])
    return actor


# --- Corrections ----------------------------------------------------------------------------------------------


def propose_correction(actor: Actor, user: User, changes: dict[str, Any], comment: str = "") -> Correction:
    return Correction.objects.create(actor=actor, proposed_by=user, changes=changes, comment=comment)


def _check_pending(correction: Correction) -> None:
    if correction.status != CorrectionStatus.PENDING:
        raise CorrectionError(_("This correction has already been decided."))


@transaction.atomic
def accept_correction(correction: Correction, reviewer: User, note: str = "") -> Actor:
    """Apply the proposed values to the actor, validated again by the actor form; raise ``CorrectionError``
    with the form's messages if they no longer fit (the correction stays pending)."""
    _check_pending(correction)
    actor = Actor.objects.select_for_update().get(pk=correction.actor_id)
    form = ActorForm(correction_form_data(actor, correction.changes), instance=actor, for_correction=True)
    if not form.is_valid():
        errors = [
            f"{form.fields[name].label}: {message}" if name in form.fields else str(message)
            for name, messages in form.errors.items()
            for message in messages
        ]
        raise CorrectionError(_("This correction cannot be applied as it is."), errors)
    actor = update_actor(form)
    _decide(correction, reviewer, CorrectionStatus.ACCEPTED, note)
    return actor


@transaction.atomic
def reject_correction(correction: Correction, reviewer: User, note: str) -> None:
    _check_pending(correction)
    _decide(correction, reviewer, CorrectionStatus.REJECTED, note)


def _decide(correction: Correction, reviewer: User, status: str, note: str) -> None:
    correction.status = status
    correction.reviewed_by = reviewer
    correction.reviewed_at = timezone.now()
    correction.review_note = note
    correction.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    transaction.on_commit(lambda: send_correction_decision(correction))


def send_correction_decision(correction: Correction) -> None:
    """Tell the proposer what staff decided, in their language."""
    proposer = correction.proposed_by
    language = proposer.preferred_language
    with translation.override(language):
        context = {
            "full_name": proposer.full_name,
            "actor": str(correction.actor),
            "accepted": correction.status == CorrectionStatus.ACCEPTED,
            "reason": correction.review_note,
            "path": reverse("actors:correction", args=[correction.pk]),
        }
    queue_email(proposer.email, "emails/directory/correction_decision", context, language=language)


# --- Offers and expressions of interest -----------------------------------------------------------------------


def _start_of_today() -> datetime.datetime:
    now = timezone.localtime()
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def interest_sent_today(offer: Offer, sender: User | AnonymousUser) -> bool:
    """Whether ``sender`` already wrote about ``offer`` today (one message per person, offer and day)."""
    if not sender.is_authenticated:
        return False
    return ExpressionOfInterest.objects.filter(
        offer=offer, sender_id=sender.pk, created_at__gte=_start_of_today()
    ).exists()


@transaction.atomic
def send_interest(offer: Offer, sender: User, message: str, sender_actor: Actor | None = None) -> ExpressionOfInterest:
    """Record the message and, once saved, email the people who answer for the offer's actor."""
    Offer.objects.select_for_update().filter(pk=offer.pk).first()  # one sender at a time per offer
    if interest_sent_today(offer, sender):
        raise InterestLimitReached(_("You have already written about this offer today. You can write again tomorrow."))
    interest = ExpressionOfInterest.objects.create(
        offer=offer, sender=sender, sender_actor=sender_actor, message=message
    )
    transaction.on_commit(lambda: notify_interest(interest))
    return interest


def _organisation_members(actor: Actor) -> QuerySet[User]:
    """The active members of the actor's organisation (none when it has no organisation)."""
    if not actor.organisation_id:
        return User.objects.none()
    return User.objects.filter(is_active=True, memberships__organisation_id=actor.organisation_id).distinct()


def interest_recipients(actor: Actor) -> QuerySet[User]:
    """The active members of the actor's organisation; programme staff when it has none."""
    members = _organisation_members(actor)
    if members.exists():
        return members
    staff = Q(memberships__role__in=[Role.STAFF, Role.ADMIN], memberships__organisation=None) | Q(is_superuser=True)
    return User.objects.filter(staff, is_active=True).distinct()


def notify_interest(interest: ExpressionOfInterest) -> None:
    """One email per recipient, in their language: nobody sees another person's address. Programme staff, who
    receive it when the actor has no member on the platform, are told so (they cannot log in as a member)."""
    offer = interest.offer
    actor = offer.actor
    to_staff = not _organisation_members(actor).exists()
    for recipient in interest_recipients(actor).order_by("pk"):
        language = recipient.preferred_language
        with translation.override(language):
            context = {
                "full_name": recipient.full_name,
                "actor": str(actor),
                "offer": str(offer.title or getattr(offer, "title_ar", "") or ""),
                "sender": interest.sender.full_name,
                "sender_actor": str(interest.sender_actor or ""),
                "message": interest.message,
                "path": reverse("actors:offer", args=[offer.pk]),
                "to_staff": to_staff,
            }
        queue_email(recipient.email, "emails/directory/interest", context, language=language)


# --- Duplicates -----------------------------------------------------------------------------------------------

FILLED = (
    "legal_name",
    "acronym",
    *(f"{field}_{code}" for field in ("name", "description", "mission") for code in ("fr", "ar", "en")),
    "website",
    "public_email",
    "public_phone",
    "languages",
    "founded",
    "legal_form_id",
)
MEMBER_COUNTS = ("members_total", "members_women", "members_men")


def _empty(value: Any) -> bool:
    return value is None or value == ""


def fill_empty_fields(kept: Actor, other: Actor) -> list[str]:
    """Copy into ``kept`` what it lacks and ``other`` has; returns the names of the fields filled.

    The place is filled only within the same country and down the chain (a region, then a province of that
    region, then a commune of that province); coordinates and member counts are taken as a whole.
    """
    filled = [name for name in FILLED if _empty(getattr(kept, name)) and not _empty(getattr(other, name))]
    for name in filled:
        setattr(kept, name, getattr(other, name))
    if kept.country_id == other.country_id:
        for name in ("street_address", "locality", "postcode"):
            if _empty(getattr(kept, name)) and not _empty(getattr(other, name)):
                setattr(kept, name, getattr(other, name))
                filled.append(name)
        chain = [("region", None), ("division", "region_id"), ("commune", "division_id")]
        for name, parent in chain:
            parent_matches = parent is None or getattr(kept, parent) == getattr(other, parent)
            if getattr(kept, f"{name}_id") is None and getattr(other, f"{name}_id") is not None and parent_matches:
                setattr(kept, f"{name}_id", getattr(other, f"{name}_id"))
                filled.append(name)
        if kept.latitude is None and other.latitude is not None:
            kept.latitude, kept.longitude, kept.geo_precision = other.latitude, other.longitude, other.geo_precision
            filled.extend(["latitude", "longitude", "geo_precision"])
    if all(_empty(getattr(kept, name)) for name in MEMBER_COUNTS):
        for name in MEMBER_COUNTS:
            if not _empty(getattr(other, name)):
                setattr(kept, name, getattr(other, name))
                filled.append(name)
    return filled


def _move_network_links(kept: Actor, other: Actor) -> None:
    """The networks ``other`` belongs to, and the members of ``other`` if it is a network, go to ``kept``."""
    links = Actor.networks.through.objects
    kept_networks = set(links.filter(from_actor=kept).values_list("to_actor_id", flat=True))
    kept_members = set(links.filter(to_actor=kept).values_list("from_actor_id", flat=True))
    new_links = [
        Actor.networks.through(from_actor_id=kept.pk, to_actor_id=network_id)
        for network_id in links.filter(from_actor=other).values_list("to_actor_id", flat=True)
        if network_id not in kept_networks and network_id != kept.pk
    ] + [
        Actor.networks.through(from_actor_id=member_id, to_actor_id=kept.pk)
        for member_id in links.filter(to_actor=other).values_list("from_actor_id", flat=True)
        if member_id not in kept_members and member_id != kept.pk
    ]
    links.filter(Q(from_actor=other) | Q(to_actor=other)).delete()
    links.bulk_create(new_links)


@transaction.atomic
def merge_duplicates(candidate: DuplicateCandidate, kept: Actor) -> Actor:
    """Merge the two actors of ``candidate`` into ``kept``: its offers, corrections, network links and platform
    organisation come over (and, through the signal ``actors_merged``, what other apps link to it: event
    registrations, funding project partnerships, incubated projects), its empty fields are filled from the other, and
    the other is archived.

    An archived entry cannot be kept: the one shown in the directory would vanish into it. A draft kept in place
    of a published entry is published: staff decide the merge, and what readers could see (the entry, its
    offers) must stay visible rather than wait for another decision."""
    if candidate.status != DuplicateStatus.OPEN:
        raise MergeError(_("This pair has already been reviewed."))
    if kept.pk not in (candidate.actor_id, candidate.other_id):
        raise MergeError(_("The entry to keep must be one of the pair."))
    other_id = candidate.other_id if kept.pk == candidate.actor_id else candidate.actor_id
    kept, other = (
        Actor.objects.select_for_update().get(pk=kept.pk),
        Actor.objects.select_for_update().get(pk=other_id),
    )
    if kept.status == ActorStatus.ARCHIVED:
        raise MergeError(
            _("“%(name)s” is archived and cannot be kept: keep the other entry, or publish this one again first.")
            % {"name": kept}
        )
    if other.status == ActorStatus.ARCHIVED:
        raise MergeError(_("“%(name)s” is archived already.") % {"name": other})
    if kept.organisation_id and other.organisation_id and kept.organisation_id != other.organisation_id:
        raise MergeError(
            _("Both entries are linked to an organisation of the platform: unlink one in the administration first.")
        )
    Offer.objects.filter(actor=other).update(actor=kept)
    Correction.objects.filter(actor=other).update(actor=kept)
    ExpressionOfInterest.objects.filter(sender_actor=other).update(sender_actor=kept)
    _move_network_links(kept, other)
    actors_merged.send(sender=Actor, kept=kept, other=other)  # the other apps' links to it (receivers.py)
    for relation in ("sectors", "themes"):
        if not getattr(kept, relation).exists():
            getattr(kept, relation).set(getattr(other, relation).all())
    fill_empty_fields(kept, other)
    if other.status == ActorStatus.PUBLISHED and kept.status != ActorStatus.PUBLISHED:
        check_transition(kept.status, ActorStatus.PUBLISHED)
        kept.status = ActorStatus.PUBLISHED
    organisation_id = other.organisation_id
    other.organisation = None
    other.status = ActorStatus.ARCHIVED
    other.save()
    if organisation_id and not kept.organisation_id:
        kept.organisation_id = organisation_id
    kept.save()
    candidate.status = DuplicateStatus.MERGED
    candidate.save(update_fields=["status"])
    after_save([other, kept])  # the other's open pairs are closed; the kept one's looked for with its new values
    return kept


def dismiss_duplicates(candidate: DuplicateCandidate) -> None:
    if candidate.status != DuplicateStatus.OPEN:
        raise MergeError(_("This pair has already been reviewed."))
    candidate.status = DuplicateStatus.DISMISSED
    candidate.save(update_fields=["status"])


def refresh_search_documents(actors: QuerySet[Actor]) -> int:
    """Compute the search documents of ``actors`` again, a batch at a time, and write those that changed: after
    the names of their place changed (``receivers.py``), or once for actors indexed before the names of places
    were (``manage.py refresh_search_documents``). Returns how many changed."""
    places = PlaceTerms.from_database()
    changed = last = 0
    while batch := list(actors.filter(pk__gt=last).order_by("pk")[:DOCUMENT_BATCH]):
        last = batch[-1].pk
        stale = []
        for actor in batch:
            before = actor.search_document
            actor.refresh_keys(places)
            if actor.search_document != before:
                stale.append(actor)
        Actor.objects.bulk_update(stale, ["search_document"])
        changed += len(stale)
    return changed
