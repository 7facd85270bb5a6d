from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from essmed.events.models import Attendance, Event, Meeting, RequestStatus, TimeSlot
from essmed.events.tests.factories import EventFactory, MeetingRequestFactory, RegistrationFactory

EVENT = {
    "slug": "forum-tunis",
    "title_fr": "Forum de Tunis",
    "starts_on": "2027-03-10",
    "ends_on": "2027-03-11",
    "time_zone": "Africa/Tunis",
    "city": "Tunis",
    "tables": "8",
}


def test_staff_creates_an_event_and_becomes_its_organiser(client, sophie):
    client.force_login(sophie)
    response = client.post(reverse("events:create"), EVENT)
    assert response.url == reverse("events:slots", args=["forum-tunis"])
    event = Event.objects.get(slug="forum-tunis")
    assert event.title_fr == "Forum de Tunis" and list(event.organisers.all()) == [sophie]


def test_an_event_ending_before_it_starts_is_refused(client, sophie):
    client.force_login(sophie)
    response = client.post(reverse("events:create"), {**EVENT, "ends_on": "2027-03-01"})
    assert response.status_code == 200
    assert "ne peut pas précéder" in response.content.decode()
    assert not Event.objects.exists()


def test_named_organiser_edits_the_event_but_not_another(client, youssef, event):
    event.organisers.add(youssef)
    other = EventFactory()
    client.force_login(youssef)
    days = {"starts_on": event.starts_on, "ends_on": event.ends_on, "time_zone": event.time_zone}  # its slots'
    response = client.post(
        reverse("events:edit", args=[event.slug]), {**EVENT, **days, "slug": event.slug, "tables": "9"}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.tables == 9
    assert client.get(reverse("events:edit", args=[other.slug])).status_code == 404


def test_draft_event_is_hidden_from_participants_but_shown_to_organisers(client, karim, sophie):
    draft = EventFactory(is_published=False, title_fr="Brouillon")
    client.force_login(karim)
    assert client.get(reverse("events:detail", args=[draft.slug])).status_code == 404
    assert "Brouillon" not in client.get(reverse("events:list")).content.decode()
    client.force_login(sophie)
    assert client.get(reverse("events:detail", args=[draft.slug])).status_code == 200


def test_organiser_cuts_a_day_into_slots_with_breaks(client, sophie):
    event = EventFactory(starts_on="2027-04-14", ends_on="2027-04-15")
    client.force_login(sophie)
    response = client.post(
        reverse("events:slots", args=[event.slug]),
        {
            "day": "2027-04-15",
            "start": "09:00",
            "end": "12:00",
            "minutes": "30",
            "breaks": "10:30-11:00",
            "break_label_fr": "Café",
        },
    )
    assert response.status_code == 302
    slots = list(TimeSlot.objects.filter(event=event))
    assert sum(not s.is_break for s in slots) == 5
    (pause,) = [s for s in slots if s.is_break]
    assert pause.label == "Café" and pause.local_start().hour == 10 and pause.local_start().minute == 30
    assert str(pause.local_start().tzinfo) == "Africa/Casablanca"


@pytest.mark.parametrize(
    ("names", "shown"),
    [
        ({"fr": "Pause café", "ar": "استراحة قهوة", "en": "Coffee break"}, {"fr": "Pause café", "ar": "استراحة قهوة"}),
        # A language not given reads another one, as every text written in several languages does.
        ({"fr": "Pause café", "ar": "", "en": ""}, {"fr": "Pause café", "ar": "Pause café", "en": "Pause café"}),
        ({"fr": "", "ar": "", "en": "Coffee break"}, {"fr": "Coffee break", "ar": "Coffee break"}),
    ],
)
def test_organiser_names_the_breaks_in_each_language_and_each_reader_sees_theirs(client, sophie, names, shown):
    event = EventFactory(starts_on="2027-04-14", ends_on="2027-04-14")
    client.force_login(sophie)
    with translation.override("ar"):  # typed on the Arabic page: each name still goes to its language
        url = reverse("events:slots", args=[event.slug])
    data = {"day": "2027-04-14", "start": "09:00", "end": "12:00", "minutes": "30", "breaks": "10:30-11:00"}
    response = client.post(url, {**data, **{f"break_label_{code}": name for code, name in names.items()}})
    assert response.status_code == 302
    pause = TimeSlot.objects.get(event=event, is_break=True)
    assert [pause.label_fr, pause.label_ar, pause.label_en] == [names["fr"], names["ar"], names["en"]]
    for language, name in shown.items():
        with translation.override(language):
            page = client.get(reverse("events:detail", args=[event.slug])).content.decode()
            assert f"({name})" in page, language
            assert client.get(f"/api/events/{event.slug}", {"lang": language}).json()["slots"][3]["label"] == name


def test_break_names_are_labelled_with_their_language_in_words(client, sophie, event):
    client.force_login(sophie)
    with translation.override("ar"):
        response = client.get(reverse("events:slots", args=[event.slug]))
    fields = response.context["form"].fields
    assert str(fields["break_label_fr"].label) == "اسم الاستراحات (الفرنسية)"
    assert 'name="break_label_ar" dir="rtl" lang="ar"' in response.content.decode()


def test_slot_generation_refuses_a_day_outside_the_event_and_bad_breaks(client, sophie):
    event = EventFactory(starts_on="2027-04-14", ends_on="2027-04-14")
    client.force_login(sophie)
    url = reverse("events:slots", args=[event.slug])
    base = {"day": "2027-04-14", "start": "09:00", "end": "12:00", "minutes": "30", "break_label": ""}
    page = client.post(url, {**base, "day": "2027-05-01"})
    assert page.status_code == 400 and "en dehors des dates" in page.content.decode()
    page = client.post(url, {**base, "breaks": "11h-10h"})
    assert page.status_code == 400 and "finit avant de commencer" in page.content.decode()
    page = client.post(url, {**base, "breaks": "07:00-07:30"})
    assert page.status_code == 400 and "en dehors des heures" in page.content.decode()
    assert not TimeSlot.objects.filter(event=event).exists()


def test_slots_holding_meetings_cannot_be_deleted_or_replaced(client, sophie, event, karim_reg, omar_reg):
    request = MeetingRequestFactory(requester=karim_reg, recipient=omar_reg, status=RequestStatus.ACCEPTED)
    slot = event.meeting_slots().first()
    Meeting.objects.create(request=request, slot=slot, table=1)
    client.force_login(sophie)
    response = client.post(reverse("events:slot_delete", args=[slot.pk]), follow=True)
    assert "annulez-les ou replanifiez-les" in response.content.decode()
    assert TimeSlot.objects.filter(pk=slot.pk).exists()
    day = slot.local_start().date().isoformat()
    page = client.post(
        reverse("events:slots", args=[event.slug]),
        {"day": day, "start": "09:00", "end": "11:00", "minutes": "20", "breaks": "", "break_label": ""},
    )
    assert page.status_code == 400
    assert TimeSlot.objects.filter(pk=slot.pk).exists()


def test_free_slot_is_deleted(client, sophie, event):
    slot = event.meeting_slots().last()
    client.force_login(sophie)
    client.post(reverse("events:slot_delete", args=[slot.pk]))
    assert not TimeSlot.objects.filter(pk=slot.pk).exists()


def test_desk_checks_participants_in_and_counts_attendance(client, sophie, event, karim_reg, omar_reg, pauline_reg):
    request = MeetingRequestFactory(requester=karim_reg, recipient=omar_reg, status=RequestStatus.ACCEPTED)
    Meeting.objects.create(request=request, slot=event.meeting_slots().first(), table=1)
    client.force_login(sophie)
    for registration, attendance in ((karim_reg, "present"), (omar_reg, "present"), (pauline_reg, "no_show")):
        response = client.post(
            reverse("events:checkin_mark", args=[registration.pk]), {"attendance": attendance, "q": "a"}
        )
        assert response.status_code == 302 and response.url.endswith("?q=a")
    karim_reg.refresh_from_db()
    assert karim_reg.attendance == Attendance.PRESENT and karim_reg.checked_in_at is not None
    page = client.get(reverse("events:checkin", args=[event.slug])).content.decode()
    assert "Chiffres de présence" in page
    assert "<td>2</td>" in page and "<td>67</td>" in page  # two present of three
    both_present = page.split("Les deux participants présents")[1]
    assert both_present.split("<td>")[1].startswith("1")


def test_desk_refuses_a_bad_attendance_value(client, sophie, event, karim_reg):
    client.force_login(sophie)
    response = client.post(reverse("events:checkin_mark", args=[karim_reg.pk]), {"attendance": "maybe"}, follow=True)
    assert "Choisissez présent, absent" in response.content.decode()
    karim_reg.refresh_from_db()
    assert karim_reg.attendance == Attendance.UNKNOWN


def test_desk_searches_by_name(client, sophie, event, karim_reg, omar_reg):
    client.force_login(sophie)
    page = client.get(reverse("events:checkin", args=[event.slug]), {"q": "kar"}).content.decode()
    assert "Karim" in page and "Omar" not in page


def test_organise_page_lists_requests_by_state(client, sophie, event, karim_reg, omar_reg, pauline_reg):
    MeetingRequestFactory(requester=karim_reg, recipient=omar_reg, status=RequestStatus.ACCEPTED)
    MeetingRequestFactory(requester=pauline_reg, recipient=omar_reg, status=RequestStatus.DECLINED)
    client.force_login(sophie)
    page = client.get(reverse("events:organise", args=[event.slug])).content.decode()
    assert "Karim" in page and "Pauline" not in page
    page = client.get(reverse("events:organise", args=[event.slug]), {"status": "declined"}).content.decode()
    assert "Pauline" in page
    assert client.get(reverse("events:organise", args=[event.slug]), {"status": "bogus"}).status_code == 200


def test_participants_of_a_cancelled_registration_are_not_listed(client, event, karim_reg, omar):
    RegistrationFactory(event=event, user=omar, status="cancelled")
    page = client.get(reverse("events:participants", args=[event.slug])).content.decode()
    assert "Karim" in page and "Omar" not in page


@pytest.mark.parametrize(("field", "day"), [("starts_on", "0001-01-01"), ("ends_on", "9999-12-31")])
def test_an_event_on_the_first_or_last_day_of_the_calendar_is_refused_with_a_message(client, sophie, field, day):
    """Slots on such a day could not be stored in UTC (a server error): the event's days are refused first."""
    client.force_login(sophie)
    response = client.post(reverse("events:create"), {**EVENT, "starts_on": "2027-03-10", field: day})
    assert response.status_code == 200
    assert "Indiquez un jour entre les années 2000 et 2100" in response.content.decode()
    assert not Event.objects.exists()


def test_breaks_named_by_default_are_named_in_each_reader_s_language(client, sophie):
    event = EventFactory(starts_on="2027-04-14", ends_on="2027-04-14")
    client.force_login(sophie)
    url = reverse("events:slots", args=[event.slug])
    form = client.get(url).context["form"]
    names = ("start", "end", "minutes", "breaks", "break_label_fr", "break_label_ar", "break_label_en")
    data = {name: form[name].value() or "" for name in names}
    response = client.post(url, {**data, "day": "2027-04-14", "start": "09:00", "end": "16:00"})
    assert response.status_code == 302
    with translation.override("ar"):
        page = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "(استراحة)" in page and "Pause" not in page


def test_desk_keeps_its_search_and_page_after_a_check_in(client, sophie, event):
    people = [RegistrationFactory(event=event, user__full_name=f"Personne {n:02d}") for n in range(55)]
    client.force_login(sophie)
    url = reverse("events:checkin", args=[event.slug])
    page = client.get(url, {"page": 2}).content.decode()
    assert 'name="page" value="2"' in page
    response = client.post(reverse("events:checkin_mark", args=[people[52].pk]), {"attendance": "present", "page": "2"})
    assert response.url == f"{url}?page=2"
    response = client.post(
        reverse("events:checkin_mark", args=[people[52].pk]), {"attendance": "unknown", "q": "personne", "page": "2"}
    )
    assert response.url == f"{url}?q=personne&page=2"
    for page_number in ("1", "abc", "9" * 30):
        response = client.post(
            reverse("events:checkin_mark", args=[people[0].pk]), {"attendance": "present", "page": page_number}
        )
        assert response.url == url


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_slot_form_offers_the_event_s_first_day_in_the_browser_s_date_format(client, sophie, language):
    """A date field takes an ISO date (YYYY-MM-DD): French's first date format (27/11/2026) left it empty."""
    event = EventFactory(starts_on="2027-04-14", ends_on="2027-04-15")
    client.force_login(sophie)
    with translation.override(language):
        page = client.get(reverse("events:slots", args=[event.slug]))
    assert 'type="date" name="day" value="2027-04-14"' in page.content.decode()
