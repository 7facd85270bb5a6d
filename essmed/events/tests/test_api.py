from __future__ import annotations

import pytest

from essmed.directory.models import ActorStatus
from essmed.directory.tests.factories import ActorFactory
from essmed.events.tests.factories import EventFactory, RegistrationFactory
from essmed.territories.tests.factories import CountryFactory


def test_api_lists_published_upcoming_events(client, event):
    EventFactory(is_published=False, title_fr="Brouillon")
    data = client.get("/api/events").json()
    assert [item["slug"] for item in data] == [event.slug]
    assert data[0]["participants"] == 0


def test_api_gives_titles_in_the_asked_language(client, event):
    assert client.get("/api/events", {"lang": "ar"}).json()[0]["title"] == "المعرض الجهوي"
    response = client.get("/api/events", {"lang": "xx"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "lang"


def test_api_event_has_its_slots_in_the_venue_time_zone(client, event):
    data = client.get(f"/api/events/{event.slug}").json()
    assert len(data["slots"]) == 6
    assert data["slots"][0]["starts_at"].startswith(f"{event.starts_on.isoformat()}T09:00:00")


def test_api_draft_event_is_a_404(client, db):
    draft = EventFactory(is_published=False)
    assert client.get(f"/api/events/{draft.slug}").status_code == 404
    assert client.get(f"/api/events/{draft.slug}/participants").status_code == 404


def test_api_catalogue_never_gives_emails(client, event, karim_reg, omar_reg):
    data = client.get(f"/api/events/{event.slug}/participants", {"q": "argan"}).json()
    assert data["count"] == 1 and data["results"][0]["name"] == "Omar"
    assert "example.org" not in str(client.get(f"/api/events/{event.slug}/participants").json())


def test_api_catalogue_validates_its_parameters(client, event):
    response = client.get(f"/api/events/{event.slug}/participants", {"page_size": "1000"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "page_size"


def test_api_catalogue_pages(client, event):
    for _ in range(3):
        RegistrationFactory(event=event)
    data = client.get(f"/api/events/{event.slug}/participants", {"page_size": 2, "page": 2}).json()
    assert data["count"] == 3 and len(data["results"]) == 1


@pytest.mark.parametrize(
    "url", ["/api/events/x%00/participants", "/api/events/x%00", "/api/events/salon-oujda%00/participants"]
)
def test_a_nul_character_in_an_event_identifier_is_a_404_in_json(client, event, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == "Not Found"


@pytest.mark.parametrize("parameter", ["q", "country", "lang"])
def test_a_nul_character_in_a_catalogue_parameter_is_a_400_naming_it(client, event, parameter):
    response = client.get(f"/api/events/{event.slug}/participants?{parameter}=M%00")
    assert response.status_code == 400
    assert [error["parameter"] for error in response.json()["errors"]] == [parameter]


@pytest.mark.parametrize("status", [ActorStatus.DRAFT, ActorStatus.ARCHIVED])
def test_a_draft_or_archived_actor_is_not_named_among_event_participants(client, event, status):
    france = CountryFactory(code="FR")
    shown = ActorFactory(name_fr="Coopérative Publiée", country=france)
    hidden = ActorFactory(name_fr="Coopérative Cachée", country=CountryFactory(code="MA"))
    RegistrationFactory(event=event, actor=shown, user__full_name="Amal")
    registration = RegistrationFactory(event=event, actor=hidden, user__full_name="Badr")
    hidden.status = status
    hidden.save()
    url = f"/api/events/{event.slug}/participants"
    results = {person["name"]: person for person in client.get(url).json()["results"]}
    assert (results["Amal"]["actor"], results["Amal"]["actor_id"], results["Amal"]["country"]) == (
        "Coopérative Publiée",
        shown.pk,
        "FR",
    )
    assert (results["Badr"]["id"], results["Badr"]["actor"], results["Badr"]["actor_id"]) == (
        registration.pk,
        None,
        None,
    )
    assert results["Badr"]["country"] is None
    assert "Cachée" not in client.get(url).content.decode()
    assert client.get(url, {"q": "Cachée"}).json()["count"] == 0
    assert client.get(url, {"q": "Publiée"}).json()["count"] == 1
    assert client.get(url, {"country": "MA"}).json()["count"] == 0
    assert client.get(f"/api/actors/{hidden.pk}").status_code == 404


def test_programme_staff_see_the_draft_actor_of_a_participant_as_on_its_page(client, event, sophie):
    hidden = ActorFactory(name_fr="Coopérative en brouillon", draft=True)
    RegistrationFactory(event=event, actor=hidden)
    client.force_login(sophie)
    (person,) = client.get(f"/api/events/{event.slug}/participants").json()["results"]
    assert (person["actor"], person["actor_id"]) == ("Coopérative en brouillon", hidden.pk)
    assert client.get(f"/api/actors/{hidden.pk}").status_code == 200


def test_the_events_api_answers_head(client, event):
    for url in ("/api/events", f"/api/events/{event.slug}", f"/api/events/{event.slug}/participants"):
        response = client.head(url)
        assert (response.status_code, response.content) == (200, b""), url


def test_the_events_api_refuses_a_parameter_given_twice_and_takes_an_empty_one_as_absent(client, event):
    response = client.get(f"/api/events/{event.slug}/participants", {"page": ["1", "2"]})
    assert response.status_code == 400
    assert response.json()["errors"] == [{"parameter": "page", "reason": "give one value only"}]
    assert client.get("/api/events", {"when": "", "lang": ""}).json()[0]["slug"] == event.slug


def test_the_events_api_gives_its_error_reasons_in_the_language_asked(client, event):
    response = client.get("/api/events", {"lang": "xx"}, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.json()["errors"] == [
        {"parameter": "lang", "reason": "لغة غير معروفة، استعمل إحدى هذه اللغات: fr, ar, en"}
    ]


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_api_catalogue_finds_an_actor_by_its_name_in_any_language(client, event, karim_reg, omar_reg, lang):
    karim_reg.actor = ActorFactory(name_fr="Coopérative Zaytoun", name_ar="تعاونية الزيتون", name_en="Olive Coop")
    karim_reg.save()
    for query in ("Zaytoun", "الزيتون", "Olive Coop"):
        data = client.get(f"/api/events/{event.slug}/participants", {"q": query, "lang": lang}).json()
        assert [item["name"] for item in data["results"]] == ["Karim"], query
