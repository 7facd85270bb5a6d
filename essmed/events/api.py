"""The read-only API of the events app, mounted at /api/events (see essmed/api.py)."""

from ninja import Router

router = Router(tags=["events"])
