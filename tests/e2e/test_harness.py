"""The harness itself: it must catch what it claims to catch, or the other browser tests prove nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route

from tests.e2e.accessibility import axe_violations
from tests.e2e.errors import BrowserErrors

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]

TEXTS = {
    "fr": ["Coopération méditerranéenne", "Les espaces de la plateforme", "Prendre part", "Page introuvable"],
    "ar": ["التعاون المتوسطي", "فضاءات المنصة", "المشاركة", "تعذر العثور على الصفحة"],
}


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_axe_checks_contrast_in_every_script(bare_page: Page, lang: str) -> None:
    """Left to itself, axe takes joined Arabic letters for icon ligatures and stops checking their contrast."""
    direction = "rtl" if lang == "ar" else "ltr"
    paragraphs = "".join(f'<p class="pale">{text}</p>' for text in TEXTS[lang])
    bare_page.set_content(
        f'<!DOCTYPE html><html lang="{lang}" dir="{direction}"><head><title>{TEXTS[lang][0]}</title>'
        "<style>.pale { color: #aaa; }</style></head>"
        f"<body><main><h1>{TEXTS[lang][0]}</h1>{paragraphs}</main></body></html>"
    )
    contrast = [v for v in axe_violations(bare_page) if v["id"] == "color-contrast"]
    assert contrast, f"axe missed low contrast in {lang}"
    assert len(contrast[0]["nodes"]) == len(TEXTS[lang])


def test_console_errors_and_csp_violations_are_caught(bare_page: Page, browser_errors: BrowserErrors) -> None:
    def serve(route: Route) -> None:
        route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": "default-src 'self'"},
            body='<!DOCTYPE html><html lang="en"><head><title>inline</title></head>'
            '<body><p style="color: red">inline style</p><script>console.log("inline script")</script></body></html>',
        )

    bare_page.route("http://csp.test/**", serve)
    bare_page.goto("http://csp.test/")
    bare_page.evaluate("() => { setTimeout(() => { throw new Error('boom') }) }")
    bare_page.wait_for_timeout(100)
    errors = browser_errors.take()
    assert any("Content Security Policy" in e and "style-src" in e for e in errors), errors
    assert any("Content Security Policy" in e and "script-src" in e for e in errors), errors
    assert any("uncaught exception: boom" in e for e in errors), errors


def test_a_missing_chromium_fails_rather_than_skips(tmp_path: Path) -> None:
    env = {**os.environ, "ESSMED_E2E_CHROMIUM": str(tmp_path / "chromium")}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-m", "e2e", f"{__file__}::test_axe_checks_contrast_in_every_script"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    assert "need Debian's chromium" in output, output
    assert "skipped" not in output, output
