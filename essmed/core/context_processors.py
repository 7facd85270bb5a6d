from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language, get_language_bidi

from essmed.core.spaces import available_spaces


def platform(request: HttpRequest) -> dict[str, Any]:
    """What every page needs: the text direction, the built spaces, the language links."""
    return {
        "LANGUAGE_BIDI": get_language_bidi(),
        "CURRENT_LANGUAGE": get_language(),
        "nav_spaces": available_spaces(),
        "SITE_URL": settings.SITE_URL,
    }
