"""Fixtures of the incubator's tests: a call reviewed by Youssef, Fatima's (Zaytoun's) application to it, and the
project it became, advised by Youssef."""

from __future__ import annotations

import pytest

from essmed.incubator.models import ApplicationState
from essmed.incubator.tests.factories import (
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    ProjectFactory,
    QuestionFactory,
)


@pytest.fixture
def call(youssef):
    call = CallFactory(title="Appel Pépinière 2026", title_ar="نداء المشتل 2026", title_en="Nursery call 2026")
    call.reviewers.add(youssef)
    QuestionFactory(call=call, text="Quel besoin social ?", required=True)
    QuestionFactory(call=call, text="Un site web ?", required=False)
    CriterionFactory(call=call, name="Besoin social")
    CriterionFactory(call=call, name="Modèle économique")
    return call


@pytest.fixture
def application(call, fatima, coop):
    return ApplicationFactory(
        call=call, applicant=fatima, organisation=coop, project_name="Huilerie Zaytoun", state=ApplicationState.REVIEW
    )


@pytest.fixture
def project(call, application, youssef, coop, fatima):
    project = ProjectFactory(
        programme=call.programme, application=application, advisor=youssef, organisation=coop, name="Huilerie Zaytoun"
    )
    project.team.add(fatima)
    return project
