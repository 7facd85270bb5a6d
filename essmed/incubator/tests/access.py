"""The incubator app's rows of the access matrix (tests/test_access_matrix.py).

Zaytoun (Fatima, Karim) applied and became a project advised by Youssef, who also reviews the call; the
application, the project and everything about it are theirs and programme staff's only (404 for others).
"""

from __future__ import annotations

from typing import Any

from tests.access import LOGIN_ONLY, STAFF, Case, only

TEAM = ["fatima", "karim"]
PROJECT_READERS = [*STAFF, "youssef", *TEAM]
STEERING = [*STAFF, "youssef"]
DASHBOARD = [*STAFF, "youssef", "dimitris"]
MENTORS = ["youssef", "fatima", "karim", "omar"]  # advisors and members of cooperatives

CASES: list[Case] = [
    Case("incubator:home"),
    Case("incubator:call", args="incubator_call"),
    Case("incubator:call", args="incubator_hidden_call", outcomes={**only(STAFF, 404, anonymous=404)}),
    Case("incubator:apply", args="incubator_call", method="post", outcomes=LOGIN_ONLY),
    Case("incubator:committee", args="incubator_call", outcomes=only(STAFF, 404)),
    Case("incubator:application", args="incubator_application", outcomes=only(PROJECT_READERS, 404)),
    Case("incubator:application_edit", args="incubator_draft", outcomes=only([*STAFF, *TEAM], 404)),
    Case(
        "incubator:application_transition",
        args="incubator_application",
        method="post",
        outcomes=only(PROJECT_READERS, 404),
    ),
    Case("incubator:review", args="incubator_application", outcomes=only(["youssef"], 404)),
    Case("incubator:decide", args="incubator_application", method="post", outcomes=only(STAFF, 404)),
    Case("incubator:project", args="incubator_project", outcomes=only(PROJECT_READERS, 404)),
    Case("incubator:project_edit", args="incubator_project", outcomes=only(STEERING, 404)),
    Case("incubator:project_stage", args="incubator_project", method="post", outcomes=only(STEERING, 404)),
    Case("incubator:diagnostic_create", args="incubator_project", outcomes=only(PROJECT_READERS, 404)),
    Case("incubator:plan_action_create", args="incubator_project", outcomes=only(PROJECT_READERS, 404)),
    Case("incubator:milestone_create", args="incubator_project", outcomes=only(PROJECT_READERS, 404)),
    Case("incubator:session_create", args="incubator_project", outcomes=only(PROJECT_READERS, 404)),
    Case("incubator:followup_create", args="incubator_project", outcomes=only(PROJECT_READERS, 404)),
    Case("incubator:mentors", args="incubator_project", outcomes=only(STEERING, 404)),
    Case("incubator:diagnostic", args="incubator_diagnostic", outcomes=only(PROJECT_READERS, 404)),
    Case("incubator:plan_action_edit", args="incubator_plan_action", outcomes=only(PROJECT_READERS, 404)),
    Case("incubator:workshop", args="incubator_workshop", outcomes=only(PROJECT_READERS, 404)),
    Case("incubator:mentor_profile", outcomes=only(MENTORS, 404)),
    Case("incubator:dashboard", args="incubator_programme", outcomes=only(DASHBOARD, 404)),
    Case("incubator:dashboard_csv", args="incubator_programme", outcomes=only(DASHBOARD, 404)),
    Case("incubator:dashboard_xlsx", args="incubator_programme", outcomes=only(DASHBOARD, 404)),
]


def objects(cast: dict[str, Any], coop: Any, other_coop: Any, cim_region: Any) -> dict[str, Any]:
    """The objects the cases name in their args, by key."""
    from essmed.incubator.models import ApplicationState
    from essmed.incubator.tests.factories import (
        ApplicationFactory,
        CallFactory,
        DiagnosticFactory,
        PlanActionFactory,
        ProjectFactory,
        WorkshopFactory,
    )

    call = CallFactory()
    call.reviewers.add(cast["youssef"])
    hidden = CallFactory(programme=call.programme, is_published=False)
    application = ApplicationFactory(
        call=call, applicant=cast["fatima"], organisation=coop, state=ApplicationState.REVIEW
    )
    draft = ApplicationFactory(call=call, applicant=cast["fatima"], organisation=coop)
    project = ProjectFactory(programme=call.programme, advisor=cast["youssef"], organisation=coop)
    workshop = WorkshopFactory(programme=call.programme)
    workshop.projects.add(project)
    return {
        "incubator_programme": call.programme.pk,
        "incubator_call": call.pk,
        "incubator_hidden_call": hidden.pk,
        "incubator_application": application.pk,
        "incubator_draft": draft.pk,
        "incubator_project": project.pk,
        "incubator_diagnostic": DiagnosticFactory(project=project).pk,
        "incubator_plan_action": PlanActionFactory(project=project).pk,
        "incubator_workshop": workshop.pk,
    }
