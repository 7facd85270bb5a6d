"""The search of an event's participants runs in the database, over texts each registration keeps folded
(``Registration.search_*``): the same answers as the folding in Python (``desk.matches``) on SQLite and PostgreSQL,
kept current when a person, a profile or an actor changes, and for what changes without a signal (registrations
created in bulk, an actor renamed by an import or deleted)."""

from __future__ import annotations

import importlib
from types import SimpleNamespace
from unittest import mock

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.urls import reverse
from django.utils import translation

from essmed.accounts.tests.factories import UserFactory
from essmed.directory.actions import merge_duplicates
from essmed.directory.models import Actor, ActorStatus, DuplicateCandidate
from essmed.directory.tests.factories import ActorFactory
from essmed.events import desk
from essmed.events.access import with_actor_shown
from essmed.events.models import SEARCH_FIELDS, Registration
from essmed.events.tests.factories import RegistrationFactory


def _catalogue(client, event, query):
    response = client.get(reverse("events:participants", args=[event.slug]), {"q": query})
    assert response.status_code == 200
    return sorted(person.display_name for person in response.context["page_obj"].object_list)


def _api(client, event, query):
    data = client.get(f"/api/events/{event.slug}/participants", {"q": query, "page_size": 100}).json()
    return sorted(row["name"] for row in data["results"])


def _desk(client, event, query):
    with translation.override("en"):
        url = reverse("events:checkin", args=[event.slug])
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return sorted(person.display_name for person in response.context["page_obj"].object_list)


@pytest.fixture
def fair(event, coop):
    """Nadia represents the Zaytoun women's cooperative (named in three languages, Arabic with its vowel marks) and
    offers olive oil; Hélène offers «Économie circulaire» in French and seeks «موزعين» in Arabic; Badr represents
    a network the tests hide from the directory (its members: the coop's)."""
    zaytoun = ActorFactory(
        name_fr="Coopérative féminine Zaytoun",
        name_ar="تَعَاوُنِيَّةُ الزَّيْتُونِ النِّسَائِيَّة",
        name_en="Zaytoun Women's Cooperative",
        acronym="CFZ",
        legal_name="SCA Zaytoun",
    )
    hidden = ActorFactory(name_fr="Réseau caché", name_ar="شبكة مخفية", name_en="Hidden Network", organisation=coop)
    RegistrationFactory(event=event, actor=zaytoun, user__full_name="Nadia Benali", offers_fr="Huile d'olive")
    RegistrationFactory(
        event=event,
        user__full_name="Hélène Dupré",
        offers_fr="Économie circulaire",
        seeks_fr="",
        seeks_ar="موزعين في أوروبا",
    )
    RegistrationFactory(event=event, actor=hidden, user__full_name="Badr", offers_fr="Tissage", seeks_fr="")
    return {"zaytoun": zaytoun, "hidden": hidden}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ZAYTOUN", ["Nadia Benali"]),  # case
        ("cooperative feminine", ["Nadia Benali"]),  # accents
        ("HÉLÈNE dupre", ["Hélène Dupré"]),
        ("economie", ["Hélène Dupré"]),  # what one offers
        ("œconomie", []),  # a ligature is folded, and «oeconomie» is no word of theirs
        ("تعاونية الزيتون", ["Nadia Benali"]),  # the Arabic name without its vowel marks
        ("الزّيتون", ["Nadia Benali"]),  # with one of them
        ("التعاونيات", ["Nadia Benali"]),  # the article and a plural: by their light stem
        ("ـالزيـتون", ["Nadia Benali"]),  # tatweel
        ("الموزعين", ["Hélène Dupré"]),  # what one seeks, in Arabic, with the article
        ("aytoun", ["Nadia Benali"]),  # a part of a word
        ("cfz", ["Nadia Benali"]),  # the acronym
        ("sca", ["Nadia Benali"]),  # the legal name
        ("women's", ["Nadia Benali"]),  # a word with an apostrophe, as typed
        ("coopératives", ["Nadia Benali"]),  # the stem of a French plural
        ("100%", []),  # LIKE's wildcards are plain characters
        ("_", []),
    ],
)
def test_catalogue_and_api_find_participants_whatever_the_accents_case_and_arabic_marks(
    client, event, fair, query, expected
):
    assert _catalogue(client, event, query) == expected
    assert _api(client, event, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nadia zaytoun", ["Nadia Benali"]),  # one word in the name, one in the actor's
        ("nadia olive", ["Nadia Benali"]),  # one in the name, one in the profile
        ("zaytoun olive benali", ["Nadia Benali"]),
        ("nadia economie", []),  # each word found, but not in one participant's texts
        ("zaytoun introuvable", []),
        ("hélène économie موزعين", ["Hélène Dupré"]),
    ],
)
def test_every_word_of_the_search_must_be_found_in_one_participant_s_texts(client, event, fair, query, expected):
    assert _catalogue(client, event, query) == expected
    assert _api(client, event, query) == expected


