"""Calls, applications, reviews and the committee, through HTTP."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

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
    client.post(url, {"target": "withdrawn", "confirm": "1"})
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


def test_applying_twice_to_a_call_reopens_the_draft_instead_of_starting_another(client, call, karim):
    client.force_login(karim)
    first = client.post(reverse("incubator:apply", args=[call.pk]))
    second = client.post(reverse("incubator:apply", args=[call.pk]), follow=True)  # a double click
    application = Application.objects.get(applicant=karim)
    assert first.url == reverse("incubator:application_edit", args=[application.pk])
    assert second.redirect_chain[-1][0] == first.url
    assert any("déjà un brouillon" in m for m in messages_of(second))


def test_a_second_application_may_be_started_once_the_first_is_sent(client, call, karim):
    ApplicationFactory(call=call, applicant=karim, state=ApplicationState.SUBMITTED)
    client.force_login(karim)
    client.post(reverse("incubator:apply", args=[call.pk]))
    assert Application.objects.filter(applicant=karim).count() == 2


def test_reviewer_cannot_read_a_draft_through_the_review_page(client, youssef, call, karim):
    draft = ApplicationFactory(call=call, applicant=karim, summary="Brouillon confidentiel")
    client.force_login(youssef)
    response = client.get(reverse("incubator:review", args=[draft.pk]))
    assert response.status_code == 404
    assert "Brouillon confidentiel" not in response.content.decode()


def test_reviewer_cannot_review_an_application_of_their_own_team(client, call, coop):
    reviewer = person(Role.MEMBER, organisation=coop, email="nadia@example.org", full_name="Nadia")
    call.reviewers.add(reviewer)
    own = ApplicationFactory(call=call, applicant=reviewer, organisation=coop, state=ApplicationState.REVIEW)
    client.force_login(reviewer)
    assert client.get(reverse("incubator:review", args=[own.pk])).status_code == 404
    response = client.post(reverse("incubator:review", args=[own.pk]), {"recommendation": "yes"})
    assert response.status_code == 404
    assert not Review.objects.exists()
    assert own not in client.get(reverse("incubator:home")).context["to_review"]
    page = client.get(own.get_absolute_url()).content.decode()  # the team still reads its application
    assert reverse("incubator:review", args=[own.pk]) not in page


def test_application_form_with_an_error_keeps_the_answers_and_says_nothing_is_saved(client, call, karim):
    application = ApplicationFactory(call=call, applicant=karim, project_name="Avant")
    question = call.questions.first()
    client.force_login(karim)
    response = client.post(
        reverse("incubator:application_edit", args=[application.pk]),
        {"project_name": "x" * 201, "sector": "crafts", f"q_{question.pk}": "Une longue réponse réfléchie"},
    )
    assert response.status_code == 200
    assert "Rien n’est enregistré: corrigez les champs signalés." in messages_of(response)
    assert "Une longue réponse réfléchie" in response.content.decode()
    application.refresh_from_db()
    assert application.project_name == "Avant"


def test_too_long_note_to_the_applicant_is_refused_with_its_reason(client, sophie, application):
    client.force_login(sophie)
    response = client.post(
        reverse("incubator:application_transition", args=[application.pk]),
        {"target": "more_info", "note": "x" * 2001},
        follow=True,
    )
    application.refresh_from_db()
    assert application.state == ApplicationState.REVIEW
    messages = messages_of(response)
    assert not any("État inconnu" in m for m in messages)
    assert any(m.startswith("Note au candidat: ") and "2000" in m for m in messages)
    assert 'maxlength="2000"' in response.content.decode()


def test_a_refused_decision_keeps_what_staff_wrote(client, sophie, application):
    application.state = ApplicationState.COMMITTEE
    application.save()
    client.force_login(sophie)
    prefix = f"a{application.pk}"
    response = client.post(
        reverse("incubator:decide", args=[application.pk]),
        {f"{prefix}-decision": "decline", f"{prefix}-reason": "Un marché encore trop étroit à Berkane."},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Un marché encore trop étroit à Berkane." in page
    assert any("Orienté vers" in m for m in messages_of(response))
    application.refresh_from_db()
    assert application.state == ApplicationState.COMMITTEE


def test_missing_answers_are_named_with_the_quotes_and_separators_of_the_page_language(client, call, karim):
    first, second = call.questions.all()
    first.text_ar, second.text_ar, second.required = "ما الحاجة؟", "موقع؟", True
    first.save()
    second.save()
    application = ApplicationFactory(call=call, applicant=karim)
    client.force_login(karim)
    url = reverse("incubator:application_edit", args=[application.pk])
    response = client.post(url.replace("/fr/", "/ar/"), {"project_name": "مشروع", "sector": "crafts", "submit": "1"})
    [message] = messages_of(response)
    assert "«ما الحاجة؟»، «موقع؟»" in message
    response = client.post(url, {"project_name": "Projet", "sector": "crafts", "submit": "1"})
    assert "« Quel besoin social ? », « Un site web ? »" in messages_of(response)[0]


def test_mentor_suggestion_reasons_list_languages_with_the_arabic_comma(client, youssef, project):
    from essmed.incubator.tests.factories import MentorProfileFactory

    project.languages = ["fr", "ar"]
    project.save()
    mentor = person(Role.ADVISOR, email="leila@example.org", full_name="Leila")
    MentorProfileFactory(user=mentor, languages=["fr", "ar"], sectors=[], expertise=[])
    client.force_login(youssef)
    response = client.get(reverse("incubator:mentors", args=[project.pk]).replace("/fr/", "/ar/"))
    [reason] = response.context["rows"][0]["reasons"]
    assert "، " in reason and ", " not in reason


def test_committee_isolates_the_project_name_after_its_rank(client, sophie, application):
    application.state = ApplicationState.COMMITTEE
    application.save()
    client.force_login(sophie)
    page = client.get(reverse("incubator:committee", args=[application.call_id]).replace("/fr/", "/ar/"))
    assert "1. <bdi>Huilerie Zaytoun</bdi>" in page.content.decode()


def test_a_review_sent_after_the_application_left_review_is_refused_without_losing_the_text(
    client, youssef, application
):
    client.force_login(youssef)
    url = reverse("incubator:review", args=[application.pk])
    client.get(url)  # the reviewer opens the form…
    application.state = ApplicationState.MORE_INFO  # …while staff ask the applicant for more information
    application.save()
    response = client.post(url, {"recommendation": "maybe", "comment": "Trois pages d’analyse patiente."})
    assert response.status_code == 200
    assert not Review.objects.exists()
    assert "Trois pages d’analyse patiente." in response.content.decode()
    assert any("n’est plus en évaluation" in m for m in messages_of(response))


# Two clicks at once: each request holds its own copy of the application, read before the other one wrote.


def test_a_decision_recorded_twice_at_once_is_refused_the_second_time_not_an_error(application):
    from essmed.incubator import actions
    from essmed.incubator.models import TransitionError

    application.state = ApplicationState.COMMITTEE
    application.save()
    second_click = Application.objects.get(pk=application.pk)
    actions.decide(application, accepted=True, reason="Besoin avéré.")
    with pytest.raises(TransitionError):
        actions.decide(second_click, accepted=True, reason="Besoin avéré.")
    assert Project.objects.filter(application=application).count() == 1


def test_more_information_requested_twice_at_once_emails_once(
    sophie, application, mailoutbox, django_capture_on_commit_callbacks
):
    from essmed.incubator import actions
    from essmed.incubator.models import TransitionError

    second_click = Application.objects.get(pk=application.pk)
    with django_capture_on_commit_callbacks(execute=True):
        actions.move(application, ApplicationState.MORE_INFO, sophie, "Le budget, s’il vous plaît.")
        with pytest.raises(TransitionError):
            actions.move(second_click, ApplicationState.MORE_INFO, sophie, "Le budget, s’il vous plaît.")
    assert len(mailoutbox) == 1


def test_a_first_review_saved_twice_at_once_is_one_review(youssef, application):
    from essmed.incubator import actions

    first, second = application.call.criteria.all()
    first_click, second_click = (
        Review(application=application, reviewer=youssef),
        Review(application=application, reviewer=youssef),
    )
    actions.save_review(first_click, {first.pk: 4, second.pk: 3}, "yes", "Solide.")
    actions.save_review(second_click, {first.pk: 4, second.pk: 2}, "yes", "Solide, finalement.")
    review = Review.objects.get(application=application, reviewer=youssef)
    assert review.comment == "Solide, finalement."
    assert sorted(review.scores.values_list("value", flat=True)) == [2, 4]


def test_withdrawing_an_application_asks_for_confirmation_first(client, fatima, application):
    client.force_login(fatima)
    url = reverse("incubator:application_transition", args=[application.pk])
    response = client.post(url, {"target": "withdrawn"})  # the button, clicked perhaps by mistake
    application.refresh_from_db()
    assert application.state == ApplicationState.REVIEW
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="confirm"' in page and "ne pourra plus être envoyée" in page
    client.post(url, {"target": "withdrawn", "confirm": "1"})
    application.refresh_from_db()
    assert application.state == ApplicationState.WITHDRAWN


def test_applicant_may_apply_on_their_own_so_that_their_cooperative_does_not_see_it(client, call, karim, fatima):
    client.force_login(karim)
    client.post(reverse("incubator:apply", args=[call.pk]))
    application = Application.objects.get(applicant=karim)
    edit = reverse("incubator:application_edit", args=[application.pk])
    form = client.get(edit).context["form"]
    assert form.initial["organisation"] == application.organisation_id  # shown, not silently attached
    assert application.organisation is not None
    client.post(edit, {"project_name": "Mon atelier", "sector": "crafts", "organisation": ""})
    application.refresh_from_db()
    assert application.organisation is None
    client.force_login(fatima)
    assert client.get(application.get_absolute_url()).status_code == 404


def test_a_team_member_cannot_change_the_organisation_applying(client, application, karim, coop):
    application.state = ApplicationState.DRAFT
    application.save()
    client.force_login(karim)  # in the team as a member of Zaytoun, not the applicant
    edit = reverse("incubator:application_edit", args=[application.pk])
    assert client.get(edit).context["form"].fields["organisation"].disabled
    client.post(edit, {"project_name": "Huilerie Zaytoun", "sector": "agrifood", "organisation": ""})
    application.refresh_from_db()
    assert application.organisation == coop


# Long lists come in pages of 20, each list on its own query parameter, with an empty state.


def test_staff_home_pages_all_the_calls_newest_first(client, sophie):
    from essmed.incubator.tests.factories import ProgrammeFactory

    programme = ProgrammeFactory()
    first_day = timezone.localdate() - datetime.timedelta(days=400)
    for n in range(25):
        day = first_day + datetime.timedelta(days=n)
        CallFactory(programme=programme, title=f"Appel n° {n:02d}", opens_on=day, closes_on=day)
    client.force_login(sophie)
    home = reverse("incubator:home")
    first = client.get(home).content.decode()
    assert "Appel n° 24" in first and "Appel n° 05" in first and "Appel n° 04" not in first
    assert 'href="?calls=2#calls"' in first
    second = client.get(home, {"calls": 2, "page": 1}).content.decode()
    assert "Appel n° 04" in second and "Appel n° 00" in second and "Appel n° 05" not in second
    assert 'href="?calls=1&amp;page=1#calls"' in second  # the other list's page is kept


def test_staff_home_says_when_there_is_no_call(client, sophie):
    client.force_login(sophie)
    page = client.get(reverse("incubator:home"), {"calls": 3}).content.decode()
    assert "Aucun appel pour l’instant: créez-en un dans l’administration." in page


def test_a_calls_applications_are_paged_without_its_drafts(client, sophie, call):
    client.force_login(sophie)
    url = reverse("incubator:call", args=[call.pk])
    assert "Aucune candidature n’a encore été envoyée à cet appel." in client.get(url).content.decode()
    ApplicationFactory(call=call, project_name="Brouillon non envoyé")
    for n in range(25):
        ApplicationFactory(call=call, project_name=f"Candidature n° {n:02d}", state=ApplicationState.SUBMITTED)
    first = client.get(url).content.decode()
    assert "Candidature n° 24" in first and "Candidature n° 05" in first and "Candidature n° 04" not in first
    assert 'href="?page=2#applications"' in first
    second = client.get(url, {"page": 2}).content.decode()
    assert "Candidature n° 04" in second and "Candidature n° 00" in second and "Candidature n° 05" not in second
    assert "Brouillon non envoyé" not in first + second
    assert "Aucune candidature" not in first + second
