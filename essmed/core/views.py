from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from essmed.core.spaces import SPACES


def home(request: HttpRequest) -> HttpResponse:
    spaces = [(space, space.url()) for space in SPACES]
    return render(request, "core/home.html", {"spaces": spaces})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The page shown when a form comes back without its CSRF token, in the user's language."""
    return render(request, "403_csrf.html", status=403)
