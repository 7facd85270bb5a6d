from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import escape

from essmed.accounts.tests.factories import UserFactory
from essmed.directory.models import Term, Vocabulary
from essmed.directory.tests.factories import ActorFactory
from essmed.events.models import MeetingRequest, Registration, RegistrationStatus, RequestStatus
from essmed.events.tests.factories import EventFactory, MeetingRequestFactory, RegistrationFactory

PROFILE = {"offers_fr": "Huile d'olive bio", "seeks_fr": "Épiceries solidaires", "availability": "any"}


def test_event_list_shows_published_events_and_an_empty_state(client, db):
    response = client.get(reverse("events:list"))
    assert "Aucun événement" in response.content.decode()
    EventFactory(title_fr="Salon de Oujda")
    EventFactory(title_fr="Brouillon secret", is_published=False)
    page = client.get(reverse("events:list")).content.decode()
    assert "Salon de Oujda" in page and "Brouillon secret" not in page


def test_participant_registers_with_a_profile_linked_to_an_actor(client, event, fatima, coop):
    actor = ActorFactory(organisation=coop, name="Zaytoun")
    client.force_login(fatima)
    form = client.get(reverse("events:register", args=[event.slug]))
    assert form.status_code == 200
    response = client.post(reverse("events:register", args=[event.slug]), {**PROFILE, "actor": actor.pk})
    assert response.status_code == 302
    registration = Registration.objects.get(user=fatima)
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.actor == actor and registration.offers_fr == "Huile d'olive bio"


def test_profile_without_offers_or_seeks_is_refused_with_a_message(client, event, fatima):
    client.force_login(fatima)
    response = client.post(reverse("events:register", args=[event.slug]), {"availability": "any"})
    assert response.status_code == 200
    assert "ce que vous offrez" in response.content.decode()
    assert not Registration.objects.exists()


def test_closed_registration_is_refused(client, event, fatima):
    event.registration_open = False
    event.save()
    client.force_login(fatima)
    response = client.post(reverse("events:register", args=[event.slug]), PROFILE, follow=True)
    assert "fermées" in response.content.decode()
    assert not Registration.objects.exists()


def test_full_event_puts_newcomers_on_the_waiting_list(client, event, karim_reg, fatima):
    event.capacity = 1
    event.save()
    client.force_login(fatima)
    response = client.post(reverse("events:register", args=[event.slug]), PROFILE, follow=True)
    assert "liste d'attente" in response.content.decode()
    assert Registration.objects.get(user=fatima).status == RegistrationStatus.WAITING


def test_cancellation_promotes_the_first_waiting_and_emails_them(
    client, event, karim, omar, pauline, django_capture_on_commit_callbacks, mailoutbox
):
    event.capacity = 2
    event.save()
    karim_reg = RegistrationFactory(event=event, user=karim)
    omar_reg = RegistrationFactory(event=event, user=omar, status=RegistrationStatus.WAITING)
    RegistrationFactory(event=event, user=pauline, status=RegistrationStatus.WAITING)
    other = RegistrationFactory(event=event, user=UserFactory())
    request = MeetingRequestFactory(requester=karim_reg, recipient=other)
    client.force_login(karim)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:cancel_registration", args=[event.slug]))
    karim_reg.refresh_from_db()
    omar_reg.refresh_from_db()
    assert karim_reg.status == RegistrationStatus.CANCELLED
    assert omar_reg.status == RegistrationStatus.REGISTERED
    assert Registration.objects.get(user=pauline).status == RegistrationStatus.WAITING
    assert MeetingRequest.objects.get(pk=request.pk).status == RequestStatus.CANCELLED
    assert [m.to for m in mailoutbox] == [[omar.email]]
    assert event.title_fr in mailoutbox[0].subject


def test_waiting_person_sees_their_position(client, event, karim_reg, omar):
    RegistrationFactory(event=event, user=omar, status=RegistrationStatus.WAITING)
    client.force_login(omar)
    page = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "position 1" in page


def test_registering_again_after_cancelling_reopens_the_registration(client, event, fatima):
    RegistrationFactory(event=event, user=fatima, status=RegistrationStatus.CANCELLED)
    client.force_login(fatima)
    client.post(reverse("events:register", args=[event.slug]), PROFILE)
    assert Registration.objects.get(user=fatima).status == RegistrationStatus.REGISTERED


