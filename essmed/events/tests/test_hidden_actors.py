"""A participant's actor hidden from the directory (a draft or an archive) is named, linked or offered only to
those who may see it (``Actor.objects.visible_to``): in the meeting requests, their emails, the agenda (page,
calendar and PDF), the organisers' table plan and check-in desk, and the profile form. Programme staff and the
actor's own members still see it. The catalogue and the participant's page are tested in
test_participant_catalogue.py."""

from __future__ import annotations

import icalendar
import pytest
import weasyprint
from django.urls import reverse

from essmed.directory.models import ActorStatus
from essmed.directory.tests.factories import ActorFactory
from essmed.events.forms import KEEP_ACTOR
from essmed.events.models import Meeting, MeetingRequest, Registration, RequestStatus
from essmed.events.tests.factories import MeetingRequestFactory, RegistrationFactory

PROFILE = {"offers_fr": "Huile d'olive bio", "seeks_fr": "Épiceries solidaires", "availability": "any"}
HIDDEN = [ActorStatus.DRAFT, ActorStatus.ARCHIVED]


@pytest.fixture
def people(event, coop):
    """Amal represents a published actor; Badr an association of the Zaytoun cooperative (Karim and Fatima are
    its members, Badr is not), which the tests hide from the directory."""
    shown = ActorFactory(name_fr="Coopérative Publiée")
    hidden = ActorFactory(name_fr="Association Cachée", organisation=coop)
    amal = RegistrationFactory(event=event, actor=shown, user__full_name="Amal")
    badr = RegistrationFactory(event=event, actor=hidden, user__full_name="Badr")
    return {"amal": amal, "badr": badr, "hidden": hidden}


def _hide(actor, status):
    actor.status = status
    actor.save()


def _meeting(event, requester, recipient, table=3):
    request = MeetingRequestFactory(requester=requester, recipient=recipient, status=RequestStatus.ACCEPTED)
    return Meeting.objects.create(request=request, slot=event.meeting_slots().first(), table=table)


def _page(client, name, *args, **params):
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200
    return response.content.decode()


def _calendar_summaries(client, event):
    response = client.get(reverse("events:agenda_ics", args=[event.slug]))
    return [str(item["SUMMARY"]) for item in icalendar.Calendar.from_ical(response.content).walk("VEVENT")]


