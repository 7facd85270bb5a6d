"""The read-only API of the funding app, mounted at /api/funding (see essmed/api.py)."""

from ninja import Router

router = Router(tags=["funding"])
