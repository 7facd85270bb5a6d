"""Meeting requests: asking, answering, withdrawing, and the organisers' constraints on a request."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from essmed.events import actions
from essmed.events.access import (
    get_event_for_user,
    get_meeting_request_for_user,
    get_registration_for_user,
    mark_actor_shown,
    shown_actor,
)
from essmed.events.forms import ConstraintForm, MeetingRequestForm
from essmed.events.models import Meeting, MeetingRequest, RequestStatus
from essmed.events.views_public import own_registration


@login_required
@require_POST
def request_create(request: HttpRequest, pk: int) -> HttpResponse:
    recipient = get_registration_for_user(request, pk)
    requester = own_registration(recipient.event, request.user)
    if requester is None:
        messages.error(request, _("Register for the event first: only participants may ask for meetings."))
        return redirect("events:register", recipient.event.slug)
    form = MeetingRequestForm(request.POST)
    if form.is_valid():
        try:
            actions.request_meeting(requester, recipient, form.cleaned_data["message"], form.cleaned_data["priority"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your request is sent; you will be told of the answer by email."))
            return redirect("events:requests", recipient.event.slug)
    return render(
        request,
        "events/participant_detail.html",
        {
            "event": recipient.event,
            "participant": recipient,
            "actor": shown_actor(recipient, request.user),
            "mine": requester,
            "existing": None,
            "can_request": True,
            "form": form,
        },
        status=400,
    )


@login_required
def requests(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_user(request, slug)
    mine = own_registration(event, request.user)
    received: list[MeetingRequest] = []
    sent: list[MeetingRequest] = []
    if mine is not None:
        related = ("requester__user", "recipient__user", "requester__actor", "recipient__actor", "meeting__slot")
        received = list(mine.requests_received.select_related(*related).order_by("status", "-created_at"))
        sent = list(mine.requests_sent.select_related(*related).order_by("status", "-created_at"))
        # The other side's actor is named only if the participant may see it (see essmed/events/access.py).
        mark_actor_shown([item.requester for item in received] + [item.recipient for item in sent], request.user)
    return render(request, "events/requests.html", {"event": event, "mine": mine, "received": received, "sent": sent})


@login_required
@require_POST
def request_answer(request: HttpRequest, pk: int) -> HttpResponse:
    meeting_request = get_meeting_request_for_user(request, pk, write=True)
    if meeting_request.recipient.user_id != request.user.pk:
        raise Http404
    accept = request.POST.get("answer") == "accept"
    if request.POST.get("answer") not in ("accept", "decline"):
        messages.error(request, _("Choose to accept or to decline."))
    else:
        try:
            actions.answer_request(meeting_request, accept)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Meeting accepted.") if accept else _("Request declined."))
    return redirect("events:requests", meeting_request.event.slug)


@login_required
@require_POST
def request_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """The requester withdraws; either party (or an organiser) cancels an agreed meeting."""
    meeting_request = get_meeting_request_for_user(request, pk, write=True)
    is_party = request.user.pk in (meeting_request.requester.user_id, meeting_request.recipient.user_id)
    withdrawing_others = (
        meeting_request.status == RequestStatus.PENDING and meeting_request.requester.user_id != request.user.pk
    )
    if withdrawing_others and not meeting_request.event.is_organised_by(request.user):
        messages.error(request, _("Only the person who asked may withdraw a request; you may decline it."))
        return redirect("events:requests", meeting_request.event.slug)
    try:
        had_meeting = Meeting.objects.filter(request=meeting_request).exists()
        actions.cancel_request(meeting_request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The meeting is cancelled; its slot is free again.") if had_meeting else _("The request is withdrawn."),
        )
    if is_party:
        return redirect("events:requests", meeting_request.event.slug)
    return redirect("events:organise", meeting_request.event.slug)


@login_required
def request_constraints(request: HttpRequest, pk: int) -> HttpResponse:
    meeting_request = get_meeting_request_for_user(request, pk, write=True)
    event = get_event_for_user(request, meeting_request.event.slug, write=True)
    if meeting_request.status != RequestStatus.ACCEPTED:
        messages.error(request, _("Only accepted requests are scheduled: this one is not accepted."))
        return redirect("events:organise", event.slug)
    initial = {
        "priority": meeting_request.priority,
        "fixed_slot": meeting_request.fixed_slot_id,
        "after": list(meeting_request.after.values_list("pk", flat=True)),
    }
    form = ConstraintForm(request.POST or None, initial=initial, meeting_request=meeting_request)
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_constraints(
                meeting_request,
                fixed_slot=form.cleaned_data["fixed_slot"],
                after=form.cleaned_data["after"],
                priority=form.cleaned_data["priority"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The constraints are saved; they apply at the next scheduling."))
            return redirect("events:organise", event.slug)
    return render(
        request,
        "events/request_constraints.html",
        {"event": event, "meeting_request": meeting_request, "form": form},
        status=400 if form.errors else 200,
    )