def test_profile_edit_saves_availability_and_limit(client, event, karim_reg):
    client.force_login(karim_reg.user)
    slot = event.meeting_slots().first()
    response = client.post(
        reverse("events:profile", args=[event.slug]),
        {**PROFILE, "availability": "morning", "max_meetings": "3", "unavailable_slots": [slot.pk]},
    )
    assert response.status_code == 302
    karim_reg.refresh_from_db()
    assert karim_reg.availability == "morning" and karim_reg.max_meetings == 3
    assert list(karim_reg.unavailable_slots.all()) == [slot]


def test_catalogue_searches_and_filters_and_never_shows_emails(client, event, karim_reg, omar_reg):
    page = client.get(reverse("events:participants", args=[event.slug])).content.decode()
    assert "Karim" in page and "Omar" in page
    assert "karim@example.org" not in page and "omar@example.org" not in page
    page = client.get(reverse("events:participants", args=[event.slug]), {"q": "argan"}).content.decode()
    assert "Omar" in page and "Karim" not in page
    page = client.get(reverse("events:participants", args=[event.slug]), {"q": "introuvable"}).content.decode()
    assert "Aucun participant ne correspond" in page


def test_catalogue_filters_by_country_of_the_actor(client, event, karim_reg, omar_reg):
    actor = ActorFactory(country__code="TN")
    karim_reg.actor = actor
    karim_reg.save()
    page = client.get(reverse("events:participants", args=[event.slug]), {"country": "TN"}).content.decode()
    assert "Karim" in page and "Omar" not in page


def test_participant_page_shows_profile_without_contacts(client, event, omar_reg, karim_reg):
    client.force_login(karim_reg.user)
    page = client.get(reverse("events:participant", args=[omar_reg.pk])).content.decode()
    assert "Huile d&#x27;argan" in page or "Huile d'argan" in page
    assert "omar@example.org" not in page
    assert "Demander un rendez-vous" in page


def test_catalogue_filters_who_offers_a_sector(client, event, karim_reg, omar_reg):
    from essmed.directory.models import Term, Vocabulary

    term = Term.objects.create(vocabulary=Vocabulary.ACTIVITY, code="ICA140", label="Agriculture")
    karim_reg.offer_terms.add(term)
    omar_reg.seek_terms.add(term)
    url = reverse("events:participants", args=[event.slug])
    page = client.get(url, {"term": term.pk, "side": "offers"}).content.decode()
    assert "Karim" in page and "Omar" not in page
    page = client.get(url, {"term": term.pk, "side": "seeks"}).content.decode()
    assert "Omar" in page and "Karim" not in page
    page = client.get(url, {"term": term.pk}).content.decode()
    assert "Omar" in page and "Karim" in page


def test_register_form_finds_the_actor_with_the_directory_search(client, event, pauline):
    wanted = ActorFactory(name_fr="Coopérative Tifaout", status="published")
    ActorFactory(name_fr="Association Lointaine", status="published")
    client.force_login(pauline)
    url = reverse("events:register", args=[event.slug])
    page = client.get(url).content.decode()
    assert "Tifaout" not in page  # the list holds one's own actors and the ones searched, not the directory
    page = client.get(url, {"actor_q": "tifaout"}).content.decode()
    assert "Tifaout" in page and "Lointaine" not in page
    client.post(f"{url}?actor_q=tifaout", {**PROFILE, "actor": wanted.pk})
    assert Registration.objects.get(user=pauline).actor == wanted


def typed_profile(event, actor):
    """A profile as typed before a search for one's organisation: words in two languages, a sector, the mornings,
    an unavailable slot, a limit and an organisation already chosen."""
    term = Term.objects.create(vocabulary=Vocabulary.ACTIVITY, code="ICA140", label="Agriculture")
    return {
        "actor": str(actor.pk),
        "offers_fr": "Huile d'olive de Berkane",
        "seeks_ar": "موزعون في أوكسيتانيا",
        "offer_terms": [str(term.pk)],
        "availability": "morning",
        "unavailable_slots": [str(event.meeting_slots().first().pk)],
        "max_meetings": "4",
    }


def assert_shown_as_typed(response, typed):
    assert response.status_code == 200
    form = response.context["form"]
    assert not form.is_bound and not form.errors  # shown again, not judged
    for name, value in typed.items():
        shown = form[name].value()
        assert ([str(v) for v in shown] if isinstance(value, list) else str(shown)) == value, name
    page = response.content.decode()
    assert "Huile d&#x27;olive de Berkane</textarea>" in page and "موزعون في أوكسيتانيا</textarea>" in page
    assert 'value="4"' in page and f'<option value="{typed["actor"]}" selected>' in page


