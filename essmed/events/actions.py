"""Operations of the events app that touch several models or send email: registration and the waiting list,
meeting requests, the organisers' constraints, slots, the scheduler's runs and check-in."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from datetime import date
from functools import partial, reduce
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from essmed.core.emails import queue_email
from essmed.core.text import isolated
from essmed.events.access import shown_actor
from essmed.events.models import (
    Attendance,
    Event,
    Meeting,
    MeetingRequest,
    Registration,
    RegistrationStatus,
    RequestStatus,
    RunStatus,
    ScheduleRun,
    TimeSlot,
)
from essmed.events.planning import (
    PersonInfo,
    PlannedSlot,
    RequestInfo,
    SlotInfo,
    build_instance,
    find_cycle,
    moved_requests,
)


def _language(user: Any) -> str:
    return str(getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE)


def _event_path(event: Event, name: str, language: str) -> str:
    with translation.override(language):
        return reverse(name, args=[event.slug])


def _title(event: Event, language: str) -> str:
    return str(getattr(event, f"title_{language}", "") or event.title)


# ---------------------------------------------------------------------------------------------------------
# Registration and the waiting list
# ---------------------------------------------------------------------------------------------------------


def registration_closed_message(event: Event) -> str:
    """Why ``event`` refuses registrations, in the reader's language."""
    if event.has_ended():
        return _("This event is over: registration is closed.")
    return _("Registration for this event is closed.")


@transaction.atomic
def register(event: Event, user: Any, **profile: Any) -> Registration:
    """Register ``user``: admitted while there is room, else on the waiting list. Registering again after a
    cancellation reopens the same registration (at the end of the queue)."""
    Event.objects.select_for_update().filter(pk=event.pk).first()  # one registration at a time per event
    if not event.is_open_for_registration():
        raise ValidationError(registration_closed_message(event))
    status = RegistrationStatus.WAITING if event.is_full() else RegistrationStatus.REGISTERED
    terms = {key: profile.pop(key) for key in ("offer_terms", "seek_terms", "unavailable_slots") if key in profile}
    registration, created = Registration.objects.get_or_create(
        event=event, user=user, defaults={"status": status, **profile}
    )
    if not created:
        if registration.status != RegistrationStatus.CANCELLED:
            raise ValidationError(_("You are already registered for this event."))
        for key, value in profile.items():
            setattr(registration, key, value)
        registration.status = status
        registration.cancelled_at = None
        registration.created_at = timezone.now()
        registration.save()
    for key, values in terms.items():
        getattr(registration, key).set(values)
    return registration


@transaction.atomic
def cancel_registration(registration: Registration) -> Registration | None:
    """Cancel a registration: its requests are withdrawn, its meetings freed, and when an admitted participant
    leaves, the first on the waiting list is admitted and told by email. Returns whoever was promoted."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    was_admitted = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    for meeting_request in MeetingRequest.objects.open().involving(registration):
        _withdraw(meeting_request)
    if was_admitted and not event.is_full():
        return promote_next(event)
    return None


@transaction.atomic
def admit_waiting(event: Event) -> list[Registration]:
    """Admit people of the waiting list, first come first served, while the event has room (after its capacity
    is raised or removed), each told by email. Returns those admitted."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    admitted: list[Registration] = []
    while not event.is_full():
        promoted = promote_next(event)
        if promoted is None:
            break
        admitted.append(promoted)
    return admitted


def promote_next(event: Event) -> Registration | None:
    """Admit the first person of the waiting list, if any, and tell them by email (on commit)."""
    waiting: Registration | None = Registration.objects.waiting().filter(event=event).select_related("user").first()
    if waiting is None:
        return None
    waiting.status = RegistrationStatus.REGISTERED
    waiting.save(update_fields=["status"])
    language = _language(waiting.user)
    context = {
        "full_name": waiting.user.full_name,
        "event": _title(event, language),
        "event_path": _event_path(event, "events:detail", language),
    }
    transaction.on_commit(lambda: queue_email(waiting.user.email, "emails/events/promoted", context, language))
    return waiting


# ---------------------------------------------------------------------------------------------------------
# Meeting requests
# ---------------------------------------------------------------------------------------------------------


