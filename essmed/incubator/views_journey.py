"""Support journeys: a project's page, its stages, diagnostics, support plan, sessions, follow-ups, mentoring,
and the collective workshops. Every object comes through ``access.py``; operations are in ``actions.py``."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from essmed.accounts.models import User
from essmed.incubator import actions
from essmed.incubator.access import (
    get_diagnostic_for_user,
    get_mentor_profile_for_user,
    get_plan_action_for_user,
    get_project_for_user,
    get_supported_project_for_user,
    get_workshop_for_user,
)
from essmed.incubator.forms import (
    AttendanceForm,
    DiagnosticForm,
    FollowUpForm,
    MentorChoiceForm,
    MentorProfileForm,
    MilestoneForm,
    PlanActionForm,
    ProjectForm,
    SessionForm,
    StageForm,
)
from essmed.incubator.models import (
    Attendance,
    Diagnostic,
    Dimension,
    FollowUp,
    FollowUpPoint,
    Language,
    Milestone,
    PlanAction,
    Project,
    Sector,
    Stage,
    SupportSession,
    TransitionError,
)
from essmed.incubator.submission import Submission

SESSIONS_PER_PAGE = 20


def _roles(request: HttpRequest, project: Project) -> dict[str, bool]:
    user = request.user
    return {
        "can_write": Project.objects.writable_by(user).filter(pk=project.pk).exists(),
        "can_steer": Project.objects.supported_by(user).filter(pk=project.pk).exists(),
    }


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk)
    entries = {entry.stage: entry.entered_on for entry in project.stage_entries.all()}
    stages = [(stage, stage.label, entries.get(stage.value), stage.value == project.stage) for stage in Stage]
    follow_ups = {f.point: f for f in project.follow_ups.all()}
    follow_up_rows = [
        (point.label, actions.follow_up_due_on(project, point.value), follow_ups.get(point.value))
        for point in FollowUpPoint
    ]
    context: dict[str, Any] = {
        "project": project,
        "stages": stages,
        "team": project.team_members(),
        "diagnostics": project.diagnostics.all(),
        "plan_actions": project.plan_actions.select_related("owner"),
        "milestones": project.milestones.all(),
        "sessions": Paginator(project.sessions.prefetch_related("participants"), SESSIONS_PER_PAGE).get_page(
            request.GET.get("sessions")
        ),
        "follow_up_rows": follow_up_rows,
        "workshops": project.workshops.all(),
        "stage_form": StageForm(initial={"entered_on": timezone.localdate(), "stage": project.next_stage}),
        **_roles(request, project),
    }
    return render(request, "incubator/project_detail.html", context)


@login_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The advisor or staff keep the project's facts: cohort, sector, province, languages, directory entry."""
    project = get_supported_project_for_user(request, pk)
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("The project is saved."))
            return redirect(project)
        messages.error(request, _("Nothing is saved: please correct the fields marked."))
    title = _("The project's facts")
    return render(request, "incubator/project_form.html", {"project": project, "form": form, "title": title})


@login_required
@require_POST
def project_stage(request: HttpRequest, pk: int) -> HttpResponse:
    """The advisor or staff move the project to its next stage, with the date it was entered."""
    project = get_supported_project_for_user(request, pk)
    form = StageForm(request.POST)
    if not form.is_valid():
        if form.has_error("entered_on", "out_of_range"):  # a date typed out of the years the platform takes
            messages.error(request, str(form.errors["entered_on"][0]))
        else:
            messages.error(request, _("Give the date the stage was entered."))
        return redirect(project)
    try:
        stage = actions.advance_stage(project, form.cleaned_data["stage"], form.cleaned_data["entered_on"])
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The project has entered the stage “%(stage)s”.") % {"stage": Stage(stage).label})
    return redirect(project)


def _saved(request: HttpRequest, done: str, created: bool = True) -> None:
    """The message of a form that creates a row: ``done``; or, for the second click of a double click
    (``created`` false), that the first click saved it."""
    if created:
        messages.success(request, done)
    else:
        messages.info(request, _("This form had already been sent: it is saved once."))


def _out_of_date(request: HttpRequest) -> None:
    messages.error(request, _("This page was out of date: check the form and save it again."))


@login_required
@never_cache  # the Back button draws the form again, with a new token, rather than the one already used
def diagnostic_create(request: HttpRequest, pk: int) -> HttpResponse:
    """The project and its advisor fill the diagnostic together; the previous one's scores are offered."""
    project = get_project_for_user(request, pk, write=True)
    done = _("The diagnostic is saved.")
    sent = Submission(request, Diagnostic)
    earlier = sent.earlier()
    if earlier is not None:
        _saved(request, done, created=False)
        return redirect(earlier)
    previous = project.diagnostics.order_by("-held_on", "-pk").prefetch_related("scores").first()
    initial: dict[str, Any] = {"held_on": timezone.localdate()}
    if previous:
        initial.update({f"score_{s.dimension}": s.score for s in previous.scores.all()})
    form = DiagnosticForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("The diagnostic is not saved: please correct the fields marked."))
        elif sent.missing:
            _out_of_date(request)
        else:
            diagnostic, created = sent.create(
                lambda token: actions.record_diagnostic(
                    project,
                    request.user,  # type: ignore[arg-type]
                    form.cleaned_data["held_on"],
                    form.cleaned_data["summary"],
                    form.scores(),
                    submission=token,
                )
            )
            _saved(request, done, created)
            return redirect(diagnostic)
    context = {"project": project, "form": form, "submission": sent.token}
    return render(request, "incubator/diagnostic_form.html", context)


