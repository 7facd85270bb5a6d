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
        followed = Project.objects.visible_to(user) if not staff else Project.objects.none()
        projects_page = Paginator(followed.select_related("programme"), PAGE_SIZE).get_page(request.GET.get("mine"))
        context.update(
            staff=staff,
            my_applications=mine.select_related("call"),
            my_projects=projects_page.object_list,
            my_projects_page=projects_page,
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
            calls = Call.objects.select_related("programme").order_by("-opens_on", "-pk")
            context["calls"] = Paginator(calls, PAGE_SIZE).get_page(request.GET.get("calls"))
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
        sent = call.applications.exclude(state=ApplicationState.DRAFT).order_by("-created_at", "-pk")
        context["applications"] = Paginator(sent, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "incubator/call_detail.html", context)


@login_required
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request, pk)
    try:
        application, created = actions.start_application(call, request.user)  # type: ignore[arg-type]
    except actions.IncubatorError as error:
        messages.error(request, str(error))
        return redirect(call)
    if created:
        messages.success(request, _("Your application is started as a draft: answer the questions, then send it."))
    else:
        messages.info(request, _("You already have a draft application to this call: here it is, as you left it."))
    return redirect("incubator:application_edit", application.pk)


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_user(request, pk)
    user = request.user
    staff = _is_staff(user)
    is_team = Application.objects.editable_by(user).filter(pk=pk).exists()
    reviewer = Application.objects.reviewable_by(user).filter(pk=pk).exists()
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
        "organisation": application.organisation_id,
    }
    initial.update({f"q_{qid}": value for qid, value in actions.answers_of(application).items()})
    form = ApplicationForm(
        request.POST or None,
        initial=initial,
        questions=questions,
        applicant=application.applicant,
        current_organisation=application.organisation_id,
        may_choose_organisation=request.user == application.applicant or _is_staff(request.user),
    )
    if request.method == "POST" and not form.is_valid():
        messages.error(request, _("Nothing is saved: please correct the fields marked."))
    elif request.method == "POST":
        application.project_name = form.cleaned_data["project_name"]
        application.summary = form.cleaned_data["summary"]
        application.sector = form.cleaned_data["sector"]
        application.division = form.cleaned_data["division"]
        application.organisation = form.cleaned_data["organisation"]
        # Only what the form holds: a change of state made meanwhile by staff is not written over.
        application.save(update_fields=["project_name", "summary", "sector", "division", "organisation", "updated_at"])
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
        _report_errors(request, form)
        return redirect(application)
    target = form.cleaned_data["target"]
    if not _is_staff(request.user):
        application = get_application_for_user(request, pk, write=True)
    if (
        target == ApplicationState.WITHDRAWN
        and target in application.allowed_targets()
        and "confirm" not in request.POST
    ):
        # A withdrawal cannot be undone: a click alone (perhaps by mistake) asks first.
        context = {"application": application, "note": form.cleaned_data["note"]}
        return render(request, "incubator/withdraw_confirm.html", context)
    try:
        actions.move(application, target, request.user, form.cleaned_data["note"])  # type: ignore[arg-type]
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The application is now: %(state)s.") % {"state": ApplicationState(target).label})
    return redirect(application)


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """A reviewer of the call scores each criterion, recommends and comments. A review sent once the application
    has left the review (the reviewer was still writing) is refused, and shown back so that nothing is lost."""
    the_review = get_review_for_user(request, pk)
    application = the_review.application
    criteria = list(application.call.criteria.all())
    initial: dict[str, Any] = {}
    if the_review.pk:
        initial = {"recommendation": the_review.recommendation, "comment": the_review.comment}
        initial.update({f"c_{score.criterion_id}": score.value for score in the_review.scores.all()})
    form = ReviewForm(request.POST or None, initial=initial, criteria=criteria)
    if request.method == "POST" and not application.is_reviewable:
        messages.error(request, _("This application is no longer in review: your review is not saved."))
    elif request.method == "POST":
        the_review = get_review_for_user(request, pk, write=True)
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
        "reviewable": application.is_reviewable,
    }
    return render(request, "incubator/review_form.html", context)


def _is_staff(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_programme_staff)


def _staff_only(request: HttpRequest) -> None:
    if not (request.user.is_authenticated and request.user.is_programme_staff):
        raise Http404


def _report_errors(request: HttpRequest, form: Any) -> None:
    """Each error of ``form`` as a message, after its field's label."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        if field == "target":  # a hidden field: its error would name nothing the person sees
            label, errors = "", [_("Unknown state.")]
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


def _committee_page(request: HttpRequest, call: Call, bound: DecisionForm | None = None) -> HttpResponse:
    """The committee page; ``bound``, a decision refused for its fields, is shown as filled, with its errors."""
    applications = {a.pk: a for a in actions.applications_for_committee(call)}
    ranked = rank(actions.ranked_application(a) for a in applications.values())
    rows = [
        {
            "rank": n,
            "ranked": r,
            "application": applications[r.key],
            "form": bound
            if bound is not None and bound.prefix == f"a{r.key}"
            else DecisionForm(programme=call.programme, prefix=f"a{r.key}"),
        }
        for n, r in enumerate(ranked, start=1)
    ]
    deciding = [row for row in rows if row["application"].state == ApplicationState.COMMITTEE]
    return render(request, "incubator/committee.html", {"call": call, "rows": rows, "deciding": deciding})


@login_required
def committee(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff: the applications of a call in review or before the committee, ranked by their reviews' scores."""
    _staff_only(request)
    return _committee_page(request, get_call_for_user(request, pk, write=True))


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff record the committee's decision; one refused for its fields comes back filled in, not emptied."""
    _staff_only(request)
    application = get_application_for_user(request, pk, write=True)
    form = DecisionForm(request.POST, programme=application.call.programme, prefix=f"a{application.pk}")
    if not form.is_valid():
        _report_errors(request, form)
        return _committee_page(request, application.call, bound=form)
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