@pytest.mark.parametrize("registered", [False, True])
def test_searching_for_one_s_organisation_keeps_everything_typed_in_the_profile(client, event, pauline, registered):
    """The search button sends the whole form: the page comes back with what was typed and the organisations found,
    and nothing is saved until the person registers or saves."""
    chosen = ActorFactory(name_fr="Association Choisie", status="published")
    wanted = ActorFactory(name_fr="Coopérative Tifaout", status="published")
    if registered:
        RegistrationFactory(event=event, user=pauline, offers_fr="Ancienne offre")
    client.force_login(pauline)
    url = reverse("events:profile" if registered else "events:register", args=[event.slug])
    typed = typed_profile(event, chosen)
    response = client.post(url, {**typed, "actor_q": "tifaout", "find_actor": "1"})
    assert_shown_as_typed(response, typed)
    page = response.content.decode()
    assert "Coopérative Tifaout" in page and 'name="actor_q"' in page and 'value="tifaout"' in page
    registrations = Registration.objects.filter(user=pauline)
    assert [r.offers_fr for r in registrations] == (["Ancienne offre"] if registered else [])
    response = client.post(url, {**typed, "actor": wanted.pk, "actor_q": "tifaout"})
    assert response.status_code == 302
    registration = registrations.get()
    assert registration.actor == wanted and registration.offers_fr == "Huile d'olive de Berkane"
    assert registration.seeks_ar == "موزعون في أوكسيتانيا" and registration.max_meetings == 4
    assert registration.availability == "morning" and registration.unavailable_slots.count() == 1


def test_a_refused_profile_still_offers_the_organisations_found(client, event, pauline):
    wanted = ActorFactory(name_fr="Coopérative Tifaout", status="published")
    client.force_login(pauline)
    url = reverse("events:register", args=[event.slug])
    response = client.post(url, {"availability": "any", "actor": wanted.pk, "actor_q": "tifaout"})
    assert response.status_code == 200 and "ce que vous offrez" in response.content.decode()
    assert f'<option value="{wanted.pk}" selected>Coopérative Tifaout</option>' in response.content.decode()


def test_a_search_never_names_a_draft_actor_of_someone_else_sent_as_the_chosen_one(client, event, pauline):
    draft = ActorFactory(name_fr="Brouillon Secret", draft=True)
    client.force_login(pauline)
    url = reverse("events:register", args=[event.slug])
    for actor in (str(draft.pk), "9" * 30, "kept"):
        response = client.post(url, {**PROFILE, "actor": actor, "actor_q": "secret", "find_actor": "1"})
        assert response.status_code == 200 and "Brouillon Secret" not in response.content.decode()


def test_a_draft_actor_of_someone_else_cannot_be_chosen(client, event, pauline):
    draft = ActorFactory(name_fr="Brouillon", draft=True)
    client.force_login(pauline)
    response = client.post(reverse("events:register", args=[event.slug]), {**PROFILE, "actor": draft.pk})
    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_profile_form_offers_the_meeting_slots_to_mark_unavailable(client, event, karim_reg):
    client.force_login(karim_reg.user)
    page = client.get(reverse("events:profile", args=[event.slug])).content.decode()
    boxes = [f'name="unavailable_slots" value="{slot.pk}"' for slot in event.meeting_slots()]
    assert boxes and all(box in page for box in boxes)


@pytest.mark.parametrize("field", ["unavailable_slots", "offer_terms", "seek_terms"])
@pytest.mark.parametrize("value", ["99999999999999999999", "-99999999999999999999"])
def test_profile_refuses_an_id_too_large_for_the_database_with_a_message(client, event, karim_reg, field, value):
    client.force_login(karim_reg.user)
    response = client.post(reverse("events:profile", args=[event.slug]), {**PROFILE, field: [value]})
    assert response.status_code == 200
    assert "n’est pas une valeur correcte" in response.content.decode()