def radar_data(latest: Diagnostic, previous: Diagnostic | None) -> dict[str, Any]:
    """What the radar chart draws (read by static/incubator/charts.js), the same as the table beside it."""
    latest_scores = latest.score_map()
    data: dict[str, Any] = {
        "labels": [str(d.label) for d in Dimension],
        "datasets": [
            {
                "label": _("Diagnostic of %(date)s") % {"date": date_format(latest.held_on, "DATE_FORMAT")},
                "data": [latest_scores.get(d) for d in Dimension],
            }
        ],
        "max": 5,
        "type": "radar",
    }
    if previous is not None:
        previous_scores = previous.score_map()
        data["datasets"].append(
            {
                "label": _("Diagnostic of %(date)s") % {"date": date_format(previous.held_on, "DATE_FORMAT")},
                "data": [previous_scores.get(d) for d in Dimension],
            }
        )
    return data


@login_required
def diagnostic_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The diagnostic as a radar chart with its table, beside the previous one to show progress."""
    diagnostic = get_diagnostic_for_user(request, pk)
    project = diagnostic.project
    previous = (
        project.diagnostics.filter(held_on__lte=diagnostic.held_on)
        .exclude(pk=diagnostic.pk)
        .order_by("-held_on", "-pk")
        .first()
    )
    scores = {s.dimension: s for s in diagnostic.scores.all()}
    previous_scores = previous.score_map() if previous else {}
    rows = []
    for dimension in Dimension:
        score = scores.get(dimension.value)
        before = previous_scores.get(dimension.value)
        value = score.score if score else None
        rows.append(
            {
                "label": dimension.label,
                "score": value,
                "comment": score.comment if score else "",
                "previous": before,
                "change": value - before if value is not None and before is not None else None,
            }
        )
    context = {
        "diagnostic": diagnostic,
        "project": project,
        "previous": previous,
        "rows": rows,
        "chart": radar_data(diagnostic, previous),
        "all_diagnostics": project.diagnostics.all(),
        **_roles(request, project),
    }
    return render(request, "incubator/diagnostic_detail.html", context)


def _project_form(
    request: HttpRequest,
    project: Project,
    form: Any,
    title: str,
    done: str,
    sent: Submission[Any] | None = None,
) -> HttpResponse:
    """A form of the project's plan or log; ``sent``, for a new row: created once, however many clicks."""
    earlier = sent.earlier() if sent is not None else None
    if earlier is not None:
        _saved(request, done, created=False)
        return redirect(project)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("Nothing is saved: please correct the fields marked."))
        elif sent is not None and sent.missing:
            _out_of_date(request)
        else:

            def save(token: UUID | None = None) -> Any:
                instance = form.save(commit=False)
                instance.project = project
                if token is not None:
                    instance.submission = token
                if hasattr(instance, "logged_by_id"):
                    instance.logged_by = request.user
                instance.save()
                form.save_m2m()
                return instance

            created = True
            if sent is None:
                save()
            else:
                _instance, created = sent.create(save)
            _saved(request, done, created)
            return redirect(project)
    context = {"project": project, "form": form, "title": title, "submission": sent.token if sent else None}
    return render(request, "incubator/project_form.html", context)


@login_required
@never_cache
def plan_action_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk, write=True)
    form = PlanActionForm(request.POST or None, project=project, initial={"dimension": request.GET.get("dimension")})
    title, done = _("New action of the support plan"), _("The action is added.")
    return _project_form(request, project, form, title, done, Submission(request, PlanAction))


@login_required
def plan_action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_plan_action_for_user(request, pk, write=True)
    project = action.project
    form = PlanActionForm(request.POST or None, instance=action, project=project)
    return _project_form(request, project, form, _("Action of the support plan"), _("The action is saved."))


@login_required
@never_cache
def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk, write=True)
    form = MilestoneForm(request.POST or None, initial={"stage": project.stage})
    title, done = _("New milestone"), _("The milestone is added.")
    return _project_form(request, project, form, title, done, Submission(request, Milestone))


@login_required
@never_cache
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk, write=True)
    form = SessionForm(request.POST or None, project=project, initial={"held_on": timezone.localdate()})
    title, done = _("Log a support session"), _("The session is logged.")
    return _project_form(request, project, form, title, done, Submission(request, SupportSession))


