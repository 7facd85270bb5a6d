"""The one place that decides who may see or change the events' objects (see docs/architecture.md).

- An event: published ones for everyone, drafts to their organisers; changes to organisers (programme staff
  organise every event; an event may name other organisers).
- A participant (registration): an admitted participant's profile is public within a published event (name,
  actor, offers and seeks; never an email or a phone); changes to the person and the organisers.
- A meeting request and its meeting: the two participants and the organisers.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

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
