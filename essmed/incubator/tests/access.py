"""The incubator app's rows of the access matrix (tests/test_access_matrix.py)."""

from __future__ import annotations

from typing import Any

from tests.access import Case

CASES: list[Case] = []


def objects(cast: dict[str, Any], coop: Any, other_coop: Any, cim_region: Any) -> dict[str, Any]:
    """The objects the cases name in their args, by key."""
    return {}
