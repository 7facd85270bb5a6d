"""An event's days are those of the place where it takes place: it is upcoming until midnight after its last day
in its own time zone, then past, whatever the server's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from essmed.accounts import actions
from essmed.events.models import TIME_ZONES, Event, RegistrationStatus
from essmed.events.tests.factories import EventFactory, RegistrationFactory


def at(monkeypatch, moment):
    """Make it ``moment`` (ISO, UTC)."""
    now = datetime.fromisoformat(moment).replace(tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: now)


def zones_events(last_day):
    """One event per time zone, each with its last day on ``last_day``."""
    return {
        zone: EventFactory(slug=f"salon-{n}", starts_on=last_day, ends_on=last_day, time_zone=zone)
        for n, (zone, _label) in enumerate(TIME_ZONES)
    }


@pytest.fixture(autouse=True)
def server_in_paris(settings):
    settings.TIME_ZONE = "Europe/Paris"


@pytest.mark.parametrize(
    ("now", "upcoming", "past"),
    [
        # 21:30 UTC in June: 23:30 in Paris (the server) and 22:30 in Oujda, but 00:30 the next day in Beirut.
        ("2030-06-10 21:30", "Africa/Casablanca", "Asia/Beirut"),
        # 22:30 UTC in June: 00:30 the next day in Paris (the server), still 23:30 of the last day in Oujda.
        ("2030-06-10 22:30", "Africa/Casablanca", "Europe/Paris"),
        # 23:30 UTC in December: past midnight in Oujda and Paris, still 23:30 of the last day in Lisbon.
        ("2030-12-10 23:30", "Europe/Lisbon", "Africa/Casablanca"),
    ],
)
def test_an_event_is_upcoming_until_its_last_day_ends_where_it_takes_place(
    client, monkeypatch, db, now, upcoming, past
):
    events = zones_events(date.fromisoformat(now[:10]))
    at(monkeypatch, now)
    still_on, over = events[upcoming], events[past]
    assert still_on in Event.objects.upcoming() and still_on not in Event.objects.past()
    assert over in Event.objects.past() and over not in Event.objects.upcoming()
    page = client.get(reverse("events:list"))
    assert still_on in page.context["upcoming"] and still_on not in page.context["past"].object_list
    assert over in page.context["past"].object_list and over not in page.context["upcoming"]
    for when, present, absent in (("upcoming", still_on, over), ("past", over, still_on)):
        slugs = [item["slug"] for item in client.get("/api/events", {"when": when}).json()]
        assert present.slug in slugs and absent.slug not in slugs


@pytest.mark.parametrize(
    "now",
    [
        "2030-06-10 00:00",
        "2030-06-10 20:59",
        "2030-06-10 21:00",
        "2030-06-10 21:59",
        "2030-06-10 22:00",
        "2030-06-10 22:59",
        "2030-06-10 23:00",
        "2030-06-11 00:00",
        "2030-12-10 22:30",
        "2030-12-10 23:30",
        "2030-12-11 00:00",
    ],
)
def test_upcoming_and_past_split_events_as_has_ended_judges_each_in_every_time_zone(monkeypatch, db, now):
    """One rule: the lists follow ``Event.has_ended``, zone by zone, whatever the hour and the season."""
    events = zones_events(date.fromisoformat(now[:10]).replace(day=10))
    at(monkeypatch, now)
    past = set(Event.objects.past())
    assert past == {event for event in events.values() if event.has_ended()}
    assert set(Event.objects.upcoming()) == set(events.values()) - past


def test_deleting_an_account_cancels_a_registration_to_an_event_still_on_where_it_takes_place(
    monkeypatch, db, karim, omar, django_capture_on_commit_callbacks
):
    """The waiting list moves up: at 00:30 in Paris (the server), it is still 23:30 of the last day in Oujda."""
    event = EventFactory(starts_on=date(2030, 6, 10), ends_on=date(2030, 6, 10), capacity=1)
    RegistrationFactory(event=event, user=karim)
    waiting = RegistrationFactory(event=event, user=omar, status=RegistrationStatus.WAITING)
    at(monkeypatch, "2030-06-10 22:30")
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_account(karim)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED
