"""The read-only API of the events app, mounted at /api/events (see essmed/api.py).

- ``GET /api/events``: published events, upcoming first;
- ``GET /api/events/{slug}``: one published event with its slots;
- ``GET /api/events/{slug}/participants``: its public catalogue of admitted participants (name, actor, what they
  offer and seek — never an email or a phone), a page at a time.

Events are fetched through ``access.get_event_for_user`` like the pages: a draft is a 404 unless you organise it.
An event's identifier is a slug (``{slug:slug}``): any other text, a NUL character included, is a 404 before any
query. A participant's actor is named (name, id, country) only when the reader may see the actor
(``Actor.objects.visible_to``): published, for anyone; a draft or an archive is left blank and never matched.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from pydantic import field_validator

from essmed.directory.api import Parameters, one_value_each
from essmed.events.access import get_event_for_user, with_actor_shown
from essmed.events.models import Event, Registration, RegistrationStatus

router = Router(tags=["events"])

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
MAX_PAGE_SIZE = 100


class LanguageParams(Parameters):
    lang: str = Field(settings.LANGUAGE_CODE, description="Language of the texts: fr, ar or en (falls back to French).")

    @field_validator("lang")
    @classmethod
    def known_language(cls, value: str) -> str:
        if value not in LANGUAGE_CODES:
            raise ValueError(
                gettext("unknown language, use one of %(languages)s") % {"languages": ", ".join(LANGUAGE_CODES)}
            )
        return value


class EventListParams(LanguageParams):
    when: str = Field("upcoming", description="upcoming, past or all", pattern="^(upcoming|past|all)$")


class CatalogueParams(LanguageParams):
    q: str = Field("", max_length=200, description="Words to find in names, organisations, offers and seeks.")
    country: str = Field("", pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code of the actor's country.")
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class SlotOut(Schema):
    starts_at: datetime
    ends_at: datetime
    is_break: bool
    label: str


class EventOut(Schema):
    slug: str
    title: str
    description: str
    starts_on: date
    ends_on: date
    time_zone: str
    venue: str
    address: str
    city: str
    region: str | None
    tables: int
    capacity: int | None
    registration_open: bool
    participants: int
    url: str


class EventDetailOut(EventOut):
    slots: list[SlotOut]


class ParticipantOut(Schema):
    id: int
    name: str
    actor: str | None
    actor_id: int | None
    country: str | None
    offers: str
    seeks: str
    offer_terms: list[str]
    seek_terms: list[str]


class ParticipantPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ParticipantOut]


def _event_out(request: HttpRequest, event: Event, participants: int) -> dict[str, Any]:
    return {
        "slug": event.slug,
        "title": event.title,
        "description": event.description,
        "starts_on": event.starts_on,
        "ends_on": event.ends_on,
        "time_zone": event.time_zone,
        "venue": event.venue,
        "address": event.address,
        "city": event.city,
        "region": event.region.slug if event.region else None,
        "tables": event.tables,
        "capacity": event.capacity,
        "registration_open": event.is_open_for_registration(),
        "participants": participants,
        "url": request.build_absolute_uri(event.get_absolute_url()),
    }


@router.get("", response=list[EventOut], summary="Published events")
def list_events(request: HttpRequest, params: Query[EventListParams]) -> list[dict[str, Any]]:
    one_value_each(request, params)
    with translation.override(params.lang):
        events = Event.objects.published().select_related("region")
        if params.when == "upcoming":
            events = events.upcoming()
        elif params.when == "past":
            events = events.past()
        events = events.annotate(
            admitted=Count("registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED))
        )
        return [_event_out(request, event, event.admitted) for event in events.order_by("starts_on")]


@router.get("/{slug:slug}", response=EventDetailOut, summary="One event with its time slots")
def get_event(request: HttpRequest, slug: str, params: Query[LanguageParams]) -> dict[str, Any]:
    one_value_each(request, params)
    with translation.override(params.lang):
        event = get_event_for_user(request, slug)
        data = _event_out(request, event, event.admitted_count())
        data["slots"] = [
            {
                "starts_at": timezone.localtime(slot.starts_at, event.zone),
                "ends_at": timezone.localtime(slot.ends_at, event.zone),
                "is_break": slot.is_break,
                "label": slot.label,
            }
            for slot in event.slots.all()
        ]
        return data


@router.get("/{slug:slug}/participants", response=ParticipantPage, summary="An event's catalogue of participants")
def list_participants(request: HttpRequest, slug: str, params: Query[CatalogueParams]) -> dict[str, Any]:
    one_value_each(request, params)
    with translation.override(params.lang):
        event = get_event_for_user(request, slug)
        # The actor is named only when the reader may see it (see the module docstring).
        people = with_actor_shown(
            Registration.objects.admitted().filter(event=event).select_related("user", "actor", "actor__country"),
            request.user,
        )
        people = people.matching(params.q)
        if params.country:
            people = people.filter(Q(actor_shown=True), actor__country__code=params.country.upper())
        people = people.order_by("user__full_name", "pk")
        count = people.count()
        start = (params.page - 1) * params.page_size
        page = people.prefetch_related("offer_terms", "seek_terms")[start : start + params.page_size]
        return {
            "count": count,
            "page": params.page,
            "page_size": params.page_size,
            "results": [_participant_out(person) for person in page],
        }


def _participant_out(person: Registration) -> dict[str, Any]:
    actor = person.actor if getattr(person, "actor_shown", False) else None
    return {
        "id": person.pk,
        "name": person.display_name,
        "actor": actor.name if actor else None,
        "actor_id": actor.pk if actor else None,
        "country": actor.country.code if actor else None,
        "offers": person.offers,
        "seeks": person.seeks,
        "offer_terms": [term.code for term in person.offer_terms.all()],
        "seek_terms": [term.code for term in person.seek_terms.all()],
    }
