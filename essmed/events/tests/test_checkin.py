"""The check-in desk's search: a person's name, or their organisation's name in any language and script, whatever
the page's language, folded as the directory folds (case, accents, Arabic diacritics and letter variants); a
hidden actor is neither named nor found for an organiser who may not see it (see access.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from essmed.directory.models import ActorStatus
from essmed.directory.tests.factories import ActorFactory
from essmed.events import desk
from essmed.events.tests.factories import RegistrationFactory


def _found(client, event, query, language="fr"):
    with translation.override(language):
        url = reverse("events:checkin", args=[event.slug])
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return {person.display_name for person in response.context["page_obj"].object_list}


@pytest.fixture
def people(event, coop):
    """Nadia represents an actor named in three languages (Arabic with its vowel marks); Rachid another one;
    Badr an actor of the Zaytoun cooperative that tests hide from the directory."""
    zaytoun = ActorFactory(
        name_fr="Coopérative féminine Zaytoun",
        name_ar="تَعَاوُنِيَّةُ الزَّيْتُونِ النِّسَائِيَّة",
        name_en="Zaytoun Women's Cooperative",
        acronym="CFZ",
    )
    argan = ActorFactory(name_fr="Association Arganier", name_ar="جمعية أركان", name_en="Argan Tree Association")
    hidden = ActorFactory(name_fr="Réseau caché", name_ar="شبكة مخفية", name_en="Hidden Network", organisation=coop)
    RegistrationFactory(event=event, actor=zaytoun, user__full_name="Nadia")
    RegistrationFactory(event=event, actor=argan, user__full_name="Rachid")
    RegistrationFactory(event=event, actor=hidden, user__full_name="Badr")
    return {"hidden": hidden}


@pytest.mark.parametrize(
    "query",
    [
        "تعاونية الزيتون",  # without the vowel marks of the name
        "تَعَاوُنِيَّة",  # with them
        "الزّيتون",  # one mark only
        "التعاونية",  # with the article the name lacks
        "Zaytoun Women",
        "women's cooperative",
        "cfz",
    ],
)
def test_french_desk_finds_a_participant_by_their_actor_s_arabic_or_english_name(client, sophie, event, people, query):
    client.force_login(sophie)
    assert _found(client, event, query, "fr") == {"Nadia"}


@pytest.mark.parametrize(
    "query",
    ["Coopérative féminine", "cooperative feminine", "COOPÉRATIVE FÉMININE ZAYTOUN", "Women's", "feminine zayt"],
)
def test_arabic_desk_finds_a_participant_by_their_actor_s_french_or_english_name(client, sophie, event, people, query):
    client.force_login(sophie)
    assert _found(client, event, query, "ar") == {"Nadia"}


def test_arabic_desk_finds_an_arabic_name_written_with_marks_by_a_query_without_them(client, sophie, event, people):
    client.force_login(sophie)
    assert _found(client, event, "أركان", "ar") == {"Rachid"}
    assert _found(client, event, "جَمْعِيَّة ارکان", "ar") == {"Rachid"}  # marks, bare alef, Persian kaf


def test_desk_search_by_person_and_organisation_together_and_by_a_person_s_name_without_accents(
    client, sophie, event, people
):
    RegistrationFactory(event=event, user__full_name="Hélène Dupré")
    client.force_login(sophie)
    assert _found(client, event, "nadia زيتون", "en") == {"Nadia"}
    assert _found(client, event, "helene dupre", "en") == {"Hélène Dupré"}
    assert _found(client, event, "rachid zaytoun", "en") == set()


@pytest.mark.parametrize("status", [ActorStatus.DRAFT, ActorStatus.ARCHIVED])
@pytest.mark.parametrize("language", ["fr", "ar", "en"])
@pytest.mark.parametrize("query", ["Réseau caché", "شبكة مخفية", "Hidden Network"])
def test_desk_does_not_find_a_hidden_actor_by_any_of_its_names_for_an_organiser_who_may_not_see_it(
    client, event, people, youssef, sophie, status, language, query
):
    people["hidden"].status = status
    people["hidden"].save()
    event.organisers.add(youssef)
    client.force_login(youssef)
    assert _found(client, event, query, language) == set()
    client.force_login(sophie)
    assert _found(client, event, query, language) == {"Badr"}


def test_desk_search_pages_its_matches(client, sophie, event):
    actor = ActorFactory(name_fr="Coopérative Atlas", name_ar="تعاونية الأطلس")
    for number in range(55):
        RegistrationFactory(event=event, actor=actor, user__full_name=f"Personne {number:02d}")
    RegistrationFactory(event=event, user__full_name="Zineb")
    client.force_login(sophie)
    with translation.override("en"):
        url = reverse("events:checkin", args=[event.slug])
    first = client.get(url, {"q": "الاطلس"}).context["page_obj"]
    second = client.get(url, {"q": "الاطلس", "page": 2}).context["page_obj"]
    assert first.paginator.count == 55 and len(first.object_list) == 50
    assert [p.display_name for p in second.object_list] == [f"Personne {n}" for n in range(50, 55)]
    assert second.object_list[0].actor_shown


# The matching itself (pure) ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "texts", "expected"),
    [
        ("aytoun", ["Coopérative Zaytoun"], True),  # a part of a word, as the former icontains
        ("ÉCONOMIE", ["economie sociale"], True),
        ("œuvre", ["Les Oeuvres solidaires"], True),
        ("سلام", ["جمعية السَّلَام"], True),
        ("coopératives", ["Coopérative Zaytoun"], True),  # by its stem
        ("التعاونيات", ["تعاونية"], True),
        ("zaytoun argan", ["Coopérative Zaytoun"], False),  # every word must be found
        ("zaytoun", ["", None, "Argan"], False),
        ("", ["anything"], True),
    ],
)
def test_desk_matching(query, texts, expected):
    assert desk.matches(desk.query_words(query), texts) is expected


def test_desk_query_words_are_folded_and_bounded():
    assert desk.query_words("  Hélène\u00a0 DUPRÉ ") == ["helene", "dupre"]
    assert desk.query_words("ــــ") == []  # tatweel only
    assert len("".join(desk.query_words("a" * 500))) == desk.MAX_QUERY_LENGTH
