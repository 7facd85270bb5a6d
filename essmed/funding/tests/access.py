"""The funding app's rows of the access matrix (tests/test_access_matrix.py)."""

from __future__ import annotations

from typing import Any

from essmed.funding.tests.factories import CallFactory, PartnerFactory, ProjectFactory, SavedSearchFactory
from tests.access import LOGIN_ONLY, STAFF, ZAYTOUN_READERS, Case, only

CASES: list[Case] = [
    # Calls: public when published; drafts and publication for programme staff
    Case("funding:home"),
    Case("funding:calls"),
    Case("funding:calls_csv"),
    Case("funding:calls_ics"),
    Case("funding:call", args="funding_call"),
    Case("funding:call", args="funding_draft_call", outcomes=only(STAFF, 404, anonymous=404)),
    Case("funding:call_ics", args="funding_call"),
    Case("funding:call_ics", args="funding_draft_call", outcomes=only(STAFF, 404, anonymous=404)),
    Case("funding:call_publish", args="funding_draft_call", method="post", outcomes=only(STAFF, 404)),
    # Projects: their creator (Fatima), their organisation's members (Zaytoun) and programme staff
    Case("funding:projects", outcomes=LOGIN_ONLY),
    Case("funding:project_create", outcomes=LOGIN_ONLY),
    Case("funding:project", args="funding_project", outcomes=only(ZAYTOUN_READERS, 404)),
    Case("funding:project_edit", args="funding_project", outcomes=only(ZAYTOUN_READERS, 404)),
    Case("funding:project_calls", args="funding_project", outcomes=only(ZAYTOUN_READERS, 404)),
    Case("funding:project_delete", args="funding_project", outcomes=only(ZAYTOUN_READERS, 404)),
    Case("funding:project_delete", args="funding_project", method="post", outcomes=only(ZAYTOUN_READERS, 404)),
    Case("funding:partner_add", args="funding_project", method="post", outcomes=only(ZAYTOUN_READERS, 404)),
    Case("funding:partner_edit", args="funding_partner", outcomes=only(ZAYTOUN_READERS, 404)),
    Case("funding:partner_remove", args="funding_partner", method="post", outcomes=only(ZAYTOUN_READERS, 404)),
    Case("funding:check", outcomes=LOGIN_ONLY),
    # Saved searches: their owner's alone
    Case("funding:searches", outcomes=LOGIN_ONLY),
    Case("funding:search_save", method="post", outcomes=LOGIN_ONLY),
    Case("funding:search_delete", args="funding_search", method="post", outcomes=only(["fatima"], 404)),
    # The API
    Case("api:list_calls"),
    Case("api:get_call", args="funding_call"),
    Case("api:get_call", args="funding_draft_call", outcomes=only(STAFF, 404, anonymous=404)),
    Case("api:check_call", args="funding_call", method="post", default=400),
]


def objects(cast: dict[str, Any], coop: Any, other_coop: Any, cim_region: Any) -> dict[str, Any]:
    """The objects the cases name in their args, by key."""
    from essmed.directory.tests.factories import ActorFactory

    project = ProjectFactory(owner=cast["fatima"], organisation=coop)
    partner = PartnerFactory(project=project, actor=ActorFactory())
    return {
        "funding_call": CallFactory().pk,
        "funding_draft_call": CallFactory(draft=True).pk,
        "funding_project": project.pk,
        "funding_partner": partner.pk,
        "funding_search": SavedSearchFactory(user=cast["fatima"]).pk,
    }
