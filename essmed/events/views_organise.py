"""The organisers' pages: creating and editing an event, its slots, the requests and their constraints, the
scheduler's runs, the table plan, and the check-in desk with attendance figures.

An event's organisers need not be programme staff: the table plan and the check-in desk name (and search) a
participant's actor only when the organiser may see it, as everywhere in the events app (see access.py). The desk
finds a person by their name or their actor's names in any language, folded as the directory folds
(``RegistrationQuerySet.matching``, desk.py)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from essmed.events import actions, desk
from essmed.events.access import (
    get_event_for_user,
    get_registration_for_user,
    get_slot_for_user,
    mark_actor_shown,
    with_actor_shown,
)
from essmed.events.forms import SLOT_ERRORS, AttendanceForm, EventForm, ScheduleForm, SlotGenerationForm
from essmed.events.models import (
    Attendance,
    Event,
    Meeting,
    MeetingRequest,
    Registration,
    RegistrationStatus,
    RequestStatus,
    ScheduleRun,
)
from essmed.events.planning import PlanningError, generate_slots

# Why a request was left out, by the scheduler's stable code (``Left.code``); unknown codes show its reason.
LEFT_OUT_REASONS = {
    "not_selected": gettext_lazy("Not enough slots and tables for every meeting: holding it would leave fewer in all."),
    "max_meetings": gettext_lazy("One of the two participants already has their maximum number of meetings."),
    "fixed_slot_unavailable": gettext_lazy("It is fixed at a slot when one of the two participants is unavailable."),
    "no_common_slot": gettext_lazy("The two participants have no free slot in common."),
    "order": gettext_lazy("The meetings it must follow or precede leave no slot for it."),
    "no_free_slot": gettext_lazy("The two participants have no free slot left in common."),
    "tables_full": gettext_lazy("Every table is taken in the slots when both participants are free."),
    "no_solution": gettext_lazy("No schedule was found within the time limit."),
}


def left_out_reason(code: str, reason: str) -> str:
    known = LEFT_OUT_REASONS.get(code)
    return str(known) if known is not None else reason


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    if not getattr(request.user, "is_programme_staff", False):
        raise Http404
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = form.save()
        event.organisers.add(request.user)
        messages.success(request, _("The event is created. Now cut its days into time slots."))
        return redirect("events:slots", event.slug)
    return render(request, "events/event_form.html", {"form": form, "event": None})


@login_required
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_user(request, slug, write=True)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        event = form.save()
        messages.success(request, _("The event is saved."))
        admitted = actions.admit_waiting(event)
        if admitted:
            messages.success(
                request,
                ngettext(
                    "%(count)d person of the waiting list is admitted and told by email.",
                    "%(count)d people of the waiting list are admitted and told by email.",
                    len(admitted),
                )
                % {"count": len(admitted)},
            )
        return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": event})


def latest_run(event: Event) -> ScheduleRun | None:
    run: ScheduleRun | None = event.schedule_runs.select_related("requested_by").first()
    return run


def run_context(run: ScheduleRun | None) -> dict[str, Any]:
    if run is None:
        return {"run": None}
    keys = [int(item["request"]) for item in run.unscheduled if str(item.get("request", "")).isdigit()]
    requests = MeetingRequest.objects.filter(pk__in=keys).select_related("requester__user", "recipient__user")
    by_key = {str(r.pk): r for r in requests}
    left_out = [
        {
            "request": by_key.get(str(item["request"])),
            "reason": left_out_reason(item.get("code", ""), item.get("reason", "")),
        }
        for item in run.unscheduled[:200]
    ]
    share = None
    if run.meetings_held is not None and run.bound_meetings:
        share = round(100 * run.meetings_held / run.bound_meetings, 1)
    return {"run": run, "left_out": left_out, "left_out_more": max(0, len(run.unscheduled) - 200), "share": share}


@login_required
def organise(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_user(request, slug, write=True)
    registrations = Registration.objects.filter(event=event)
    requests_qs = event.meeting_requests.select_related(
        "requester__user", "recipient__user", "fixed_slot__event", "meeting__slot__event"
    )
    status = request.GET.get("status", RequestStatus.ACCEPTED)
    if status not in RequestStatus.values:
        status = RequestStatus.ACCEPTED
    page = Paginator(requests_qs.filter(status=status).order_by("-priority", "pk"), 50).get_page(
        request.GET.get("page")
    )
    counts = event.meeting_requests.aggregate(
        **{value: Count("pk", filter=Q(status=value)) for value in RequestStatus.values}
    )
    return render(
        request,
        "events/organise.html",
        {
            "event": event,
            "admitted": registrations.admitted().count(),
            "waiting": registrations.waiting().count(),
            "slots": event.meeting_slots().count(),
            "meetings": Meeting.objects.filter(request__event=event).count(),
            "counts": [(value, label, counts[value]) for value, label in RequestStatus.choices],
            "status": status,
            "page_obj": page,
            "form": ScheduleForm(),
            **run_context(latest_run(event)),
            "runs": event.schedule_runs.all()[:10],
        },
    )


@login_required
def slots(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_user(request, slug, write=True)
    form = SlotGenerationForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            planned = generate_slots(
                data["day"], data["start"], data["end"], data["minutes"], data["breaks"], event.zone
            )
            created = actions.replace_day_slots(event, data["day"], planned, form.break_labels)
        except PlanningError as error:
            form.add_error(None, str(SLOT_ERRORS[error.code]) % {"detail": error.detail})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d meeting slot is ready for this day.",
                    "%(count)d meeting slots are ready for this day.",
                    created,
                )
                % {"count": created},
            )
            return redirect("events:slots", event.slug)
    days: dict[Any, list[Any]] = {}
    for slot in event.slots.annotate(meeting_count=Count("meetings")):
        days.setdefault(slot.local_start().date(), []).append(slot)
    return render(
        request,
        "events/slots.html",
        {"event": event, "form": form, "days": sorted(days.items())},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def slot_delete(request: HttpRequest, pk: int) -> HttpResponse:
    slot = get_slot_for_user(request, pk, write=True)
    try:
        actions.delete_slot(slot)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The slot is deleted."))
    return redirect("events:slots", slot.event.slug)


@login_required
@require_POST
def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_user(request, slug, write=True)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("events:organise", event.slug)
    try:
        actions.start_schedule(
            event, request.user, fairness=form.cleaned_data["fairness"], time_limit=form.cleaned_data["time_limit"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The scheduler is started; this page shows its progress."))
    return redirect("events:organise", event.slug)


@login_required
def schedule_status(request: HttpRequest, slug: str) -> HttpResponse:
    """The latest run's status: a fragment the organise page polls while it runs."""
    event = get_event_for_user(request, slug, write=True)
    return render(request, "events/includes/run_status.html", {"event": event, **run_context(latest_run(event))})


