"""The demo "Pépinière ESS Oujda": populated for the demo accounts, and idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from essmed.accounts import demo as accounts_demo
from essmed.accounts.models import User
from essmed.directory import demo as directory_demo
from essmed.incubator import demo
from essmed.incubator.models import (
    Application,
    Diagnostic,
    FollowUp,
    MentorProfile,
    Project,
    Review,
    SupportSession,
)

pytestmark = pytest.mark.django_db

MODELS = [Application, Review, Project, Diagnostic, SupportSession, FollowUp, MentorProfile]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_territories", stdout=StringIO())
        accounts_demo.load(StringIO())
        directory_demo.load(StringIO())
        demo.load(StringIO())
        yield
        call_command("flush", "--no-input", verbosity=0)


def test_the_demo_has_a_cohort_of_eight_oriental_cooperatives_with_two_diagnostics(loaded):
    projects = Project.objects.filter(programme__slug="pepiniere-ess-oujda")
    assert projects.count() == 8
    assert all(p.division and p.division.region.slug == "oriental" for p in projects)
    assert all(p.diagnostics.count() == 2 for p in projects)
    assert projects.exclude(actor=None).count() == 8
    states = set(Application.objects.values_list("state", flat=True))
    assert {"draft", "submitted", "review", "committee", "declined"} <= states


def test_loading_the_demo_again_changes_nothing(loaded):
    before = [model.objects.count() for model in MODELS]
    demo.load(StringIO())
    assert [model.objects.count() for model in MODELS] == before


def test_demo_accounts_see_their_pages(loaded, client):
    client.force_login(User.objects.get(email="advisor@example.org"))
    home = client.get(reverse("incubator:home"))
    assert len(home.context["my_projects"]) == 8
    assert home.context["to_review"]
    client.force_login(User.objects.get(email="member@example.org"))
    home = client.get(reverse("incubator:home"))
    assert [p.name for p in home.context["my_projects"]] == ["Huilerie coopérative Zaytoun"]
    client.force_login(User.objects.get(email="staff@example.org"))
    project = Project.objects.get(name="Huilerie coopérative Zaytoun")
    assert client.get(project.get_absolute_url()).status_code == 200
    assert client.get(reverse("incubator:dashboard", args=[project.programme_id])).status_code == 200


def test_the_demo_loaded_early_in_the_year_records_nothing_in_the_future(youssef, fatima):
    from datetime import date

    from essmed.incubator.models import Cohort, StageEntry
    from essmed.incubator.tests.factories import ProgrammeFactory

    today = date(2026, 2, 1)
    programme = ProgrammeFactory()
    cohort = Cohort.objects.create(programme=programme, name="Promotion 2026", starts_on=date(2026, 1, 15))
    project = demo._project(programme, cohort, youssef, fatima, demo.COHORT[0], 0, today)
    dates = [
        *Diagnostic.objects.filter(project=project).values_list("held_on", flat=True),
        *StageEntry.objects.filter(project=project).values_list("entered_on", flat=True),
        *FollowUp.objects.filter(project=project).values_list("reported_on", flat=True),
        *SupportSession.objects.filter(project=project).values_list("held_on", flat=True),
    ]
    assert dates and max(dates) <= today
