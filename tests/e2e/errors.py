"""What a page reports as errors during a browser test."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from playwright.sync_api import ConsoleMessage, Error


@dataclass
class BrowserErrors:
    """Errors reported by the page: console errors (CSP violations among them) and uncaught exceptions."""

    messages: list[str] = field(default_factory=list)
    expected: list[re.Pattern[str]] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        where = message.location.get("url", "")
        if message.type == "error":
            self.messages.append(f"console error: {message.text}" + (f" ({where})" if where else ""))

    def on_page_error(self, error: Error) -> None:
        self.messages.append(f"uncaught exception: {error.message}")

    def expect(self, pattern: str) -> None:
        """An error matching ``pattern`` (a regular expression) is expected and does not fail the test."""
        self.expected.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [m for m in self.messages if not any(p.search(m) for p in self.expected)]

    def take(self) -> list[str]:
        """The errors reported so far, which are then forgotten."""
        messages, self.messages = self.messages, []
        return messages