@login_required
def table_plan(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_user(request, slug, write=True)
    meetings = Meeting.objects.filter(request__event=event).select_related(
        "slot__event",
        "request__requester__user",
        "request__recipient__user",
        "request__requester__actor",
        "request__recipient__actor",
    )
    by_slot: dict[Any, list[Meeting]] = {}
    for meeting in meetings.order_by("slot__starts_at", "table"):
        by_slot.setdefault(meeting.slot, []).append(meeting)
    mark_actor_shown(
        [party for items in by_slot.values() for m in items for party in (m.request.requester, m.request.recipient)],
        request.user,
    )
    return render(request, "events/table_plan.html", {"event": event, "by_slot": list(by_slot.items())})


@login_required
def checkin(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_user(request, slug, write=True)
    people = with_actor_shown(
        Registration.objects.admitted().filter(event=event).select_related("user", "actor"), request.user
    ).order_by("user__full_name", "pk")
    query = request.GET.get("q", "").strip()[: desk.MAX_QUERY_LENGTH]
    counts = (
        Registration.objects.admitted()
        .filter(event=event)
        .aggregate(**{value: Count("pk", filter=Q(attendance=value)) for value in Attendance.values})
    )
    admitted = sum(counts.values())
    met = Meeting.objects.filter(request__event=event)
    held = met.filter(
        request__requester__attendance=Attendance.PRESENT, request__recipient__attendance=Attendance.PRESENT
    ).count()
    missed = met.filter(
        Q(request__requester__attendance=Attendance.NO_SHOW) | Q(request__recipient__attendance=Attendance.NO_SHOW)
    ).count()
    figures = [
        (label, counts[value], round(100 * counts[value] / admitted) if admitted else 0)
        for value, label in Attendance.choices
    ]
    page = Paginator(people.matching(query, profile=False), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "events/checkin.html",
        {
            "event": event,
            "page_obj": page,
            "query": query,
            "figures": figures,
            "admitted": admitted,
            "meetings": met.count(),
            "meetings_both_present": held,
            "meetings_missed": missed,
            "choices": Attendance.choices,
        },
    )


@login_required
@require_POST
def checkin_mark(request: HttpRequest, pk: int) -> HttpResponse:
    registration: Registration = get_registration_for_user(request, pk, write=True)
    event = get_event_for_user(request, registration.event.slug, write=True)
    form = AttendanceForm(request.POST)
    if registration.status != RegistrationStatus.REGISTERED:
        messages.error(request, _("This person is not an admitted participant."))
    elif not form.is_valid():
        messages.error(request, _("Choose present, absent or not checked in."))
    else:
        actions.check_in(registration, form.cleaned_data["attendance"])
        messages.success(
            request,
            _("%(name)s: %(attendance)s.")
            % {"name": registration.display_name, "attendance": registration.get_attendance_display()},
        )
    # Back to the same search and page of the list.
    url = reverse("events:checkin", args=[event.slug])
    query = request.POST.get("q", "").strip()[: desk.MAX_QUERY_LENGTH]
    page = request.POST.get("page", "")
    params = {"q": query} if query else {}
    if page.isdecimal() and page != "1" and len(page) < 7:
        params["page"] = page
    return redirect(f"{url}?{urlencode(params)}" if params else url)
