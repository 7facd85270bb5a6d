"""Calls' status from their dates, validation of deadlines and rules (model, admin form), the QuerySet filters."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from essmed.funding.models import Call, Deadline, EligibilityRule
from essmed.funding.status import CallStatus, call_status
from essmed.funding.tests.factories import CallFactory, ProgrammeFactory, RuleFactory

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("opening", "deadlines", "recurring", "expected"),
    [
        (TODAY + timedelta(days=1), [TODAY + timedelta(days=60)], False, CallStatus.FORTHCOMING),
        (TODAY, [TODAY + timedelta(days=60)], False, CallStatus.OPEN),
        (None, [TODAY + timedelta(days=31)], False, CallStatus.OPEN),
        (None, [TODAY + timedelta(days=30)], False, CallStatus.CLOSING_SOON),
        (None, [TODAY], False, CallStatus.CLOSING_SOON),
        (None, [TODAY - timedelta(days=1)], False, CallStatus.CLOSED),
        (None, [TODAY - timedelta(days=1), TODAY + timedelta(days=90)], False, CallStatus.OPEN),
        (None, [TODAY - timedelta(days=1)], True, CallStatus.RECURRING),
        (None, [], True, CallStatus.RECURRING),
        (None, [], False, CallStatus.OPEN),
    ],
)
def test_status_is_computed_from_the_dates_at_the_edges(opening, deadlines, recurring, expected):
    assert call_status(TODAY, opening, deadlines, recurring) == expected


@pytest.mark.django_db
def test_the_queryset_filters_agree_with_the_status_function():
    calls = {
        "forthcoming": CallFactory(opening_date=TODAY + timedelta(days=3), deadlines=[TODAY + timedelta(days=60)]),
        "open": CallFactory(deadlines=[TODAY + timedelta(days=31)]),
        "soon": CallFactory(deadlines=[TODAY + timedelta(days=30)]),
        "today": CallFactory(deadlines=[TODAY]),
        "closed": CallFactory(deadlines=[TODAY - timedelta(days=1)]),
        "recurring": CallFactory(recurring=True, deadlines=[TODAY - timedelta(days=10)]),
        "undated": CallFactory(),
    }
    status = {name: call.status_on(TODAY) for name, call in calls.items()}
    open_names = {name for name, value in status.items() if value in ("open", "closing_soon", "recurring")}
    pks = {call.pk: name for name, call in calls.items()}
    assert {pks[pk] for pk in Call.objects.open_on(TODAY).values_list("pk", flat=True)} == open_names
    soon = {name for name, value in status.items() if value == "closing_soon"}
    assert (
        {pks[pk] for pk in Call.objects.closing_soon(TODAY).values_list("pk", flat=True)} == soon == {"soon", "today"}
    )
    assert {pks[pk] for pk in Call.objects.closed_on(TODAY).values_list("pk", flat=True)} == {"closed"}
    assert {pks[pk] for pk in Call.objects.forthcoming_on(TODAY).values_list("pk", flat=True)} == {"forthcoming"}


@pytest.mark.django_db
def test_a_deadline_before_the_opening_date_is_refused_naming_it():
    call = CallFactory(opening_date=date(2026, 3, 1))
    deadline = Deadline(call=call, date=date(2026, 2, 1))
    with pytest.raises(ValidationError) as error:
        deadline.full_clean()
    assert "2026-02-01" in str(error.value) and "2026-03-01" in str(error.value)
    Deadline.objects.create(call=call, date=date(2026, 4, 1))
    call.opening_date = date(2026, 5, 1)
    with pytest.raises(ValidationError, match="2026-04-01"):
        call.full_clean()


@pytest.mark.django_db
def test_an_unparsable_rule_is_refused_when_saved_naming_the_problem():
    rule = RuleFactory.build(programme=ProgrammeFactory(), expression={"lenght": [{"var": "partners"}]})
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert "opérateur inconnu 'lenght'" in str(error.value)


@pytest.mark.django_db
def test_a_rule_belongs_to_a_programme_or_a_call_not_both():
    programme = ProgrammeFactory()
    rule = RuleFactory.build(programme=programme, call=CallFactory(programme=programme))
    with pytest.raises(ValidationError, match="soit à un programme, soit à un appel"):
        rule.full_clean()


@pytest.mark.django_db
def test_a_remedy_with_an_unknown_country_is_refused(countries):
    rule = RuleFactory.build(programme=ProgrammeFactory(), remedy={"add_partner_from": ["TN", "QQ"]})
    with pytest.raises(ValidationError, match="QQ"):
        rule.full_clean()


@pytest.mark.django_db
def test_the_admin_refuses_an_unparsable_rule_with_its_problem(client, amina):
    programme = ProgrammeFactory()
    client.force_login(amina)
    response = client.post(
        reverse("admin:funding_eligibilityrule_add"),
        {
            "programme": programme.pk,
            "rule_id": "broken",
            "label_fr": "Règle cassée",
            "label_en": "Broken rule",
            "severity": "blocking",
            "kind": "automatic",
            "expression": '{"count": [1, 2, 3], "max": [1]}',
            "source": "test",
            "remedy": "{}",
            "position": 0,
        },
    )
    assert response.status_code == 200
    assert "exactement un opérateur; trouvé: count, max" in response.content.decode()
    assert not EligibilityRule.objects.filter(rule_id="broken").exists()


@pytest.mark.django_db
def test_the_admin_refuses_a_deadline_before_the_opening(client, amina):
    programme = ProgrammeFactory()
    client.force_login(amina)
    response = client.post(
        reverse("admin:funding_call_add"),
        {
            "programme": programme.pk,
            "reference": "staff-call",
            "title_fr": "Appel saisi",
            "opening_date": "2026-06-01",
            "origin": "manual",
            "publication": "draft",
            "organisation_types": "[]",
            "deadlines-TOTAL_FORMS": "1",
            "deadlines-INITIAL_FORMS": "0",
            "deadlines-0-date": "2026-05-01",
            "deadlines-0-stage": "submission",
            "rules-TOTAL_FORMS": "0",
            "rules-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "2026-05-01" in response.content.decode()
    assert not Call.objects.filter(reference="staff-call").exists()


@pytest.mark.django_db
def test_a_call_takes_its_programmes_terms_when_it_leaves_them_blank(countries):
    programme = ProgrammeFactory(max_cofinancing_rate=80, organisation_types=["ngo"])
    programme.countries.set([countries["FR"], countries["TN"]])
    call = CallFactory(programme=programme, grant_max=1000)
    assert call.effective("max_cofinancing_rate") == 80
    assert call.effective("grant_max") == 1000
    assert [c.code for c in call.effective_countries()] == ["FR", "TN"]
    assert Call.objects.open_to_country(countries["TN"]).filter(pk=call.pk).exists()
    assert not Call.objects.open_to_country(countries["MA"]).filter(pk=call.pk).exists()
    assert Call.objects.open_to_type("ngo").filter(pk=call.pk).exists()
    assert not Call.objects.open_to_type("sme").filter(pk=call.pk).exists()
    unrestricted = CallFactory()
    assert Call.objects.open_to_type("sme").filter(pk=unrestricted.pk).exists()
    assert Call.objects.open_to_country(countries["MA"]).filter(pk=unrestricted.pk).exists()


@pytest.mark.django_db
def test_search_folds_accents_and_case_in_every_language():
    call = CallFactory(
        title_fr="Économie sociale et solidaire", title_en="Social economy", title_ar="الاقتصاد الاجتماعي"
    )
    assert Call.objects.matching("ECONOMIE solidaire").get() == call
    assert Call.objects.matching("social ECONOMY").get() == call
    assert Call.objects.matching("الإقتصاد").get() == call
    assert not Call.objects.matching("tourism").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("words", ["renewable fuels", "économie sociale", "ECONOMIE", "اقتصاد", "HORIZON-CL5"])
def test_staff_find_a_call_in_the_admin_by_its_title_in_any_language(client, sophie, words):
    """The portal's calls have an English title only; the admin searched the title of the page's language."""
    CallFactory(reference="HORIZON-CL5-1", title="Renewable fuels", title_fr="", title_en="Renewable fuels")
    CallFactory(title="Économie sociale", title_ar="الاقتصاد الاجتماعي", title_en="Social economy")
    CallFactory(title="Autre chose", title_en="Something else")
    client.force_login(sophie)
    response = client.get(reverse("admin:funding_call_changelist"), {"q": words})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


@pytest.mark.django_db
def test_a_programme_has_a_name_or_its_code_on_the_eu_portal():
    programme = ProgrammeFactory(name_fr="", name_en="")
    with pytest.raises(ValidationError) as error:
        programme.clean()
    assert "name" in error.value.message_dict
    programme.portal_code = "I3"
    programme.clean()
    assert str(programme) == "Programme de l'UE (code I3)"
