"""Template helpers for the territories pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template
from django.db import models
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname, resolution_order

register = template.Library()


@register.simple_tag
def value_language(instance: models.Model, field_name: str) -> str:
    """The language of the value shown for a translated field: the current one, or the fallback used.

    For the ``lang`` attribute of text that is not translated yet (the CIM evidence is in English).
    """
    current = get_language() or "fr"
    for language in resolution_order(current):
        if getattr(instance, build_localized_fieldname(field_name, language), None):
            return str(language)
    return current


@register.filter
def url_host(url: str) -> str:
    """The host of a URL without ``www.``, as the text of a link to a source."""
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")
