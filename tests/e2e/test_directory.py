"""The directory in a real browser: the map (Leaflet, clusters, country outlines without a tile server) in French
and Arabic, the list with its search and filters, an actor's page; axe on each, and no console error."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from essmed.directory.tests.factories import ActorFactory, OfferFactory
from essmed.territories.tests.factories import CountryFactory
from tests.e2e.accessibility import assert_accessible

pytestmark = pytest.mark.e2e

PLACES = {
    "MA": (34.68, -1.91),  # Oujda
    "FR": (43.61, 3.88),  # Montpellier
    "TN": (36.80, 10.18),  # Tunis
    "IT": (40.85, 14.27),  # Naples
    "ES": (37.39, -5.98),  # Seville
}


def translated(lang: str, message: str) -> str:
    with translation.override(lang):
        return translation.gettext(message)


@pytest.fixture
def directory(db):
    """Twenty cooperatives around Oujda (a cluster), and one actor in each of four other countries."""
    actors = []
    for n in range(20):
        actors.append(
            ActorFactory(
                name_fr=f"Coopérative agricole {n}",
                name_ar=f"تعاونية فلاحية {n}",
                description_ar="تعاونية لإنتاج زيت الزيتون",
                country=CountryFactory(code="MA"),
                latitude=PLACES["MA"][0] + n * 0.01,
                longitude=PLACES["MA"][1] + n * 0.01,
                geo_precision="locality",
            )
        )
    for code in ("FR", "TN", "IT", "ES"):
        latitude, longitude = PLACES[code]
        actors.append(
            ActorFactory(
                name_fr=f"Réseau ESS {code}",
                name_en=f"SSE network {code}",
                country=CountryFactory(code=code),
                latitude=latitude,
                longitude=longitude,
                geo_precision="locality",
                website="https://example.org/",
                members_total=40,
                members_women=25,
                members_men=15,
            )
        )
    OfferFactory(actor=actors[0], title_fr="Cherchons des partenaires", title_ar="نبحث عن شركاء")
    return actors


def open_map(page: Page, lang: str, query: str = "") -> None:
    response = page.goto(f"/{lang}/actors/map/{query}")
    assert response is not None and response.status == 200
    expect(page.locator("#actor-map")).to_have_attribute("data-loaded", re.compile(r"^\d+$"))


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_map_shows_clusters_and_outlines_without_a_tile_server(page: Page, lang: str, directory) -> None:
    open_map(page, lang)
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    the_map = page.locator("#actor-map")
    expect(the_map).to_have_attribute("data-loaded", str(len(directory)))
    expect(the_map).to_have_attribute("aria-label", translated(lang, "Map of the actors"))
    # The outlines of the countries are drawn (one canvas), no tile is asked for.
    expect(the_map.locator("canvas")).to_have_count(1)
    expect(the_map.locator("img.leaflet-tile")).to_have_count(0)
    # The cluster of Oujda is a button named after its number of actors.
    cluster = the_map.locator(".marker-cluster").first
    expect(cluster).to_be_visible()
    expect(cluster).to_have_attribute("role", "button")
    expect(cluster).to_have_attribute("aria-label", re.compile(r"\d"))
    # The summary and the list are the map's accessible equivalent.
    summary = page.locator("#map-summary")
    expect(summary).to_contain_text("24")
    expect(summary).to_contain_text("5")
    expect(page.locator("#map-list .actor-card")).to_have_count(20)
    expect(page.locator("#map-status")).not_to_be_empty()
    # Leaflet's own controls are named in the page's language too.
    expect(the_map.locator(".leaflet-control-zoom-in")).to_have_attribute("aria-label", translated(lang, "Zoom in"))
    expect(the_map.locator(".leaflet-control-zoom-out")).to_have_attribute("title", translated(lang, "Zoom out"))
    assert_accessible(page)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_marker_opens_a_popup_linking_the_actor_page(page: Page, lang: str, directory) -> None:
    open_map(page, lang, "?country=TN")
    tunis = directory[-3]
    name = tunis.name_ar if lang == "ar" and tunis.name_ar else tunis.name_fr
    marker = page.locator("#actor-map .leaflet-marker-icon").first
    expect(marker).to_have_attribute("alt", name)
    marker.click()
    expect(page.locator(".leaflet-popup-close-button")).to_have_attribute("aria-label", translated(lang, "Close"))
    link = page.locator(".leaflet-popup-content a")
    expect(link).to_have_text(name)
    link.click()
    expect(page).to_have_url(re.compile(rf"/{lang}/actors/{tunis.pk}/$"))


def test_clicking_a_cluster_zooms_in_to_its_actors(page: Page, directory) -> None:
    open_map(page, "fr", "?country=MA")
    before = page.locator("#actor-map .leaflet-marker-icon:not(.marker-cluster)").count()
    page.locator("#actor-map .marker-cluster").first.click()
    expect(page.locator("#actor-map .leaflet-marker-icon:not(.marker-cluster)")).not_to_have_count(before)


def test_keyboard_users_skip_the_map_to_the_list(page: Page, directory) -> None:
    open_map(page, "fr")
    skip = page.locator("a[href='#map-list']")
    skip.focus()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#map-list")).to_be_focused()


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_the_list_searches_and_filters_and_is_accessible(page: Page, lang: str, directory) -> None:
    response = page.goto(f"/{lang}/actors/")
    assert response is not None and response.status == 200
    expect(page.locator("form[role=search]")).to_be_visible()
    assert_accessible(page)

    page.get_by_label(translated(lang, "Words to search")).fill("التعاونيات")
    page.locator("form[role=search] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"q="))
    expect(page.locator(".actor-card")).to_have_count(20)
    assert_accessible(page)

    page.get_by_label(translated(lang, "Words to search")).fill("")
    page.get_by_label(translated(lang, "Country"), exact=True).select_option("FR")
    page.locator("form[role=search] button[type=submit]").click()
    expect(page.locator(".actor-card")).to_have_count(1)
    expect(page.locator(".actor-card")).to_contain_text("ESS FR" if lang != "en" else "SSE network FR")
    assert_accessible(page)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_actor_page_with_its_map_is_accessible(page: Page, lang: str, directory) -> None:
    actor = directory[0]
    response = page.goto(f"/{lang}/actors/{actor.pk}/")
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_contain_text(actor.name_ar if lang == "ar" else actor.name_fr)
    small_map = page.locator("[data-actor-map=single]")
    expect(small_map.locator(".leaflet-marker-icon")).to_have_count(1)
    expect(small_map.locator("canvas")).to_have_count(1)
    expect(page.locator("link[rel=alternate][type='application/ld+json']")).to_have_count(1)
    assert_accessible(page)
