"""The API documentation is served by the platform itself, under its Content-Security-Policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_api_docs_load_from_our_own_files_without_csp_violation(page: Page) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    response = page.goto("/api/docs")
    assert response is not None
    assert response.status == 200
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("essmed API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    origin = page.url.split("/api/", 1)[0]
    assert all(url.startswith((origin, "data:")) for url in requested), requested
