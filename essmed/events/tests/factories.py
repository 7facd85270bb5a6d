from __future__ import annotations

from datetime import time, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from essmed.accounts.tests.factories import UserFactory
from essmed.events.models import Event, MeetingRequest, Registration, RequestStatus, TimeSlot
from essmed.events.planning import generate_slots


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"salon-{n}")
    title_fr = factory.Sequence(lambda n: f"Salon régional {n}")
    title_en = factory.Sequence(lambda n: f"Regional fair {n}")
    title_ar = factory.Sequence(lambda n: f"المعرض الجهوي {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on)
    time_zone = "Africa/Casablanca"
    city = "Oujda"
    tables = 5
    registration_open = True
    is_published = True


def add_slots(event: Event, *, start: time = time(9, 0), end: time = time(12, 0), minutes: int = 30, breaks=()):
    """Cut the event's first day into slots, returning the meeting slots."""
    planned = generate_slots(event.starts_on, start, end, minutes, list(breaks), event.zone)
    TimeSlot.objects.bulk_create(
        TimeSlot(
            event=event,
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            is_break=s.is_break,
            label="Pause" if s.is_break else "",
        )
        for s in planned
    )
    return list(event.meeting_slots())


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    offers_fr = "Huile d'olive"
    seeks_fr = "Distributeurs"


class MeetingRequestFactory(DjangoModelFactory):
    class Meta:
        model = MeetingRequest

    event = factory.SelfAttribute("requester.event")
    requester = factory.SubFactory(RegistrationFactory)
    recipient = factory.SubFactory(RegistrationFactory, event=factory.SelfAttribute("..requester.event"))
    message = "Parlons commerce équitable."
    status = RequestStatus.PENDING
