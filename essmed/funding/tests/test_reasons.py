"""The reasons of a verdict are sentences in the reader's language: what is missing is named in words (not
"cofinancing_rate"), partner types by their label, numbers written as the language writes them, lists with the
language's comma, and a rule about partners says so when the consortium has none it applies to."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from essmed.directory.tests.factories import ActorFactory
from essmed.funding.models import Call, PartnerRole, PartnerType
from essmed.funding.tests.factories import PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db

NEXT_MED = "interreg-next-med-call-2"
FICOL = "afd-ficol-2024"


def verdict(client, reference: str, body: dict, lang: str) -> dict[str, dict]:
    call = Call.objects.get(reference=reference)
    response = client.post(
        reverse("api:check_call", args=[call.pk]) + f"?lang={lang}", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return {rule["id"]: rule for rule in response.json()["rules"]}


@pytest.mark.parametrize(
    ("lang", "rate", "region", "lead"),
    [
        ("fr", "la subvention demandée et le budget total", "A: région", "le pays du chef de file"),
        ("ar", "المنحة المطلوبة والميزانية الإجمالية", "\u2068A\u2069: الجهة", "بلد رئيس المشروع"),
        ("en", "the grant requested and the total budget", "A: region", "the lead partner's country"),
    ],
)
def test_what_is_missing_is_named_in_words_and_by_its_fact_name_for_programs(
    client, programmes, lang, rate, region, lead
):
    rules = verdict(client, NEXT_MED, {"partners": [{"name": "A", "country": "FR", "type": "ngo"}]}, lang)
    assert rate in rules["cofinancing-rate"]["reason"]
    assert "cofinancing_rate" not in rules["cofinancing-rate"]["reason"]
    assert rules["cofinancing-rate"]["missing"] == ["cofinancing_rate"]
    assert region in rules["french-territories"]["reason"]
    assert rules["french-territories"]["missing"] == ["A: region"]
    rules = verdict(client, FICOL, {"partners": [{"name": "A", "country": "FR", "type": "ngo"}]}, lang)
    assert lead in rules["french-authority-lead"]["reason"]
    assert "lead_country" not in rules["french-authority-lead"]["reason"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "Le chef de file est de type coopérative, pays MA."),
        ("ar", "تعاونية"),
        ("en", "The lead partner is of type cooperative, country MA."),
    ],
)
def test_a_partner_type_in_a_reason_is_its_label_not_its_code(client, programmes, lang, expected):
    body = {"partners": [{"name": "Zaytoun", "country": "MA", "type": "social_enterprise", "role": "lead"}]}
    rules = verdict(client, FICOL, body, lang)
    reason = rules["french-authority-lead"]["reason"]
    assert "social_enterprise" not in reason
    body["partners"][0]["type"] = "cooperative"
    assert expected in verdict(client, FICOL, body, lang)["french-authority-lead"]["reason"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "La subvention demandée représente 95,24 % du budget."),
        ("ar", "95,24"),
        ("en", "The grant requested is 95.24 % of the budget."),
    ],
)
def test_numbers_in_a_reason_are_written_as_the_language_writes_them(client, programmes, lang, expected):
    body = {"partners": [{"country": "FR"}], "total_budget_eur": 1_050_000, "grant_requested_eur": 1_000_000}
    assert expected in verdict(client, NEXT_MED, body, lang)["cofinancing-rate"]["reason"]


@pytest.mark.parametrize(
    ("lang", "expected"), [("ar", "\u2068A (MA)\u2069، \u2068B (MA)\u2069"), ("fr", "A (MA), B (MA)")]
)
def test_lists_in_a_reason_take_the_comma_of_the_language(client, programmes, lang, expected):
    """In Arabic each partner is isolated from the words around it: a right-to-left page showed «A (MA)، B (MA)»
    as one left-to-right run, B before A, with the Arabic comma between them on the wrong side."""
    body = {"partners": [{"name": "A", "country": "MA"}, {"name": "B", "country": "MA"}]}
    assert expected in verdict(client, NEXT_MED, body, lang)["participating-countries"]["reason"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "Le consortium n’a aucun partenaire auquel cette règle s’applique."),
        ("ar", "لا يضم الاتحاد أي شريك تنطبق عليه هذه القاعدة."),
    ],
)
def test_a_rule_on_every_partner_says_when_there_is_none_rather_than_listing_nobody(
    client, programmes, fatima, coop, lang, expected
):
    """Was: «Partenaires hors des pays participants : . Le Maroc, notamment, …» for a project without partners."""
    client.force_login(fatima)
    project = ProjectFactory(owner=fatima, organisation=coop)
    call = Call.objects.get(reference=NEXT_MED)
    response = client.get(f"/{lang}/funding/check/", {"project": project.pk, "call": call.pk})
    results = {result.rule.rule_id: result for result in response.context["verdict"].results}
    assert results["participating-countries"].result == "fail"
    assert results["participating-countries"].reason == expected


def test_the_check_page_names_what_a_project_lacks_in_arabic(client, programmes, countries, fatima, coop):
    client.force_login(fatima)
    project = ProjectFactory(owner=fatima, organisation=coop)
    actor = ActorFactory(name="تعاونية", country=countries["TN"])
    PartnerFactory(project=project, actor=actor, role=PartnerRole.PARTNER, partner_type=PartnerType.COOPERATIVE)
    call = Call.objects.get(reference=NEXT_MED)
    page = client.get("/ar/funding/check/", {"project": project.pk, "call": call.pk}).content.decode()
    assert "المنحة المطلوبة والميزانية الإجمالية" in page
    assert "cofinancing_rate" not in page
