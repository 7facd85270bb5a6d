"""Shared pieces of the access matrix (tests/test_access_matrix.py): the people, a case, and helpers.

Each app lists its own cases in ``essmed/<app>/tests/access.py`` (``CASES`` and an ``objects`` function that
builds what the cases name); the matrix collects them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PEOPLE = ["anonymous", "amina", "sophie", "youssef", "fatima", "karim", "omar", "dimitris", "thomas", "pauline"]
SIGNED_IN = [p for p in PEOPLE if p != "anonymous"]


@dataclass
class Case:
    url_name: str
    args: str = ""  # a key of the objects fixture, or a literal after "="
    method: str = "get"
    default: object = "ok"
    outcomes: dict[str, object] = field(default_factory=dict)

    def expected(self, who: str) -> object:
        return self.outcomes.get(who, self.default)


def only(allowed: list[str], denied: object, anonymous: object = "login") -> dict[str, object]:
    outcomes: dict[str, object] = {p: denied for p in SIGNED_IN if p not in allowed}
    outcomes["anonymous"] = anonymous
    return outcomes


LOGIN_ONLY = {"anonymous": "login"}
ZAYTOUN_READERS = ["amina", "sophie", "fatima", "karim"]
ZAYTOUN_MANAGERS = ["amina", "sophie", "fatima"]
STAFF = ["amina", "sophie"]