def test_raising_the_capacity_admits_the_waiting_list_in_order_and_emails_them(
    client, sophie, event, karim, omar, pauline, django_capture_on_commit_callbacks, mailoutbox
):
    event.capacity = 1
    event.save()
    RegistrationFactory(event=event, user=karim)
    omar_reg = RegistrationFactory(event=event, user=omar, status=RegistrationStatus.WAITING)
    pauline_reg = RegistrationFactory(event=event, user=pauline, status=RegistrationStatus.WAITING)
    client.force_login(sophie)
    form = {
        "slug": event.slug,
        "title_fr": event.title_fr,
        "starts_on": event.starts_on.isoformat(),
        "ends_on": event.ends_on.isoformat(),
        "time_zone": event.time_zone,
        "city": event.city,
        "tables": event.tables,
        "capacity": "2",
        "registration_open": "on",
        "is_published": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:edit", args=[event.slug]), form, follow=True)
    assert "1 personne de la liste d’attente est admise" in response.content.decode()
    omar_reg.refresh_from_db()
    pauline_reg.refresh_from_db()
    assert omar_reg.status == RegistrationStatus.REGISTERED and pauline_reg.status == RegistrationStatus.WAITING
    assert [m.to for m in mailoutbox] == [[omar.email]]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:edit", args=[event.slug]), {**form, "capacity": ""})
    pauline_reg.refresh_from_db()
    assert pauline_reg.status == RegistrationStatus.REGISTERED
    assert [m.to for m in mailoutbox] == [[omar.email], [pauline.email]]


def test_requests_sent_are_headed_sent_not_date_of_sending(client, event, karim_reg):
    client.force_login(karim_reg.user)
    for language, heading in (("fr", ">Envoyées<"), ("ar", ">المرسلة<"), ("en", ">Sent<")):
        with translation.override(language):
            page = client.get(reverse("events:requests", args=[event.slug])).content.decode()
        assert heading in page


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_catalogue_finds_an_actor_by_its_name_in_any_language_whatever_the_page_s(client, event, karim_reg, language):
    karim_reg.actor = ActorFactory(name_fr="Coopérative Zaytoun", name_ar="تعاونية الزيتون", name_en="Olive Coop")
    karim_reg.save()
    with translation.override(language):
        url = reverse("events:participants", args=[event.slug])
    for query in ("Zaytoun", "الزيتون", "Olive Coop"):
        found = client.get(url, {"q": query}).context["page_obj"].object_list
        assert [person.display_name for person in found] == ["Karim"], query


def test_catalogue_isolates_names_and_actors_in_their_own_direction(client, event, karim_reg):
    karim_reg.actor = ActorFactory(name_fr='"Anakyklos" Environmental shop')
    karim_reg.save()
    with translation.override("ar"):
        page = client.get(reverse("events:participants", args=[event.slug])).content.decode()
    assert "<bdi>Karim</bdi>" in page and "<bdi>&quot;Anakyklos&quot; Environmental shop</bdi>" in page


def test_slots_to_mark_unavailable_read_in_the_page_s_language_with_their_times_left_to_right(client, event, karim_reg):
    client.force_login(karim_reg.user)
    first = event.meeting_slots().first()
    with translation.override("ar"):
        page = client.get(reverse("events:profile", args=[event.slug])).content.decode()
        day = formats.date_format(first.local_start(), "l j F")
    assert f"{day} · \u206609:00–09:30\u2069" in page


def ended_yesterday(event):
    """Move ``event`` to end the day before today, today as it is where the event takes place."""
    event.starts_on = event.ends_on = timezone.localdate(timezone=event.zone) - timedelta(days=1)
    event.save()
    return event


def test_registration_is_refused_once_the_event_is_over_even_if_left_open(client, event, fatima):
    ended_yesterday(event)
    assert event.registration_open
    client.force_login(fatima)
    form = client.get(reverse("events:register", args=[event.slug]), follow=True)
    assert form.redirect_chain == [(event.get_absolute_url(), 302)]
    assert "Cet événement est terminé" in form.content.decode()
    response = client.post(reverse("events:register", args=[event.slug]), PROFILE, follow=True)
    assert "Cet événement est terminé: les inscriptions sont fermées." in response.content.decode()
    assert not Registration.objects.exists()


def test_registration_refusal_after_the_event_is_translated_into_arabic(client, event, fatima):
    ended_yesterday(event)
    client.force_login(fatima)
    with translation.override("ar"):
        url = reverse("events:register", args=[event.slug])
    response = client.post(url, PROFILE, follow=True)
    assert "انتهت هذه التظاهرة: التسجيل مغلق." in response.content.decode()
    assert not Registration.objects.exists()


def test_event_page_offers_no_register_button_once_the_event_is_over(client, event, fatima):
    client.force_login(fatima)
    register_url = reverse("events:register", args=[event.slug])
    assert register_url in client.get(event.get_absolute_url()).content.decode()
    ended_yesterday(event)
    page = client.get(event.get_absolute_url()).content.decode()
    assert register_url not in page
    assert "Cet événement est terminé: les inscriptions sont fermées." in page
    listing = client.get(reverse("events:list")).content.decode()
    assert "Inscriptions ouvertes" not in listing


def test_registration_stays_open_on_the_events_last_day(client, event, fatima):
    event.starts_on = event.ends_on = timezone.localdate(timezone=event.zone)
    event.save()
    client.force_login(fatima)
    client.post(reverse("events:register", args=[event.slug]), PROFILE)
    assert Registration.objects.get(user=fatima).status == RegistrationStatus.REGISTERED


@pytest.mark.parametrize(
    ("time_zone", "utc_time", "open_"),
    [
        # 21:30 UTC on the last day: 23:30 in Paris (the server), already 00:30 the next day in Beirut.
        ("Asia/Beirut", "21:30", False),
        # 22:30 UTC: 00:30 the next day in Paris (the server), still 23:30 of the last day in Casablanca.
        ("Africa/Casablanca", "22:30", True),
    ],
)
def test_the_last_day_ends_at_midnight_where_the_event_takes_place(
    client, fatima, settings, monkeypatch, time_zone, utc_time, open_
):
    settings.TIME_ZONE = "Europe/Paris"
    last_day = date(2030, 6, 10)
    event = EventFactory(starts_on=last_day, ends_on=last_day, time_zone=time_zone)
    hour, minute = map(int, utc_time.split(":"))
    monkeypatch.setattr(timezone, "now", lambda: datetime(2030, 6, 10, hour, minute, tzinfo=UTC))
    client.force_login(fatima)
    client.post(reverse("events:register", args=[event.slug]), PROFILE)
    assert Registration.objects.filter(user=fatima).exists() is open_


def test_api_says_registration_is_closed_once_the_event_is_over(client, event):
    assert client.get(f"/api/events/{event.slug}").json()["registration_open"] is True
    ended_yesterday(event)
    assert client.get(f"/api/events/{event.slug}").json()["registration_open"] is False


@pytest.mark.parametrize(
    ("lang", "offers_in_french", "seeks_in_arabic"),
    [
        ("fr", "Ce que j'offre (Français)", "Ce que je cherche (Arabe)"),
        ("ar", "ما أعرضه (الفرنسية)", "ما أبحث عنه (العربية)"),
        ("en", "What I offer (French)", "What I seek (Arabic)"),
    ],
)
def test_profile_form_labels_name_the_language_in_words_not_codes(
    client, event, fatima, lang, offers_in_french, seeks_in_arabic
):
    client.force_login(fatima)
    with translation.override(lang):
        url = reverse("events:register", args=[event.slug])
    response = client.get(url)
    html = response.content.decode()
    for code in ("fr", "ar", "en"):
        assert f"[{code}]" not in html
    fields = response.context["form"].fields
    assert (str(fields["offers_fr"].label), str(fields["seeks_ar"].label)) == (offers_in_french, seeks_in_arabic)
    assert re.search(rf'<label class="form-label" for="id_offers_fr">\s*{re.escape(escape(offers_in_french))}\s', html)


def test_event_form_labels_name_the_language_in_words_not_codes(client, event, sophie):
    client.force_login(sophie)
    html = client.get(reverse("events:edit", args=[event.slug])).content.decode()
    assert "[fr]" not in html and "[ar]" not in html and "[en]" not in html
    assert "Titre (Arabe)" in html


def test_past_events_are_paginated_with_every_one_reachable(client, db):
    today = timezone.localdate()
    for n in range(1, 27):  # more than a page
        EventFactory(title_fr=f"Salon passé {n:02d}", starts_on=today - timedelta(days=n))
    first = client.get(reverse("events:list")).content.decode()
    assert first.count("Salon passé") == 24
    assert "Salon passé 01" in first and "Salon passé 25" not in first
    assert "?page=2#past-events" in first
    second = client.get(reverse("events:list"), {"page": 2}).content.decode()
    assert "Salon passé 25" in second and "Salon passé 26" in second and "Salon passé 01" not in second


def test_past_events_have_an_empty_state(client, event):
    page = client.get(reverse("events:list")).content.decode()
    assert "Événements passés" in page
    assert "Aucun événement n’a encore eu lieu." in page


def test_arabic_event_page_separates_venue_and_address_with_arabic_commas(client, event):
    event.venue_fr, event.venue_ar = "Palais des congrès", "قصر المؤتمرات"
    event.address = "Boulevard Mohammed VI"
    event.save()
    with translation.override("ar"):
        arabic = client.get(event.get_absolute_url()).content.decode()
    assert "قصر المؤتمرات</span>، " in arabic and "Boulevard Mohammed VI</span>، " in arabic
    assert "</span>, " not in arabic
    french = client.get(event.get_absolute_url()).content.decode()
    assert "Palais des congrès</span>, " in french and "Boulevard Mohammed VI</span>, " in french
