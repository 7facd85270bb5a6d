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
