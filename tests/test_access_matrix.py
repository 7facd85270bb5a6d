"""Who reaches what: every view of the platform, for every role and for an anonymous visitor.

Each case names a URL, how to call it, and the outcome for each person of the cast (see the root
conftest). A new view must be added here: ``test_every_view_is_in_the_matrix`` fails otherwise.
Outcomes: an HTTP status, "login" (sent to the login page) or "ok" (2xx or a redirect elsewhere).
"""

from __future__ import annotations

from importlib import import_module

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from essmed.accounts.models import Role
from essmed.accounts.tests.factories import InvitationFactory
from essmed.directory.models import Correction, DuplicateCandidate
from essmed.directory.tests.factories import ActorFactory, OfferFactory
from tests.access import LOGIN_ONLY, PEOPLE, STAFF, ZAYTOUN_MANAGERS, ZAYTOUN_READERS, Case, only

APP_MATRICES = [import_module(f"essmed.{app}.tests.access") for app in ("events", "funding", "incubator")]


CASES = [
    Case("core:home"),
    Case("core:accessibility"),
    Case("territories:list"),
    Case("territories:region", args="region"),
    Case("accounts:login", default=302, outcomes={"anonymous": 200}),
    Case("accounts:logout", method="post"),
    Case("accounts:signup", default=404),
    Case("accounts:confirm", args="=MQ/not-a-token", default=400),
    Case("accounts:password_reset"),
    Case("accounts:password_reset_done"),
    Case("accounts:password_reset_confirm", args="=MQ/not-a-token"),
    Case("accounts:password_reset_complete"),
    Case("accounts:password_change", outcomes=LOGIN_ONLY),
    Case("accounts:password_change_done", outcomes=LOGIN_ONLY),
    Case("accounts:profile", outcomes=LOGIN_ONLY),
    Case("accounts:personal_data", outcomes=LOGIN_ONLY),
    Case("accounts:download_personal_data", outcomes=LOGIN_ONLY),
    # The page opens for everyone signed in; it tells the last manager or administrator what to do first.
    Case("accounts:delete_account", outcomes=LOGIN_ONLY),
    Case("accounts:privacy"),
    Case("accounts:organisations", outcomes=LOGIN_ONLY),
    Case("accounts:organisation", args="coop", outcomes=only(ZAYTOUN_READERS, 404)),
    Case("accounts:invitations", outcomes=only(["amina", "sophie", "fatima", "omar"], 403)),
    Case("accounts:revoke_invitation", args="invitation", method="post", outcomes=only(ZAYTOUN_MANAGERS, 404)),
    Case("accounts:resend_invitation", args="invitation", method="post", outcomes=only(ZAYTOUN_MANAGERS, 404)),
    Case("accounts:remove_membership", args="karim_membership", method="post", outcomes=only(ZAYTOUN_MANAGERS, 404)),
    # An invitation to someone else's address: a visitor may create that account; a signed-in person may not.
    Case("accounts:accept_invitation", args="invitation_token", default=403, outcomes={"anonymous": 200}),
    Case("set_language", method="post"),
    # The directory: public pages and exports of published actors
    Case("actors:list"),
    Case("actors:map"),
    Case("actors:map_points"),
    Case("actors:offers"),
    Case("actors:export_csv"),
    Case("actors:detail", args="actor"),
    Case("actors:jsonld", args="actor"),
    Case("actors:murmurations", args="actor"),
    Case("actors:detail", args="draft_actor", outcomes=only([*STAFF, "omar"], 404, anonymous=404)),
    # The directory: editing is for the actor's organisation and staff; moderation for staff
    Case("actors:create", outcomes=LOGIN_ONLY),
    Case("actors:edit", args="actor", outcomes=only(ZAYTOUN_READERS, 404)),
    Case(
        "actors:set_status",
        args="actor",
        method="post",
        outcomes={**only(ZAYTOUN_READERS, 404), "fatima": 403, "karim": 403},
    ),
    Case("actors:propose_correction", args="actor", outcomes=LOGIN_ONLY),
    Case("actors:offer_create", args="actor", outcomes=only(ZAYTOUN_READERS, 404)),
    Case("actors:offer", args="offer"),
    Case("actors:offer_edit", args="offer", outcomes=only(ZAYTOUN_READERS, 404)),
    Case("actors:interest", args="offer", method="post", outcomes=LOGIN_ONLY),
    Case("actors:moderation", outcomes=only(STAFF, 404)),
    Case("actors:correction", args="correction", outcomes=only([*STAFF, "pauline"], 404)),
    Case("actors:duplicate", args="duplicate", outcomes=only(STAFF, 404)),
    # The read-only API and its documentation
    Case("api:api-root", default=404),
    Case("api:openapi-json"),
    Case("api:openapi-view"),
    Case("api:list_actors"),
    Case("api:get_actor", args="actor"),
    Case("api:get_actor", args="draft_actor", outcomes=only([*STAFF, "omar"], 404, anonymous=404)),
    Case("api:list_offers"),
    Case("favicon", default=301),
]
for matrix in APP_MATRICES:
    CASES += matrix.CASES


def url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns)
    return {name for name in names if not name.startswith("admin:")}


def test_every_view_is_in_the_matrix():
    assert url_names() == {case.url_name for case in CASES}


@pytest.fixture
def objects(cast, coop, other_coop, cim_region):
    invitation = InvitationFactory(
        email="newcomer@example.org", role=Role.MEMBER, organisation=coop, invited_by=cast["fatima"]
    )
    actor = ActorFactory(organisation=coop)
    draft_actor = ActorFactory(organisation=other_coop, draft=True)
    offer = OfferFactory(actor=actor)
    correction = Correction.objects.create(actor=actor, proposed_by=cast["pauline"], changes={"locality": "Oujda"})
    duplicate = DuplicateCandidate.objects.create(actor=actor, other=ActorFactory(), reason="same_website")
    built = {}
    for matrix in APP_MATRICES:
        built.update(matrix.objects(cast, coop, other_coop, cim_region))
    return {
        **built,
        "actor": actor.pk,
        "draft_actor": draft_actor.pk,
        "offer": offer.pk,
        "correction": correction.pk,
        "duplicate": duplicate.pk,
        "region": cim_region.slug,
        "coop": coop.slug,
        "invitation": invitation.pk,
        "invitation_token": invitation.token,
        "karim_membership": cast["karim"].memberships.get().pk,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("who", PEOPLE)
@pytest.mark.parametrize("case", CASES, ids=lambda case: f"{case.url_name}-{case.args}" if case.args else case.url_name)
def test_access(client, cast, objects, case, who):
    from django.urls import reverse

    if case.args.startswith("="):
        args = case.args[1:].split("/")
    elif case.args:
        args = [objects[case.args]]
    else:
        args = []
    url = reverse(case.url_name, args=args)
    if who != "anonymous":
        client.force_login(cast[who])
    response = getattr(client, case.method)(url)
    expected = case.expected(who)
    if expected == "login":
        assert response.status_code == 302
        assert "/accounts/login/" in response.url
    elif expected == "ok":
        assert response.status_code < 400
        if response.status_code == 302:
            assert "/accounts/login/" not in response.url
    else:
        assert response.status_code == expected
