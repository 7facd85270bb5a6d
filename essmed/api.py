"""The platform's read-only REST API, OpenAPI 3.1, documented at /api/docs (served locally).

Each app contributes a router from its own ``api.py``; every endpoint fetches objects through the app's
access helpers, like the views. Bad parameters are answered 400 with a reason, never 500.

Rules common to every address under /api/ (``ErrorsInJson``):

- everything is answered in JSON, errors included: an address no endpoint serves is a 404 with a reason, a
  method an endpoint does not take a 405 with a reason and the ``Allow`` header;
- HEAD is answered wherever GET is (the headers of the GET; the server leaves out the body);
- a parameter holding a NUL character is refused before any endpoint runs (400, or 404 for a part of the
  path): PostgreSQL's text columns cannot hold one, and a lookup with it would fail;
- error reasons are in the language of the ``lang`` parameter when it is one known language, else in the one the
  request asks for (``Accept-Language`` or the site's language cookie), else in English.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver, re_path
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_safe
from ninja import NinjaAPI, Swagger
from ninja.errors import ValidationError

from essmed.directory.api import router as directory_router
from essmed.events.api import router as events_router
from essmed.funding.api import router as funding_router

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# The language of error reasons when the request names none (the documented examples are in English).
ERRORS_LANGUAGE = "en"
NUL = "\x00"

View = Callable[..., HttpResponseBase]


def error_language(request: HttpRequest) -> str:
    """The language of the error reasons of ``request`` (see the module docstring)."""
    asked = [value.strip() for value in request.GET.getlist("lang")]
    if len(asked) == 1 and asked[0] in LANGUAGE_CODES:  # given twice, it is refused (and names no language)
        return asked[0]
    if request.META.get("HTTP_ACCEPT_LANGUAGE") or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
        return translation.get_language_from_request(request)
    return ERRORS_LANGUAGE


def json_response(data: dict[str, Any], status: int) -> HttpResponse:
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), status=status, content_type="application/json; charset=utf-8"
    )


def invalid_parameters(errors: list[dict[str, str]]) -> HttpResponse:
    """The 400 answer: each parameter and what is wrong with it (in the active language)."""
    return json_response({"detail": gettext("Invalid parameters."), "errors": errors}, 400)


def not_found() -> HttpResponse:
    return json_response(
        {
            "detail": "Not Found",
            "reason": gettext("No endpoint of the API answers at this address: the endpoints are listed at /api/docs."),
        },
        404,
    )


def not_allowed(allowed: list[str]) -> HttpResponse:
    response = json_response(
        {
            "detail": "Method Not Allowed",
            "reason": gettext("This address answers only %(methods)s.") % {"methods": ", ".join(allowed)},
        },
        405,
    )
    response["Allow"] = ", ".join(allowed)
    return response


def _allowed_methods(response: HttpResponseBase) -> list[str]:
    allowed = [method.strip() for method in response.get("Allow", "").split(",") if method.strip()]
    if "GET" in allowed and "HEAD" not in allowed:
        allowed.append("HEAD")
    return sorted(allowed)


def _json_errors(view: View) -> View:
    """``view`` (an endpoint, the OpenAPI document or its page) with the rules of the module docstring."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        with translation.override(error_language(request)):
            if any(NUL in str(value) for value in (*args, *kwargs.values())):
                return not_found()
            nul = [name for name, values in request.GET.lists() if any(NUL in value for value in values)]
            if nul:
                reason = gettext("must not contain a NUL character")
                return invalid_parameters([{"parameter": name, "reason": reason} for name in nul])
            method = request.method
            if method == "HEAD":
                request.method = "GET"  # the GET's answer; the server leaves out its body
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                return not_found()
            finally:
                request.method = method
            if isinstance(response, HttpResponseNotAllowed) or (
                response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json")
            ):
                return not_allowed(_allowed_methods(response))
            return response

    # Exempt from Django's CSRF check, so that an unsafe method gets the JSON answer above rather than the site's
    # HTML 403: ninja's endpoints are exempt already (an endpoint that needs it checks CSRF itself), and the
    # others (the OpenAPI document, its page, unknown addresses) change nothing whatever the method.
    wrapped.csrf_exempt = True  # type: ignore[attr-defined]
    return wrapped


def _refuse(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return not_found()


class ErrorsInJson(NinjaAPI):
    """django-ninja's API whose every address follows the rules of the module docstring, and whose addresses
    it does not know are JSON 404s rather than the site's HTML page."""

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        wrapped: list[URLResolver | URLPattern] = [
            URLPattern(pattern.pattern, _json_errors(pattern.callback), pattern.default_args, pattern.name)
            if isinstance(pattern, URLPattern)
            else pattern
            for pattern in patterns
        ]
        wrapped.append(re_path(r"^.*$", _json_errors(_refuse)))
        return wrapped, app_name, namespace


api = ErrorsInJson(
    title="essmed API",
    version="1",
    description=(
        "Read-only access to the directory of ESS actors, the events and the funding watch "
        "of the Mediterranean cooperation."
    ),
    urls_namespace="api",
    # Swagger UI from django-ninja's own static files (never a CDN), without the badge that would fetch
    # validator.swagger.io: the Content-Security-Policy allows nothing but the platform itself.
    docs=Swagger(settings={"validatorUrl": None}),
    # The document and its page are read only (GET and HEAD).
    docs_decorator=require_safe,
)

# What pydantic says of a bad parameter, by the type of its error, in the language of the answer.
_REASONS: dict[str, Callable[[dict[str, Any]], str]] = {
    "int_parsing": lambda ctx: gettext("must be a whole number"),
    "int_parsing_size": lambda ctx: gettext("must be a whole number"),
    "int_type": lambda ctx: gettext("must be a whole number"),
    "int_from_float": lambda ctx: gettext("must be a whole number"),
    "greater_than_equal": lambda ctx: gettext("must be at least %(limit)s") % {"limit": ctx.get("ge")},
    "less_than_equal": lambda ctx: gettext("must be at most %(limit)s") % {"limit": ctx.get("le")},
    "string_too_long": lambda ctx: (
        gettext("must be at most %(limit)s characters long") % {"limit": ctx.get("max_length")}
    ),
    "string_pattern_mismatch": lambda ctx: (
        gettext("must match the pattern %(pattern)s") % {"pattern": ctx.get("pattern")}
    ),
    "enum": lambda ctx: gettext("must be one of %(values)s") % {"values": ctx.get("expected")},
}


def _reason(error: dict[str, Any]) -> str:
    explain = _REASONS.get(str(error.get("type", "")))
    if explain is not None:
        return explain(error.get("ctx") or {})
    message = str(error.get("msg", ""))
    # A validator of ours: its message, written in the language of the answer (see ``_json_errors``).
    return message.removeprefix("Value error, ")


@api.exception_handler(ValidationError)
def bad_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A request whose parameters do not validate: 400, with each parameter and what is wrong with it."""
    reasons = [
        {"parameter": ".".join(str(part) for part in error.get("loc", [])[1:]), "reason": _reason(error)}
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": gettext("Invalid parameters."), "errors": reasons}, status=400)


api.add_router("/actors", directory_router)
api.add_router("/events", events_router)
api.add_router("/funding", funding_router)