def check_new_request(requester: Registration, recipient: Registration) -> None:
    """Raise ValidationError with a clear message when ``requester`` may not ask ``recipient`` for a meeting."""
    if requester.pk == recipient.pk:
        raise ValidationError(_("You cannot ask yourself for a meeting."))
    if requester.event_id != recipient.event_id:
        raise ValidationError(_("This person does not take part in the same event."))
    if not requester.is_admitted:
        raise ValidationError(_("Only admitted participants may ask for meetings; you are not admitted yet."))
    if not recipient.is_admitted:
        raise ValidationError(_("This person is not an admitted participant of the event."))
    existing = MeetingRequest.objects.open().between(requester, recipient).first()
    if existing is not None:
        if existing.status == RequestStatus.ACCEPTED:
            raise ValidationError(_("A meeting with this person is already agreed."))
        raise ValidationError(_("A request between you and this person is already waiting for an answer."))


@transaction.atomic
def request_meeting(requester: Registration, recipient: Registration, message: str, priority: int) -> MeetingRequest:
    check_new_request(requester, recipient)
    meeting_request = MeetingRequest.objects.create(
        event=requester.event, requester=requester, recipient=recipient, message=message, priority=priority
    )
    user = recipient.user
    language = _language(user)
    actor = shown_actor(requester, user)  # named only if the recipient may see it (see access.py)
    with translation.override(language):  # the actor's name in the recipient's language, as the rest of the email
        actor_name = actor.name if actor else ""
    context = {
        "full_name": user.full_name,
        "requester": requester.display_name,
        "actor": actor_name,
        "event": _title(requester.event, language),
        "message": message,
        "requests_path": _event_path(requester.event, "events:requests", language),
    }
    transaction.on_commit(lambda: queue_email(user.email, "emails/events/request_received", context, language))
    return meeting_request


@transaction.atomic
def answer_request(meeting_request: MeetingRequest, accept: bool) -> MeetingRequest:
    if meeting_request.status != RequestStatus.PENDING:
        raise ValidationError(_("This request has already been answered or withdrawn."))
    meeting_request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
    meeting_request.answered_at = timezone.now()
    meeting_request.save(update_fields=["status", "answered_at"])
    user = meeting_request.requester.user
    language = _language(user)
    context = {
        "full_name": user.full_name,
        "recipient": meeting_request.recipient.display_name,
        "accepted": accept,
        "event": _title(meeting_request.event, language),
        "requests_path": _event_path(meeting_request.event, "events:requests", language),
    }
    transaction.on_commit(lambda: queue_email(user.email, "emails/events/request_answered", context, language))
    return meeting_request


def _withdraw(meeting_request: MeetingRequest) -> None:
    Meeting.objects.filter(request=meeting_request).delete()
    meeting_request.status = RequestStatus.CANCELLED
    meeting_request.save(update_fields=["status"])


@transaction.atomic
def cancel_request(meeting_request: MeetingRequest) -> None:
    """Withdraw a request, or cancel an agreed meeting (late cancellation): its slot and table are freed; the
    organisers re-schedule when they choose, moving as few other meetings as possible."""
    if meeting_request.status not in (RequestStatus.PENDING, RequestStatus.ACCEPTED):
        raise ValidationError(_("This request is no longer open."))
    _withdraw(meeting_request)


@transaction.atomic
def set_constraints(
    meeting_request: MeetingRequest, *, fixed_slot: TimeSlot | None, after: Iterable[MeetingRequest], priority: int
) -> None:
    """The organisers' constraints on an accepted request: a fixed slot, the meetings it must follow, priority."""
    after = list(after)
    if fixed_slot is not None and (fixed_slot.event_id != meeting_request.event_id or fixed_slot.is_break):
        raise ValidationError(_("Choose a meeting slot of this event, not a break."))
    if any(other.pk == meeting_request.pk for other in after):
        raise ValidationError(_("A meeting cannot take place after itself."))
    edges: dict[str, set[str]] = {}
    orders = MeetingRequest.after.through.objects.filter(from_meetingrequest__event=meeting_request.event)
    for source, target in orders.values_list("from_meetingrequest_id", "to_meetingrequest_id"):
        if source != meeting_request.pk:
            edges.setdefault(str(source), set()).add(str(target))
    edges[str(meeting_request.pk)] = {str(other.pk) for other in after}
    cycle = find_cycle(edges)
    if cycle is not None:
        names = {
            str(r.pk): f"{isolated(r.requester.display_name)} – {isolated(r.recipient.display_name)}"
            for r in MeetingRequest.objects.filter(pk__in=[int(key) for key in cycle]).select_related(
                "requester__user", "recipient__user"
            )
        }
        chain = [names.get(key, key) for key in [*cycle, cycle[0]]]
        # In words, not with arrows: an arrow points the wrong way on a right-to-left page.
        described = reduce(
            lambda before, after: _("%(before)s, then %(after)s") % {"before": before, "after": after}, chain
        )
        raise ValidationError(_("These orders go round in a circle: %(cycle)s.") % {"cycle": described})
    meeting_request.fixed_slot = fixed_slot
    meeting_request.priority = priority
    meeting_request.save(update_fields=["fixed_slot", "priority"])
    meeting_request.after.set(after)


