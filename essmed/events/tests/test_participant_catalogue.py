"""The catalogue of an event's participants and a participant's page name an actor only to those who may see it
(``Actor.objects.visible_to``, as the events API does): a draft or an archive is never named, searched or
offered as a country, except to programme staff and the actor's own members."""

from __future__ import annotations

import pytest
from django.urls import reverse

from essmed.accounts.models import OrganisationKind
from essmed.directory.models import ActorStatus, Term, Vocabulary
from essmed.directory.tests.factories import ActorFactory
from essmed.events.tests.factories import RegistrationFactory
from essmed.territories.tests.factories import CountryFactory


@pytest.fixture
def hidden_actor_event(event, coop):
    """Amal represents a published French actor; Badr a Tunisian association of the Zaytoun cooperative's
    members, about to be hidden from the directory."""
    shown = ActorFactory(name_fr="Coopérative Publiée", country=CountryFactory(code="FR"))
    hidden = ActorFactory(
        name_fr="Association Cachée",
        name_en="Hidden Association",
        country=CountryFactory(code="TN", name="Tunisie"),
        actor_type=OrganisationKind.ASSOCIATION,
        organisation=coop,
    )
    sector = Term.objects.create(vocabulary=Vocabulary.ACTIVITY, code="ICA140", label="Agriculture")
    hidden.sectors.add(sector)
    amal = RegistrationFactory(event=event, actor=shown, user__full_name="Amal")
    badr = RegistrationFactory(event=event, actor=hidden, user__full_name="Badr")
    amal.seek_terms.add(sector)  # a choice of the sector filter, which lists the terms offered or sought
    return {"amal": amal, "badr": badr, "hidden": hidden, "sector": sector}


def _catalogue(client, event, **params):
    response = client.get(reverse("events:participants", args=[event.slug]), params)
    assert response.status_code == 200
    return response


def _names(response):
    return [participant.display_name for participant in response.context["page_obj"].object_list]


def _countries(response):
    return [code for code, _name in response.context["form"].fields["country"].choices if code]


@pytest.mark.parametrize("status", [ActorStatus.DRAFT, ActorStatus.ARCHIVED])
@pytest.mark.parametrize("viewer", ["anonymous", "another participant"])
def test_a_hidden_actor_is_not_named_in_the_catalogue_of_participants(
    client, event, hidden_actor_event, status, viewer
):
    hidden = hidden_actor_event["hidden"]
    hidden.status = status
    hidden.save()
    if viewer == "another participant":
        client.force_login(hidden_actor_event["amal"].user)
    response = _catalogue(client, event)
    page = response.content.decode()
    assert _names(response) == ["Amal", "Badr"]  # the participant stays listed, without the actor
    assert "Coopérative Publiée" in page and "Cachée" not in page and "Tunisie" not in page
    assert _countries(response) == ["FR"]
    for words in ("Cachée", "hidden association"):
        response = _catalogue(client, event, q=words)
        assert _names(response) == []
        assert "Aucun participant ne correspond" in response.content.decode()
    assert _names(_catalogue(client, event, q="Publiée")) == ["Amal"]
    assert _names(_catalogue(client, event, type=OrganisationKind.ASSOCIATION)) == []
    sector = hidden_actor_event["sector"].pk
    assert _names(_catalogue(client, event, term=sector, side="offers")) == []


@pytest.mark.parametrize("status", [ActorStatus.DRAFT, ActorStatus.ARCHIVED])
def test_a_hidden_actor_is_not_named_on_its_participant_s_page(client, event, hidden_actor_event, status):
    hidden = hidden_actor_event["hidden"]
    hidden.status = status
    hidden.save()
    url = reverse("events:participant", args=[hidden_actor_event["badr"].pk])
    for viewer in (None, hidden_actor_event["amal"].user):
        if viewer is not None:
            client.force_login(viewer)
        page = client.get(url).content.decode()
        assert "Badr" in page
        assert "Cachée" not in page and "Tunisie" not in page and hidden.get_absolute_url() not in page
    page = client.get(reverse("events:participant", args=[hidden_actor_event["amal"].pk])).content.decode()
    assert "Coopérative Publiée" in page


