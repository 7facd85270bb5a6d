"""Signing in through the login page, as a person would, for the browser tests."""

from __future__ import annotations

from playwright.sync_api import Page

from essmed.accounts.tests.factories import PASSWORD

LANGUAGES = ["fr", "ar", "en"]


def log_in(page: Page, lang: str, email: str, password: str = PASSWORD) -> None:
    """Sign in as ``email`` on the login page in ``lang`` (after signing out whoever was signed in)."""
    page.context.clear_cookies()
    page.goto(f"/{lang}/accounts/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
