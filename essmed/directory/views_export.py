"""Exports of the directory: the CSV of a search, and each actor's JSON-LD and Murmurations profile.

The formats are built in ``exports.py``; these views fetch through ``access.py`` and write the response.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from essmed.directory import exports
from essmed.directory.access import get_actor_for_user
from essmed.directory.models import Actor, Term
from essmed.directory.search import FALSE_VALUES, filter_actors

CSV_FILENAME = "essmed-actors.csv"
# The list page's filters (see search.filter_actors); ``offers`` and ``requests`` also take a "no" (0, off…).
CSV_FILTERS = ("country", "region", "type", "legal_form", "sector", "theme", "offers", "requests")


@require_safe
def export_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The published actors matching the list page's filters, streamed as UTF-8 CSV with a byte-order mark.

    A filter whose value is not valid is refused (400, a plain-text reason naming the parameter), where the list
    page ignores it and says so: a download cannot say so, and would hold the whole directory instead of the
    actors asked for. A search with no word to search (only punctuation) exports every actor, as the list
    shows them. HEAD gives the headers without reading a row."""
    # Unordered: csv_chunks reads by id, and a search is then a plain filter (see search.apply_search).
    actors, active = filter_actors(Actor.objects.visible_to(request.user).published(), request.GET, ordered=False)
    invalid = [name for name in CSV_FILTERS if _invalid(name, request.GET.get(name, ""), active.values)]
    if invalid:
        reasons = [
            gettext("“%(value)s” is not a valid value for the parameter “%(parameter)s”.")
            % {"value": _shown(request.GET.get(name, "")), "parameter": name}
            for name in invalid
        ]
        reasons.append(gettext("Nothing was exported: correct or remove it, then download again."))
        return HttpResponseBadRequest("\n".join(reasons) + "\n", content_type="text/plain; charset=utf-8")
    chunks = exports.csv_chunks(actors) if request.method == "GET" else iter(())
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{CSV_FILENAME}"'
    return response


def _shown(value: str) -> str:
    """A value as the reason quotes it: its first 80 characters, control characters (NUL…) as �."""
    return "".join("\ufffd" if not character.isprintable() else character for character in value.strip()[:80])


def _invalid(name: str, value: str, applied: dict[str, str]) -> bool:
    """Whether filter ``name`` was given a value that ``filter_actors`` did not apply (and so noted as ignored)."""
    value = value.strip()
    if not value or name in applied:
        return False
    return not (name in ("offers", "requests") and value.lower() in FALSE_VALUES)


@require_safe
def actor_jsonld(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor_with_relations(request, pk)
    document = exports.actor_jsonld(actor, url_of=_page_url(request))
    response = HttpResponse(_dumps(document), content_type="application/ld+json")
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def actor_murmurations(request: HttpRequest, pk: int) -> JsonResponse:
    actor = _actor_with_relations(request, pk)
    page_url = _page_url(request)
    profile = exports.actor_murmurations(
        actor, language=translation.get_language() or settings.LANGUAGE_CODE, page_url=page_url(actor), url_of=page_url
    )
    response = JsonResponse(profile, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _actor_with_relations(request: HttpRequest, pk: int) -> Actor:
    actor = get_actor_for_user(request, pk)
    networks = Actor.objects.visible_to(request.user).select_related("country").order_by("name_fr")
    prefetch_related_objects(
        [actor],
        Prefetch("sectors", queryset=Term.objects.order_by("code")),
        Prefetch("themes", queryset=Term.objects.order_by("code")),
        Prefetch("networks", queryset=networks),
        "legal_form__broader",
    )
    return actor


def _page_url(request: HttpRequest) -> Callable[[Actor], str]:
    """The absolute URL of an actor's page in the default language: the same identifier whatever the language
    of the export."""

    def url_of(actor: Actor) -> str:
        with translation.override(settings.LANGUAGE_CODE):
            return request.build_absolute_uri(reverse("actors:detail", args=[actor.pk]))

    return url_of


def _dumps(document: object) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)
