"""An event's days are those of the place where it takes place: it is upcoming until midnight after its last day
in its own time zone, then past, whatever the server's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.forms import BooleanField
from django.urls import reverse
from django.utils import timezone

from essmed.accounts import actions
from essmed.events.models import TIME_ZONES, Event, RegistrationStatus
from essmed.events.tests.factories import EventFactory, RegistrationFactory, add_slots


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


# --- Changing an event's days or time zone once it has slots ---------------------------------------------------


def edit_data(client, event, **changes):
    """The edit form as the organiser finds it, with ``changes``."""
    form = client.get(reverse("events:edit", args=[event.slug])).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, BooleanField):
            if value:
                data[name] = "on"
        else:
            data[name] = "" if value is None else value
    return {**data, **changes}


def test_moving_an_event_s_days_away_from_its_slots_is_refused_naming_them_and_keeping_the_input(client, sophie, event):
    """The fixture's event has 6 slots on its first day; moved a week later, they would all fall outside."""
    client.force_login(sophie)
    later = event.starts_on + timedelta(days=7)
    data = edit_data(client, event, starts_on=later, ends_on=later, title_fr="Salon reporté", tables="12")
    response = client.post(reverse("events:edit", args=[event.slug]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "6 créneaux de cet événement seraient en dehors de ses jours" in page
    assert "Supprimez-les d’abord sur la page « Créneaux »" in page
    assert f'value="{later.isoformat()}"' in page and 'value="Salon reporté"' in page and 'value="12"' in page
    event.refresh_from_db()
    assert event.starts_on == later - timedelta(days=7) and event.title_fr != "Salon reporté"


def test_days_that_still_hold_every_slot_are_saved(client, sophie, event):
    client.force_login(sophie)
    first = event.starts_on
    data = edit_data(client, event, starts_on=first - timedelta(days=1), ends_on=first + timedelta(days=1))
    assert client.post(reverse("events:edit", args=[event.slug]), data).status_code == 302
    event.refresh_from_db()
    assert event.ends_on == first + timedelta(days=1)


def test_a_new_time_zone_with_slots_asks_for_confirmation_then_keeps_the_slots_moments(client, sophie, event):
    """From Oujda to Paris in summer: 09:00 at the venue becomes 10:00."""
    event.starts_on = event.ends_on = date(2030, 6, 10)
    event.save()
    event.slots.all().delete()
    add_slots(event)
    first = event.slots.first()
    client.force_login(sophie)
    url = reverse("events:edit", args=[event.slug])
    assert "confirm_time_zone" not in client.get(url).context["form"].fields
    data = edit_data(client, event, time_zone="Europe/Paris", city="Montpellier")
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Avec le nouveau fuseau horaire, 6 créneaux changent d’heure sur place" in page
    assert "09:00–09:30\u2069 (Africa/Casablanca)" in page and "10:00–10:30\u2069 (Europe/Paris)" in page
    assert 'name="confirm_time_zone"' in page and 'value="Montpellier"' in page
    event.refresh_from_db()
    assert event.time_zone == "Africa/Casablanca"
    assert client.post(url, {**data, "confirm_time_zone": "on"}).status_code == 302
    event.refresh_from_db()
    assert event.time_zone == "Europe/Paris" and event.city == "Montpellier"
    first.refresh_from_db()
    assert first.local_start().hour == 10


@pytest.mark.parametrize(
    ("zone", "last_day"),
    [
        ("Asia/Beirut", None),  # no slot yet
        ("Europe/Paris", date(2030, 11, 20)),  # slots whose times read the same: Oujda and Paris agree in November
    ],
)
def test_a_new_time_zone_that_moves_no_slot_on_the_clock_needs_no_confirmation(client, sophie, zone, last_day):
    event = EventFactory(**({"starts_on": last_day, "ends_on": last_day} if last_day else {}))
    if last_day:
        add_slots(event)
    client.force_login(sophie)
    response = client.post(reverse("events:edit", args=[event.slug]), edit_data(client, event, time_zone=zone))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.time_zone == zone


def test_a_new_time_zone_that_pushes_slots_out_of_the_event_s_days_is_refused_even_when_confirmed(client, sophie):
    """Slots from 00:00 in Paris would begin at 23:00 the day before in Lisbon, before the event's first day."""
    event = EventFactory(starts_on=date(2030, 6, 10), ends_on=date(2030, 6, 10), time_zone="Europe/Paris")
    add_slots(event, start=time(0, 0), end=time(1, 0))
    client.force_login(sophie)
    data = edit_data(client, event, time_zone="Europe/Lisbon", confirm_time_zone="on")
    response = client.post(reverse("events:edit", args=[event.slug]), data)
    assert response.status_code == 200
    assert "2 créneaux de cet événement seraient en dehors de ses jours" in response.content.decode()
    event.refresh_from_db()
    assert event.time_zone == "Europe/Paris"