@pytest.fixture
def printed(monkeypatch):
    """The HTML pages the agenda's PDF is printed from."""
    pages: list[str] = []
    real = weasyprint.HTML

    def spy(*args, **kwargs):
        pages.append(kwargs["string"])
        return real(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", spy)
    return pages


def _actor_choices(response):
    return [(str(value), str(label)) for value, label in response.context["form"].fields["actor"].widget.choices]


# Meeting requests -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", HIDDEN)
@pytest.mark.parametrize("side", ["received", "sent"])
def test_request_row_does_not_name_the_other_side_s_hidden_actor(client, event, people, status, side):
    amal, badr = people["amal"], people["badr"]
    if side == "received":
        MeetingRequestFactory(requester=badr, recipient=amal)
    else:
        MeetingRequestFactory(requester=amal, recipient=badr)
    _hide(people["hidden"], status)
    client.force_login(amal.user)
    page = _page(client, "events:requests", event.slug)
    assert "Badr" in page and badr.get_absolute_url() in page
    assert "Cachée" not in page and people["hidden"].get_absolute_url() not in page
    client.force_login(badr.user)
    assert "Coopérative Publiée" in _page(client, "events:requests", event.slug)


def test_request_rows_still_name_a_draft_actor_to_its_own_members(client, event, people, karim_reg):
    MeetingRequestFactory(requester=karim_reg, recipient=people["badr"])
    _hide(people["hidden"], ActorStatus.DRAFT)
    client.force_login(karim_reg.user)
    assert "Association Cachée" in _page(client, "events:requests", event.slug)


def test_a_refused_request_form_does_not_name_the_recipient_s_hidden_actor(client, people):
    _hide(people["hidden"], ActorStatus.ARCHIVED)
    client.force_login(people["amal"].user)
    response = client.post(reverse("events:request_create", args=[people["badr"].pk]), {"priority": "2"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Badr" in page and "Cachée" not in page


@pytest.mark.parametrize("status", HIDDEN)
def test_request_email_does_not_name_the_requester_s_hidden_actor(
    client, people, status, django_capture_on_commit_callbacks, mailoutbox
):
    _hide(people["hidden"], status)
    client.force_login(people["badr"].user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:request_create", args=[people["amal"].pk]), {"message": "Bonjour", "priority": "2"})
    assert MeetingRequest.objects.get().requester == people["badr"]
    assert mailoutbox[0].to == [people["amal"].user.email]
    assert "Badr" in mailoutbox[0].body and "Cachée" not in mailoutbox[0].body


def test_request_email_still_names_a_published_requester_actor(
    client, people, django_capture_on_commit_callbacks, mailoutbox
):
    _hide(people["hidden"], ActorStatus.ARCHIVED)
    client.force_login(people["amal"].user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:request_create", args=[people["badr"].pk]), {"message": "Bonjour", "priority": "2"})
    assert "Amal (Coopérative Publiée)" in mailoutbox[0].body


# Agenda -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", HIDDEN)
def test_agenda_page_calendar_and_pdf_do_not_name_the_other_party_s_hidden_actor(
    client, event, people, status, printed
):
    _meeting(event, people["amal"], people["badr"])
    _hide(people["hidden"], status)
    client.force_login(people["amal"].user)
    page = _page(client, "events:agenda", event.slug)
    assert "Badr" in page and "Cachée" not in page
    assert _calendar_summaries(client, event) == ["Rendez-vous avec Badr"]
    assert client.get(reverse("events:agenda_pdf", args=[event.slug])).content.startswith(b"%PDF")
    assert "Badr" in printed[-1] and "Cachée" not in printed[-1]


@pytest.mark.parametrize("status", HIDDEN)
def test_agenda_pdf_does_not_name_one_s_own_hidden_actor_to_a_non_member(client, event, people, status, printed):
    _meeting(event, people["amal"], people["badr"])
    _hide(people["hidden"], status)
    client.force_login(people["badr"].user)
    assert "Coopérative Publiée" in _page(client, "events:agenda", event.slug)
    assert _calendar_summaries(client, event) == ["Rendez-vous avec Amal (Coopérative Publiée)"]
    client.get(reverse("events:agenda_pdf", args=[event.slug]))
    assert "Badr" in printed[-1] and "Coopérative Publiée" in printed[-1] and "Cachée" not in printed[-1]


def test_agenda_still_names_a_draft_actor_to_its_own_members(client, event, people, karim_reg, printed):
    _meeting(event, karim_reg, people["badr"])
    _hide(people["hidden"], ActorStatus.DRAFT)
    client.force_login(karim_reg.user)
    assert "Association Cachée" in _page(client, "events:agenda", event.slug)
    assert _calendar_summaries(client, event) == ["Rendez-vous avec Badr (Association Cachée)"]
    client.get(reverse("events:agenda_pdf", args=[event.slug]))
    assert "Association Cachée" in printed[-1]


# The organisers' pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", HIDDEN)
def test_table_plan_names_a_hidden_actor_only_to_organisers_who_may_see_it(
    client, event, people, status, youssef, sophie
):
    event.organisers.add(youssef)  # an advisor of another organisation: not programme staff
    _meeting(event, people["amal"], people["badr"], table=4)
    _hide(people["hidden"], status)
    client.force_login(youssef)
    page = _page(client, "events:table_plan", event.slug)
    assert "Badr" in page and "Coopérative Publiée" in page and "Cachée" not in page
    client.force_login(sophie)
    assert "(<bdi>Association Cachée</bdi>)" in _page(client, "events:table_plan", event.slug)


@pytest.mark.parametrize("status", HIDDEN)
def test_check_in_desk_neither_names_nor_finds_a_hidden_actor_for_an_organiser_who_may_not_see_it(
    client, event, people, status, youssef
):
    event.organisers.add(youssef)
    _hide(people["hidden"], status)
    client.force_login(youssef)
    page = _page(client, "events:checkin", event.slug)
    assert "Badr" in page and "Coopérative Publiée" in page and "Cachée" not in page
    assert "Badr" not in _page(client, "events:checkin", event.slug, q="Cachée")
    assert "Amal" in _page(client, "events:checkin", event.slug, q="Publiée")


def test_check_in_desk_names_and_finds_a_hidden_actor_for_programme_staff(client, event, people, sophie):
    _hide(people["hidden"], ActorStatus.ARCHIVED)
    client.force_login(sophie)
    assert "Association Cachée" in _page(client, "events:checkin", event.slug)
    page = _page(client, "events:checkin", event.slug, q="Cachée")
    assert "Badr" in page and "Amal" not in page


# The profile form -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", HIDDEN)
def test_profile_form_does_not_name_a_hidden_actor_of_the_registration_but_keeps_it(client, event, people, status):
    badr, hidden = people["badr"], people["hidden"]
    _hide(hidden, status)
    client.force_login(badr.user)
    url = reverse("events:profile", args=[event.slug])
    response = client.get(url)
    page = response.content.decode()
    assert "Cachée" not in page
    choices = _actor_choices(response)
    assert str(hidden.pk) not in dict(choices)
    assert (KEEP_ACTOR, "Inchangée: l’organisation choisie auparavant, qui n’est plus dans l’annuaire") in choices
    assert response.context["form"]["actor"].value() == KEEP_ACTOR  # the kept value is the one selected
    response = client.post(url, {**PROFILE, "actor": KEEP_ACTOR})
    assert response.status_code == 302
    badr.refresh_from_db()
    assert badr.actor == hidden and badr.offers_fr == "Huile d'olive bio"


def test_profile_form_lets_a_participant_drop_or_replace_a_hidden_actor(client, event, people):
    badr = people["badr"]
    _hide(people["hidden"], ActorStatus.ARCHIVED)
    client.force_login(badr.user)
    url = reverse("events:profile", args=[event.slug])
    assert client.post(url, {**PROFILE, "actor": ""}).status_code == 302
    badr.refresh_from_db()
    assert badr.actor is None
    # Once dropped, the hidden actor is neither offered nor accepted again.
    assert KEEP_ACTOR not in dict(_actor_choices(client.get(url)))
    response = client.post(url, {**PROFILE, "actor": people["hidden"].pk})
    assert response.status_code == 200 and response.context["form"].errors["actor"]
    assert client.post(url, {**PROFILE, "actor": people["amal"].actor.pk}).status_code == 302
    badr.refresh_from_db()
    assert badr.actor == people["amal"].actor


def test_an_archived_actor_of_one_s_own_is_not_offered_as_a_new_choice(client, event, fatima, coop):
    archived = ActorFactory(name_fr="Zaytoun archivée", organisation=coop, archived=True)
    client.force_login(fatima)
    url = reverse("events:register", args=[event.slug])
    response = client.get(url)
    assert "Zaytoun archivée" not in response.content.decode()
    assert [value for value, _label in _actor_choices(response)] == [""]
    response = client.post(url, {**PROFILE, "actor": archived.pk})
    assert response.status_code == 200 and response.context["form"].errors["actor"]
    assert not Registration.objects.exists()
    archived.status = ActorStatus.DRAFT  # one's own draft stays a choice
    archived.save()
    assert (str(archived.pk), "Zaytoun archivée") in _actor_choices(client.get(url))
    client.post(url, {**PROFILE, "actor": archived.pk})
    assert Registration.objects.get(user=fatima).actor == archived


def test_the_kept_value_chooses_no_actor_for_a_new_registration(client, event, pauline):
    client.force_login(pauline)
    response = client.post(reverse("events:register", args=[event.slug]), {**PROFILE, "actor": KEEP_ACTOR})
    assert response.status_code == 200 and response.context["form"].errors["actor"]
    assert not Registration.objects.exists()


def test_a_member_still_sees_and_keeps_the_archived_actor_of_their_registration(client, event, people, karim):
    hidden = people["hidden"]
    registration = RegistrationFactory(event=event, user=karim, actor=hidden)
    _hide(hidden, ActorStatus.ARCHIVED)
    client.force_login(karim)
    url = reverse("events:profile", args=[event.slug])
    response = client.get(url)
    assert (str(hidden.pk), "Association Cachée") in _actor_choices(response)
    assert KEEP_ACTOR not in dict(_actor_choices(response))
    assert client.post(url, {**PROFILE, "actor": hidden.pk}).status_code == 302
    registration.refresh_from_db()
    assert registration.actor == hidden
