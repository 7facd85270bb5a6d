"""Operations of the incubator that touch several models or send email. Views validate, then call these.

Each refusal raises ``IncubatorError`` (or a subclass) whose ``str()`` is the message to show the person.
Emails go through the background worker (``core.emails.queue_email``) once the transaction commits, rendered in
the recipient's language.
"""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any
from uuid import UUID

from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped]
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from essmed.accounts.models import User
from essmed.core.emails import queue_email
from essmed.incubator.matching import MentorCandidate, ProjectNeeds, Suggestion, is_full, suggest_mentors
from essmed.incubator.models import (
    FOLLOW_UP_MONTHS,
    Answer,
    Application,
    ApplicationState,
    Call,
    Cohort,
    Diagnostic,
    DiagnosticScore,
    Dimension,
    FollowUp,
    FollowUpPoint,
    FollowUpReminder,
    MentorProfile,
    Project,
    Question,
    QuestionKind,
    Review,
    Score,
    Stage,
    StageEntry,
    TransitionError,
)
from essmed.incubator.ranking import RankedApplication, average


class IncubatorError(ValueError):
    """An operation refused for a reason the person can understand."""


# Quotation marks by language (a property of the language, like its digits, rather than words to translate).
QUOTES: dict[str, tuple[str, str]] = {"fr": ("« ", " »"), "ar": ("«", "»"), "es": ("«", "»"), "it": ("«", "»")}


def quoted(text: str) -> str:
    """``text`` between the quotation marks of the active language: «…» in Arabic, « … » in French, “…” else."""
    opening, closing = QUOTES.get(translation.get_language() or "", ("“", "”"))
    return f"{opening}{text}{closing}"


class MissingAnswers(IncubatorError):
    def __init__(self, questions: list[Question]) -> None:
        self.questions = questions
        names = pgettext("list separator", ", ").join(quoted(question.text) for question in questions)
        super().__init__(_("Your application cannot be sent yet: please answer %(questions)s.") % {"questions": names})


class MentorAtCapacity(IncubatorError):
    pass


# --- Applications ----------------------------------------------------------------------------------------------


def start_application(call: Call, user: User) -> tuple[Application, bool]:
    """A draft application of ``user`` to an open call, and whether it is new: ``user``'s draft to that call if
    there is one already (a double click on "Apply" starts one draft, not two)."""
    if not call.is_open():
        raise IncubatorError(_("This call is not taking applications."))
    draft = Application.objects.draft_of(call, user)
    if draft is not None:
        return draft, False
    membership = user.memberships.filter(organisation__isnull=False, role="member").first()
    try:
        with transaction.atomic():
            application = Application.objects.create(
                call=call,
                applicant=user,
                project_name=_("My project"),
                organisation=membership.organisation if membership else None,
            )
    except IntegrityError:  # the other click of a double click won
        draft = Application.objects.draft_of(call, user)
        if draft is None:
            raise
        return draft, False
    return application, True


def _lock(application: Application) -> None:
    """Lock ``application``'s row until the transaction ends, then read it again: of two clicks at once, the
    second sees what the first did, and is refused instead of doing it again (or failing on a constraint)."""
    list(Application.objects.select_for_update().filter(pk=application.pk).values_list("pk", flat=True))
    application.refresh_from_db()


def answers_of(application: Application) -> dict[int, str]:
    return dict(application.answers.values_list("question_id", "value"))


@transaction.atomic
def save_answers(application: Application, answers: dict[int, str]) -> None:
    """Store the answers (question id → text); an empty answer is removed."""
    for question_id, value in answers.items():
        if value == "":
            Answer.objects.filter(application=application, question_id=question_id).delete()
        else:
            Answer.objects.update_or_create(application=application, question_id=question_id, defaults={"value": value})


def missing_answers(application: Application) -> list[Question]:
    answered = {qid for qid, value in answers_of(application).items() if value.strip()}
    return [q for q in application.call.questions.all() if q.required and q.pk not in answered]


