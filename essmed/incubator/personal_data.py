"""What the incubator keeps about a person, for the accounts' registry (``essmed/accounts/personal_data.py``).

On deletion:

- applications (``applicant`` is PROTECT): a draft of the person's own (no organisation, nobody else in its team)
  is deleted; an application of their own still in selection is withdrawn; the others stay for their team, their
  reviewers and the committee, their applicant handed to the "deleted user" placeholder;
- reviews (``reviewer`` is PROTECT) stay, as the committee's record, under the placeholder;
- the mentor profile and workshop attendance go with the account (CASCADE); the person leaves teams and the list
  of reviewers (many-to-many);
- diagnostics, plan actions, session logs and follow-ups they wrote stay for the project, their author link emptied
  (SET_NULL), as do the projects they advised or mentored; follow-up reminders no longer keep their address.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from essmed.accounts.models import User
from essmed.accounts.personal_data import Erasure, Record, Records, name_of, register, translations
from essmed.incubator.models import (
    FINAL_STATES,
    Application,
    ApplicationState,
    Attendance,
    Call,
    Diagnostic,
    FollowUp,
    FollowUpReminder,
    MentorProfile,
    PlanAction,
    Project,
    Review,
    SupportSession,
)


def _application(application: Application) -> Record:
    return {
        "call": name_of(application.call),
        "project_name": application.project_name,
        "summary": application.summary,
        "sector": application.sector,
        "province": name_of(application.division),
        "organisation": name_of(application.organisation),
        "state": application.state,
        "answers": [
            {"question": name_of(answer.question), "answer": answer.value} for answer in application.answers.all()
        ],
        "note_to_the_applicant": application.staff_note,
        "decision_reason": application.decision_reason,
        "referral": application.referral,
        "created_at": application.created_at,
        "submitted_at": application.submitted_at,
        "decided_at": application.decided_at,
    }


def _roles_in(project: Project, user: User, team: set[int]) -> list[str]:
    roles = []
    if project.pk in team:
        roles.append("team")
    if project.advisor_id == user.pk:
        roles.append("advisor")
    if project.mentor_id == user.pk:
        roles.append("mentor")
    return roles


def collect(user: User) -> Records:
    applications = (
        Application.objects.filter(applicant=user)
        .select_related("call", "division", "organisation")
        .prefetch_related("answers__question")
        .order_by("created_at")
    )
    team_applications = Application.objects.filter(team=user).exclude(applicant=user).select_related("call")
    reviews = (
        Review.objects.filter(reviewer=user)
        .select_related("application")
        .prefetch_related("scores__criterion")
        .order_by("updated_at")
    )
    team = set(user.incubator_projects.values_list("pk", flat=True))
    projects = (
        Project.objects.filter(Q(pk__in=team) | Q(advisor=user) | Q(mentor=user))
        .select_related("programme")
        .order_by("started_on", "pk")
    )
    sessions = (
        SupportSession.objects.filter(Q(participants=user) | Q(logged_by=user))
        .distinct()
        .select_related("project")
        .order_by("held_on", "pk")
    )
    took_part = set(SupportSession.objects.filter(participants=user).values_list("pk", flat=True))
    mentor = MentorProfile.objects.filter(user=user).first()
    return {
        "applications": [_application(application) for application in applications],
        "applications_in_team": [
            {"call": name_of(application.call), "project_name": application.project_name, "state": application.state}
            for application in team_applications
        ],
        "reviews": [
            {
                "application": name_of(review.application),
                "recommendation": review.recommendation,
                "comment": review.comment,
                "submitted": review.is_submitted,
                "scores": [
                    {"criterion": name_of(score.criterion), "score": score.value} for score in review.scores.all()
                ],
                "updated_at": review.updated_at,
            }
            for review in reviews
        ],
        "calls_to_review": [{"call": name_of(call)} for call in Call.objects.filter(reviewers=user)],
        "projects": [
            {
                "project": name_of(project),
                "programme": name_of(project.programme),
                "stage": project.stage,
                "my_roles": _roles_in(project, user, team),
            }
            for project in projects
        ],
        "diagnostics_written": [
            {"project": name_of(diagnostic.project), "held_on": diagnostic.held_on, "summary": diagnostic.summary}
            for diagnostic in Diagnostic.objects.filter(created_by=user).select_related("project")
        ],
        "plan_actions_owned": [
            {
                "project": name_of(action.project),
                "action": action.title,
                "due_on": action.due_on,
                "status": action.status,
            }
            for action in PlanAction.objects.filter(owner=user).select_related("project")
        ],
        "support_sessions": [
            {
                "project": name_of(session.project),
                "held_on": session.held_on,
                "duration_minutes": session.duration_minutes,
                "topics": session.topics,
                "next_steps": session.next_steps,
                "took_part": session.pk in took_part,
                "logged_by_me": session.logged_by_id == user.pk,
            }
            for session in sessions
        ],
        "workshops": [
            {
                "workshop": name_of(attendance.workshop),
                "held_on": attendance.workshop.held_on,
                "present": attendance.present,
            }
            for attendance in Attendance.objects.filter(person=user).select_related("workshop")
        ],
        "mentor_profile": []
        if mentor is None
        else [
            {
                "presentation": translations(mentor, "bio"),
                "sectors": mentor.sectors,
                "languages": mentor.languages,
                "expertise": mentor.expertise,
                "capacity": mentor.capacity,
                "available": mentor.is_available,
            }
        ],
        "follow_ups_recorded": [
            {"project": name_of(follow_up.project), "point": follow_up.point, "reported_on": follow_up.reported_on}
            for follow_up in FollowUp.objects.filter(recorded_by=user).select_related("project")
        ],
        "follow_up_reminders": [
            {"project": name_of(reminder.project), "point": reminder.point, "sent_at": reminder.sent_at}
            for reminder in FollowUpReminder.objects.filter(sent_to__iexact=user.email).select_related("project")
        ],
    }


def _is_own(application: Application, user: User) -> bool:
    """Nobody else carries this application: no organisation, nobody else named in its team."""
    return application.organisation_id is None and not application.team.exclude(pk=user.pk).exists()


def erase(user: User, erasure: Erasure) -> None:
    for application in Application.objects.filter(applicant=user).order_by("pk"):
        own = _is_own(application, user)
        if own and application.state == ApplicationState.DRAFT:
            application.delete()
            continue
        if own and application.state not in FINAL_STATES:
            application.move_to(ApplicationState.WITHDRAWN)
        Application.objects.filter(pk=application.pk).update(applicant=erasure.placeholder)
    if Review.objects.filter(reviewer=user).exists():
        Review.objects.filter(reviewer=user).update(reviewer=erasure.placeholder)
    FollowUpReminder.objects.filter(sent_to__iexact=user.email).update(sent_to="")


register(
    "incubator",
    collect,
    erase,
    title=_("Incubator"),
    description=_(
        "Your applications and their answers, the reviews you wrote, the supported projects you take part in, "
        "advise or mentor, the diagnostics, plan actions, session logs and follow-ups you wrote or took part in, "
        "your workshop attendance and your mentor profile."
    ),
    deletion=_(
        "Your mentor profile, your workshop attendance and the drafts of your own are deleted, and an application "
        "of your own still in selection is withdrawn. Applications, reviews and the support records of the "
        "projects stay for their teams and the committee, marked as written by a deleted user or without a name."
    ),
)
