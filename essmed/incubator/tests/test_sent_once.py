"""A double click on "Save" of a new diagnostic, action, milestone, session or follow-up creates one row, and both
clicks end on it (submission.py), through HTTP."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from essmed.incubator import actions
from essmed.incubator.models import Diagnostic, Dimension, FollowUp, Milestone, PlanAction, SupportSession
from essmed.incubator.submission import Submission
from essmed.incubator.tests.factories import DiagnosticFactory

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _diagnostic():
    data = {"held_on": timezone.localdate().isoformat(), "summary": "Premier regard"}
    data.update({f"score_{dimension}": "3" for dimension in Dimension.values})
    return data


FOLLOW_UP = {
    "point": "entry",
    "full_time_jobs": "2",
    "part_time_jobs": "0",
    "part_time_fraction": "0.5",
    "members_women": "3",
    "members_men": "2",
    "members_under_30": "1",
    "turnover": "1000",
    "funds_raised": "0",
    "still_active": "on",
}

# The create forms: their view, the model of the row they create, and what a person fills in.
FORMS = {
    "diagnostic_create": (Diagnostic, _diagnostic),
    "plan_action_create": (PlanAction, lambda: {"title": "Étude de marché", "kind": "internal", "status": "planned"}),
    "milestone_create": (Milestone, lambda: {"stage": "incubation", "title": "Statuts déposés"}),
    "session_create": (
        SupportSession,
        lambda: {"held_on": timezone.localdate().isoformat(), "duration_minutes": "90", "topics": "Statuts"},
    ),
    "followup_create": (FollowUp, lambda: {**FOLLOW_UP, "reported_on": timezone.localdate().isoformat()}),
}


def _drawn_token(client, url) -> str:
    page = client.get(url)
    token = str(page.context["submission"])
    body = page.content.decode()
    assert 'name="submission"' in body and f'value="{token}"' in body
    return token


@pytest.mark.parametrize("view", FORMS)
def test_a_double_click_on_save_creates_one_row_and_both_clicks_end_on_it(client, youssef, project, view):
    model, data = FORMS[view]
    client.force_login(youssef)
    url = reverse(f"incubator:{view}", args=[project.pk])
    token = _drawn_token(client, url)
    first = client.post(url, {**data(), "submission": token})
    second = client.post(url, {**data(), "submission": token}, follow=True)
    row = model.objects.get(project=project)  # one row, not two
    assert row.submission == uuid.UUID(token)
    assert first.status_code == 302
    assert second.redirect_chain == [(first.url, 302)]
    # The first click's message (its page was never drawn: the browser left it for the second's), then the second's.
    assert messages_of(second)[-1] == "Ce formulaire avait déjà été envoyé: il est enregistré une seule fois."


def test_the_same_form_opened_again_saves_a_new_row(client, youssef, project):
    """Each page draws its own token: a second action, written on a page opened anew, is a second action."""
    client.force_login(youssef)
    url = reverse("incubator:plan_action_create", args=[project.pk])
    for title in ("Étude de marché", "Statuts"):
        client.post(
            url, {"title": title, "kind": "internal", "status": "planned", "submission": _drawn_token(client, url)}
        )
    assert sorted(PlanAction.objects.values_list("title", flat=True)) == ["Statuts", "Étude de marché"]


def test_a_form_shown_again_with_its_errors_keeps_its_token_and_saves_once(client, youssef, project):
    client.force_login(youssef)
    url = reverse("incubator:session_create", args=[project.pk])
    token = _drawn_token(client, url)
    refused = client.post(url, {"held_on": "", "duration_minutes": "90", "topics": "Statuts", "submission": token})
    assert refused.status_code == 200 and str(refused.context["submission"]) == token
    data = {"held_on": timezone.localdate().isoformat(), "duration_minutes": "90", "topics": "Statuts"}
    client.post(url, {**data, "submission": token})
    client.post(url, {**data, "submission": token})
    assert SupportSession.objects.count() == 1


@pytest.mark.parametrize("token", [None, "", "not-a-token"])
def test_a_form_sent_without_its_token_is_shown_again_filled_in_and_saved_on_the_next_click(
    client, youssef, project, token
):
    client.force_login(youssef)
    url = reverse("incubator:milestone_create", args=[project.pk])
    data = {"stage": "incubation", "title": "Statuts déposés"}
    response = client.post(url, data if token is None else {**data, "submission": token})
    assert response.status_code == 200 and not Milestone.objects.exists()
    assert messages_of(response) == [
        "Cette page n’était plus à jour: vérifiez le formulaire et enregistrez-le à nouveau."
    ]
    assert response.context["form"]["title"].value() == "Statuts déposés"
    new_token = str(response.context["submission"])
    assert uuid.UUID(new_token)
    client.post(url, {**data, "submission": new_token})
    assert Milestone.objects.get().title == "Statuts déposés"


def test_the_back_button_draws_the_form_again_with_a_new_token(client, youssef, project):
    client.force_login(youssef)
    response = client.get(reverse("incubator:diagnostic_create", args=[project.pk]))
    assert "no-store" in response["Cache-Control"]


def test_the_second_click_sent_while_the_first_was_saving_goes_to_the_first_ones_row(
    client, youssef, project, monkeypatch
):
    """The second click looked for an earlier row before the first click's was committed, found none, and tried
    to insert its own: the unique token refuses it, and the second click goes to the first one's diagnostic."""
    token = uuid.uuid4()
    first_clicks = DiagnosticFactory(project=project, submission=token)
    looked_up = Submission.earlier

    def before_the_first_commits(self):
        if not getattr(self, "looked", False):
            self.looked = True
            return None
        return looked_up(self)

    monkeypatch.setattr(Submission, "earlier", before_the_first_commits)
    client.force_login(youssef)
    response = client.post(
        reverse("incubator:diagnostic_create", args=[project.pk]), {**_diagnostic(), "submission": str(token)}
    )
    assert response.url == first_clicks.get_absolute_url()
    assert Diagnostic.objects.get() == first_clicks