@login_required
@never_cache
def followup_create(request: HttpRequest, pk: int) -> HttpResponse:
    """The project's figures at a follow-up point; the same point or date twice is refused (a double click saves
    them once, and says so rather than refusing the second click)."""
    project = get_project_for_user(request, pk, write=True)
    done = _("The follow-up figures are saved.")
    sent = Submission(request, FollowUp)
    if sent.earlier() is not None:
        _saved(request, done, created=False)
        return redirect(project)
    recorded = set(project.follow_ups.values_list("point", flat=True))
    next_point = next((p for p in FollowUpPoint.values if p not in recorded), FollowUpPoint.ENTRY)
    form = FollowUpForm(
        request.POST or None,
        project=project,
        initial={"point": next_point, "reported_on": timezone.localdate()},
    )
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("Nothing is saved: please correct the fields marked."))
        elif sent.missing:
            _out_of_date(request)
        else:
            follow_up: FollowUp = form.save(commit=False)
            follow_up.project = project
            follow_up.recorded_by = request.user  # type: ignore[assignment]

            def record(token: UUID) -> FollowUp:
                follow_up.submission = token
                return actions.record_follow_up(follow_up)

            try:
                _follow_up, created = sent.create(record)
            except actions.IncubatorError as error:
                messages.error(request, str(error))
            else:
                _saved(request, done, created)
                return redirect(project)
    context = {"project": project, "form": form, "title": _("Follow-up figures"), "submission": sent.token}
    return render(request, "incubator/project_form.html", context)


@login_required
def mentors(request: HttpRequest, pk: int) -> HttpResponse:
    """Mentor suggestions ranked for the project, each with its reasons; the advisor or staff assign one."""
    project = get_supported_project_for_user(request, pk)
    form = MentorChoiceForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.assign_mentor(project, form.cleaned_data["mentor"])
            except actions.IncubatorError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, _("%(name)s now mentors the project.") % {"name": form.cleaned_data["mentor"]}
                )
                return redirect(project)
        else:
            messages.error(request, _("Choose a mentor with a mentor profile."))
    suggestions, profiles = actions.mentor_suggestions(project)
    rows = []
    for suggestion in suggestions:
        reasons = []
        if suggestion.same_sector:
            reasons.append(_("same sector: %(sector)s") % {"sector": Sector(project.sector).label})
        if suggestion.shared_languages:
            names = pgettext("list separator", ", ").join(
                str(Language(code).label) for code in suggestion.shared_languages if code in Language.values
            )
            reasons.append(_("shared languages: %(languages)s") % {"languages": names})
        if suggestion.needs_met:
            names = pgettext("list separator", ", ").join(str(Dimension(code).label) for code in suggestion.needs_met)
            reasons.append(_("knows what the diagnostic shows is needed: %(needs)s") % {"needs": names})
        rows.append({"suggestion": suggestion, "profile": profiles[suggestion.key], "reasons": reasons})
    context = {"project": project, "rows": rows, "form": form}
    return render(request, "incubator/mentors.html", context)


@login_required
def mentor_profile(request: HttpRequest) -> HttpResponse:
    """Advisors and members of cooperatives or support structures offer to mentor."""
    profile = get_mentor_profile_for_user(request, write=request.method == "POST")
    form = MentorProfileForm(request.POST or None, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your mentor profile is saved."))
            return redirect("incubator:mentor_profile")
        messages.error(request, _("Nothing is saved: please correct the fields marked."))
    mentees = Project.objects.mentored_by(request.user) if profile.pk else Project.objects.none()
    return render(request, "incubator/mentor_profile.html", {"form": form, "profile": profile, "mentees": mentees})


@login_required
def workshop(request: HttpRequest, pk: int) -> HttpResponse:
    """A collective workshop; its attendance is marked by staff and the advisors of invited projects."""
    the_workshop = get_workshop_for_user(request, pk, write=request.method == "POST")
    people_ids = {member.pk for project in the_workshop.projects.all() for member in project.team_members()}
    people = User.objects.filter(pk__in=people_ids)
    present = set(the_workshop.attendances.filter(present=True).values_list("person_id", flat=True))
    form = AttendanceForm(request.POST or None, people=people, initial={"present": list(present)})
    can_mark = True
    try:
        get_workshop_for_user(request, pk, write=True)
    except Http404:
        can_mark = False
    if request.method == "POST" and form.is_valid():
        chosen = {person.pk for person in form.cleaned_data["present"]}
        for person_id in people_ids:
            Attendance.objects.update_or_create(
                workshop=the_workshop, person_id=person_id, defaults={"present": person_id in chosen}
            )
        messages.success(request, _("The attendance is saved: %(count)d present.") % {"count": len(chosen)})
        return redirect(the_workshop)
    context = {
        "workshop": the_workshop,
        "form": form,
        "can_mark": can_mark,
        "present_count": len(present),
        "invited_count": len(people_ids),
        "projects": the_workshop.projects.all(),
    }
    return render(request, "incubator/workshop.html", context)
