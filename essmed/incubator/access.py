"""The one place that decides who may see or change the incubator's objects (see docs/incubator.md, "Privacy").

An application, a diagnostic, a plan and a project's figures are seen by the project's team, its advisor, its
mentor, the reviewers of the call (applications only) and programme staff; anyone else gets a 404.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from essmed.accounts.models import Role
from essmed.incubator.models import (
    Application,
    Call,
    Diagnostic,
    MentorProfile,
    PlanAction,
    Programme,
    Project,
    Review,
    Workshop,
    may_mentor,
)


def _is_staff(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_programme_staff)


def get_call_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Call:
    """A published call for anyone; an unpublished one, and changes, for programme staff."""
    if _is_staff(request.user):
        calls = Call.objects.all()
    else:
        calls = Call.objects.none() if write else Call.objects.published()
    call: Call = get_object_or_404(calls.select_related("programme"), pk=pk)
    return call


def get_application_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Application:
    """Read: the team, the call's reviewers once sent, the project's advisor and mentor, staff.
    Write (answers, submission, withdrawal): the team and staff."""
    applications = Application.objects.all()
    allowed = applications.editable_by(request.user) if write else applications.visible_to(request.user)
    application: Application = get_object_or_404(
        allowed.select_related("call", "call__programme", "applicant", "organisation", "division"), pk=pk
    )
    return application


def get_review_for_user(request: HttpRequest, application_pk: int, *, write: bool = False) -> Review:
    """The signed-in reviewer's own review of an application of a call they review (a new one if none yet).
    Only the call's reviewers reach it, never for a draft nor for an application of their own team, and they
    write it only while the application is in review or before the committee."""
    user = request.user
    if not (user.is_authenticated and user.is_active):
        raise Http404
    application: Application = get_object_or_404(
        Application.objects.reviewable_by(user).select_related("call"), pk=application_pk
    )
    if write and not application.is_reviewable:
        raise Http404
    review = Review.objects.filter(application=application, reviewer=user).first()
    return review or Review(application=application, reviewer=user)


def get_project_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Project:
    """Read: team, advisor, mentor, staff. Write (diagnostic, plan, sessions, figures): team, advisor, staff."""
    projects = Project.objects.all()
    allowed = projects.writable_by(request.user) if write else projects.visible_to(request.user)
    project: Project = get_object_or_404(
        allowed.select_related("programme", "cohort", "advisor", "mentor", "actor", "division", "organisation"),
        pk=pk,
    )
    return project


def get_supported_project_for_user(request: HttpRequest, pk: int) -> Project:
    """A project whose journey (stage, mentor) ``request.user`` steers: its advisor and programme staff; others
    who may see it get a 403-free 404 as well."""
    project: Project = get_object_or_404(Project.objects.supported_by(request.user), pk=pk)
    return project


def get_diagnostic_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Diagnostic:
    diagnostic: Diagnostic = get_object_or_404(Diagnostic.objects.select_related("project"), pk=pk)
    get_project_for_user(request, diagnostic.project_id, write=write)
    return diagnostic


def get_plan_action_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> PlanAction:
    action: PlanAction = get_object_or_404(PlanAction.objects.select_related("project"), pk=pk)
    get_project_for_user(request, action.project_id, write=write)
    return action


def get_workshop_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Workshop:
    """Read: staff, and the advisors, mentors and team members of the invited projects.
    Write (attendance): staff and the advisors of invited projects."""
    user = request.user
    if not (user.is_authenticated and user.is_active):
        raise Http404
    workshops = Workshop.objects.all()
    if not user.is_programme_staff:
        projects = Project.objects.supported_by(user) if write else Project.objects.visible_to(user)
        workshops = workshops.filter(projects__in=projects).distinct()
    workshop: Workshop = get_object_or_404(workshops.select_related("programme"), pk=pk)
    return workshop


def get_programme_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Programme:
    """The programme's dashboard (aggregates only): programme staff, advisors and CIM delegates."""
    user = request.user
    if not (user.is_authenticated and user.is_active):
        raise Http404
    if not (user.is_programme_staff or (not write and user.has_role(Role.ADVISOR, Role.DELEGATE))):
        raise Http404
    programme: Programme = get_object_or_404(Programme, pk=pk)
    return programme


def get_mentor_profile_for_user(request: HttpRequest, *, write: bool = False) -> MentorProfile:
    """One's own mentor profile (a new one if none yet)."""
    user = request.user
    if not (user.is_authenticated and user.is_active):
        raise Http404
    if not may_mentor(user):
        raise Http404
    profile = MentorProfile.objects.filter(user=user).first()
    return profile or MentorProfile(user=user)
