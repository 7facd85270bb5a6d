"""The incubator's home, calls, applications, reviews and the committee. Every object comes through
``access.py``; the operations are in ``actions.py``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from essmed.incubator import actions
from essmed.incubator.access import (
    get_application_for_user,
    get_call_for_user,
    get_review_for_user,
)
from essmed.incubator.forms import ApplicationForm, DecisionForm, ReviewForm, TransitionForm
from essmed.incubator.models import (
    APPLICANT_WORDING,
    Application,
    ApplicationState,
    Call,
    MentorProfile,
    Programme,
    Project,
    TransitionError,
    Workshop,
    may_mentor,
)
from essmed.incubator.ranking import rank

PAGE_SIZE = 20


def home(request: HttpRequest) -> HttpResponse:
    """Open calls for everyone; for a signed-in person, their applications, projects, reviews and mentees."""
    user = request.user
    today = timezone.localdate()
    context: dict[str, Any] = {"open_calls": Call.objects.open_on(today).select_related("programme")}
    if user.is_authenticated:
        staff = user.is_programme_staff
        mine = Application.objects.editable_by(user) if not staff else Application.objects.none()
        context.update(
            staff=staff,
            my_applications=mine.select_related("call"),
            my_projects=Project.objects.visible_to(user).select_related("programme")[:50] if not staff else [],
            to_review=Application.objects.awaiting_review_by(user).select_related("call"),
            may_mentor=may_mentor(user),
            has_profile=MentorProfile.objects.filter(user=user).exists(),
            programmes=Programme.objects.all() if (staff or user.has_role("advisor", "delegate")) else [],
            workshops=(
                Workshop.objects.all()
                if staff
                else Workshop.objects.filter(projects__in=Project.objects.visible_to(user))
            )
            .distinct()
            .select_related("programme")[:10],
        )
        if staff:
            context["calls"] = Call.objects.select_related("programme")
            projects = Project.objects.select_related("programme", "advisor", "mentor").order_by("name")
            context["page_obj"] = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "incubator/home.html", context)


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request, pk)
    context: dict[str, Any] = {"call": call, "questions": call.questions.all(), "is_open": call.is_open()}
    if request.user.is_authenticated and request.user.is_programme_staff:
        counts = dict.fromkeys(ApplicationState.values, 0)
        for state in call.applications.values_list("state", flat=True):
            counts[state] += 1
        context["counts"] = [(ApplicationState(state).label, n) for state, n in counts.items()]
        context["applications"] = call.applications.exclude(state=ApplicationState.DRAFT).select_related("applicant")
    return render(request, "incubator/call_detail.html", context)


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request, pk)
    try:
        application = actions.start_application(call, request.user)  # type: ignore[arg-type]
    except actions.IncubatorError as error:
        messages.error(request, str(error))
        return redirect(call)
    messages.success(request, _("Your application is started as a draft: answer the questions, then send it."))
    return redirect("incubator:application_edit", application.pk)


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    user = request.user
    staff = _is_staff(user)
    is_team = Application.objects.editable_by(user).filter(pk=pk).exists()
    reviewer = application.call.reviewers.filter(pk=user.pk).exists()
    context: dict[str, Any] = {
        "application": application,
        "answers": actions.answered_questions(application),
        "staff": staff,
        "is_team": is_team,
        "is_reviewer": reviewer,
        "state_for_applicant": APPLICANT_WORDING[application.state],
        "transitions": [
            (target, ApplicationState(target).label)
            for target in application.allowed_targets()
            if target not in (ApplicationState.ACCEPTED, ApplicationState.DECLINED, ApplicationState.SUBMITTED)
        ]
        if staff
        else [],
        "can_withdraw": is_team and ApplicationState.WITHDRAWN in application.allowed_targets(),
        "reviews": application.reviews.prefetch_related("scores__criterion").select_related("reviewer")
        if staff
        else [],
        "project": Project.objects.filter(application=application).first(),
    }
    return render(request, "incubator/application_detail.html", context)


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The team fills in the answers while a draft or when more information is requested; "send" submits."""
    application = get_application_for_user(request, pk, write=True)
    if not application.is_editable:
        messages.error(request, _("This application has been sent: its answers can no longer be changed."))
        return redirect(application)
    questions = list(application.call.questions.all())
    initial: dict[str, Any] = {
        "project_name": application.project_name,
        "summary": application.summary,
        "sector": application.sector,
        "division": application.division_id,
    }
    initial.update({f"q_{qid}": value for qid, value in actions.answers_of(application).items()})
    form = ApplicationForm(request.POST or None, initial=initial, questions=questions)
    if request.method == "POST" and form.is_valid():
        application.project_name = form.cleaned_data["project_name"]
        application.summary = form.cleaned_data["summary"]
        application.sector = form.cleaned_data["sector"]
        application.division = form.cleaned_data["division"]
        application.save()
        actions.save_answers(application, form.answers())
        if "submit" not in request.POST:
            messages.success(request, _("Your answers are saved. The application is not sent yet."))
            return redirect("incubator:application_edit", application.pk)
        try:
            actions.submit(application)
        except actions.MissingAnswers as error:
            messages.error(request, str(error))
            form.mark_missing(error.questions)
        except (actions.IncubatorError, TransitionError) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you: your application is sent."))
            return redirect(application)
    return render(request, "incubator/application_form.html", {"application": application, "form": form})


