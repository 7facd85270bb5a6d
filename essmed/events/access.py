"""The one place that decides who may see or change the events' objects (see docs/architecture.md).

- An event: published ones for everyone, drafts to their organisers; changes to organisers (programme staff
  organise every event; an event may name other organisers).
- A participant (registration): an admitted participant's profile is public within a published event (name,
  actor, offers and seeks; never an email or a phone); changes to the person and the organisers.
- A meeting request and its meeting: the two participants and the organisers.
- A participant's actor (its name, link, country, type, sectors and themes): only to those who may see the actor
  (``Actor.objects.visible_to``): published, for everyone; a draft or an archive, only for programme staff and the
  actor's own members (an event's other organisers are no exception). Elsewhere the participant is shown without it.
  ``with_actor_shown`` (querysets, which may then filter on it), ``mark_actor_shown`` (registrations already
  fetched, such as the other party of a request or a meeting) and ``shown_actor`` (one registration) apply it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from essmed.directory.models import Actor
from essmed.events.models import Event, MeetingRequest, Registration, RegistrationStatus, TimeSlot


def get_event_for_user(request: HttpRequest, slug: str, *, write: bool = False) -> Event:
    events = Event.objects.all()
    allowed = events.organised_by(request.user) if write else events.visible_to(request.user)
    event: Event = get_object_or_404(allowed.select_related("region", "commune"), slug=slug)
    return event


def get_registration_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Registration:
    registration: Registration = get_object_or_404(
        Registration.objects.select_related("event", "user", "actor", "actor__country"), pk=pk
    )
    user = request.user
    organiser = registration.event.is_organised_by(user)
    if write:
        if organiser or (user.is_authenticated and registration.user_id == user.pk):
            return registration
        raise Http404
    get_event_for_user(request, registration.event.slug)
    if organiser or registration.status == RegistrationStatus.REGISTERED:
        return registration
    if user.is_authenticated and registration.user_id == user.pk:
        return registration
    raise Http404


def get_meeting_request_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> MeetingRequest:
    """``write`` is the same as reading: each action checks which party may do it (the recipient answers, the
    requester withdraws) and the organisers' own actions go through ``organiser=True`` checks in the view."""
    meeting_request: MeetingRequest = get_object_or_404(
        MeetingRequest.objects.select_related(
            "event", "requester__user", "recipient__user", "requester__actor", "recipient__actor", "fixed_slot"
        ),
        pk=pk,
    )
    user = request.user
    if not user.is_authenticated:
        raise Http404
    if meeting_request.event.is_organised_by(user):
        return meeting_request
    if user.pk in (meeting_request.requester.user_id, meeting_request.recipient.user_id):
        return meeting_request
    raise Http404


def get_meeting_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> MeetingRequest:
    """A scheduled meeting is reached through its request (same people); 404 when it is not scheduled."""
    meeting_request = get_meeting_request_for_user(request, pk, write=write)
    if not hasattr(meeting_request, "meeting"):
        raise Http404
    return meeting_request


def get_slot_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> TimeSlot:
    """A time slot is read with its event and changed by its organisers."""
    slot: TimeSlot = get_object_or_404(TimeSlot.objects.select_related("event"), pk=pk)
    get_event_for_user(request, slot.event.slug, write=write)
    return slot


RegistrationsT = TypeVar("RegistrationsT", bound=QuerySet[Registration])


def with_actor_shown(registrations: RegistrationsT, user: Any) -> RegistrationsT:
    """``registrations`` with ``actor_shown``: whether ``user`` may see the participant's actor (see the module
    docstring); every use of the actor (its name, country, type, sectors and themes) goes through it."""
    return registrations.annotate(actor_shown=Exists(Actor.objects.visible_to(user).filter(pk=OuterRef("actor_id"))))


def mark_actor_shown(registrations: Iterable[Registration], user: Any) -> None:
    """Set ``actor_shown`` on registrations already fetched, as ``with_actor_shown`` annotates a queryset: in one
    query for all of them, by the actor each one holds."""
    people = list(registrations)
    actor_ids = {person.actor_id for person in people if person.actor_id is not None}
    visible = set(Actor.objects.visible_to(user).filter(pk__in=actor_ids).values_list("pk", flat=True))
    for person in people:
        person.actor_shown = person.actor_id in visible  # type: ignore[attr-defined]


def shown_actor(registration: Registration, user: Any) -> Actor | None:
    """The actor of ``registration`` if ``user`` may see it (see the module docstring), else None: the
    ``actor`` that events/participant_detail.html names."""
    mark_actor_shown([registration], user)
    return registration.actor if registration.actor_shown else None  # type: ignore[attr-defined]
