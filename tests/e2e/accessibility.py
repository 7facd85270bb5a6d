"""axe-core in the browser tests: ``assert_accessible(page)`` fails with a readable list of violations."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

# Every rule axe runs by default (WCAG 2.0-2.2 A and AA, best practices), color-contrast included.
AXE_OPTIONS: dict[str, Any] = {"resultTypes": ["violations"]}

_ICON_LIGATURE_EXPORT = re.compile(r"isIconLigature:function\(\)\{return (?P<name>[\w$]+)\}")


@cache
def axe_checking_every_script() -> Axe:
    """axe, with its icon-font heuristic turned off so that color-contrast checks Arabic text.

    To leave icon fonts (ligatures such as "home" drawn as a house) out of color-contrast, axe draws a text on a
    canvas and compares it with its letters drawn one by one. Joined Arabic letters look like such a ligature, and
    after three such texts in one font family axe takes every text of that family for icons: an Arabic page then
    passes color-contrast whatever its colours, while the same page in French fails. The platform uses no icon
    font, so the heuristic is turned off and every text is checked in every language (``test_harness`` proves it).
    """
    match = _ICON_LIGATURE_EXPORT.search(AXE_SCRIPT)
    definition = re.compile(r"function " + re.escape(match["name"]) + r"\([\w$]+\)\{") if match else None
    found = definition.findall(AXE_SCRIPT) if definition else []
    if len(found) != 1:
        raise RuntimeError(
            "axe-core's isIconLigature was not found where expected: axe-playwright-python was upgraded? "
            "Adapt axe_checking_every_script() so that color-contrast still checks Arabic text."
        )
    return Axe(axe_script=AXE_SCRIPT.replace(found[0], found[0] + "return!1;", 1))


def _target(target: list[Any]) -> str:
    # A target is a list of selectors, nested for iframes and shadow roots.
    return " >> ".join(" ".join(t) if isinstance(t, list) else str(t) for t in target)


def format_violations(violations: list[dict[str, Any]], where: str) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {where}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} [{violation['impact']}] {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    * {_target(node['target'])}: {summary}")
            lines.append(f"      {' '.join(node.get('html', '').split())[:200]}")
    return "\n".join(lines)


def axe_violations(page: Page) -> list[dict[str, Any]]:
    results = axe_checking_every_script().run(page, options=AXE_OPTIONS)
    violations: list[dict[str, Any]] = results.response["violations"]
    return violations


def assert_accessible(page: Page) -> None:
    """Run axe on the page as it is now; fail with the violations, if any."""
    violations = axe_violations(page)
    if violations:
        lang = page.locator("html").get_attribute("lang")
        pytest.fail(format_violations(violations, f"{page.url} (lang={lang})"), pytrace=False)
