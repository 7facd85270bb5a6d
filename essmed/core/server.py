"""What a serving process does once it has started (``essmed/wsgi.py``, ``essmed/asgi.py``)."""

import gc
from typing import Any

from django.core.signals import request_finished

_UID = "essmed-freeze-after-first-request"


def freeze_after_first_request() -> None:
    """Once the process has answered its first request, move every object alive then out of the garbage
    collector's reach (``gc.freeze()``): modules, URL patterns, compiled templates, translation catalogues —
    about 200,000 objects, which live as long as the process. Left in, each full collection walks them all: one
    request in about twenty-five waited 80–95 ms more for it on the benchmark's machine (docs/benchmarks.md)."""
    request_finished.connect(_freeze, dispatch_uid=_UID)


def _freeze(**kwargs: Any) -> None:
    request_finished.disconnect(dispatch_uid=_UID)
    gc.collect()  # what is garbage already is freed, not frozen
    gc.freeze()
