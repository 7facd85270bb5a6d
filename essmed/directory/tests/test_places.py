"""An actor is found by the names of its place in every language (places.py): country, region, province and
commune, whether it was saved on the platform or imported, and again after a territory is renamed."""

from __future__ import annotations

import pytest

from essmed.directory.actions import refresh_search_documents
from essmed.directory.models import Actor
from essmed.directory.places import PlaceTerms, place_terms
from essmed.directory.tests.factories import ActorFactory
from essmed.directory.tests.test_import import csv_bytes, directory, rows, run
from essmed.directory.text import indexed_terms

__all__ = ["directory"]  # the fixture of the import's tests: countries and taxonomies

from essmed.territories.tests.factories import CommuneFactory, CountryFactory, DivisionFactory, RegionFactory


def test_place_terms_are_the_indexed_terms_of_every_name_once():
    assert place_terms(["Oriental", "الشرق", "Oriental", ""]) == ("oriental", *indexed_terms("الشرق"))


@pytest.fixture
def berkane(db):
    morocco = CountryFactory(code="MA")
    oriental = RegionFactory(slug="oriental", name_fr="Oriental", name_ar="الشرق", name_en="Oriental", country=morocco)
    province = DivisionFactory(region=oriental, name_fr="Berkane", name_ar="بركان", name_en="Berkane")
    return CommuneFactory(division=province, name="Berkane", name_fr="Berkane", name_ar="بركان", name_en="Berkane")


def zaytoun(commune, **fields):
    division = commune.division
    return ActorFactory(
        name_fr="Coopérative Zaytoun",
        description_fr="Huile d'olive.",
        country=division.region.country,
        region=division.region,
        division=division,
        commune=commune,
        **fields,
    )


def api_names(client, query):
    return [item["name"] for item in client.get("/api/actors", {"q": query}).json()["items"]]


def test_an_arabic_search_finds_a_french_cooperative_by_the_arabic_name_of_its_town(client, berkane):
    zaytoun(berkane)
    ActorFactory(name_fr="Coopérative de Nador", country=berkane.division.region.country)
    assert api_names(client, "تعاونية بركان") == []  # «تعاونية» is in no text: the words are all required
    assert api_names(client, "Zaytoun بركان") == ["Coopérative Zaytoun"]
    assert api_names(client, "coopérative الشرق") == ["Coopérative Zaytoun"]


def test_the_country_name_in_any_language_finds_its_actors(client, berkane):
    zaytoun(berkane)
    ActorFactory(name_fr="Coopérative de Sète", country=CountryFactory(code="FR"))
    assert api_names(client, "coopérative Maroc") == ["Coopérative Zaytoun"]
    assert api_names(client, "coopérative المغرب") == ["Coopérative Zaytoun"]
    assert api_names(client, "cooperative Morocco") == ["Coopérative Zaytoun"]
    assert sorted(api_names(client, "coopérative")) == ["Coopérative Zaytoun", "Coopérative de Sète"]


def test_the_list_page_finds_the_actor_by_its_region_in_arabic(client, berkane):
    zaytoun(berkane)
    page = client.get("/ar/actors/", {"q": "الشرق"}).content.decode()
    assert "Coopérative Zaytoun" in page


def test_an_imported_actor_is_found_by_its_town_in_arabic_as_a_saved_one_is(client, directory, berkane):
    run(csv_bytes(rows(1, Locality="Berkane")), publish=True)
    imported = Actor.objects.get()
    assert imported.commune == berkane
    assert "بركان" in imported.search_document.split()
    stored = imported.search_document
    imported.save()  # the document saved on the platform is the one the importer wrote
    imported.refresh_from_db()
    assert imported.search_document == stored
    assert api_names(client, "بركان") == [imported.name]


def test_importing_the_same_file_again_changes_nothing(directory, berkane):
    data = csv_bytes(rows(2, Locality="Berkane"))
    run(data)
    summary, _reports = run(data)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 2)


def test_renaming_a_commune_refreshes_its_actors_documents(client, berkane, django_capture_on_commit_callbacks):
    actor = zaytoun(berkane)
    other = ActorFactory(name_fr="Coopérative de Nador", country=berkane.division.region.country)
    with django_capture_on_commit_callbacks(execute=True):
        berkane.name_ar = "أبركان"
        berkane.save()
    actor.refresh_from_db()
    assert "ابركان" in actor.search_document.split()
    assert api_names(client, "أبركان") == ["Coopérative Zaytoun"]
    assert other.search_document == Actor.objects.get(pk=other.pk).search_document


def test_saving_a_territory_without_renaming_it_refreshes_nothing(berkane, django_capture_on_commit_callbacks):
    zaytoun(berkane)
    with django_capture_on_commit_callbacks() as callbacks:
        berkane.code = "COM_X"
        berkane.save()
    assert callbacks == []


def test_stale_documents_are_computed_again_and_counted(berkane):
    actor = zaytoun(berkane)
    fresh = actor.search_document
    Actor.objects.filter(pk=actor.pk).update(search_document="cooperative zaytoun")
    assert refresh_search_documents(Actor.objects.filter(country__code="MA")) == 1
    assert Actor.objects.get(pk=actor.pk).search_document == fresh
    assert refresh_search_documents(Actor.objects.all()) == 0


def test_documents_computed_with_the_names_read_once_equal_those_read_through_links(berkane):
    actor = zaytoun(berkane)
    saved = actor.search_document
    actor.refresh_keys(PlaceTerms.from_database())
    assert actor.search_document == saved
    assert refresh_search_documents(Actor.objects.all()) == 0


def test_an_actor_without_a_place_beyond_its_country(db):
    actor = ActorFactory(name_fr="Atelier", country=CountryFactory(code="TN"))
    assert actor.search_document.split()[0] == "atelier"
    assert set(place_terms([actor.country.name_fr, actor.country.name_ar])) <= set(actor.search_document.split())
