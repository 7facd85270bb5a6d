from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import render
from django.template import loader

from essmed.core.spaces import SPACES


def home(request: HttpRequest) -> HttpResponse:
    spaces = [(space, space.url()) for space in SPACES]
    return render(request, "core/home.html", {"spaces": spaces})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    body = loader.render_to_string("404.html", {"request_path": request.path}, request)
    return HttpResponseNotFound(body)
