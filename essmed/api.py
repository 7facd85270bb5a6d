"""The platform's read-only REST API, OpenAPI 3.1, documented at /api/docs (served locally).

Each app contributes a router from its own ``api.py``; every endpoint fetches objects through the app's
access helpers, like the views. Bad parameters are answered 400 with a reason, never 500.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Swagger
from ninja.errors import ValidationError

from essmed.directory.api import router as directory_router
from essmed.events.api import router as events_router
from essmed.funding.api import router as funding_router

api = NinjaAPI(
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
)


@api.exception_handler(ValidationError)
def bad_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """A request whose parameters do not validate: 400, with each parameter and what is wrong with it."""
    reasons = [
        {"parameter": ".".join(str(part) for part in error.get("loc", [])[1:]), "reason": error.get("msg", "")}
        for error in exc.errors
    ]
    return api.create_response(request, {"detail": "Invalid parameters.", "errors": reasons}, status=400)


api.add_router("/actors", directory_router)
api.add_router("/events", events_router)
api.add_router("/funding", funding_router)
