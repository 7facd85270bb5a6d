"""The dates people type in the incubator lie between the years 2000 and 2100: a slip of the keyboard (the year 1,
9999) is refused with a message in the page's language, in every form and in the administration."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from essmed.incubator.models import Diagnostic, FollowUp, Milestone, PlanAction, StageEntry, plausible_date
from essmed.incubator.tests.factories import CallFactory
from essmed.incubator.tests.test_journey import diagnostic_data, messages_of, sent
from essmed.incubator.tests.test_sent_once import FOLLOW_UP

pytestmark = pytest.mark.django_db

MESSAGE = "Indiquez une date entre les années 2000 et 2100."

# Each date field of the journey's forms: the view, the field, what else the form needs, and what it would create.
FORM_DATES = [
    ("diagnostic_create", "held_on", diagnostic_data, Diagnostic),
    ("session_create", "held_on", lambda: sent({"duration_minutes": "60", "topics": "Statuts"}), None),
    ("followup_create", "reported_on", lambda: sent(FOLLOW_UP), FollowUp),
    ("milestone_create", "reached_on", lambda: sent({"stage": "incubation", "title": "Statuts"}), Milestone),
    ("milestone_create", "due_on", lambda: sent({"stage": "incubation", "title": "Statuts"}), Milestone),
    (
        "plan_action_create",
        "due_on",
        lambda: sent({"title": "Étude", "kind": "internal", "status": "planned"}),
        PlanAction,
    ),
]


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"])
@pytest.mark.parametrize(
    ("view", "field", "data", "model"), FORM_DATES, ids=lambda value: getattr(value, "__name__", None)
)
def test_a_date_out_of_the_years_of_the_platform_is_refused_with_a_message(
    client, youssef, project, view, field, data, model, day
):
    client.force_login(youssef)
    response = client.post(reverse(f"incubator:{view}", args=[project.pk]), {**data(), field: day})
    assert response.status_code == 200
    assert MESSAGE in response.context["form"].errors[field]
    assert not project.sessions.exists()
    if model is not None:
        assert not model.objects.exists()


def test_the_first_and_last_days_of_the_years_of_the_platform_are_taken(client, youssef, project):
    client.force_login(youssef)
    url = reverse("incubator:milestone_create", args=[project.pk])
    client.post(
        url, sent({"stage": "incubation", "title": "Statuts", "reached_on": "2000-01-01", "due_on": "2100-12-31"})
    )
    milestone = Milestone.objects.get()
    assert (milestone.reached_on, milestone.due_on) == (datetime.date(2000, 1, 1), datetime.date(2100, 12, 31))


def test_the_message_is_in_arabic_on_an_arabic_page(client, youssef, project):
    client.force_login(youssef)
    url = reverse("incubator:plan_action_create", args=[project.pk]).replace("/fr/", "/ar/")
    response = client.post(
        url, sent({"title": "Étude", "kind": "internal", "status": "planned", "due_on": "0001-01-01"})
    )
    assert response.context["form"].errors["due_on"] == ["أدخلوا تاريخًا بين سنتي 2000 و2100."]


def test_the_date_pickers_offer_the_years_of_the_platform_only(client, youssef, project):
    client.force_login(youssef)
    page = client.get(reverse("incubator:session_create", args=[project.pk])).content.decode()
    assert 'min="2000-01-01"' in page and 'max="2100-12-31"' in page


@pytest.mark.parametrize("day", ["0001-01-01", "1999-12-31"])
def test_a_first_stage_entered_in_the_year_1_is_refused_with_the_message(client, youssef, project, day):
    """Without an earlier stage date to compare with (a project set up in the administration), the years still
    hold."""
    assert not project.stage_entries.exists()
    client.force_login(youssef)
    response = client.post(
        reverse("incubator:project_stage", args=[project.pk]),
        {"entered_on": day, "stage": "pre_incubation"},
        follow=True,
    )
    project.refresh_from_db()
    assert project.stage == "emergence" and not StageEntry.objects.exists()
    assert messages_of(response) == [MESSAGE]


def test_a_stage_form_without_a_date_still_asks_for_it(client, youssef, project):
    client.force_login(youssef)
    response = client.post(
        reverse("incubator:project_stage", args=[project.pk]),
        {"entered_on": "", "stage": "pre_incubation"},
        follow=True,
    )
    assert messages_of(response) == ["Indiquez la date d’entrée dans l’étape."]


def test_every_date_people_type_in_the_incubator_is_bounded():
    """The date fields of the models (and so of their forms and of the administration) carry the one validator."""
    dates = {
        f"{model.__name__}.{field.name}": field
        for model in apps.get_app_config("incubator").get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)
    }
    assert set(dates) == {
        "Call.opens_on",
        "Call.closes_on",
        "Cohort.starts_on",
        "Project.started_on",
        "StageEntry.entered_on",
        "Diagnostic.held_on",
        "PlanAction.due_on",
        "Milestone.due_on",
        "Milestone.reached_on",
        "SupportSession.held_on",
        "Workshop.held_on",
        "FollowUp.reported_on",
    }
    assert [name for name, field in dates.items() if plausible_date not in field.validators] == []


def test_a_call_opening_in_the_year_1_is_refused_in_the_administration():
    call = CallFactory.build(opens_on=datetime.date(1, 1, 1), closes_on=timezone.localdate())
    call.programme.save()
    call.programme_id = call.programme.pk
    with pytest.raises(ValidationError) as refused:
        call.full_clean()
    assert refused.value.message_dict["opens_on"] == [MESSAGE]
