"""The one place that decides who may see or change the funding watch's objects (see docs/architecture.md)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from essmed.funding.models import Call, Project, ProjectPartner, SavedSearch


def get_call_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Call:
    """A published call for anyone; a draft, and any change, for programme staff."""
    user = request.user
    staff = user.is_authenticated and user.is_programme_staff
    if write and not staff:
        raise Http404
    calls = Call.objects.visible_to(user).select_related("programme__funder")
    call: Call = get_object_or_404(calls, pk=pk)
    return call


def get_project_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Project:
    """A project for its creator, its organisation's members and programme staff (reading and editing)."""
    projects = Project.objects.all()
    allowed = projects.editable_by(request.user) if write else projects.visible_to(request.user)
    project: Project = get_object_or_404(allowed.select_related("organisation", "owner"), pk=pk)
    return project


def get_partner_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> ProjectPartner:
    partner: ProjectPartner = get_object_or_404(ProjectPartner.objects.select_related("actor", "project"), pk=pk)
    get_project_for_user(request, partner.project_id, write=write)
    return partner


def get_saved_search_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> SavedSearch:
    """A saved search is its owner's alone."""
    if not request.user.is_authenticated:
        raise Http404
    search: SavedSearch = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    return search
