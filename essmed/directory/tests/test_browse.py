"""The directory's browsing pages (views_browse.py): the list with its search and filters, the actor page, the map
and its points, the offers and requests; in each language, for each kind of visitor."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from essmed.accounts.models import OrganisationKind
from essmed.directory import search as search_module
from essmed.directory import views_browse
from essmed.directory.models import Actor, OfferKind, OfferTopic, Vocabulary
from essmed.directory.tests.factories import ActorFactory, OfferFactory, TermFactory
from essmed.territories.tests.factories import CommuneFactory, CountryFactory, DivisionFactory, RegionFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "ar", "en"]


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode() if status == 200 else response


def card_names(html):
    return re.findall(r'<h3 class="h5 card-title"[^>]*>\s*<a [^>]*>\s*(?:<span[^>]*>)?\s*([^<]+?)\s*<', html)


def translated(lang, message):
    with translation.override(lang):
        return translation.gettext(message)


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.fixture
def zaytoun(coop):
    """The actor of Fatima's and Karim's cooperative, in the Oriental, with texts in three languages."""
    oriental = RegionFactory(
        slug="oriental",
        name_fr="L'Oriental",
        name_ar="جهة الشرق",
        name_en="Oriental",
        country=CountryFactory(code="MA"),
    )
    actor = ActorFactory(
        name_fr="Coopérative agricole Zaytoun",
        name_ar="تعاونية زيتون الفلاحية",
        name_en="Zaytoun farmers cooperative",
        description_fr="Huile d'olive de l'Oriental.",
        description_ar="تعاونية لإنتاج زيت الزيتون",
        description_en="An olive oil cooperative.",
        region=oriental,
        locality="Berkane",
        organisation=coop,
        located=True,
        website="https://zaytoun.example.org/",
        public_email="contact@zaytoun.example.org",
        members_total=30,
        members_women=18,
        members_men=12,
        source="demo",
        source_key="ZAY-1",
        languages="ar, fr",
    )
    return actor


# ---------------------------------------------------------------------------------------------------------
# The list
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_list_shows_published_actors_in_each_language(client, lang, zaytoun):
    ActorFactory(name_fr="Brouillon caché", draft=True)
    ActorFactory(name_fr="Archive cachée", archived=True)
    html = page(client, f"/{lang}/actors/")
    direction = "rtl" if lang == "ar" else "ltr"
    assert f'<html lang="{lang}"\n      dir="{direction}">' in html
    expected = {"fr": zaytoun.name_fr, "ar": zaytoun.name_ar, "en": zaytoun.name_en}[lang]
    assert card_names(html) == [expected]
    assert "Brouillon" not in html and "Archive" not in html
    assert 'role="search"' in html
    assert f'<label class="form-label" for="id_q">\n      {translated(lang, "Words to search")}' in html


def test_a_name_missing_in_the_language_falls_back_with_its_language_marked(client, zaytoun):
    zaytoun.name_en = ""
    zaytoun.save()
    html = page(client, "/en/actors/")
    assert f'<span lang="fr" dir="ltr">{zaytoun.name_fr}</span>' in html


def test_cards_show_type_legal_form_place_sectors_and_offer_badges(client, zaytoun):
    zaytoun.legal_form = TermFactory(
        vocabulary=Vocabulary.LEGAL_FORM, code="MA-COOP", label_en="Cooperative (law 112-12)"
    )
    zaytoun.save()
    zaytoun.sectors.set([TermFactory(code="ICA140", label_en="Agriculture")])
    OfferFactory(actor=zaytoun, kind=OfferKind.OFFER)
    OfferFactory(actor=zaytoun, kind=OfferKind.REQUEST, expires_on=timezone.localdate() - dt.timedelta(days=1))
    html = page(client, "/en/actors/")
    for text in ("Cooperative (law 112-12)", "Berkane", "Oriental", "Morocco", "Agriculture", "Current offers"):
        assert text in html, text
    assert "Current requests" not in html


@pytest.mark.parametrize(
    ("lang", "query"),
    [("ar", "التعاونيات"), ("ar", "تعاونية"), ("fr", "coopérative agricole"), ("en", "olive oil cooperative")],
)
def test_the_done_when_searches_find_the_cooperative(client, lang, query, zaytoun):
    ActorFactory(name_fr="Association culturelle", name_ar="جمعية ثقافية", description_en="Music and theatre.")
    html = page(client, f"/{lang}/actors/?q={query}")
    assert len(card_names(html)) == 1
    assert f"/{lang}/actors/{zaytoun.pk}/" in html
    assert translated(lang, "the most relevant first.") in html


def test_filters_narrow_the_list_and_are_listed_with_a_link_to_remove_each(client, zaytoun):
    ActorFactory(name_fr="Scop occitane", country=CountryFactory(code="FR"))
    ActorFactory(name_fr="Association de Souss", actor_type=OrganisationKind.ASSOCIATION)
    html = page(client, "/en/actors/?country=MA&type=cooperative")
    assert card_names(html) == [zaytoun.name_en]
    assert 'href="/en/actors/?type=cooperative"' in html  # remove the country
    assert 'href="/en/actors/?country=MA"' in html  # remove the type
    assert '<option value="MA" selected>' in html
    assert '<option value="cooperative" selected>' in html


def test_the_filter_form_offers_only_countries_that_have_published_actors(client, zaytoun):
    ActorFactory(name_fr="Brouillon", country=CountryFactory(code="TN"), draft=True)
    CountryFactory(code="IT")
    html = page(client, "/en/actors/")
    assert '<option value="MA"' in html
    assert '<option value="TN"' not in html and '<option value="IT"' not in html
    assert '<option value="oriental"' in html


def test_the_filter_options_are_read_once_then_kept_for_each_language(zaytoun, django_assert_num_queries):
    first = views_browse.filter_options()
    with django_assert_num_queries(1):  # the time of the last actor written, which is part of the key
        assert views_browse.filter_options() == first
    with translation.override("ar"):
        arabic = views_browse.filter_options()
    assert ("MA", zaytoun.country.name_ar) in arabic["country"]
    assert ("MA", zaytoun.country.name_fr) in first["country"]


def test_a_country_shows_in_the_filters_as_soon_as_its_first_actor_is_published(client, amina, zaytoun):
    tunisian = ActorFactory(name_fr="Coopérative de Sfax", country=CountryFactory(code="TN"), draft=True)
    Actor.objects.filter(pk=tunisian.pk).update(updated_at=timezone.now() - dt.timedelta(days=1))
    assert '<option value="TN"' not in page(client, "/en/actors/")
    client.force_login(amina)
    response = client.post(
        "/en/admin/directory/actor/", {"action": "publish", "_selected_action": [tunisian.pk]}, follow=True
    )
    assert response.status_code == 200
    tunisian.refresh_from_db()
    assert tunisian.status == "published" and tunisian.updated_at > timezone.now() - dt.timedelta(minutes=1)
    assert '<option value="TN"' in page(client, "/en/actors/")


@pytest.mark.parametrize("params", ["country=ZZ", "type=bank", "legal_form=L42", "region=atlantis", "offers=maybe"])
def test_an_invalid_filter_value_is_ignored_with_a_visible_note(client, params, zaytoun):
    html = page(client, f"/fr/actors/?{params}")
    assert card_names(html) == [zaytoun.name_fr]
    assert 'class="alert alert-warning" role="alert"' in html
    assert params.split("=")[1] in html


@pytest.mark.parametrize("name", ["country", "region", "type", "legal_form", "sector", "theme"])
def test_a_nul_character_in_a_filter_is_ignored_with_a_note_on_both_engines(client, name, zaytoun):
    for url in (f"/en/actors/?{name}=%00%00", f"/en/actors/map/?{name}=x%00", f"/en/actors/export.csv?{name}=%00"):
        response = client.get(url)
        assert response.status_code in (200, 400), url
    html = page(client, f"/en/actors/?{name}=%00%00")
    assert "this filter was ignored" in html
    assert "\x00" not in html


def test_a_note_is_in_the_language_of_the_page(client, zaytoun):
    html = page(client, "/fr/actors/?country=ZZ")
    with translation.override("fr"):
        note = translation.gettext("“%(value)s” is not a valid value for “%(filter)s”: this filter was ignored.") % {
            "value": "ZZ",
            "filter": translation.gettext("Country"),
        }
    assert note.replace("“", "&ldquo;") in html or note in html


def test_an_empty_result_gives_advice(client, zaytoun):
    html = page(client, "/en/actors/?q=introuvable")
    assert card_names(html) == []
    assert "No actor matches." in html
    assert "Remove every filter and see all the actors" in html
    assert "the most relevant first" not in html  # no order for nothing


def test_the_filter_options_come_in_the_order_people_read_them(client, zaytoun):
    for code, name in (("EG", "Égypte"), ("TR", "Turquie"), ("ES", "Espagne")):
        ActorFactory(country=CountryFactory(code=code, name_fr=name))
    for code in ("ICA290", "ICA20", "ICA100", "ICA10"):
        TermFactory(vocabulary=Vocabulary.ACTIVITY, code=code, label_fr="Tous secteurs" if code == "ICA290" else code)
    html = page(client, "/fr/actors/")
    countries = re.findall(r'<option value="(EG|TR|ES|MA)"', html)
    assert countries == ["EG", "ES", "MA", "TR"]  # Égypte, Espagne, Maroc, Turquie
    assert re.findall(r'<option value="(ICA\d+)"', html) == ["ICA10", "ICA20", "ICA100", "ICA290"]
    assert ">Tous secteurs (acteurs multisectoriels)</option>" in html
    assert ">Coopérative</option>" in html  # the types begin with a capital, as the other options


def test_an_arabic_card_separates_the_place_with_arabic_commas(client, zaytoun):
    html = page(client, "/ar/actors/")
    assert "Berkane</span>، " in html
    assert "Berkane</span>, " in page(client, "/fr/actors/")


def test_pages_of_twenty_keep_the_filters(client, db):
    ActorFactory.create_batch(25, country=CountryFactory(code="MA"))
    first = page(client, "/en/actors/?country=MA")
    assert len(card_names(first)) == 20
    assert "25 actors" in first
    assert 'href="?country=MA&amp;page=2"' in first
    second = page(client, "/en/actors/?country=MA&page=2")
    assert len(card_names(second)) == 5
    assert len(card_names(page(client, "/en/actors/?page=not-a-number"))) == 20
    assert len(card_names(page(client, "/en/actors/?page=999"))) == 5


def test_a_large_result_count_is_capped(client, db, monkeypatch):
    monkeypatch.setattr(search_module, "COUNT_CAP", 3)
    ActorFactory.create_batch(5)
    html = page(client, "/en/actors/")
    assert "More than 3 actors" in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_page_past_the_end_of_an_estimated_count_says_so_and_links_to_the_first(client, db, monkeypatch, lang):
    # PostgreSQL may answer "more than the cap" from a sample; pretend it did for a list of five.
    monkeypatch.setattr(search_module, "COUNT_CAP", 100)  # five pages of twenty
    monkeypatch.setattr(search_module.CappedPaginator, "counted", property(lambda paginator: paginator.cap + 1))
    ActorFactory.create_batch(5)
    html = page(client, f"/{lang}/actors/?page=2&per=x")
    assert card_names(html) == []
    assert translated(lang, "The results end before this page: their number above was an estimate.") in html
    assert 'href="?page=1&amp;per=x"' in html
    assert translated(lang, "No actor matches.") not in html


def test_many_matches_are_said_to_come_newest_first(client, db, monkeypatch):
    monkeypatch.setattr(search_module, "SORT_LIMIT", 1)
    older = ActorFactory(name_fr="Olive ancienne")
    newer = ActorFactory(name_fr="Olive récente")
    html = page(client, "/fr/actors/?q=olive")
    assert card_names(html) == [newer.name_fr, older.name_fr]
    assert translated("fr", "the most relevant first.") not in html


def test_a_short_list_is_alphabetical_and_a_long_one_newest_first(client, db, monkeypatch):
    ActorFactory(name_fr="Zénith")
    ActorFactory(name_fr="Atlas")
    ActorFactory(name_fr="Médina")
    html = page(client, "/en/actors/")
    assert card_names(html) == ["Atlas", "Médina", "Zénith"]
    assert "in alphabetical order." in html
    monkeypatch.setattr(search_module, "SORT_LIMIT", 2)
    html = page(client, "/en/actors/")
    assert card_names(html) == ["Médina", "Atlas", "Zénith"]
    assert "the most recently added first." in html


def test_the_alphabetical_order_follows_the_names_shown_in_the_language_of_the_page(client, db):
    ActorFactory(name_fr="Atlas", name_ar="ياسمين", name_en="Zenith works")
    ActorFactory(name_fr="Zénith", name_ar="أمل", name_en="")  # English: the French name, «Zénith»
    ActorFactory(name_fr="Médina", name_ar="", name_en="Alpha")  # Arabic: the French name, Latin letters first
    assert card_names(page(client, "/fr/actors/")) == ["Atlas", "Médina", "Zénith"]
    assert card_names(page(client, "/en/actors/")) == ["Alpha", "Zenith works", "Zénith"]
    assert card_names(page(client, "/ar/actors/")) == ["Médina", "أمل", "ياسمين"]


def test_the_list_links_the_map_and_the_csv_with_the_same_filters(client, zaytoun):
    html = page(client, "/en/actors/?country=MA&q=olive")
    assert 'href="/en/actors/map/?country=MA&amp;q=olive"' in html
    assert 'href="/en/actors/export.csv?country=MA&amp;q=olive"' in html


def test_signed_in_people_may_add_an_actor_and_staff_moderate(client, zaytoun, pauline, sophie):
    create = reverse("actors:create")
    assert create not in page(client, "/fr/actors/")
    client.force_login(pauline)
    html = page(client, "/fr/actors/")
    assert create in html and reverse("actors:moderation") not in html
    client.force_login(sophie)
    assert reverse("actors:moderation") in page(client, "/fr/actors/")


def test_members_are_reminded_of_their_unpublished_entry(client, coop, karim, omar):
    draft = ActorFactory(name_fr="Zaytoun en attente", organisation=coop, draft=True)
    client.force_login(karim)
    html = page(client, "/fr/actors/")
    assert draft.get_absolute_url() in html
    assert card_names(html) == []
    client.force_login(omar)
    assert draft.get_absolute_url() not in page(client, "/fr/actors/")


def test_the_queries_of_the_list_do_not_grow_with_its_rows(client, db):
    agriculture = TermFactory(code="ICA140")

    def add(count):
        for actor in ActorFactory.create_batch(count, region=RegionFactory()):
            actor.sectors.set([agriculture, TermFactory()])
            OfferFactory(actor=actor)

    add(2)
    few = queries_of(client, "/fr/actors/?q=cooperative")
    add(18)
    assert queries_of(client, "/fr/actors/?q=cooperative") == few


# ---------------------------------------------------------------------------------------------------------
# The actor page
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_actor_page_in_each_language(client, lang, zaytoun):
    html = page(client, f"/{lang}/actors/{zaytoun.pk}/")
    name = {"fr": zaytoun.name_fr, "ar": zaytoun.name_ar, "en": zaytoun.name_en}[lang]
    assert name in html
    assert (
        f'<link rel="alternate"\n        type="application/ld+json"\n        href="/{lang}/actors/{zaytoun.pk}.jsonld">'
        in html
    )
    assert f"/{lang}/actors/{zaytoun.pk}/murmurations.json" in html
    for text in ("Berkane", "https://zaytoun.example.org/", "contact@zaytoun.example.org", "ZAY-1", "demo"):
        assert text in html, text
    assert ">\n                30\n" in html and ">\n                18\n" in html and ">\n                12\n" in html


def test_a_text_shown_in_another_language_is_not_repeated_among_the_other_languages(client, zaytoun):
    zaytoun.name_ar = zaytoun.description_ar = ""
    zaytoun.save()
    html = page(client, f"/ar/actors/{zaytoun.pk}/")
    assert html.count(zaytoun.description_fr.replace("'", "&#x27;")) == 1  # shown as the fallback, not again
    assert f'<dd lang="en" dir="ltr">\n                    {zaytoun.name_en}' in html


def test_the_place_does_not_repeat_a_commune_named_as_its_town_or_province(client, zaytoun):
    division = DivisionFactory(region=zaytoun.region, name="Berkane")
    zaytoun.division, zaytoun.commune = division, CommuneFactory(division=division, name="Berkane")
    zaytoun.save()
    html = page(client, f"/fr/actors/{zaytoun.pk}/")
    place = html[html.index('<address class="mb-2">') : html.index("</address>")]
    assert place.count("Berkane") == 1


def test_the_other_languages_are_given_with_their_language_and_direction(client, zaytoun):
    html = page(client, f"/fr/actors/{zaytoun.pk}/")
    assert f'<dd lang="ar" dir="rtl">\n                    {zaytoun.name_ar}' in html
    assert f'<dd lang="en" dir="ltr">\n                    {zaytoun.name_en}' in html
    assert '<dd lang="fr"' not in html


def test_the_actor_page_gives_the_small_map_its_settings(client, zaytoun, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    html = page(client, f"/fr/actors/{zaytoun.pk}/")
    assert 'data-actor-map="single"' in html
    assert 'data-latitude="34.68"' in html and 'data-longitude="-1.91"' in html
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in html
    assert "world-atlas-2.0.2/countries-50m.json" in html
    zaytoun.latitude = zaytoun.longitude = None
    zaytoun.save()
    assert "data-actor-map" not in page(client, f"/fr/actors/{zaytoun.pk}/")


def test_drafts_are_seen_by_staff_and_own_members_only(client, coop, cast):
    draft = ActorFactory(name_fr="Zaytoun brouillon", organisation=coop, draft=True)
    url = f"/en/actors/{draft.pk}/"
    page(client, url, status=404)
    for who in ("omar", "pauline", "youssef", "dimitris", "thomas"):
        client.force_login(cast[who])
        page(client, url, status=404)
    for who in ("amina", "sophie", "fatima", "karim"):
        client.force_login(cast[who])
        assert "This entry is a draft" in page(client, url)


def test_archived_entries_show_their_status_to_whoever_may_see_them(client, coop, karim):
    archived = ActorFactory(name_fr="Ancienne", organisation=coop, archived=True)
    page(client, f"/en/actors/{archived.pk}/", status=404)
    client.force_login(karim)
    assert "This entry is archived" in page(client, f"/en/actors/{archived.pk}/")


def test_buttons_follow_what_each_person_may_do(client, zaytoun, karim, omar):
    edit = reverse("actors:edit", args=[zaytoun.pk])
    correct = reverse("actors:propose_correction", args=[zaytoun.pk])
    add_offer = reverse("actors:offer_create", args=[zaytoun.pk])
    html = page(client, zaytoun.get_absolute_url())
    assert edit not in html and correct not in html and add_offer not in html
    client.force_login(omar)
    html = page(client, zaytoun.get_absolute_url())
    assert correct in html and edit not in html and add_offer not in html
    client.force_login(karim)
    html = page(client, zaytoun.get_absolute_url())
    assert edit in html and add_offer in html and correct in html


def test_current_offers_are_listed_and_editors_also_see_the_others(client, zaytoun, karim):
    current = OfferFactory(actor=zaytoun, title_en="Partners wanted")
    expired = OfferFactory(
        actor=zaytoun, title_en="Old request", expires_on=timezone.localdate() - dt.timedelta(days=3)
    )
    html = page(client, f"/en/actors/{zaytoun.pk}/")
    assert reverse("actors:offer", args=[current.pk]) in html and "Partners wanted" in html
    assert "Old request" not in html
    client.force_login(karim)
    html = page(client, f"/en/actors/{zaytoun.pk}/")
    assert reverse("actors:offer", args=[expired.pk]) in html
    assert "not shown to the public" in html


def test_networks_shown_are_those_the_visitor_may_see(client, zaytoun):
    public = ActorFactory(name_fr="Réseau public", actor_type=OrganisationKind.NETWORK)
    hidden = ActorFactory(name_fr="Réseau brouillon", actor_type=OrganisationKind.NETWORK, draft=True)
    zaytoun.networks.set([public, hidden])
    html = page(client, f"/fr/actors/{zaytoun.pk}/")
    assert public.get_absolute_url() in html
    assert "Réseau brouillon" not in html


def test_the_queries_of_the_actor_page_do_not_grow_with_its_relations(client, zaytoun):
    url = f"/fr/actors/{zaytoun.pk}/"
    zaytoun.sectors.set([TermFactory()])
    zaytoun.networks.set([ActorFactory(actor_type=OrganisationKind.NETWORK)])
    OfferFactory(actor=zaytoun)
    few = queries_of(client, url)
    zaytoun.sectors.add(*TermFactory.create_batch(5))
    zaytoun.themes.add(*TermFactory.create_batch(3, vocabulary=Vocabulary.THEME))
    zaytoun.networks.add(*ActorFactory.create_batch(4, actor_type=OrganisationKind.NETWORK))
    OfferFactory.create_batch(4, actor=zaytoun)
    assert queries_of(client, url) == few


# ---------------------------------------------------------------------------------------------------------
# The map and its points
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_map_page_in_each_language(client, lang, zaytoun):
    ActorFactory(name_fr="Sans position")
    html = page(client, f"/{lang}/actors/map/?country=MA")
    assert f'data-points-url="/{lang}/actors/map/points.json?country=MA"' in html
    assert 'role="region"' in html and 'aria-describedby="map-summary"' in html
    assert card_names(html) == [{"fr": zaytoun.name_fr, "ar": zaytoun.name_ar, "en": zaytoun.name_en}[lang]]
    assert 'href="#map-list"' in html
    assert f'href="/{lang}/actors/?country=MA"' in html


def test_the_map_summary_counts_actors_and_countries(client, zaytoun):
    ActorFactory(country=CountryFactory(code="FR"), located=True)
    ActorFactory(country=CountryFactory(code="TN"))  # no position: not on the map
    html = page(client, "/en/actors/map/")
    assert "Actors on the map: 2, in 2 countries." in html


def test_the_map_summary_of_one_actor_is_grammatical(client, zaytoun):
    html = page(client, "/en/actors/map/")
    assert "Actors on the map: 1, in 1 country." in html
    assert "عدد الفاعلين على الخريطة: 1، في بلد واحد." in page(client, "/ar/actors/map/")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_map_controls_are_named_in_the_language_of_the_page(client, lang, zaytoun):
    for url in (f"/{lang}/actors/map/", f"/{lang}/actors/{zaytoun.pk}/"):
        html = page(client, url)
        for message, attribute in (("Zoom in", "zoom-in"), ("Zoom out", "zoom-out"), ("Close", "close")):
            assert f'data-text-{attribute}="{translated(lang, message)}"' in html, (url, message)
    assert 'data-text-zoom-in="تكبير"' in page(client, "/ar/actors/map/")


def test_the_map_uses_the_tile_server_when_one_is_set(client, zaytoun, settings):
    settings.MAP_TILE_URL = ""
    assert 'data-tile-url=""' in page(client, "/en/actors/map/")
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Example"
    html = page(client, "/en/actors/map/")
    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in html
    assert 'data-tile-attribution="© Example"' in html


def points(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_points_are_geojson_of_published_located_actors(client, zaytoun):
    ActorFactory(name_fr="Sans position")
    ActorFactory(name_fr="Brouillon", draft=True, located=True)
    answer = points(client, "/ar/actors/map/points.json")
    assert answer["type"] == "FeatureCollection"
    assert answer["capped"] is False
    (feature,) = answer["features"]
    assert feature == {
        "type": "Feature",
        "id": zaytoun.pk,
        "geometry": {"type": "Point", "coordinates": [-1.91, 34.68]},
        "properties": {
            "name": zaytoun.name_ar,
            "type": "cooperative",
            "type_label": feature["properties"]["type_label"],
            "url": f"/ar/actors/{zaytoun.pk}/",
        },
    }


def test_point_names_fall_back_to_another_language(client, db):
    ActorFactory(name_fr="Seulement en français", located=True)
    (feature,) = points(client, "/en/actors/map/points.json")["features"]
    assert feature["properties"]["name"] == "Seulement en français"


def test_point_names_with_quotes_and_backslashes_are_valid_json(client, db):
    name = 'Coop "Al Amal" \\ تعاونية\n<script>'
    ActorFactory(name_fr=name, located=True, latitude=34.0000001, longitude=-2.5)
    response = client.get("/fr/actors/map/points.json")
    (feature,) = json.loads(response.content)["features"]
    assert feature["properties"]["name"] == name
    assert feature["geometry"]["coordinates"] == [-2.5, 34.0000001]


def test_points_follow_the_filters_of_the_list(client, zaytoun):
    ActorFactory(name_fr="Scop", country=CountryFactory(code="FR"), latitude=43.6, longitude=3.9)
    assert [f["id"] for f in points(client, "/fr/actors/map/points.json?country=MA")["features"]] == [zaytoun.pk]
    assert [f["id"] for f in points(client, "/fr/actors/map/points.json?q=تعاونية")["features"]] == [zaytoun.pk]
    answer = points(client, "/fr/actors/map/points.json?country=XX")
    assert len(answer["features"]) == 2 and len(answer["ignored"]) == 1


def test_points_are_limited_to_the_bounds(client, zaytoun):
    montpellier = ActorFactory(name_fr="Scop", country=CountryFactory(code="FR"), latitude=43.6, longitude=3.9)
    fiji = ActorFactory(name_fr="Fidji", latitude=-17.7, longitude=178.0)
    samoa = ActorFactory(name_fr="Samoa", latitude=-13.8, longitude=-172.1)

    def ids(bbox):
        return {f["id"] for f in points(client, f"/fr/actors/map/points.json?bbox={bbox}")["features"]}

    assert ids("-5,30,5,40") == {zaytoun.pk}
    assert ids("-10,30,10,50") == {zaytoun.pk, montpellier.pk}
    assert ids("170,-30,-170,0") == {fiji.pk, samoa.pk}  # across the antimeridian
    assert ids("-180,-90,180,90") == {zaytoun.pk, montpellier.pk, fiji.pk, samoa.pk}


@pytest.mark.parametrize("bbox", ["1,2,3", "a,b,c,d", "0,0,200,10", "0,50,10,40", "nan,0,1,1"])
def test_a_bad_bbox_is_a_400_with_a_reason(client, bbox, zaytoun):
    answer = points(client, f"/en/actors/map/points.json?bbox={bbox}", status=400)
    assert answer["parameter"] == "bbox"
    assert answer["error"]


def test_the_reason_of_a_bad_bbox_is_in_the_language_of_the_url(client, db):
    answer = points(client, "/fr/actors/map/points.json?bbox=1,2,3", status=400)
    assert answer["error"] == translated("fr", "bbox must be four numbers separated by commas: west,south,east,north.")


def test_points_are_capped_and_say_so(client, db, monkeypatch):
    monkeypatch.setattr(views_browse, "MAP_POINTS_CAP", 2)
    ActorFactory.create_batch(3, located=True)
    answer = points(client, "/fr/actors/map/points.json")
    assert len(answer["features"]) == 2
    assert answer["capped"] is True and answer["limit"] == 2


def test_the_map_and_its_points_take_a_constant_number_of_queries(client, db):
    agriculture = TermFactory(code="ICA140")

    def add(count):
        for actor in ActorFactory.create_batch(count, located=True, region=RegionFactory()):
            actor.sectors.set([agriculture])
            OfferFactory(actor=actor)

    add(2)
    few = {url: queries_of(client, url) for url in ("/fr/actors/map/points.json", "/fr/actors/map/?q=cooperative")}
    add(30)
    assert {url: queries_of(client, url) for url in few} == few


# ---------------------------------------------------------------------------------------------------------
# Offers and requests
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_offers_page_lists_current_offers_in_each_language(client, lang, zaytoun):
    offer = OfferFactory(actor=zaytoun, title_fr="Partenaires", title_ar="شركاء", title_en="Partners")
    OfferFactory(actor=zaytoun, title_fr="Expirée", expires_on=timezone.localdate() - dt.timedelta(days=1))
    OfferFactory(actor=zaytoun, title_fr="Non publiée", is_published=False)
    OfferFactory(actor=ActorFactory(draft=True), title_fr="D'un brouillon")
    html = page(client, f"/{lang}/actors/offers/")
    assert {"fr": "Partenaires", "ar": "شركاء", "en": "Partners"}[lang] in html
    assert reverse("actors:offer", args=[offer.pk]) in html
    for hidden in ("Expirée", "Non publiée", "D&#x27;un brouillon"):
        assert hidden not in html


def test_an_empty_offers_page_says_so_without_an_order(client, db):
    html = page(client, "/en/actors/offers/")
    assert "0 offers and requests" in html
    assert "the most recent first" not in html
    OfferFactory(actor=ActorFactory(), title_en="Partners wanted")
    assert "the most recent first" in page(client, "/en/actors/offers/")


def test_offers_are_filtered_by_kind_topic_and_country(client, zaytoun):
    OfferFactory(actor=zaytoun, title_en="Partners wanted", kind=OfferKind.REQUEST, topic=OfferTopic.PARTNERS)
    OfferFactory(actor=zaytoun, title_en="Training given", kind=OfferKind.OFFER, topic=OfferTopic.EXPERTISE)
    french = ActorFactory(country=CountryFactory(code="FR"))
    OfferFactory(actor=french, title_en="Funding offered", kind=OfferKind.OFFER, topic=OfferTopic.FUNDING)
    html = page(client, "/en/actors/offers/?kind=offer")
    assert "Training given" in html and "Funding offered" in html and "Partners wanted" not in html
    html = page(client, "/en/actors/offers/?topic=partners")
    assert "Partners wanted" in html and "Training given" not in html
    html = page(client, "/en/actors/offers/?country=fr")
    assert "Funding offered" in html and "Training given" not in html
    html = page(client, "/en/actors/offers/?kind=gift&country=ZZ")
    assert html.count("this filter was ignored") == 2
    assert "Training given" in html


def test_offers_are_paginated_with_a_constant_number_of_queries(client, zaytoun):
    OfferFactory.create_batch(3, actor=zaytoun)
    few = queries_of(client, "/en/actors/offers/")
    for actor in ActorFactory.create_batch(6):
        OfferFactory.create_batch(4, actor=actor)
    assert queries_of(client, "/en/actors/offers/") == few
    html = page(client, "/en/actors/offers/?page=2")
    assert "27 offers and requests" in html
    assert html.count('class="card-title"') + html.count('class="h5 card-title"') == 7


def test_the_browsing_pages_are_read_only(client, zaytoun):
    for url in ("/fr/actors/", "/fr/actors/map/", "/fr/actors/map/points.json", "/fr/actors/offers/"):
        assert client.post(url).status_code == 405
    assert client.post(zaytoun.get_absolute_url()).status_code == 405
    assert Actor.objects.count() == 1


@pytest.mark.parametrize(("language", "expected"), [("fr", "non renseignée"), ("ar", "غير محددة"), ("en", "not given")])
def test_a_position_of_unknown_precision_says_so_in_the_page_s_language(client, language, expected):
    actor = ActorFactory(located=True)
    Actor.objects.filter(pk=actor.pk).update(geo_precision="")
    with translation.override(language):
        url = reverse("actors:detail", args=[actor.pk])
    page = " ".join(client.get(url).content.decode().split())
    assert f"{expected} </p>" in page


def test_the_actor_page_names_the_broader_legal_form_only_when_it_adds_something(client, zaytoun):
    cooperative = TermFactory(vocabulary=Vocabulary.LEGAL_FORM, code="L2", label_en="Cooperative")
    zaytoun.legal_form = TermFactory(
        vocabulary=Vocabulary.LEGAL_FORM, code="MA-COOP", label_en="Cooperative (law 112-12)", broader=cooperative
    )
    zaytoun.save()
    html = page(client, f"/en/actors/{zaytoun.pk}/")
    assert "Cooperative (law 112-12)" in html
    assert '<span class="small">(Cooperative)</span>' not in html
    zaytoun.legal_form = TermFactory(
        vocabulary=Vocabulary.LEGAL_FORM, code="FR-SCOP", label_en="Worker cooperative (SCOP)", broader=cooperative
    )
    zaytoun.save()
    assert '<span class="small">(Cooperative)</span>' not in page(client, f"/en/actors/{zaytoun.pk}/")
    association = TermFactory(vocabulary=Vocabulary.LEGAL_FORM, code="L4", label_en="Non-profit organisation")
    zaytoun.legal_form = TermFactory(
        vocabulary=Vocabulary.LEGAL_FORM, code="MA-ASSO", label_en="Association (1958 dahir)", broader=association
    )
    zaytoun.save()
    assert '<span class="small">(Non-profit organisation)</span>' in page(client, f"/en/actors/{zaytoun.pk}/")
