"""Events as participants see them: the list, an event's page, registration and profile, the catalogue of
participants and a participant's profile (never their email or phone).

A participant's actor is named (name, country) only to those who may see the actor
(``Actor.objects.visible_to``, as in the events API): a draft or an archive is left out of the catalogue, its
searches and its country filter, and of the participant's page, for anyone but programme staff and the actor's
own members. The rule and its helpers (``shown_actor``, ``with_actor_shown``) are in ``access``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from essmed.directory.models import Term, Vocabulary
from essmed.events import actions
from essmed.events.access import get_event_for_user, get_registration_for_user, shown_actor, with_actor_shown
from essmed.events.forms import MeetingRequestForm, ParticipantFilterForm, ProfileForm
from essmed.events.models import Event, MeetingRequest, Registration, RegistrationQuerySet, RegistrationStatus
from essmed.territories.models import Country

PAGE_SIZE = 24


def own_registration(event: Event, user: Any) -> Registration | None:
    if not user.is_authenticated:
        return None
    registration: Registration | None = event.registrations.filter(user=user).first()
    return registration


def event_list(request: HttpRequest) -> HttpResponse:
    events = Event.objects.visible_to(request.user).annotate(
        participants=Count("registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED))
    )
    return render(
        request,
        "events/event_list.html",
        {
            "upcoming": events.upcoming().order_by("starts_on"),
            "past": Paginator(events.past().order_by("-starts_on", "title", "pk"), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
            "can_create": request.user.is_authenticated and request.user.is_programme_staff,
        },
    )


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_user(request, slug)
    registration = own_registration(event, request.user)
    days: dict[Any, list[Any]] = {}
    for slot in event.slots.all():
        days.setdefault(slot.local_start().date(), []).append(slot)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "registration": registration,
            "is_organiser": event.is_organised_by(request.user),
            "admitted": event.admitted_count(),
            "waiting": Registration.objects.waiting().filter(event=event).count(),
            "days": sorted(days.items()),
            "waiting_position": (
                list(Registration.objects.waiting().filter(event=event).values_list("pk", flat=True)).index(
                    registration.pk
                )
                + 1
                if registration and registration.status == RegistrationStatus.WAITING
                else None
            ),
        },
    )


def profile_input(request: HttpRequest) -> tuple[str, QueryDict | None, QueryDict | None]:
    """The profile form's search for an organisation, the data to save (a POST of the form's own button), and what
    the person had typed when they pressed «Search» instead (the search button submits the whole form, so that it
    is shown again as it was, not saved)."""
    actor_query = request.POST.get("actor_q", request.GET.get("actor_q", ""))[:200]
    if request.method != "POST":
        return actor_query, None, None
    if "find_actor" in request.POST:
        return actor_query, None, request.POST
    return actor_query, request.POST, None


@login_required
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_user(request, slug)
    registration = own_registration(event, request.user)
    if registration and registration.status != RegistrationStatus.CANCELLED:
        return redirect("events:profile", event.slug)
    if not event.is_open_for_registration():
        messages.error(request, actions.registration_closed_message(event))
        return redirect(event)
    actor_query, data, typed = profile_input(request)
    form = ProfileForm(data, event=event, user=request.user, actor_query=actor_query, typed=typed)
    if data is not None and form.is_valid():
        profile = dict(form.cleaned_data)
        try:
            registration = actions.register(event, request.user, **profile)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(event)
        if registration.status == RegistrationStatus.WAITING:
            messages.warning(
                request, _("The event is full: you are on the waiting list. We will email you if a place frees up.")
            )
        else:
            messages.success(request, _("You are registered. You can now ask other participants for meetings."))
        return redirect(event)
    return render(
        request,
        "events/profile_form.html",
        {"event": event, "form": form, "registering": True, "actor_query": actor_query},
    )


@login_required
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_user(request, slug)
    registration = own_registration(event, request.user)
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        return redirect("events:register", event.slug)
    actor_query, data, typed = profile_input(request)
    form = ProfileForm(
        data, instance=registration, event=event, user=request.user, actor_query=actor_query, typed=typed
    )
    if data is not None and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect(event)
    return render(
        request,
        "events/profile_form.html",
        {"event": event, "form": form, "registering": False, "actor_query": actor_query},
    )


@login_required
@require_POST
def cancel_registration(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_user(request, slug)
    registration = own_registration(event, request.user)
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        messages.error(request, _("You are not registered for this event."))
        return redirect(event)
    actions.cancel_registration(registration)
    messages.success(request, _("Your registration is cancelled, with your meeting requests."))
    return redirect(event)


def _filtered_participants(event: Event, form: ParticipantFilterForm, user: Any) -> RegistrationQuerySet:
    participants: RegistrationQuerySet = with_actor_shown(
        Registration.objects.admitted().filter(event=event).select_related("user", "actor", "actor__country"), user
    )
    if not form.is_valid():
        return participants.order_by("user__full_name", "pk")
    data = form.cleaned_data
    shown = Q(actor_shown=True)
    participants = participants.matching(data["q"])
    if data["country"]:
        participants = participants.filter(shown, actor__country__code=data["country"])
    if data["type"]:
        participants = participants.filter(shown, actor__actor_type=data["type"])
    if data["term"]:
        term = int(data["term"])
        by_side = {
            "offers": Q(offer_terms=term) | (shown & (Q(actor__sectors=term) | Q(actor__themes=term))),
            "seeks": Q(seek_terms=term),
        }
        condition = by_side.get(data["side"], by_side["offers"] | by_side["seeks"])
        participants = participants.filter(condition).distinct()
    elif data["side"] == "offers":
        participants = participants.exclude(offers_fr="", offers_ar="", offers_en="", offer_terms=None)
    elif data["side"] == "seeks":
        participants = participants.exclude(seeks_fr="", seeks_ar="", seeks_en="", seek_terms=None)
    return participants.order_by("user__full_name", "pk")


def participants(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_event_for_user(request, slug)
    admitted = Registration.objects.admitted().filter(event=event)
    shown = with_actor_shown(admitted, request.user).filter(Q(actor_shown=True))
    countries = [
        (code, name)
        for code, name in Country.objects.filter(pk__in=shown.values("actor__country")).values_list("code", "name")
    ]
    term_ids = set(admitted.values_list("offer_terms", flat=True)) | set(admitted.values_list("seek_terms", flat=True))
    terms = [
        (str(term.pk), f"{term.code} · {term.label}")
        for term in Term.objects.filter(
            pk__in=term_ids - {None}, vocabulary__in=[Vocabulary.ACTIVITY, Vocabulary.THEME]
        )
    ]
    form = ParticipantFilterForm(request.GET or None, countries=countries, terms=terms)
    filtered = _filtered_participants(event, form, request.user)
    page = Paginator(filtered.prefetch_related("offer_terms", "seek_terms"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "events/participant_list.html",
        {
            "event": event,
            "form": form,
            "page_obj": page,
            "total": admitted.count(),
            "filtered": bool(
                request.GET.get("q") or any(request.GET.get(k) for k in ("country", "type", "term", "side"))
            ),
            "registration": own_registration(event, request.user),
        },
    )


def participant(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_registration_for_user(request, pk)
    event = registration.event
    mine = own_registration(event, request.user)
    existing = None
    if mine is not None and mine.pk != registration.pk:
        existing = MeetingRequest.objects.open().between(mine, registration).first()
    return render(
        request,
        "events/participant_detail.html",
        {
            "event": event,
            "participant": registration,
            "actor": shown_actor(registration, request.user),
            "mine": mine,
            "existing": existing,
            "can_request": mine is not None and mine.is_admitted and mine.pk != registration.pk and existing is None,
            "form": MeetingRequestForm(),
        },
    )
