"""What the events keep about a person, for the accounts' registry (``essmed/accounts/personal_data.py``).

On deletion, the person's registrations to events still to come are cancelled first, as if they had cancelled
them: the first person of the waiting list takes the place and is told. Then the registrations go with the account
(CASCADE), with the meeting requests sent and received and the meetings they gave. Events the person organised
and scheduler runs they started stay, without their name.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from essmed.accounts.models import User
from essmed.accounts.personal_data import Erasure, Records, name_of, register, translations
from essmed.events.models import Event, Meeting, MeetingRequest, Registration, ScheduleRun


def _meeting(meeting_request: MeetingRequest) -> dict[str, object] | None:
    try:
        meeting: Meeting = meeting_request.meeting
    except Meeting.DoesNotExist:
        return None
    return {"starts_at": meeting.slot.starts_at, "ends_at": meeting.slot.ends_at, "table": meeting.table}


def collect(user: User) -> Records:
    registrations = (
        Registration.objects.filter(user=user)
        .select_related("event", "actor")
        .prefetch_related("offer_terms", "seek_terms", "unavailable_slots")
        .order_by("event__starts_on", "pk")
    )
    requests = (
        MeetingRequest.objects.filter(Q(requester__user=user) | Q(recipient__user=user))
        .select_related("event", "requester__user", "recipient__user", "meeting__slot")
        .order_by("created_at")
    )
    return {
        "registrations": [
            {
                "event": name_of(registration.event),
                "starts_on": registration.event.starts_on,
                "ends_on": registration.event.ends_on,
                "status": registration.status,
                "actor_represented": name_of(registration.actor),
                "offers": translations(registration, "offers"),
                "seeks": translations(registration, "seeks"),
                "offer_terms": [str(term) for term in registration.offer_terms.all()],
                "seek_terms": [str(term) for term in registration.seek_terms.all()],
                "availability": registration.availability,
                "unavailable_slots": [slot.starts_at for slot in registration.unavailable_slots.all()],
                "max_meetings": registration.max_meetings,
                "attendance": registration.attendance,
                "checked_in_at": registration.checked_in_at,
                "registered_at": registration.created_at,
                "cancelled_at": registration.cancelled_at,
            }
            for registration in registrations
        ],
        "meeting_requests": [
            {
                "event": name_of(meeting_request.event),
                "direction": "sent" if meeting_request.requester.user_id == user.pk else "received",
                "with": (
                    meeting_request.recipient
                    if meeting_request.requester.user_id == user.pk
                    else meeting_request.requester
                ).display_name,
                "message": meeting_request.message,
                "priority": meeting_request.priority,
                "status": meeting_request.status,
                "sent_at": meeting_request.created_at,
                "answered_at": meeting_request.answered_at,
                "meeting": _meeting(meeting_request),
            }
            for meeting_request in requests
        ],
        "events_organised": [
            {"event": name_of(event), "starts_on": event.starts_on, "ends_on": event.ends_on}
            for event in Event.objects.filter(organisers=user).order_by("starts_on")
        ],
        "scheduler_runs_started": [
            {"event": name_of(run.event), "requested_at": run.created_at, "status": run.status}
            for run in ScheduleRun.objects.filter(requested_by=user).select_related("event").order_by("created_at")
        ],
    }


def erase(user: User, erasure: Erasure) -> None:
    """Cancel the registrations to events not over yet, so that the waiting list moves up."""
    # Imported here: ``actions`` brings the meeting scheduler (OR-Tools, pandas: ~70 MiB and 0.4 s), which this
    # module, imported by ``EventsConfig.ready()`` in every process, must not load for every web worker.
    from essmed.events import actions

    upcoming = Registration.objects.active().filter(user=user, event__in=Event.objects.upcoming())
    for registration in upcoming.order_by("pk"):
        actions.cancel_registration(registration)


register(
    "events",
    collect,
    erase,
    title=_("Events and meetings"),
    description=_(
        "Your registrations to events with what you offer and seek, your attendance, the meeting requests you sent "
        "and received with their messages, your meetings, and the events you organise."
    ),
    deletion=_(
        "Your registrations to events to come are cancelled, so that people on the waiting list take your place; "
        "then all your registrations, meeting requests and meetings are deleted. Events you organised stay, "
        "without your name."
    ),
)
