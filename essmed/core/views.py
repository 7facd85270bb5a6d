from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static

from essmed.core.spaces import SPACES


def home(request: HttpRequest) -> HttpResponse:
    spaces = [(space, space.url()) for space in SPACES]
    return render(request, "core/home.html", {"spaces": spaces})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: send them to the icon."""
    return HttpResponsePermanentRedirect(static("essmed/favicon.svg"))


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The page shown when a form comes back without its CSRF token, in the user's language."""
    return render(request, "403_csrf.html", status=403)