@transaction.atomic
def submit(application: Application) -> None:
    """Send a draft (or a completed request for more information) to the programme; refused, with the questions
    named, while a required question has no answer."""
    _lock(application)
    missing = missing_answers(application)
    if missing:
        raise MissingAnswers(missing)
    if application.state == ApplicationState.MORE_INFO:
        application.move_to(ApplicationState.SCREENING)
    else:
        if not application.call.is_open():
            raise IncubatorError(_("This call is closed: the application can no longer be sent."))
        application.move_to(ApplicationState.SUBMITTED)


APPLICANT_TARGETS = frozenset({ApplicationState.WITHDRAWN})


@transaction.atomic
def move(application: Application, target: str, user: User, note: str = "") -> None:
    """Move an application along the selection (staff), or withdraw it (its team). The decision itself goes
    through ``decide``. A request for more information is emailed to the applicant with ``note``."""
    if target in (ApplicationState.ACCEPTED, ApplicationState.DECLINED):
        raise TransitionError(_("A decision is recorded with its reasons, from the committee page."))
    if target == ApplicationState.SUBMITTED:
        raise TransitionError(_("An application is sent by its team, with every required answer."))
    if not user.is_programme_staff and target not in APPLICANT_TARGETS:
        raise TransitionError(_("Only programme staff move an application through the selection."))
    _lock(application)
    application.move_to(target)
    if target == ApplicationState.MORE_INFO:
        application.staff_note = note
        application.save(update_fields=["staff_note"])
        transaction.on_commit(lambda: _email_applicant(application, "emails/incubator/more_info"))


def ranked_application(application: Application) -> RankedApplication:
    """The application with the average of its submitted reviews' scores (not applicable left out), the number
    of reviews and the recommendations counted (``prefetch_related("reviews__scores")`` first)."""
    reviews = [r for r in application.reviews.all() if r.is_submitted]
    values = [score.value for review in reviews for score in review.scores.all()]
    recommendations: dict[str, int] = {}
    for review in reviews:
        recommendations[review.recommendation] = recommendations.get(review.recommendation, 0) + 1
    return RankedApplication(
        key=application.pk,
        name=application.project_name,
        score=average(values),
        reviews=len(reviews),
        recommendations=recommendations,
    )


@transaction.atomic
def save_review(review: Review, scores: dict[int, int | None], recommendation: str, comment: str) -> Review:
    for value in scores.values():
        if value is not None and not 0 <= value <= 5:
            raise IncubatorError(_("A score is between 0 and 5."))
    # update_or_create, not save(): a first review sent twice at once (a double click) stays one review.
    review, _created = Review.objects.update_or_create(
        application=review.application,
        reviewer=review.reviewer,
        defaults={"recommendation": recommendation, "comment": comment, "is_submitted": True},
    )
    for criterion_id, value in scores.items():
        Score.objects.update_or_create(review=review, criterion_id=criterion_id, defaults={"value": value})
    return review


@transaction.atomic
def decide(
    application: Application,
    *,
    accepted: bool,
    reason: str,
    referral: str = "",
    cohort: Cohort | None = None,
    advisor: User | None = None,
) -> Project | None:
    """Record the committee's decision with its reasons, email it to the applicant, and on acceptance open the
    project's journey at the emergence stage."""
    _lock(application)
    application.check_transition(ApplicationState.ACCEPTED if accepted else ApplicationState.DECLINED)
    if not reason.strip():
        raise IncubatorError(_("A decision is recorded with its reasons."))
    application.decision_reason = reason
    application.referral = "" if accepted else referral
    application.save(update_fields=["decision_reason", "referral"])
    application.move_to(ApplicationState.ACCEPTED if accepted else ApplicationState.DECLINED)
    project = None
    if accepted:
        project = Project.objects.create(
            programme=application.call.programme,
            cohort=cohort,
            application=application,
            name=application.project_name,
            sector=application.sector,
            division=application.division,
            organisation=application.organisation,
            advisor=advisor,
            languages=[application.applicant.preferred_language],
        )
        project.team.add(application.applicant, *application.team.all())
        StageEntry.objects.create(project=project, stage=Stage.EMERGENCE, entered_on=timezone.localdate())
    transaction.on_commit(lambda: _email_applicant(application, "emails/incubator/decision"))
    return project


