from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[dict[str, Any]]:
    """The current page in each language: code, name in that language, URL, and whether active."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    current = context.get("CURRENT_LANGUAGE")
    links = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        links.append(
            {
                "code": code,
                "name_local": info["name_local"],
                "url": translate_url(path, code),
                "active": code == current,
                "bidi": info["bidi"],
            }
        )
    return links


@register.simple_tag(takes_context=True)
def querystring_page(context: template.Context, page: int, parameter: str = "page", anchor: str = "") -> str:
    """The current query string with ``parameter`` set to ``page``, for pagination links that keep the filters
    (and the pages of the other lists of the page); ``anchor`` brings the reader back to the list."""
    request = context["request"]
    query = request.GET.copy()
    query[parameter or "page"] = page
    return "?" + str(query.urlencode()) + (f"#{anchor}" if anchor else "")
