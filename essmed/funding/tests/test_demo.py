"""The demo: programmes, the portal snapshot, the demo project failing NEXT MED's second call; loaded twice."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from essmed.accounts import demo as accounts_demo
from essmed.directory import demo as directory_demo
from essmed.funding import actions, demo
from essmed.funding.models import Call, Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    call_command("load_territories", stdout=io.StringIO())
    accounts_demo.load(io.StringIO())
    directory_demo.load(io.StringIO())
    out = io.StringIO()
    demo.load(out)
    return out.getvalue()


def test_the_demo_project_fails_next_med_call_2_and_gets_southern_actors_proposed(loaded):
    assert "Instantané du portail de l’UE: créés 657, mis à jour 0, inchangés 0, rejetés 68" in loaded
    project = Project.objects.get(title=demo.DEMO_PROJECT)
    call = Call.objects.get(reference="interreg-next-med-call-2")
    verdict = actions.check_consortium(call, actions.project_consortium(project))
    assert verdict.eligible == "no"
    assert "participating-countries" in {result.rule.rule_id for result in verdict.failed}
    proposed = {actor.country.code for suggestion in actions.suggest(project, verdict) for actor in suggestion.actors}
    assert {"TN", "LB", "EG", "JO", "TR"} <= proposed

    again = io.StringIO()
    demo.load(again)
    assert "Instantané du portail de l’UE: créés 0, mis à jour 0, inchangés 657, rejetés 68" in again.getvalue()
    assert Project.objects.filter(title=demo.DEMO_PROJECT).count() == 1
    assert project.partners.count() == 4