# ---------------------------------------------------------------------------------------------------------
# Slots
# ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def replace_day_slots(
    event: Event, day: date, planned: list[PlannedSlot], break_labels: Mapping[str, str] | None = None
) -> int:
    """Replace the slots of ``day`` by ``planned``; refused while meetings are scheduled on that day. The breaks are
    named ``break_labels`` (language code → name; none: "break" in each reader's language)."""
    names = {f"label_{code}": name for code, name in (break_labels or {}).items()}
    zone = event.zone
    existing = [slot for slot in event.slots.all() if slot.local_start().date() == day]
    if Meeting.objects.filter(slot__in=existing).exists():
        raise ValidationError(_("Meetings are scheduled on this day: cancel or re-schedule them first."))
    TimeSlot.objects.filter(pk__in=[slot.pk for slot in existing]).delete()
    TimeSlot.objects.bulk_create(
        TimeSlot(
            event=event,
            starts_at=slot.starts_at.astimezone(zone),
            ends_at=slot.ends_at.astimezone(zone),
            is_break=slot.is_break,
            **(names if slot.is_break else {}),
        )
        for slot in planned
    )
    return sum(1 for slot in planned if not slot.is_break)


def delete_slot(slot: TimeSlot) -> None:
    if slot.meetings.exists():
        raise ValidationError(_("Meetings are scheduled at this slot: cancel or re-schedule them first."))
    slot.delete()


# ---------------------------------------------------------------------------------------------------------
# Scheduling
# ---------------------------------------------------------------------------------------------------------


def start_schedule(event: Event, user: Any, *, fairness: int | None = None, time_limit: int = 60) -> ScheduleRun:
    """Queue a run of the scheduler for ``event`` (the background worker runs it); one run at a time."""
    from essmed.events.scheduling.solver import EXACT_LIMIT
    from essmed.events.tasks import run_schedule

    with transaction.atomic():
        Event.objects.select_for_update().filter(pk=event.pk).first()
        if event.schedule_runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists():
            raise ValidationError(_("The scheduler is already running for this event."))
        slots = event.meeting_slots().count()
        if not slots:
            raise ValidationError(_("The event has no meeting slot yet: create the slots first."))
        requests = event.meeting_requests.schedulable().count()
        if fairness is not None and requests * slots > EXACT_LIMIT:  # the local search cannot bound the spread
            raise ValidationError(
                _(
                    "With %(requests)s accepted requests over %(slots)s slots, the scheduler cannot guarantee a "
                    "fairness bound on breaks (it can up to %(limit)s request-slot combinations): leave the "
                    "fairness bound empty."
                )
                % {
                    "requests": requests,
                    "slots": slots,
                    "limit": formats.number_format(EXACT_LIMIT, force_grouping=True),
                }
            )
        run = ScheduleRun.objects.create(event=event, requested_by=user, fairness=fairness, time_limit=time_limit)
        transaction.on_commit(lambda: run_schedule.enqueue(run.pk))
    return run


def event_instance(event: Event) -> tuple[Any, dict[int, int]]:
    """The scheduler's instance for ``event`` now, and slot number → slot key."""
    slots = [SlotInfo(slot.pk, slot.is_morning) for slot in event.meeting_slots().select_related("event")]
    registrations = Registration.objects.admitted().filter(event=event).prefetch_related("unavailable_slots")
    people = [
        PersonInfo(
            key=registration.pk,
            availability=registration.availability,
            unavailable=frozenset(slot.pk for slot in registration.unavailable_slots.all()),
            max_meetings=registration.meeting_limit(),
        )
        for registration in registrations.select_related("event")
    ]
    requests = [
        RequestInfo(
            key=request.pk,
            a=request.requester_id,
            b=request.recipient_id,
            priority=request.priority,
            fixed_slot=request.fixed_slot_id,
            after=tuple(other.pk for other in request.after.all()),
        )
        for request in event.meeting_requests.schedulable().prefetch_related("after").order_by("pk")
    ]
    return build_instance(slots, event.tables, people, requests)


