"""Calls, applications, reviews and the committee, through HTTP."""

from __future__ import annotations

import pytest
from django.urls import reverse

from essmed.accounts.models import Role
from essmed.accounts.tests.factories import person
from essmed.incubator.models import Application, ApplicationState, Project, Review, Score
from essmed.incubator.tests.factories import ApplicationFactory, CallFactory, CriterionFactory

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_applicant_starts_fills_and_sends_an_application(client, call, karim):
    client.force_login(karim)
    response = client.post(reverse("incubator:apply", args=[call.pk]))
    application = Application.objects.get(applicant=karim)
    assert response.url == reverse("incubator:application_edit", args=[application.pk])
    assert application.state == ApplicationState.DRAFT
    questions = list(call.questions.all())
    data = {
        "project_name": "Épicerie solidaire",
        "sector": "agrifood",
        f"q_{questions[0].pk}": "Des produits locaux à prix justes",
        "submit": "1",
    }
    response = client.post(reverse("incubator:application_edit", args=[application.pk]), data, follow=True)
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert application.submitted_at is not None
    # The applicant reads "received", not the staff's wording.
    assert "reçue" in response.content.decode()


def test_application_sent_with_a_required_answer_missing_is_refused_with_the_question_named(client, call, karim):
    application = ApplicationFactory(call=call, applicant=karim)
    client.force_login(karim)
    response = client.post(
        reverse("incubator:application_edit", args=[application.pk]),
        {"project_name": "Projet", "sector": "crafts", "submit": "1"},
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT
    assert any("Quel besoin social ?" in message for message in messages_of(response))
    assert "Un site web ?" not in " ".join(messages_of(response))  # optional: not named
    assert "Cette question demande une réponse." in response.content.decode()


def test_draft_can_be_saved_half_filled(client, call, karim):
    application = ApplicationFactory(call=call, applicant=karim)
    client.force_login(karim)
    response = client.post(
        reverse("incubator:application_edit", args=[application.pk]), {"project_name": "Brouillon", "sector": "care"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.project_name == "Brouillon"
    assert application.state == ApplicationState.DRAFT


def test_applying_to_a_closed_call_is_refused(client, karim):
    import datetime

    from django.utils import timezone

    call = CallFactory(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(karim)
    response = client.post(reverse("incubator:apply", args=[call.pk]), follow=True)
    assert not Application.objects.exists()
    assert "Cet appel ne reçoit pas de candidatures." in messages_of(response)


def test_staff_move_an_application_and_a_refused_transition_is_a_message(client, sophie, application):
    client.force_login(sophie)
    url = reverse("incubator:application_transition", args=[application.pk])
    response = client.post(url, {"target": "draft"}, follow=True)
    assert any("ne peut pas passer" in m for m in messages_of(response))
    application.refresh_from_db()
    assert application.state == ApplicationState.REVIEW
    client.post(url, {"target": "committee"})
    application.refresh_from_db()
    assert application.state == ApplicationState.COMMITTEE


def test_more_information_request_is_emailed_in_the_applicants_language(
    client, sophie, application, fatima, mailoutbox, django_capture_on_commit_callbacks
):
    fatima.preferred_language = "ar"
    fatima.save()
    client.force_login(sophie)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("incubator:application_transition", args=[application.pk]),
            {"target": "more_info", "note": "Joignez le budget prévisionnel."},
        )
    application.refresh_from_db()
    assert application.state == ApplicationState.MORE_INFO
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["fatima@example.org"]
    assert "Joignez le budget prévisionnel." in mailoutbox[0].body
    assert "مزيد من المعلومات" in mailoutbox[0].subject


def test_applicant_withdraws_but_cannot_move_through_the_selection(client, fatima, application):
    client.force_login(fatima)
    url = reverse("incubator:application_transition", args=[application.pk])
    response = client.post(url, {"target": "committee"}, follow=True)
    application.refresh_from_db()
    assert application.state == ApplicationState.REVIEW
    assert any("personnel du programme" in m for m in messages_of(response))
    client.post(url, {"target": "withdrawn"})
    application.refresh_from_db()
    assert application.state == ApplicationState.WITHDRAWN


def test_applicant_sees_wording_for_applicants(client, fatima, sophie, application):
    client.force_login(fatima)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "en cours d’examen" in page
    assert "en évaluation" not in page
    client.force_login(sophie)
    assert "en évaluation" in client.get(application.get_absolute_url()).content.decode()


def test_reviewer_scores_each_criterion(client, youssef, application):
    first, second = application.call.criteria.all()
    client.force_login(youssef)
    response = client.post(
        reverse("incubator:review", args=[application.pk]),
        {f"c_{first.pk}": "4", f"c_{second.pk}": "", "recommendation": "yes", "comment": "Solide."},
    )
    assert response.status_code == 302
    review = Review.objects.get(application=application, reviewer=youssef)
    assert review.recommendation == "yes"
    assert dict(Score.objects.filter(review=review).values_list("criterion_id", "value")) == {
        first.pk: 4,
        second.pk: None,  # not applicable
    }


@pytest.mark.parametrize("value", ["6", "-1"])
def test_a_score_outside_0_to_5_is_refused(client, youssef, application, value):
    first = application.call.criteria.first()
    client.force_login(youssef)
    response = client.post(
        reverse("incubator:review", args=[application.pk]), {f"c_{first.pk}": value, "recommendation": "no"}
    )
    assert response.status_code == 200
    assert not Review.objects.exists()
    assert response.context["form"].errors[f"c_{first.pk}"]


def test_a_reviewer_of_another_call_cannot_see_an_application(client, application):
    other_reviewer = person(Role.ADVISOR, email="leila@example.org", full_name="Leila")
    CallFactory(programme=application.call.programme).reviewers.add(other_reviewer)
    client.force_login(other_reviewer)
    assert client.get(application.get_absolute_url()).status_code == 404
    assert client.get(reverse("incubator:review", args=[application.pk])).status_code == 404


def test_reviewers_do_not_see_drafts(client, youssef, call, karim):
    draft = ApplicationFactory(call=call, applicant=karim)
    client.force_login(youssef)
    assert client.get(draft.get_absolute_url()).status_code == 404


def _review(application, reviewer, recommendation, *values):
    review = Review.objects.create(application=application, reviewer=reviewer, recommendation=recommendation)
    for criterion, value in zip(application.call.criteria.all(), values, strict=False):
        Score.objects.create(review=review, criterion=criterion, value=value)


def test_committee_ranks_applications_by_mean_score(client, sophie, youssef, call, karim, omar):
    strong = ApplicationFactory(call=call, applicant=karim, project_name="Forte", state=ApplicationState.COMMITTEE)
    weak = ApplicationFactory(call=call, applicant=omar, project_name="Faible", state=ApplicationState.REVIEW)
    _review(strong, youssef, "yes", 5, 4)  # mean 4.5
    _review(weak, youssef, "no", 2, None)  # mean 2 (n/a left out)
    client.force_login(sophie)
    response = client.get(reverse("incubator:committee", args=[call.pk]))
    rows = response.context["rows"]
    assert [row["application"].project_name for row in rows] == ["Forte", "Faible"]
    assert [str(row["ranked"].score) for row in rows] == ["4.50", "2.00"]


def test_committee_accepts_with_reasons_opens_the_journey_and_emails(
    client, sophie, youssef, application, mailoutbox, django_capture_on_commit_callbacks
):
    application.state = ApplicationState.COMMITTEE
    application.save()
    client.force_login(sophie)
    prefix = f"a{application.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("incubator:decide", args=[application.pk]),
            {f"{prefix}-decision": "accept", f"{prefix}-reason": "Besoin avéré.", f"{prefix}-advisor": youssef.pk},
        )
    application.refresh_from_db()
    assert application.state == ApplicationState.ACCEPTED
    project = Project.objects.get(application=application)
    assert project.advisor == youssef
    assert project.stage_entries.get().stage == "emergence"
    assert len(mailoutbox) == 1
    assert "Besoin avéré." in mailoutbox[0].body


def test_declining_needs_reasons_and_a_referral(
    client, sophie, application, mailoutbox, django_capture_on_commit_callbacks
):
    application.state = ApplicationState.COMMITTEE
    application.save()
    client.force_login(sophie)
    prefix = f"a{application.pk}"
    url = reverse("incubator:decide", args=[application.pk])
    response = client.post(url, {f"{prefix}-decision": "decline", f"{prefix}-reason": "Trop tôt."}, follow=True)
    application.refresh_from_db()
    assert application.state == ApplicationState.COMMITTEE
    assert any("Orienté vers" in m for m in messages_of(response))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                f"{prefix}-decision": "decline",
                f"{prefix}-reason": "Trop tôt.",
                f"{prefix}-referral": "Fabrique à initiatives",
            },
        )
    application.refresh_from_db()
    assert application.state == ApplicationState.DECLINED
    assert application.referral == "Fabrique à initiatives"
    assert not Project.objects.exists()
    assert "Fabrique à initiatives" in mailoutbox[0].body


def test_a_decision_on_an_application_not_before_the_committee_is_refused(client, sophie, application):
    client.force_login(sophie)
    prefix = f"a{application.pk}"
    response = client.post(
        reverse("incubator:decide", args=[application.pk]),
        {f"{prefix}-decision": "accept", f"{prefix}-reason": "Oui."},
        follow=True,
    )
    application.refresh_from_db()
    assert application.state == ApplicationState.REVIEW
    assert any("ne peut pas passer" in m for m in messages_of(response))


def test_home_lists_open_calls_and_my_applications(client, fatima, application):
    CriterionFactory(call=application.call)
    client.force_login(fatima)
    page = client.get(reverse("incubator:home")).content.decode()
    assert "Appel Pépinière 2026" in page
    assert "Huilerie Zaytoun" in page


def test_call_page_in_arabic(client, call):
    page = client.get(reverse("incubator:call", args=[call.pk]).replace("/fr/", "/ar/")).content.decode()
    assert "نداء المشتل 2026" in page
