from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from essmed.territories.tests.factories import CommuneFactory, DivisionFactory, RegionFactory

LANGUAGES = ["fr", "ar", "en"]


def url(name: str, language: str, *args: str) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def row_of(html: str, href: str) -> str:
    """The table row that links to ``href``."""
    rows = [row for row in re.findall(r"<tr>.*?</tr>", html, flags=re.DOTALL) if f'href="{href}"' in row]
    assert len(rows) == 1, href
    return rows[0]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_region_list_answers_anonymous_visitors_in_each_language(client, territories, language):
    response = client.get(url("territories:list", language))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert html.count("<caption>") == 2
    assert 'scope="col"' in html
    assert ' style="' not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("slug", ["oriental", "occitanie", "rabat-sale-kenitra", "gozo"])
def test_a_region_page_answers_anonymous_visitors_in_each_language(client, territories, language, slug):
    response = client.get(url("territories:region", language, slug))
    assert response.status_code == 200
    assert ' style="' not in response.content.decode()


@pytest.mark.django_db
def test_the_list_shows_the_oriental_as_not_verified_and_rabat_as_attested(client, territories):
    html = client.get(url("territories:list", "en")).content.decode()
    oriental = row_of(html, url("territories:region", "en", "oriental"))
    assert "not verified" in oriental
    assert ">attested<" not in oriental
    assert "no source" in oriental
    rabat = row_of(html, url("territories:region", "en", "rabat-sale-kenitra"))
    assert ">attested<" in rabat
    assert (
        '<a href="https://cpmr.org/uncategorized/political-bureau-of-the-intermediterranean-commission/3988/">' in rabat
    )
    assert "target=" not in rabat


@pytest.mark.django_db
def test_the_list_explains_that_the_official_member_list_was_not_found(client, territories):
    html = client.get(url("territories:list", "en")).content.decode()
    assert "official list of the members" in html
    assert "about 40 member regions" in html
    assert "20 regions listed as members" in html


@pytest.mark.django_db
def test_regions_outside_the_cim_are_in_the_second_table(client, territories):
    html = client.get(url("territories:list", "en")).content.decode()
    cim_table, other_table = html.split('id="other-title"')
    casablanca = url("territories:region", "en", "casablanca-settat")
    assert casablanca in other_table
    assert casablanca not in cim_table


@pytest.mark.django_db
def test_english_evidence_is_marked_as_english_on_the_arabic_page(client, territories):
    html = client.get(url("territories:region", "ar", "oriental")).content.decode()
    assert 'lang="en" dir="auto"' in html
    assert "الشرق" in html


@pytest.mark.django_db
def test_the_oriental_page_lists_its_divisions_and_their_communes(client, territories):
    html = client.get(url("territories:region", "en", "oriental")).content.decode()
    assert html.count("<details") == 8
    assert re.search(r"<h3[^>]*>Communes</h3>", html)
    assert "Oujda-Angad: 11 communes" in html
    assert "Nador: 24 communes" in html
    assert "not verified" in html
    assert "Oujda" in html


@pytest.mark.django_db
def test_the_oriental_page_shows_commune_names_in_arabic(client, territories):
    html = client.get(url("territories:region", "ar", "oriental")).content.decode()
    assert re.search(r'<html\s+lang="ar"\s+dir="rtl"', html)
    assert "<td>وجدة</td>" in html
    assert "وجدة أنجاد" in html


@pytest.mark.django_db
def test_occitanie_page_lists_its_departments_without_communes(client, territories):
    html = client.get(url("territories:region", "fr", "occitanie")).content.decode()
    assert "Haute-Garonne" in html
    assert "Pyrénées-Orientales" in html
    assert "<details" not in html
    assert "<h3" not in html
    assert "Toulouse" in html


@pytest.mark.django_db
def test_an_unknown_region_is_not_found(client, db):
    assert client.get(url("territories:region", "fr", "atlantis")).status_code == 404


@pytest.mark.django_db
def test_the_pages_work_with_factory_data(client):
    region = RegionFactory(slug="test-region", name="Test Region", cim_unverified=True)
    CommuneFactory(division=DivisionFactory(region=region, name="Test Province"), name="Test Town", kind="urban")
    html = client.get(url("territories:list", "en")).content.decode()
    assert "not verified" in row_of(html, url("territories:region", "en", "test-region"))
    html = client.get(url("territories:region", "en", "test-region")).content.decode()
    assert re.search(r"<summary>\s*Test Province: 1 commune\s*</summary>", html)
    assert "<td>Test Town</td>" in html