def execute_run(run: ScheduleRun, *, notify: bool = True) -> ScheduleRun:
    """Run the scheduler for ``run`` (inside the background task): store the meetings, the figures, and email
    each participant whose meetings were scheduled or moved."""
    from essmed.events.scheduling import schedule
    from essmed.events.scheduling.errors import InstanceError

    event = run.event
    run.status = RunStatus.RUNNING
    run.started_at = timezone.now()
    run.save(update_fields=["status", "started_at"])
    instance, slot_keys = event_instance(event)
    numbers = {key: number for number, key in slot_keys.items()}
    current = {
        str(meeting.request_id): (numbers[meeting.slot_id], meeting.table)
        for meeting in Meeting.objects.filter(request__event=event)
        if meeting.slot_id in numbers
    }
    scheduled_ids = {request.id for request in instance.requests}
    previous = {key: value for key, value in current.items() if key in scheduled_ids}
    started = time.monotonic()
    try:
        result = schedule(instance, fairness=run.fairness, time_limit=float(run.time_limit), previous=previous or None)
    except InstanceError as error:
        run.status = RunStatus.FAILED
        run.error = str(error)
        run.finished_at = timezone.now()
        run.requests_count = len(instance.requests)
        run.save()
        return run
    run.status = RunStatus.DONE
    run.solver_status = result.status
    run.requests_count = len(instance.requests)
    run.bound_meetings = result.bound_meetings
    run.seconds = result.seconds or round(time.monotonic() - started, 2)
    if not run.found_schedule:  # the meetings scheduled before are kept
        run.meetings_held = 0
        run.error = "\n".join(result.conflicts)
        run.finished_at = timezone.now()
        run.save()
        return run
    placements = {placement.request: (placement.slot, placement.table) for placement in result.scheduled}
    moved = moved_requests(current, placements)
    new = set(placements) - set(current)
    with transaction.atomic():
        Meeting.objects.filter(request__event=event).delete()
        Meeting.objects.bulk_create(
            Meeting(request_id=int(key), slot_id=slot_keys[slot], table=table)
            for key, (slot, table) in placements.items()
        )
        run.meetings_held = len(placements)
        run.breaks = result.breaks
        run.bound_breaks = result.bound_breaks
        run.moved = len(moved)
        run.unscheduled = [
            {"request": left.request, "code": left.code, "reason": left.reason} for left in result.unscheduled
        ]
        run.finished_at = timezone.now()
        run.save()
        if notify:
            notify_meetings(event, {int(key) for key in new}, {int(key) for key in moved})
    return run


def notify_meetings(event: Event, new: set[int], moved: set[int]) -> int:
    """Email each participant the meetings that were scheduled or moved for them (on commit, in their
    language, with the times in the event's time zone). Returns the number of emails queued."""
    changed = new | moved
    if not changed:
        return 0
    meetings = Meeting.objects.filter(request_id__in=changed).select_related(
        "slot",
        "request__requester__user",
        "request__recipient__user",
        "request__requester__actor",
        "request__recipient__actor",
    )
    by_person: dict[int, list[Meeting]] = {}
    people: dict[int, Registration] = {}
    for meeting in meetings:
        for party in (meeting.request.requester, meeting.request.recipient):
            by_person.setdefault(party.pk, []).append(meeting)
            people[party.pk] = party
    queued = 0
    for key, items in by_person.items():
        person = people[key]
        language = _language(person.user)
        with translation.override(language), timezone.override(event.zone):
            lines = [
                {
                    "when": formats.date_format(timezone.localtime(m.slot.starts_at), "DATETIME_FORMAT"),
                    "table": m.table,
                    "with": m.request.other_party(person).display_name,
                    "moved": m.request_id in moved,
                }
                for m in sorted(items, key=lambda m: m.slot.starts_at)
            ]
        context = {
            "full_name": person.user.full_name,
            "event": _title(event, language),
            "meetings": lines,
            "agenda_path": _event_path(event, "events:agenda", language),
        }
        transaction.on_commit(
            partial(queue_email, person.user.email, "emails/events/meetings_scheduled", context, language)
        )
        queued += 1
    return queued


# ---------------------------------------------------------------------------------------------------------
# Check-in
# ---------------------------------------------------------------------------------------------------------


def check_in(registration: Registration, attendance: str) -> None:
    registration.attendance = attendance
    registration.checked_in_at = timezone.now() if attendance == Attendance.PRESENT else None
    registration.save(update_fields=["attendance", "checked_in_at"])