def _email_applicant(application: Application, template: str) -> None:
    applicant = application.applicant
    language = applicant.preferred_language
    with translation.override(language):
        context = {
            "full_name": applicant.full_name,
            "project": application.project_name,
            "call": application.call.title,
            "accepted": application.state == ApplicationState.ACCEPTED,
            "reason": application.decision_reason,
            "referral": application.referral,
            "note": application.staff_note,
            "path": reverse("incubator:application", args=[application.pk]),
        }
    queue_email(applicant.email, template, context, language=language)


# --- Journeys and diagnostics ----------------------------------------------------------------------------------


@transaction.atomic
def advance_stage(project: Project, stage: str, on: date | None = None) -> str:
    """Move ``project`` to ``stage``, the stage the person saw as the next one: a second click of a double click,
    or a page left open while someone else moved the project, is refused instead of moving it one stage further."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.next_stage is None:
        raise TransitionError(_("The project is at the last stage of its journey."))
    project.enter_stage(stage, on)
    return stage


@transaction.atomic
def record_diagnostic(
    project: Project,
    user: User,
    held_on: date,
    summary: str,
    scores: dict[str, tuple[int, str]],
    submission: UUID | None = None,
) -> Diagnostic:
    """A new diagnostic of ``project``: dimension → (score 0–5, comment) for each of the seven dimensions;
    ``submission``, the token of the form it comes from (see submission.py)."""
    if set(scores) != set(Dimension.values):
        raise IncubatorError(_("Every dimension of the diagnostic needs a score."))
    if any(not 0 <= score <= 5 for score, _comment in scores.values()):
        raise IncubatorError(_("A score is between 0 and 5."))
    diagnostic = Diagnostic.objects.create(
        project=project, held_on=held_on, summary=summary, created_by=user, submission=submission
    )
    DiagnosticScore.objects.bulk_create(
        DiagnosticScore(diagnostic=diagnostic, dimension=dimension, score=score, comment=comment)
        for dimension, (score, comment) in scores.items()
    )
    return diagnostic


# --- Mentoring -------------------------------------------------------------------------------------------------


def mentee_counts() -> dict[int, int]:
    return dict(
        Project.objects.active()
        .exclude(mentor=None)
        .values("mentor")
        .annotate(n=Count("pk"))
        .values_list("mentor", "n")
    )


def mentor_suggestions(project: Project) -> tuple[list[Suggestion], dict[int, MentorProfile]]:
    """Available mentors ranked for ``project`` (see matching.py), with their profiles by user id."""
    latest = project.diagnostics.order_by("-held_on", "-pk").first()
    needs = ProjectNeeds(
        sector=project.sector,
        languages=frozenset(project.languages),
        scores=latest.score_map() if latest else {},
    )
    counts = mentee_counts()
    profiles = {
        profile.user_id: profile
        for profile in MentorProfile.objects.available().exclude(user=project.mentor_id).select_related("user")
        if profile.user_id not in {member.pk for member in project.team_members()}
    }
    candidates = [
        MentorCandidate(
            key=user_id,
            name=str(profile.user),
            sectors=frozenset(profile.sectors),
            languages=frozenset(profile.languages),
            expertise=frozenset(profile.expertise),
            capacity=profile.capacity,
            mentees=counts.get(user_id, 0),
        )
        for user_id, profile in profiles.items()
    ]
    return suggest_mentors(needs, candidates, Dimension.values), profiles


@transaction.atomic
def assign_mentor(project: Project, mentor: User) -> None:
    """Make ``mentor`` the project's mentor; refused, with the reason, when they have reached their cap."""
    profile = MentorProfile.objects.select_for_update().filter(user=mentor).first()
    if profile is None:
        raise MentorAtCapacity(_("%(name)s has no mentor profile.") % {"name": mentor})
    if not profile.is_available:
        raise MentorAtCapacity(_("%(name)s is not taking new mentees.") % {"name": mentor})
    if mentor in project.team_members():
        raise IncubatorError(_("%(name)s is on the project's team: a mentor comes from outside it.") % {"name": mentor})
    mentees = Project.objects.mentored_by(mentor).exclude(pk=project.pk).count()
    if is_full(profile.capacity, mentees):
        raise MentorAtCapacity(
            _("%(name)s already mentors %(count)d projects, the most they accept (%(cap)d).")
            % {"name": mentor, "count": mentees, "cap": profile.capacity}
        )
    project.mentor = mentor
    project.save(update_fields=["mentor"])