@pytest.mark.parametrize("status", [ActorStatus.DRAFT, ActorStatus.ARCHIVED])
def test_a_hidden_actor_s_names_find_its_participants_only_for_those_who_may_see_it(
    client, event, fair, sophie, status
):
    fair["hidden"].status = status
    fair["hidden"].save()
    for query in ("réseau caché", "شبكة", "hidden network", "badr hidden"):
        assert _catalogue(client, event, query) == []
        assert _api(client, event, query) == []
    assert _catalogue(client, event, "badr tissage") == ["Badr"]  # their own name and profile still do
    client.force_login(sophie)  # programme staff see every actor
    assert _catalogue(client, event, "badr hidden") == ["Badr"]
    assert _desk(client, event, "شبكة مخفية") == ["Badr"]


def test_a_renamed_person_is_found_under_their_new_name_only(client, event, fair):
    nadia = Registration.objects.get(user__full_name="Nadia Benali").user
    client.force_login(nadia)
    with translation.override("fr"):
        url = reverse("accounts:profile")
    response = client.post(url, {"full_name": "Nadia El Amrani", "preferred_language": "fr"})
    assert response.status_code == 302
    # The stored texts follow at once: the search has nothing to catch up with.
    assert Registration.objects.filter(event=event).refresh_search() == 0
    client.logout()
    assert _catalogue(client, event, "el amrani") == ["Nadia El Amrani"]
    assert _catalogue(client, event, "benali") == []
    assert _api(client, event, "nadia amrani zaytoun") == ["Nadia El Amrani"]


def test_the_desk_does_not_search_what_participants_offer_and_seek(client, event, fair, sophie):
    client.force_login(sophie)
    assert _desk(client, event, "économie") == []
    assert _desk(client, event, "موزعين") == []
    assert _desk(client, event, "hélène") == ["Hélène Dupré"]
    assert _desk(client, event, "zaytoun nadia") == ["Nadia Benali"]
    assert _catalogue(client, event, "économie") == ["Hélène Dupré"]


def test_a_participant_who_changes_profile_and_actor_is_found_by_the_new_ones(client, event, fair):
    registration = Registration.objects.get(user__full_name="Hélène Dupré")
    registration.actor = fair["zaytoun"]
    registration.offers_fr = "Tourisme solidaire"
    registration.save()
    assert _catalogue(client, event, "helene zaytoun tourisme") == ["Hélène Dupré"]
    assert _catalogue(client, event, "circulaire") == []


def test_participants_are_found_under_their_actor_s_new_names_and_a_merged_actor_s(client, event, fair):
    zaytoun = fair["zaytoun"]
    zaytoun.name_fr = "Coopérative Tifaout"
    zaytoun.save()
    assert _catalogue(client, event, "tifaout") == ["Nadia Benali"]
    assert _catalogue(client, event, "feminine") == []
    other = ActorFactory(name_fr="Association Arganier")
    RegistrationFactory(event=event, actor=other, user__full_name="Rachid")
    merge_duplicates(DuplicateCandidate.objects.create(actor=zaytoun, other=other, reason="same name"), zaytoun)
    assert _catalogue(client, event, "rachid tifaout") == ["Rachid"]
    assert _catalogue(client, event, "arganier") == []


