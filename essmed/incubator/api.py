"""The read-only API of the incubator app, mounted at /api/incubator (see essmed/api.py)."""

from ninja import Router

router = Router(tags=["incubator"])
