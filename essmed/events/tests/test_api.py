from __future__ import annotations

from essmed.events.tests.factories import EventFactory, RegistrationFactory


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
