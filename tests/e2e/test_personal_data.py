"""Personal data in a real browser, in each language: the page, the download, the deletion and the privacy notice,
each checked with axe."""

from __future__ import annotations

import json
import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from essmed.accounts.models import Role, User
from essmed.accounts.tests.factories import person
from tests.e2e.accessibility import assert_accessible
from tests.e2e.errors import BrowserErrors
from tests.e2e.session import LANGUAGES, log_in

pytestmark = pytest.mark.e2e


def translated(lang: str, message: str) -> str:
    with translation.override(lang):
        return translation.gettext(message)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_member_sees_downloads_and_deletes_their_data(
    page: Page, lang: str, coop, browser_errors: BrowserErrors
) -> None:
    # A wrong password is answered with 400 (the form and its error), which the browser reports.
    browser_errors.expect(r"Failed to load resource: .* status of 400 .*/accounts/profile/delete/\)$")
    person(Role.MEMBER, organisation=coop, email="karim@example.org", full_name="Karim", preferred_language=lang)
    log_in(page, lang, "karim@example.org")

    page.goto(f"/{lang}/accounts/profile/")
    page.locator("main a[href$='/accounts/profile/data/']").click()
    expect(page.locator("main h1")).to_have_text(translated(lang, "Your personal data"))
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.locator("main a[href$='/accounts/profile/data/download/']").first.click()
    download = download_info.value
    assert re.fullmatch(r"essmed-personal-data-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    with open(download.path(), encoding="utf-8") as handle:
        assert json.load(handle)["account"]["email"] == "karim@example.org"

    page.locator("main a[href$='/accounts/profile/delete/']").click()
    assert_accessible(page)
    page.fill("input[name=password]", "not my password")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("input[name=password]")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)
    page.fill("input[name=password]", "correct horse battery staple")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(f"/{lang}/$"))
    expect(page.locator(".alert-success")).to_be_visible()
    assert_accessible(page)
    assert not User.objects.filter(email="karim@example.org").exists()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_last_manager_is_told_what_to_do_first(page: Page, lang: str, coop) -> None:
    person(Role.MEMBER, organisation=coop, manager=True, email="fatima@example.org", full_name="Fatima")
    log_in(page, lang, "fatima@example.org")
    page.goto(f"/{lang}/accounts/profile/delete/")
    expect(page.locator("main .alert-warning")).to_contain_text(str(coop))
    expect(page.locator("input[name=password]")).to_have_count(0)
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_privacy_notice_is_reached_from_the_footer_and_accessible(page: Page, lang: str) -> None:
    page.goto(f"/{lang}/")
    page.locator("footer a[href$='/accounts/privacy/']").click()
    expect(page.locator("main h1")).to_have_text(translated(lang, "Privacy notice"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl" if lang == "ar" else "ltr")
    assert_accessible(page)