def test_a_failure_that_is_not_the_twins_is_not_hidden(client, youssef, project, monkeypatch):
    """Only a twin's row turns a refusal into "already sent": any other failure is still one."""

    def broken(*args, **kwargs):
        raise actions.IncubatorError("Refusé.")

    monkeypatch.setattr(actions, "record_follow_up", broken)
    client.force_login(youssef)
    url = reverse("incubator:followup_create", args=[project.pk])
    _model, data = FORMS["followup_create"]
    response = client.post(url, {**data(), "submission": uuid.uuid4().hex})
    assert response.status_code == 200 and messages_of(response) == ["Refusé."]
    assert not FollowUp.objects.exists()


def _wait_for_a_lock_wait(seconds: float = 20) -> bool:
    """Whether another connection to the test database waits on a lock (the second click's insert) in time."""
    deadline = time.monotonic() + seconds
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two connections at once: the PostgreSQL run of CI")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("view", "operation"), [("diagnostic_create", "record_diagnostic"), ("followup_create", "record_follow_up")]
)
def test_two_clicks_at_the_same_moment_create_one_row_on_postgresql(youssef, project, monkeypatch, view, operation):
    """Two requests in two connections: the first holds its transaction open after its insert; the second passes
    the look-up (it cannot see the uncommitted row), and its insert waits on the token's unique index. Once the
    first commits, the second is refused by the index and goes to the first one's row."""
    model, data = FORMS[view]
    url = reverse(f"incubator:{view}", args=[project.pk])
    token = uuid.uuid4().hex
    inserted, release = threading.Event(), threading.Event()
    original = getattr(actions, operation)

    def held_open(*args, **kwargs):
        row = original(*args, **kwargs)
        if threading.current_thread().name == "first":
            inserted.set()
            release.wait(timeout=30)
        return row

    monkeypatch.setattr(actions, operation, held_open)
    responses = {}

    def click(name):
        browser = Client(raise_request_exception=False)  # a server error is a response here, for the assertions
        browser.force_login(youssef)
        try:
            responses[name] = browser.post(url, {**data(), "submission": token})
        finally:
            connections.close_all()

    first = threading.Thread(target=click, args=["first"], name="first")
    second = threading.Thread(target=click, args=["second"], name="second")
    first.start()
    assert inserted.wait(timeout=30)
    second.start()
    waited = _wait_for_a_lock_wait()
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert waited, "the second click's insert never waited for the first one's transaction"
    assert model.objects.filter(project=project).count() == 1
    assert responses["first"].status_code == responses["second"].status_code == 302
    assert responses["first"].url == responses["second"].url