def test_what_changes_without_a_signal_is_caught_up_at_the_next_search(client, event, fair):
    """An import rewrites an actor's names in SQL, an actor is deleted, registrations are created in bulk."""
    Actor.objects.filter(pk=fair["zaytoun"].pk).update(name_ar="تعاونية أركان", name_en="")
    fair["hidden"].delete()
    Registration.objects.bulk_create(
        [Registration(event=event, user=UserFactory(full_name="Karima"), offers_ar="زيت أركان")]
    )
    assert _catalogue(client, event, "اركان") == ["Karima", "Nadia Benali"]
    assert _catalogue(client, event, "women") == []
    assert _catalogue(client, event, "réseau") == []
    assert Registration.objects.filter(event=event).refresh_search() == 0  # all caught up, once


def test_a_search_folds_the_query_only_not_each_participant_s_texts(client, event, fair):
    for number in range(30):
        RegistrationFactory(event=event, user__full_name=f"Personne {number}")
    with mock.patch.object(desk, "fold_for_search", wraps=desk.fold_for_search) as folding:
        assert _catalogue(client, event, "zaytoun") == ["Nadia Benali"]
    assert folding.call_count == 1


# The same answers as the folding in Python --------------------------------------------------------------------

TEXTS = [
    ("Hélène Dupré", "Économie sociale et solidaire", "Coopérative d'Économie Solidaire"),
    ("Karim Tazi", "Huile d'olive; savon", "جمعية أركان للتنمية"),
    ("يوسف العمراني", "التعاونيات الفلاحية", "Sud-Est Communities Network"),
    ("Claire", "Réseaux sociaux, formations", ""),
    ("Omar", "", "Tourisme équitable / Fair tourism (ATE)"),
    ("Fatima-Zahra", "l'économie des femmes", "تعاونية وجدة"),
]
QUERIES = [
    "economie",
    "économies",
    "sociaux",
    "social",
    "reseau",
    "communities",
    "community",
    "sud-est",
    "sud est",
    "est",
    "l'economie",
    "l",
    "de",
    "التعاونية",
    "تعاونيات",
    "فلاحي",
    "اركان",
    "وجدة",
    "جدة",
    "(ate)",
    "tazi huile",
    "claire formation",
    "fatima femmes",
    "zahra",
    "oujda",
    "e",
]


@pytest.mark.parametrize("viewer", ["anonymous", "staff"])
@pytest.mark.parametrize("profile", [True, False])
def test_the_database_finds_whom_the_folding_in_python_finds(event, sophie, viewer, profile):
    people = {}
    for name, offers, actor_name in TEXTS:
        actor = ActorFactory(name_fr=actor_name, status=ActorStatus.DRAFT if name == "Omar" else ActorStatus.PUBLISHED)
        people[name] = RegistrationFactory(
            event=event, user__full_name=name, actor=actor if actor_name else None, offers_fr=offers, seeks_fr=""
        )
    user = sophie if viewer == "staff" else AnonymousUser()
    registrations = with_actor_shown(Registration.objects.filter(event=event), user)
    for query in QUERIES:
        expected = set()
        for name, offers, actor_name in TEXTS:
            shown = actor_name and (viewer == "staff" or name != "Omar")
            texts = [name, *([offers] if profile else []), *([actor_name] if shown else [])]
            if desk.matches(desk.query_words(query), texts):
                expected.add(name)
        found = {r.user.full_name for r in registrations.matching(query, profile=profile).select_related("user")}
        assert found == expected, query


def test_the_migration_fills_the_search_texts_of_existing_registrations(event, fair):
    Registration.objects.update(**dict.fromkeys(SEARCH_FIELDS, ""))
    migration = importlib.import_module("essmed.events.migrations.0003_registration_search")
    migration.fill(apps, SimpleNamespace(connection=connection))
    nadia = Registration.objects.select_related("user", "actor").get(user__full_name="Nadia Benali")
    assert nadia.search_name == "nadia benali"
    assert "zaytoun" in nadia.search_actor and "تعاونيه" in nadia.search_actor
    assert nadia.search_profile_terms == "huile olive distributeur"
    assert Registration.objects.refresh_search() == 0