# --- Follow-up -------------------------------------------------------------------------------------------------


def follow_up_due_on(project: Project, point: str) -> date:
    due: date = project.started_on + relativedelta(months=FOLLOW_UP_MONTHS[point])
    return due


def record_follow_up(follow_up: FollowUp) -> FollowUp:
    """Save a follow-up; refused when the project already has figures for that point or that date."""
    try:
        with transaction.atomic():
            follow_up.save()
    except IntegrityError as error:
        raise IncubatorError(_("The figures of this follow-up, or of this date, are already recorded.")) from error
    return follow_up


def due_follow_ups(today: date) -> list[tuple[Project, str]]:
    """(project, point) pairs due by ``today``, not recorded and not reminded yet, for active projects with an
    advisor."""
    recorded = set(FollowUp.objects.values_list("project_id", "point"))
    reminded = set(FollowUpReminder.objects.values_list("project_id", "point"))
    due = []
    for project in Project.objects.active().exclude(advisor=None).select_related("advisor"):
        for point in FollowUpPoint.values:
            key = (project.pk, point)
            if key in recorded or key in reminded:
                continue
            if follow_up_due_on(project, point) <= today:
                due.append((project, point))
    return due


def send_follow_up_reminders(today: date | None = None) -> int:
    """Queue one email to the advisor per follow-up due; a follow-up is never reminded twice."""
    today = today or timezone.localdate()
    sent = 0
    for project, point in due_follow_ups(today):
        advisor = project.advisor
        assert advisor is not None
        with transaction.atomic():
            _reminder, created = FollowUpReminder.objects.get_or_create(
                project=project, point=point, defaults={"sent_to": advisor.email}
            )
            if not created:
                continue
            language = advisor.preferred_language
            with translation.override(language):
                context: dict[str, Any] = {
                    "full_name": advisor.full_name,
                    "project": project.name,
                    "point": str(FollowUpPoint(point).label),
                    "due_on": date_format(follow_up_due_on(project, point), "DATE_FORMAT"),
                    "path": reverse("incubator:followup_create", args=[project.pk]),
                }
            transaction.on_commit(
                partial(queue_email, advisor.email, "emails/incubator/followup_reminder", context, language=language)
            )
            sent += 1
    return sent


def answered_questions(application: Application) -> list[tuple[Question, str]]:
    answers = answers_of(application)
    rows = []
    for question in application.call.questions.all():
        value = answers.get(question.pk, "")
        if question.kind == QuestionKind.YES_NO and value:
            value = _("yes") if value == "yes" else _("no")
        rows.append((question, value))
    return rows


def applications_for_committee(call: Call) -> Any:
    return (
        call.applications.filter(Q(state=ApplicationState.COMMITTEE) | Q(state=ApplicationState.REVIEW))
        .prefetch_related("reviews__scores")
        .select_related("applicant")
    )
