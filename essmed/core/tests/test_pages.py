import re

import pytest

from essmed.core.spaces import SPACES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("lang", "direction"), [("fr", "ltr"), ("ar", "rtl"), ("en", "ltr")])
def test_home_page_in_each_language_has_lang_and_direction(client, lang, direction):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(rf'<html\s+lang="{lang}"\s+dir="{direction}">', html)
    stylesheet = "bootstrap.rtl.min.css" if direction == "rtl" else "bootstrap.min.css"
    assert stylesheet in html


def test_root_redirects_to_a_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == "/fr/"


def test_root_follows_the_browser_language(client):
    response = client.get("/", headers={"accept-language": "ar"})
    assert response.url == "/ar/"


def test_home_presents_every_space_and_links_only_built_ones(client):
    html = client.get("/en/").content.decode()
    for space in SPACES:
        assert str(space.title) in html
        if space.url() is None:
            assert f'href="/en/{space.slug}/"' not in html


def test_language_switcher_links_to_the_same_page_in_the_other_languages(client):
    html = client.get("/fr/accounts/login/").content.decode()
    for lang in ("fr", "ar", "en"):
        assert re.search(rf'href="/{lang}/accounts/login/"[^>]*hreflang="{lang}"', html)


def test_every_page_has_a_skip_link_and_landmarks(client):
    html = client.get("/ar/").content.decode()
    assert 'href="#main"' in html
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_unknown_url_gives_a_404_page_in_the_language(client, lang):
    response = client.get(f"/{lang}/no-such-page/")
    assert response.status_code == 404
    assert f'lang="{lang}"' in response.content.decode()


def test_pages_carry_a_content_security_policy_of_self(client):
    response = client.get("/fr/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_vendored_static_files_are_served_by_the_platform(client):
    html = client.get("/fr/").content.decode()
    for url in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
        response = client.get(url)
        assert response.status_code == 200, url
        response.close()


def test_accessibility_statement_is_published(client):
    assert client.get("/fr/accessibility/").status_code == 200
