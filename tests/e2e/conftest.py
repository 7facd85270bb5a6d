"""The browser harness: Debian's chromium driven by playwright, against pytest-django's live server.

- ``browser``: one headless chromium for the whole session (``/usr/bin/chromium``; never ``playwright install``).
  If chromium is missing or does not start, every browser test fails with a message saying so.
- ``page``: a fresh browser context per test, whose base URL is the live server (transactional database).
- ``bare_page``: the same without the live server, for pages built in the test itself.
- ``browser_errors``: what the page reported as errors: console errors (a Content-Security-Policy violation is
  one: something inline slipped in) and uncaught exceptions. A test fails when any is left at its end; a test
  that expects one says so with ``browser_errors.expect(...)``.

Every test module of this directory sets ``pytestmark = pytest.mark.e2e``: ``make test`` deselects them and
``make test-e2e`` runs them.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    Error,
    Page,
    Playwright,
    ViewportSize,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer

from tests.e2e.errors import BrowserErrors

CHROMIUM = Path(os.environ.get("ESSMED_E2E_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 900}
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session", autouse=True)
def _allow_django_sync_calls_under_playwright() -> Iterator[None]:
    """Playwright's sync API keeps an event loop in the test thread: Django's async-safety check would refuse
    every database call made from the test (fixtures, flushes). The variable is set for the browser tests only,
    not at import time, so that the rest of the suite keeps the check."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    driver = sync_playwright().start()
    yield driver
    driver.stop()


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"The browser tests need Debian's chromium at {CHROMIUM}, which is missing: "
            "install it with `apt-get install chromium fonts-noto-core` (never `playwright install`).",
            pytrace=False,
        )
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    except Error as error:
        pytest.fail(f"Chromium at {CHROMIUM} did not start: {error.message}", pytrace=False)
    yield browser
    browser.close()


@pytest.fixture
def browser_errors() -> BrowserErrors:
    return BrowserErrors()


def _open_page(browser: Browser, errors: BrowserErrors, base_url: str | None) -> Iterator[Page]:
    context = browser.new_context(base_url=base_url, viewport=VIEWPORT)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on("console", errors.on_console)
    page.on("pageerror", errors.on_page_error)
    yield page
    context.close()


@pytest.fixture
def page(browser: Browser, browser_errors: BrowserErrors, live_server: LiveServer) -> Iterator[Page]:
    yield from _open_page(browser, browser_errors, live_server.url)


@pytest.fixture
def bare_page(browser: Browser, browser_errors: BrowserErrors) -> Iterator[Page]:
    yield from _open_page(browser, browser_errors, None)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A module of this directory that forgot its ``pytestmark`` is still a browser test, left out of ``make test``
    (tryfirst: before ``-m`` deselects)."""
    here = Path(__file__).parent
    for item in items:
        if item.path.is_relative_to(here) and item.get_closest_marker("e2e") is None:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """Fail the test (not its teardown) when the page reported errors it did not expect."""
    result = yield
    for name in ("page", "bare_page"):
        page = getattr(item, "funcargs", {}).get(name)
        if isinstance(page, Page) and not page.is_closed():
            with contextlib.suppress(Error):  # a round trip, so that pending console events arrive
                page.evaluate("() => null")
    errors = getattr(item, "funcargs", {}).get("browser_errors")
    if isinstance(errors, BrowserErrors) and (unexpected := errors.unexpected()):
        pytest.fail("The page reported errors:\n" + "\n".join(f"  - {m}" for m in unexpected), pytrace=False)
    return result