@login_required
@require_POST
def application_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff move the application through the selection; its team may withdraw it."""
    application = get_application_for_user(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown state."))
        return redirect(application)
    target = form.cleaned_data["target"]
    if not _is_staff(request.user):
        application = get_application_for_user(request, pk, write=True)
    try:
        actions.move(application, target, request.user, form.cleaned_data["note"])  # type: ignore[arg-type]
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The application is now: %(state)s.") % {"state": ApplicationState(target).label})
    return redirect(application)


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """A reviewer of the call scores each criterion, recommends and comments."""
    the_review = get_review_for_user(request, pk, write=request.method == "POST")
    application = the_review.application
    criteria = list(application.call.criteria.all())
    initial: dict[str, Any] = {}
    if the_review.pk:
        initial = {"recommendation": the_review.recommendation, "comment": the_review.comment}
        initial.update({f"c_{score.criterion_id}": score.value for score in the_review.scores.all()})
    form = ReviewForm(request.POST or None, initial=initial, criteria=criteria)
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.save_review(
                    the_review, form.scores(), form.cleaned_data["recommendation"], form.cleaned_data["comment"]
                )
            except actions.IncubatorError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Your review is saved."))
                return redirect("incubator:home")
        else:
            messages.error(request, _("The review is not saved: please correct the fields marked."))
    context = {
        "application": application,
        "answers": actions.answered_questions(application),
        "form": form,
        "reviewable": application.state in ("review", "committee"),
    }
    return render(request, "incubator/review_form.html", context)


def _is_staff(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_programme_staff)


def _staff_only(request: HttpRequest) -> None:
    if not (request.user.is_authenticated and request.user.is_programme_staff):
        raise Http404


@login_required
def committee(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: the applications of a call in review or before the committee, ranked by their reviews' scores."""
    _staff_only(request)
    call = get_call_for_user(request, pk, write=True)
    applications = {a.pk: a for a in actions.applications_for_committee(call)}
    ranked = rank(actions.ranked_application(a) for a in applications.values())
    rows = [
        {
            "rank": n,
            "ranked": r,
            "application": applications[r.key],
            "form": DecisionForm(programme=call.programme, prefix=f"a{r.key}"),
        }
        for n, r in enumerate(ranked, start=1)
    ]
    deciding = [row for row in rows if row["application"].state == ApplicationState.COMMITTEE]
    return render(request, "incubator/committee.html", {"call": call, "rows": rows, "deciding": deciding})


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    _staff_only(request)
    application = get_application_for_user(request, pk, write=True)
    form = DecisionForm(request.POST, programme=application.call.programme, prefix=f"a{application.pk}")
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
        return redirect("incubator:committee", application.call_id)
    data = form.cleaned_data
    try:
        project = actions.decide(
            application,
            accepted=data["decision"] == "accept",
            reason=data["reason"],
            referral=data["referral"],
            cohort=data["cohort"],
            advisor=data["advisor"],
        )
    except (actions.IncubatorError, TransitionError) as error:
        messages.error(request, str(error))
        return redirect("incubator:committee", application.call_id)
    if project is not None:
        messages.success(request, _("“%(name)s” is accepted; its journey begins.") % {"name": application})
    else:
        messages.success(request, _("“%(name)s” is declined; the applicant is told why.") % {"name": application})
    return redirect("incubator:committee", application.call_id)
