"""What people do on the platform today, in a real browser, in each language, checked with axe on every page."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from essmed.accounts.models import Invitation, Role, User
from essmed.accounts.tests.factories import person
from tests.e2e.accessibility import assert_accessible
from tests.e2e.session import LANGUAGES, log_in

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("lang", LANGUAGES)
def test_manager_invites_a_colleague_who_joins_the_organisation(page: Page, lang: str, coop) -> None:
    fatima = person(Role.MEMBER, organisation=coop, manager=True, email="fatima@example.org", full_name="Fatima")
    fatima.preferred_language = lang
    fatima.save()
    log_in(page, lang, "fatima@example.org")
    expect(page).to_have_url(re.compile(f"/{lang}/$"))

    page.goto(f"/{lang}/accounts/organisations/{coop.slug}/")
    assert_accessible(page)
    page.locator(f"a[href*='organisation={coop.slug}']").click()
    assert_accessible(page)
    page.fill("input[name=email]", "karim@example.org")
    page.select_option("select[name=role]", Role.MEMBER)
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert_accessible(page)
    invitation = Invitation.objects.get(email="karim@example.org")
    assert invitation.organisation == coop
    assert mail.outbox[-1].to == ["karim@example.org"]

    page.context.clear_cookies()
    page.goto(invitation.get_accept_url().replace("/fr/", f"/{lang}/", 1))
    assert_accessible(page)
    page.fill("input[name=full_name]", "Karim")
    page.fill("input[name=password1]", "a long passphrase for karim")
    page.fill("input[name=password2]", "a long passphrase for karim")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile("/accounts/profile/$"))
    assert_accessible(page)
    karim = User.objects.get(email="karim@example.org")
    assert karim.memberships.get().organisation == coop


@pytest.mark.parametrize("lang", LANGUAGES)
def test_form_errors_are_shown_next_to_their_field_and_announced(page: Page, lang: str, sophie) -> None:
    log_in(page, lang, "sophie@example.org")
    page.goto(f"/{lang}/accounts/invitations/")
    page.fill("input[name=email]", "not an address")
    page.select_option("select[name=role]", Role.DELEGATE)
    page.locator("main form button[type=submit]").click()
    email = page.locator("input[name=email]")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_email_error")).to_be_visible()
    expect(page.locator("#id_region_error")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_territory_pages_are_accessible(page: Page, lang: str, cim_region) -> None:
    page.goto(f"/{lang}/territories/")
    assert_accessible(page)
    page.goto(f"/{lang}/territories/regions/{cim_region.slug}/")
    assert_accessible(page)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_staff_open_the_administration_in_their_language(page: Page, lang: str, sophie) -> None:
    log_in(page, lang, "sophie@example.org")
    page.goto(f"/{lang}/admin/")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.goto(f"/{lang}/admin/territories/region/add/")
    expect(page.locator("input[name=name_ar]")).to_be_visible()
