"""Journeys, diagnostics, plans, sessions, workshops, mentoring and follow-ups, through HTTP."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from essmed.accounts.models import Role
from essmed.accounts.tests.factories import person
from essmed.incubator.models import (
    Attendance,
    Diagnostic,
    Dimension,
    FollowUp,
    FollowUpReminder,
    PlanAction,
    StageEntry,
    SupportSession,
)
from essmed.incubator.tests.factories import (
    DiagnosticFactory,
    FollowUpFactory,
    MentorProfileFactory,
    ProjectFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def sent(data):
    """``data`` as a create form sends it, with the one-time token the page draws in it (submission.py)."""
    return {**data, "submission": uuid.uuid4().hex}


def diagnostic_data(score=3, **overrides):
    data = sent({"held_on": "2026-10-01", "summary": "Premier regard"})
    for dimension in Dimension.values:
        data[f"score_{dimension}"] = str(overrides.get(dimension, score))
        data[f"comment_{dimension}"] = f"Commentaire {dimension}"
    return data


def test_team_member_fills_a_diagnostic_and_sees_the_radar_with_its_table(client, karim, project):
    client.force_login(karim)
    response = client.post(reverse("incubator:diagnostic_create", args=[project.pk]), diagnostic_data(financing=1))
    diagnostic = Diagnostic.objects.get(project=project)
    assert response.url == diagnostic.get_absolute_url()
    page = client.get(diagnostic.get_absolute_url())
    assert page.context["chart"]["datasets"][0]["data"] == [3, 3, 3, 1, 3, 3, 3]
    body = page.content.decode()
    assert 'data-chart="radar-data"' in body and 'id="diagnostic-table"' in body


def test_diagnostic_score_outside_0_to_5_is_refused(client, youssef, project):
    client.force_login(youssef)
    response = client.post(reverse("incubator:diagnostic_create", args=[project.pk]), diagnostic_data(market=9))
    assert response.status_code == 200
    assert not Diagnostic.objects.exists()
    assert response.context["form"].errors["score_market"]


def test_second_diagnostic_shows_progress_against_the_previous(client, youssef, project):
    client.force_login(youssef)
    client.post(reverse("incubator:diagnostic_create", args=[project.pk]), diagnostic_data(2))
    data = diagnostic_data(2, governance=4)
    data["held_on"] = "2026-11-01"
    client.post(reverse("incubator:diagnostic_create", args=[project.pk]), data)
    latest = Diagnostic.objects.order_by("held_on").last()
    response = client.get(latest.get_absolute_url())
    rows = {str(row["label"]): row for row in response.context["rows"]}
    assert rows["gouvernance coopérative"]["change"] == 2
    assert len(response.context["chart"]["datasets"]) == 2


def test_a_mentor_sees_their_mentees_diagnostic_but_cannot_write(client, project, omar):
    MentorProfileFactory(user=omar)
    project.mentor = omar
    project.save()
    diagnostic = DiagnosticFactory(project=project, scores={"utility": 3})
    client.force_login(omar)
    assert client.get(diagnostic.get_absolute_url()).status_code == 200
    assert client.get(reverse("incubator:diagnostic_create", args=[project.pk])).status_code == 404


def test_another_cooperative_cannot_see_the_diagnostic(client, project, omar):
    diagnostic = DiagnosticFactory(project=project)
    client.force_login(omar)
    assert client.get(diagnostic.get_absolute_url()).status_code == 404


def test_advisor_moves_the_project_to_the_next_stage_with_its_date(client, youssef, project):
    entered_on = timezone.localdate() - datetime.timedelta(days=3)
    client.force_login(youssef)
    client.post(
        reverse("incubator:project_stage", args=[project.pk]), {"entered_on": entered_on, "stage": "pre_incubation"}
    )
    project.refresh_from_db()
    assert project.stage == "pre_incubation"
    assert StageEntry.objects.get(project=project, stage="pre_incubation").entered_on == entered_on


def test_plan_action_for_an_external_provider_needs_the_provider(client, fatima, project):
    client.force_login(fatima)
    url = reverse("incubator:plan_action_create", args=[project.pk])
    response = client.post(url, sent({"title": "Étude de marché", "kind": "external", "status": "planned"}))
    assert response.status_code == 200 and not PlanAction.objects.exists()
    client.post(url, sent({"title": "Étude de marché", "kind": "external", "provider": "URSCOP", "status": "planned"}))
    assert PlanAction.objects.get().provider == "URSCOP"


def test_advisor_logs_a_session_with_who_took_part(client, youssef, fatima, project):
    client.force_login(youssef)
    client.post(
        reverse("incubator:session_create", args=[project.pk]),
        sent({"held_on": "2026-11-10", "duration_minutes": "90", "topics": "Statuts", "participants": [fatima.pk]}),
    )
    session = SupportSession.objects.get()
    assert list(session.participants.all()) == [fatima]
    assert session.logged_by == youssef


def test_milestone_is_added(client, youssef, project):
    client.force_login(youssef)
    client.post(
        reverse("incubator:milestone_create", args=[project.pk]),
        sent({"stage": "incubation", "title": "Statuts déposés", "due_on": "2027-01-15"}),
    )
    assert project.milestones.get().title == "Statuts déposés"


def test_follow_up_entered_twice_for_the_same_date_is_refused(client, youssef, project):
    client.force_login(youssef)
    url = reverse("incubator:followup_create", args=[project.pk])
    data = {
        "point": "entry",
        "reported_on": "2026-11-01",
        "full_time_jobs": "2",
        "part_time_jobs": "2",
        "part_time_fraction": "0.5",
        "members_women": "5",
        "members_men": "2",
        "members_under_30": "3",
        "turnover": "12000",
        "funds_raised": "0",
        "still_active": "on",
    }
    client.post(url, sent(data))
    assert FollowUp.objects.get().fte == 3
    response = client.post(url, sent({**data, "point": "6m"}))
    assert response.status_code == 200
    assert FollowUp.objects.count() == 1
    assert response.context["form"].errors["reported_on"] == ["Un suivi est déjà enregistré à cette date."]
    response = client.post(url, sent({**data, "reported_on": "2027-05-01"}))
    assert response.context["form"].errors["point"]


def test_mentor_at_the_cap_cannot_be_assigned_with_the_reason(client, sophie, project, omar, call):
    MentorProfileFactory(user=omar, capacity=1)
    ProjectFactory(programme=call.programme, mentor=omar)
    client.force_login(sophie)
    response = client.post(reverse("incubator:mentors", args=[project.pk]), {"mentor": omar.pk})
    project.refresh_from_db()
    assert project.mentor is None
    assert any("Omar" in m and "(1)" in m for m in messages_of(response))


def test_mentor_suggestions_give_their_reasons_and_leave_out_full_mentors(client, youssef, project, omar, call):
    project.sector = "agrifood"
    project.save()
    DiagnosticFactory(project=project, scores={"financing": 1, "utility": 4})
    scop = person(Role.ADVISOR, email="jeanne@example.org", full_name="Jeanne SCOP")
    MentorProfileFactory(user=scop, sectors=["agrifood"], languages=["fr"], expertise=["financing"])
    MentorProfileFactory(user=omar, capacity=1)
    ProjectFactory(programme=call.programme, mentor=omar)
    client.force_login(youssef)
    response = client.get(reverse("incubator:mentors", args=[project.pk]))
    rows = response.context["rows"]
    assert [row["suggestion"].name for row in rows] == ["Jeanne SCOP"]
    assert len(rows[0]["reasons"]) == 3
    client.post(reverse("incubator:mentors", args=[project.pk]), {"mentor": scop.pk})
    project.refresh_from_db()
    assert project.mentor == scop


def test_member_of_a_cooperative_writes_a_mentor_profile(client, omar):
    client.force_login(omar)
    client.post(
        reverse("incubator:mentor_profile"),
        {"languages": ["fr", "ar"], "sectors": ["crafts"], "capacity": "3", "is_available": "on"},
    )
    assert omar.mentor_profile.capacity == 3


def test_advisor_marks_the_attendance_of_a_workshop(client, youssef, fatima, karim, project):
    workshop = WorkshopFactory(programme=project.programme)
    workshop.projects.add(project)
    client.force_login(youssef)
    client.post(reverse("incubator:workshop", args=[workshop.pk]), {"present": [fatima.pk]})
    assert dict(Attendance.objects.values_list("person_id", "present")) == {fatima.pk: True, karim.pk: False}
    client.force_login(fatima)
    response = client.get(reverse("incubator:workshop", args=[workshop.pk]))
    assert response.status_code == 200 and response.context["can_mark"] is False


def test_reminders_go_to_the_advisor_once_per_follow_up(
    project, youssef, mailoutbox, django_capture_on_commit_callbacks
):
    project.started_on = datetime.date(2026, 1, 10)
    project.save()
    FollowUpFactory(project=project, point="entry", reported_on=datetime.date(2026, 1, 10))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_followup_reminders", "--today", "2026-07-15", stdout=_Null())
    assert [m.to for m in mailoutbox] == [["youssef@example.org"]]  # 6 months due; entry recorded
    assert "6 mois" in mailoutbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_followup_reminders", "--today", "2026-07-16", stdout=_Null())
    assert len(mailoutbox) == 1
    assert FollowUpReminder.objects.count() == 1


class _Null:
    def write(self, *args):
        pass


def test_no_reminder_before_a_follow_up_is_due_nor_without_an_advisor(project, call, mailoutbox):
    project.started_on = datetime.date(2026, 1, 10)
    project.save()
    FollowUpFactory(project=project, point="entry", reported_on=datetime.date(2026, 1, 10))
    ProjectFactory(programme=call.programme, advisor=None, started_on=datetime.date(2020, 1, 1))
    call_command("send_followup_reminders", "--today", "2026-07-09", stdout=_Null())
    assert mailoutbox == []
    assert not FollowUpReminder.objects.exists()


def test_reminder_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_followup_reminders", "--today", "26/11/2026", stdout=_Null())


def test_a_follow_up_with_more_young_members_than_members_is_refused(client, youssef, project):
    client.force_login(youssef)
    response = client.post(
        reverse("incubator:followup_create", args=[project.pk]),
        sent(
            {
                "point": "entry",
                "reported_on": "2026-11-01",
                "full_time_jobs": "0",
                "part_time_jobs": "0",
                "part_time_fraction": "0.5",
                "members_women": "1",
                "members_men": "1",
                "members_under_30": "5",
                "turnover": "0",
                "funds_raised": "0",
            }
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["members_under_30"]
    assert not FollowUp.objects.exists()


def test_advisor_links_the_project_to_the_directory_entry_it_became(client, youssef, project, coop):
    from essmed.directory.tests.factories import ActorFactory

    actor = ActorFactory(organisation=coop, name="Coopérative Zaytoun immatriculée")
    elsewhere = ActorFactory(name="Sans rapport")
    client.force_login(youssef)
    url = reverse("incubator:project_edit", args=[project.pk])
    response = client.get(url)
    choices = list(response.context["form"].fields["actor"].queryset)
    assert actor in choices and elsewhere not in choices
    client.post(
        url,
        {"name": project.name, "sector": "agrifood", "languages": ["ar", "fr"], "actor": actor.pk, "is_active": "on"},
    )
    project.refresh_from_db()
    assert project.actor == actor
    assert "Coopérative Zaytoun immatriculée" in client.get(project.get_absolute_url()).content.decode()


def test_a_team_member_cannot_edit_the_projects_facts(client, fatima, project):
    client.force_login(fatima)
    assert client.get(reverse("incubator:project_edit", args=[project.pk])).status_code == 404


def _stage_entries(project):
    return list(project.stage_entries.order_by("entered_on").values_list("stage", flat=True))


def test_a_double_click_on_next_stage_moves_the_project_one_stage_only(client, youssef, project):
    today = timezone.localdate()
    StageEntry.objects.create(project=project, stage="emergence", entered_on=today - datetime.timedelta(days=300))
    client.force_login(youssef)
    page = client.get(project.get_absolute_url())
    assert page.context["stage_form"]["stage"].value() == "pre_incubation"
    url = reverse("incubator:project_stage", args=[project.pk])
    client.post(url, {"entered_on": today, "stage": "pre_incubation"})
    response = client.post(url, {"entered_on": today, "stage": "pre_incubation"}, follow=True)
    project.refresh_from_db()
    assert project.stage == "pre_incubation"
    assert _stage_entries(project) == ["emergence", "pre_incubation"]
    assert any("déjà" in m for m in messages_of(response))


def test_a_stage_cannot_be_skipped(client, youssef, project):
    client.force_login(youssef)
    client.post(
        reverse("incubator:project_stage", args=[project.pk]), {"entered_on": timezone.localdate(), "stage": "scale_up"}
    )
    project.refresh_from_db()
    assert project.stage == "emergence"


@pytest.mark.parametrize("entered_on", ["the day before", "0001-01-01", "tomorrow", "9999-12-31"])
def test_a_stage_entered_before_the_previous_one_or_in_the_future_is_refused(client, youssef, project, entered_on):
    today = timezone.localdate()
    previous = today - datetime.timedelta(days=30)
    relative = {"the day before": previous - datetime.timedelta(days=1), "tomorrow": today + datetime.timedelta(days=1)}
    entered_on = relative.get(entered_on, entered_on)
    StageEntry.objects.create(project=project, stage="emergence", entered_on=previous)
    client.force_login(youssef)
    response = client.post(
        reverse("incubator:project_stage", args=[project.pk]),
        {"entered_on": entered_on, "stage": "pre_incubation"},
        follow=True,
    )
    project.refresh_from_db()
    assert project.stage == "emergence"
    assert _stage_entries(project) == ["emergence"]
    assert messages_of(response)


def test_radar_legend_gives_the_dates_as_the_page_does(client, youssef, project):
    DiagnosticFactory(project=project, held_on=datetime.date(2026, 3, 1), scores={"utility": 2})
    latest = DiagnosticFactory(project=project, held_on=datetime.date(2026, 10, 1), scores={"utility": 3})
    client.force_login(youssef)
    chart = client.get(latest.get_absolute_url()).context["chart"]
    assert [dataset["label"] for dataset in chart["datasets"]] == [
        "Diagnostic du 1 octobre 2026",
        "Diagnostic du 1 mars 2026",
    ]
    arabic = client.get(latest.get_absolute_url().replace("/fr/", "/ar/")).context["chart"]
    assert "2026-10-01" not in arabic["datasets"][0]["label"]
    assert "أكتوبر" in arabic["datasets"][0]["label"]


def test_a_member_of_the_projects_team_cannot_be_its_mentor(client, sophie, project, karim):
    MentorProfileFactory(user=karim)
    client.force_login(sophie)
    response = client.post(reverse("incubator:mentors", args=[project.pk]), {"mentor": karim.pk})
    project.refresh_from_db()
    assert project.mentor is None
    assert any("Karim" in m and "équipe" in m for m in messages_of(response))


def test_latin_names_inside_arabic_punctuation_are_isolated(client, youssef, project):
    from essmed.incubator.tests.factories import PlanActionFactory

    PlanActionFactory(project=project, kind="referral", provider="Association de microcrédit de l'Oriental")
    DiagnosticFactory(project=project, held_on=datetime.date(2026, 3, 1), scores={"utility": 2})
    latest = DiagnosticFactory(project=project, held_on=datetime.date(2026, 10, 1), scores={"utility": 3})
    client.force_login(youssef)
    page = client.get(project.get_absolute_url().replace("/fr/", "/ar/")).content.decode()
    assert "(<bdi>Association de microcrédit de l&#x27;Oriental</bdi>)" in page
    page = client.get(latest.get_absolute_url().replace("/fr/", "/ar/")).content.decode()
    assert '<bdi dir="ltr">+1</bdi>' in page


def _in_the_future():
    return (timezone.localdate() + datetime.timedelta(days=1)).isoformat()


def test_a_diagnostic_session_follow_up_or_milestone_reached_in_the_future_is_refused(client, youssef, project):
    client.force_login(youssef)
    response = client.post(
        reverse("incubator:diagnostic_create", args=[project.pk]), {**diagnostic_data(), "held_on": _in_the_future()}
    )
    assert response.context["form"].errors["held_on"] and not Diagnostic.objects.exists()
    response = client.post(
        reverse("incubator:session_create", args=[project.pk]),
        sent({"held_on": _in_the_future(), "duration_minutes": "60", "topics": "Statuts"}),
    )
    assert response.context["form"].errors["held_on"] and not SupportSession.objects.exists()
    response = client.post(
        reverse("incubator:followup_create", args=[project.pk]),
        sent(
            {
                "point": "entry",
                "reported_on": "9999-12-31",
                "full_time_jobs": "1",
                "part_time_jobs": "0",
                "part_time_fraction": "0.5",
                "members_women": "1",
                "members_men": "1",
                "members_under_30": "0",
                "turnover": "0",
                "funds_raised": "0",
            }
        ),
    )
    assert response.context["form"].errors["reported_on"] and not FollowUp.objects.exists()
    response = client.post(
        reverse("incubator:milestone_create", args=[project.pk]),
        sent({"stage": "incubation", "title": "Statuts déposés", "reached_on": _in_the_future()}),
    )
    assert response.context["form"].errors["reached_on"] and not project.milestones.exists()
    # A due date is a plan: it may be in the future.
    client.post(
        reverse("incubator:milestone_create", args=[project.pk]),
        sent({"stage": "incubation", "title": "Statuts déposés", "due_on": _in_the_future()}),
    )
    assert project.milestones.exists()


def test_project_page_pages_its_sessions_instead_of_hiding_the_older_ones(client, youssef, project):
    first = timezone.localdate() - datetime.timedelta(days=100)
    for n in range(25):
        SupportSession.objects.create(
            project=project, held_on=first + datetime.timedelta(days=n), duration_minutes=60, topics=f"Séance {n:02d}"
        )
    client.force_login(youssef)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Séance 24" in page and "Séance 04" not in page
    page = client.get(project.get_absolute_url() + "?sessions=2").content.decode()
    assert "Séance 04" in page and "Séance 00" in page and "Séance 24" not in page


def test_home_pages_the_projects_an_advisor_follows(client, youssef, call):
    for n in range(55):
        ProjectFactory(programme=call.programme, advisor=youssef, name=f"Projet {n:02d}")
    client.force_login(youssef)
    first = client.get(reverse("incubator:home")).content.decode()
    assert "Projet 00" in first and "Projet 54" not in first
    second = client.get(reverse("incubator:home") + "?mine=3").content.decode()
    assert "Projet 54" in second


def test_reminder_gives_the_due_date_in_the_advisors_language(
    project, youssef, mailoutbox, django_capture_on_commit_callbacks
):
    youssef.preferred_language = "ar"
    youssef.save()
    project.started_on = datetime.date(2026, 1, 10)
    project.save()
    FollowUpFactory(project=project, point="entry", reported_on=datetime.date(2026, 1, 10))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_followup_reminders", "--today", "2026-07-15", stdout=_Null())
    [email] = mailoutbox
    assert "2026-07-10" not in email.body
    assert "10 يوليو 2026" in email.body
