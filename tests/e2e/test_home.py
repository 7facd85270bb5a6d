"""The home, 404, login and accessibility-statement pages in each language: direction, stylesheet, language
switcher, skip link, layout, axe."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from playwright.sync_api import Page, ViewportSize, expect

from tests.e2e.accessibility import assert_accessible
from tests.e2e.errors import BrowserErrors

pytestmark = pytest.mark.e2e

LANGUAGES = [code for code, _name in settings.LANGUAGES]
PHONE: ViewportSize = {"width": 320, "height": 640}  # WCAG 1.4.10 (reflow): no horizontal scrolling at 320px
TEXT_BOX = """link => {
    const range = document.createRange();
    range.selectNodeContents(link);
    const box = range.getBoundingClientRect();
    return {left: box.left, right: box.right};
}"""
SCREENSHOTS = Path(os.environ.get("ESSMED_E2E_SCREENSHOTS", tempfile.gettempdir()))


def direction(lang: str) -> str:
    return "rtl" if lang in settings.LANGUAGES_BIDI else "ltr"


def translated(lang: str, message: str) -> str:
    with translation.override(lang):
        return translation.gettext(message)


def is_visually_hidden(page: Page, selector: str) -> bool:
    """Hidden to the eye, but not to screen readers (Bootstrap's visually-hidden: a 1px clipped box)."""
    box = page.locator(selector).bounding_box()
    return box is None or (box["width"] <= 1 and box["height"] <= 1)


def open_page(page: Page, path: str, status: int = 200) -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path}: {response.status}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_language_direction_and_stylesheet(page: Page, lang: str) -> None:
    open_page(page, f"/{lang}/")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", lang)
    expect(html).to_have_attribute("dir", direction(lang))
    assert page.evaluate("getComputedStyle(document.body).direction") == direction(lang)

    bootstrap = "bootstrap.rtl.min.css" if direction(lang) == "rtl" else "bootstrap.min.css"
    hrefs = page.locator("link[rel=stylesheet]").evaluate_all("links => links.map(link => link.href)")
    assert [h.rsplit("/", 1)[-1] for h in hrefs if "/vendor/bootstrap" in h] == [bootstrap]
    # The stylesheets were served and applied, not only linked.
    loaded = page.evaluate("Array.from(document.styleSheets, sheet => sheet.href)")
    assert sorted(loaded) == sorted(hrefs)
    expect(page.locator(".navbar-toggler")).to_be_hidden()  # Bootstrap applies: the menu is expanded on desktop.


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_switcher_links_the_same_page_in_the_other_languages(page: Page, lang: str) -> None:
    open_page(page, f"/{lang}/")
    switcher = page.get_by_role("list", name=translated(lang, "Language"))
    current = switcher.locator(f'a[hreflang="{lang}"]')
    expect(current).to_have_attribute("aria-current", "true")
    others = [code for code in LANGUAGES if code != lang]
    for other in others:
        link = switcher.locator(f'a[hreflang="{other}"]')
        expect(link).to_have_attribute("href", f"/{other}/")
        expect(link).to_have_attribute("lang", other)
        expect(link).not_to_have_attribute("aria-current", "true")

    for other in others:
        open_page(page, f"/{lang}/")
        page.locator(f'.language-switcher a[hreflang="{other}"]').click()
        expect(page).to_have_url(re.compile(rf"^https?://[^/]+/{other}/$"))
        expect(page.locator("html")).to_have_attribute("lang", other)
        expect(page.locator("html")).to_have_attribute("dir", direction(other))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_skip_link_is_first_focusable_and_moves_focus_to_main(page: Page, lang: str) -> None:
    open_page(page, f"/{lang}/")
    skip = page.locator("a.skip-link")
    assert is_visually_hidden(page, "a.skip-link")
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    expect(skip).to_have_text(translated(lang, "Skip to main content"))
    box = skip.bounding_box()
    assert box is not None and box["width"] > 20 and box["height"] > 10
    width = page.viewport_size["width"] if page.viewport_size else 0
    # At the start of the line: left in French and English, right in Arabic.
    if direction(lang) == "rtl":
        assert box["x"] > width / 2, box
    else:
        assert box["x"] < width / 2, box

    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{page.url.split('#')[0]}#main")
    expect(page.locator("main#main")).to_be_focused()
    assert is_visually_hidden(page, "a.skip-link")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_layout_follows_the_direction(page: Page, lang: str) -> None:
    open_page(page, f"/{lang}/")
    width = page.viewport_size["width"] if page.viewport_size else 0
    brand = page.locator(".navbar-brand").bounding_box()
    switcher = page.locator(".language-switcher").bounding_box()
    heading = page.locator("main h1").bounding_box()
    assert brand and switcher and heading
    if direction(lang) == "rtl":  # the brand and the headings on the right, the language switcher on the left
        assert brand["x"] > width / 2 and heading["x"] + heading["width"] > width / 2
        assert switcher["x"] < width / 2
    else:
        assert brand["x"] < width / 2 and heading["x"] < width / 2
        assert switcher["x"] > width / 2
    # Nothing wider than the window.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=SCREENSHOTS / f"e2e-home-{lang}.png", full_page=True)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_on_a_phone(page: Page, lang: str) -> None:
    """The menu folds behind its button (Bootstrap's script runs under the CSP) and keeps the direction."""
    page.set_viewport_size(PHONE)
    open_page(page, f"/{lang}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    toggler = page.locator(".navbar-toggler")
    menu = page.locator("#main-nav")
    expect(menu).to_be_hidden()
    expect(toggler).to_have_attribute("aria-expanded", "false")
    toggler.click()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    expect(menu).not_to_have_class(re.compile(r"\bcollapsing\b"))  # the opening transition is over

    # Every item of the menu starts on the same side, the names of languages written the other way included.
    items = page.locator("#main-nav .nav-link").all()
    assert len(items) >= len(LANGUAGES) + 1
    boxes = [item.evaluate(TEXT_BOX) for item in items]
    if direction(lang) == "rtl":
        edges = {round(box["right"]) for box in boxes}
    else:
        edges = {round(box["left"]) for box in boxes}
    assert len(edges) == 1, f"menu items not aligned: {boxes}"
    page.screenshot(path=SCREENSHOTS / f"e2e-home-{lang}-phone.png")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_is_accessible(page: Page, lang: str) -> None:
    open_page(page, f"/{lang}/")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_not_found_page(page: Page, browser_errors: BrowserErrors, lang: str) -> None:
    browser_errors.expect(r"Failed to load resource: .* status of 404 .*/no-such-page/\)$")
    open_page(page, f"/{lang}/no-such-page/", status=404)
    title = translated(lang, "Page not found")
    if lang != "en":
        assert title != "Page not found", f"'Page not found' is not translated in {lang}"
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("html")).to_have_attribute("dir", direction(lang))
    expect(page).to_have_title(f"{title} · essmed")
    expect(page.locator("main h1")).to_have_text(title)
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_login_page_is_accessible(page: Page, lang: str) -> None:
    open_page(page, f"/{lang}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("main form input[name=username]")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_accessibility_statement_is_accessible(page: Page, lang: str) -> None:
    open_page(page, f"/{lang}/accessibility/")
    expect(page.locator("main h1")).to_have_text(translated(lang, "Accessibility statement"))
    assert_accessible(page)