@pytest.mark.parametrize("viewer", ["sophie", "karim"])
def test_staff_and_the_actor_s_own_members_still_see_a_draft_actor_among_participants(
    client, event, hidden_actor_event, viewer, request
):
    hidden = hidden_actor_event["hidden"]
    hidden.status = ActorStatus.DRAFT
    hidden.save()
    client.force_login(request.getfixturevalue(viewer))
    response = _catalogue(client, event)
    assert "Association Cachée" in response.content.decode() and "Tunisie" in response.content.decode()
    assert _countries(response) == ["FR", "TN"]
    assert _names(_catalogue(client, event, q="Cachée")) == ["Badr"]
    assert _names(_catalogue(client, event, country="TN")) == ["Badr"]
    assert _names(_catalogue(client, event, type=OrganisationKind.ASSOCIATION)) == ["Badr"]
    assert _names(_catalogue(client, event, term=hidden_actor_event["sector"].pk, side="offers")) == ["Badr"]
    page = client.get(reverse("events:participant", args=[hidden_actor_event["badr"].pk])).content.decode()
    assert "Association Cachée" in page and "(Tunisie)" in page


@pytest.fixture
def accented_participants(event):
    """Hélène represents a cooperative named with accents in French and with vowel marks in Arabic; Omar offers an
    «économie circulaire» he wrote in French."""
    actor = ActorFactory(
        name_fr="Coopérative d'Économie Solidaire",
        name_ar="تَعَاوُنِيَّة الإقتصاد التضامني",
        name_en="Solidarity Economy Cooperative",
        acronym="CÉS",
    )
    helene = RegistrationFactory(event=event, actor=actor, user__full_name="Hélène Dupré", offers_fr="Café")
    omar = RegistrationFactory(event=event, user__full_name="Omar", offers_fr="Économie circulaire")
    return {"Hélène Dupré": helene, "Omar": omar}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Cooperative", ["Hélène Dupré"]),  # without its accent, and in any case
        ("COOPÉRATIVE", ["Hélène Dupré"]),
        ("cooperatives solidaires", ["Hélène Dupré"]),  # the directory's light stems
        ("Economie", ["Hélène Dupré", "Omar"]),  # an actor's name and what one offers
        ("économie circulaire", ["Omar"]),
        ("helene dupre", ["Hélène Dupré"]),
        ("HÉLÈNE", ["Hélène Dupré"]),
        ("ces", ["Hélène Dupré"]),  # the acronym
        ("cafe", ["Hélène Dupré"]),
        ("تعاونية", ["Hélène Dupré"]),  # without the vowel marks
        ("الاقتصاد", ["Hélène Dupré"]),  # another alef
        ("économie maroc", []),  # every word must be found
    ],
)
def test_catalogue_and_api_match_names_and_profiles_whatever_their_accents_and_case(
    client, event, accented_participants, query, expected
):
    assert _names(_catalogue(client, event, q=query)) == expected
    data = client.get(f"/api/events/{event.slug}/participants", {"q": query}).json()
    assert [row["name"] for row in data["results"]] == expected and data["count"] == len(expected)


def test_catalogue_search_with_accents_still_filters_and_pages(client, event, accented_participants):
    kind = accented_participants["Hélène Dupré"].actor.actor_type
    assert _names(_catalogue(client, event, q="economie", type=kind)) == ["Hélène Dupré"]
    data = client.get(f"/api/events/{event.slug}/participants", {"q": "economie", "page_size": 1, "page": 2}).json()
    assert data["count"] == 2 and [row["name"] for row in data["results"]] == ["Omar"]
