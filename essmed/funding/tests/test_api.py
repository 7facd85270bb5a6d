"""The read-only API: calls with filters, one call with its rules, the eligibility check; 4xx with reasons."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from essmed.funding.models import Call
from essmed.funding.tests.factories import CallFactory

pytestmark = pytest.mark.django_db


def test_calls_are_listed_with_filters_and_status(client, programmes):
    response = client.get(reverse("api:list_calls"), {"programme": "interreg-next-med"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["reference"] == "interreg-next-med-call-2" and item["status"] == "closed"
    assert item["deadlines"] == [{"date": "2025-04-15", "stage": "submission"}]


def test_drafts_are_not_listed(client):
    CallFactory(draft=True)
    assert client.get(reverse("api:list_calls")).json()["count"] == 0


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"country": "ZZZ"}, "country"),
        ({"page_size": 1000}, "page_size"),
        ({"lang": "de"}, "lang"),
        ({"deadline_before": "soon"}, "deadline_before"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(client, programmes, params, parameter):
    response = client.get(reverse("api:list_calls"), params)
    assert response.status_code == 400
    assert parameter in [error["parameter"] for error in response.json()["errors"]]


def test_one_call_with_its_rules_in_the_language_asked(client, programmes):
    call = Call.objects.get(reference="interreg-next-med-call-2")
    data = client.get(reverse("api:get_call", args=[call.pk]), {"lang": "en"}).json()
    assert "TN" in data["countries"] and "MA" not in data["countries"]
    rules = {rule["id"]: rule for rule in data["rules"]}
    assert rules["min-3-countries"]["label"].startswith("At least 3")
    assert rules["morocco-associated"]["kind"] == "manual"


def test_the_check_endpoint_gives_the_verdict(client, programmes):
    call = Call.objects.get(reference="interreg-next-med-call-2")
    body = {
        "partners": [
            {"name": "Occ", "country": "FR", "type": "regional_authority", "role": "lead"},
            {"name": "Ori", "country": "MA"},
        ]
    }
    response = client.post(
        reverse("api:check_call", args=[call.pk]) + "?lang=en", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["eligible"] == "no"
    bad = {"partners": [{"country": "XX"}]}
    response = client.post(reverse("api:check_call", args=[call.pk]), json.dumps(bad), content_type="application/json")
    assert response.status_code == 400
    assert "unknown country code 'XX'" in response.json()["errors"][0]["reason"]


def test_a_parameter_given_twice_is_refused_rather_than_the_last_value_taken(client, programmes):
    call = Call.objects.get(reference="interreg-next-med-call-2")
    twice = [
        (client.get, reverse("api:list_calls"), {"programme": ["interreg-next-med", "interreg-euro-med"]}, "programme"),
        (client.get, reverse("api:list_calls"), {"page": ["1", "2"]}, "page"),
        (client.get, reverse("api:get_call", args=[call.pk]), {"lang": ["en", "fr"]}, "lang"),
    ]
    for method, url, params, parameter in twice:
        response = method(url, params)
        assert response.status_code == 400, url
        assert response.json()["errors"] == [{"parameter": parameter, "reason": "give one value only"}]
    body = json.dumps({"partners": [{"name": "Occ", "country": "FR"}]})
    check = reverse("api:check_call", args=[call.pk])
    response = client.post(f"{check}?lang=en&lang=ar", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == [{"parameter": "lang", "reason": "give one value only"}]
    assert client.post(f"{check}?lang=en", body, content_type="application/json").status_code == 200


def test_an_empty_parameter_is_the_same_as_none(client, programmes):
    params = {"programme": "", "deadline_before": "", "open_only": "", "lang": "", "page": ""}
    response = client.get(reverse("api:list_calls"), params)
    assert response.status_code == 200
    assert response.json()["count"] == client.get(reverse("api:list_calls")).json()["count"]


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("fr", "valeur inconnue « ZZ »: Sélectionnez un choix valide."),
        ("ar", "قيمة غير معروفة «ZZ»: انتق خياراً صحيحاً."),
    ],
)
def test_an_unknown_value_is_refused_in_the_language_of_the_request(client, programmes, language, reason):
    response = client.get(reverse("api:list_calls"), {"country": "ZZ"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["parameter"] == "country" and error["reason"].startswith(reason)
    response = client.get(reverse("api:list_calls"), {"organisation_type": "ZZ", "lang": language})
    (error,) = response.json()["errors"]
    assert error["parameter"] == "organisation_type" and error["reason"].startswith(reason.split(":")[0])


def test_an_unknown_language_and_a_repeated_one_are_refused_in_the_language_of_the_request(client, programmes):
    call = Call.objects.get(reference="interreg-next-med-call-2")
    response = client.get(reverse("api:get_call", args=[call.pk]), {"lang": "de"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.json()["errors"] == [
        {"parameter": "lang", "reason": "langue inconnue, utilisez l’une de celles-ci: fr, ar, en"}
    ]
    response = client.get(reverse("api:list_calls"), {"q": ["a", "b"]}, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.json()["errors"] == [{"parameter": "q", "reason": "أعط قيمة واحدة فقط"}]


BAD_VALUES = {"deadline_before": "2026-13-45", "open_only": "maybe"}
REASONS = {
    "en": {"deadline_before": "must be a date written YYYY-MM-DD", "open_only": "must be true or false"},
    "fr": {"deadline_before": "doit être une date écrite AAAA-MM-JJ", "open_only": "doit valoir true ou false"},
    "ar": {"deadline_before": "يجب أن يكون تاريخا بالصيغة YYYY-MM-DD", "open_only": "يجب أن تكون القيمة true أو false"},
}


@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize("parameter", ["deadline_before", "open_only"])
def test_a_bad_date_or_yes_or_no_is_refused_in_the_language_of_the_request(client, programmes, language, parameter):
    url = reverse("api:list_calls")
    expected = [{"parameter": parameter, "reason": REASONS[language][parameter]}]
    by_header = client.get(url, {parameter: BAD_VALUES[parameter]}, HTTP_ACCEPT_LANGUAGE=language)
    by_lang = client.get(url, {parameter: BAD_VALUES[parameter], "lang": language})
    for response in (by_header, by_lang):
        assert response.status_code == 400
        assert response.json()["errors"] == expected
    assert client.get(url, {parameter: BAD_VALUES[parameter]}).json()["errors"] == [
        {"parameter": parameter, "reason": REASONS["en"][parameter]}
    ]


def test_every_bad_parameter_of_a_request_is_named_in_its_language(client, programmes):
    response = client.get(reverse("api:list_calls"), {**BAD_VALUES, "page": "x"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"parameter": "deadline_before", "reason": REASONS["fr"]["deadline_before"]},
        {"parameter": "open_only", "reason": REASONS["fr"]["open_only"]},
        {"parameter": "page", "reason": "doit être un nombre entier"},
    ]


def test_a_good_date_or_yes_or_no_is_still_read_as_before(client, programmes):
    url = reverse("api:list_calls")
    everything = client.get(url).json()["count"]
    yes = client.get(url, {"open_only": "true"}).json()["count"]
    assert yes < everything
    for value in ("yes", "1", " on ", "True"):
        assert client.get(url, {"open_only": value}).json()["count"] == yes, value
    assert client.get(url, {"open_only": "no"}).json()["count"] == everything
    soon = timezone.localdate() + timedelta(days=10)
    CallFactory(reference="SOON", deadlines=[soon])
    day = (soon + timedelta(days=1)).isoformat()
    before = client.get(url, {"deadline_before": day}).json()
    assert [item["reference"] for item in before["items"]] == ["SOON"]
    assert client.get(url, {"deadline_before": f" {day} "}).json() == before


def check(client, call, body, language=None, lang=None):
    """POST ``body`` to the check of ``call``, asking for ``language`` (Accept-Language) or ``lang``."""
    url = reverse("api:check_call", args=[call.pk]) + (f"?lang={lang}" if lang else "")
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    return client.post(url, body, content_type="application/json", **headers)


@pytest.mark.parametrize(
    ("body", "reasons"),
    [
        (
            '{"partners": [',
            {
                "fr": "JSON non valide: erreur à la ligne 1, colonne 15",
                "ar": "ليس JSON صالحا: خطأ في السطر 1، العمود 15",
            },
        ),
        (
            "",
            {
                "fr": "le consortium doit être un objet JSON avec une liste « partners »",
                "ar": "يجب أن يكون اتحاد الشركاء كائن JSON يتضمن قائمة «partners»",
            },
        ),
        (
            '{"partners": "all of us"}',
            {"fr": "« partners » doit être une liste non vide", "ar": "يجب أن تكون «partners» قائمة غير فارغة"},
        ),
        (
            '{"partners": [{"name": "Occ", "country": "XX"}]}',
            {
                "fr": "partenaire 1 (Occ): code de pays inconnu « XX »",
                "ar": "الشريك 1 (Occ): رمز بلد غير معروف «XX»",
            },
        ),
        (
            '{"partners": [{"country": "FR"}, {"country": 212}]}',
            {"fr": "partenaire 2: « country » doit être un texte", "ar": "الشريك 2: يجب أن تكون «country» نصا"},
        ),
        (
            '{"partners": [{"country": "FR", "role": "boss"}]}',
            {
                "fr": "partenaire 1: rôle inconnu « boss » (l’un de ceux-ci: lead, partner, associated)",
                "ar": "الشريك 1: دور غير معروف «boss» (أحد هذه الأدوار: lead, partner, associated)",
            },
        ),
        (
            '{"partners": [{"country": "FR"}], "total_budget_eur": "beaucoup"}',
            {
                "fr": "total_budget_eur: « beaucoup » n’est pas un nombre",
                "ar": "total_budget_eur: «beaucoup» ليس عددا",
            },
        ),
        (
            '{"partners": [{"country": "FR"}], "grant_requested_eur": -5}',
            {"fr": "grant_requested_eur: -5 est négatif", "ar": "grant_requested_eur: -5 عدد سالب"},
        ),
        (
            '{"partners": [{"country": "FR"}], "duration_months": 0}',
            {
                "fr": "duration_months: 0 n’est pas un nombre entier positif de mois",
                "ar": "duration_months: 0 ليس عددا صحيحا موجبا من الأشهر",
            },
        ),
    ],
)
def test_a_bad_consortium_is_refused_in_the_language_of_the_request(client, programmes, body, reasons):
    call = Call.objects.get(reference="interreg-next-med-call-2")
    for language, reason in reasons.items():
        response = check(client, call, body, language)
        assert response.status_code == 400, language
        assert response.json()["errors"] == [{"parameter": "consortium", "reason": reason}], language
        assert check(client, call, body, lang=language).json()["errors"][0]["reason"] == reason


@pytest.mark.parametrize(
    "body",
    [
        '{"partners": [{"country": "FR"}], "total_budget_eur": 1e400}',
        '{"partners": [{"country": "FR"}], "total_budget_eur": NaN}',
        '{"partners": [{"country": "FR"}], "total_budget_eur": "Infinity"}',
        '{"partners": [{"country": "FR"}], "grant_requested_eur": true}',
        '{"partners": [{"country": "FR"}], "grant_requested_eur": "١٠٠٠"}',
        '{"partners": [5]}',
        "[" * 100_000,
        b"\xff\xfe\xfd",
    ],
)
def test_a_body_that_is_no_consortium_is_a_400_never_a_500(client, programmes, body):
    call = Call.objects.get(reference="interreg-next-med-call-2")
    response = check(client, call, body, "fr")
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["parameter"] == "consortium" and error["reason"]


def test_a_budget_given_as_a_number_in_text_is_still_read(client, programmes):
    call = Call.objects.get(reference="interreg-next-med-call-2")
    body = {"partners": [{"country": "FR"}], "total_budget_eur": "1000000", "grant_requested_eur": 800000.5}
    response = check(client, call, json.dumps(body))
    assert response.status_code == 200
    rate = next(rule for rule in response.json()["rules"] if rule["id"] == "cofinancing-rate")
    assert rate["result"] == "pass"


def test_the_check_on_a_call_one_may_not_see_is_a_404_whatever_the_body(client, programmes):
    draft = CallFactory(draft=True)
    response = check(client, draft, "{not json", "ar")
    assert response.status_code == 404
    assert response.json()["detail"] == "Not Found"


def test_the_openapi_document_still_describes_the_body_of_the_check(client):
    document = client.get("/api/openapi.json").json()
    body = document["paths"]["/api/funding/calls/{call_id}/check"]["post"]["requestBody"]
    assert body["required"] is True
    schema = body["content"]["application/json"]["schema"]
    assert schema["required"] == ["partners"]
    assert set(schema["properties"]) == {"partners", "total_budget_eur", "grant_requested_eur", "duration_months"}
    partner = schema["properties"]["partners"]["items"]
    assert set(partner["properties"]) == {"name", "country", "region", "type", "role"}
    assert "$ref" not in json.dumps(schema)


@pytest.mark.parametrize(
    ("lang", "failing"), [("fr", "partenaire 2 (MA)"), ("ar", "الشريك 2 (MA)"), ("en", "partner 2 (MA)")]
)
def test_the_check_names_a_partner_without_a_name_by_its_number_in_the_language_asked(
    client, programmes, lang, failing
):
    call = Call.objects.get(reference="interreg-next-med-call-2")
    body = {"partners": [{"country": "FR", "type": "regional_authority", "role": "lead"}, {"country": "MA"}]}
    response = client.post(
        reverse("api:check_call", args=[call.pk]) + f"?lang={lang}", json.dumps(body), content_type="application/json"
    )
    reasons = {rule["id"]: rule["reason"] for rule in response.json()["rules"]}
    assert failing in reasons["participating-countries"]


@pytest.mark.parametrize("amount", ['"1e999999999"', '"1e30000"', "1e30", "100000000000000"])
def test_an_amount_beyond_any_budget_is_a_400_naming_it_not_a_hung_worker(client, programmes, amount):
    call = Call.objects.get(reference="interreg-next-med-call-2")
    body = '{"partners": [{"country": "FR"}], "grant_requested_eur": 5, "total_budget_eur": ' + amount + "}"
    response = client.post(
        reverse("api:check_call", args=[call.pk]) + "?lang=en", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["reason"].startswith("total_budget_eur: ")
    assert "too large" in response.json()["errors"][0]["reason"]


def test_a_budget_of_a_fraction_of_a_cent_does_not_make_an_infinite_rate(client, programmes):
    call = Call.objects.get(reference="interreg-next-med-call-2")
    body = {"partners": [{"country": "FR"}], "total_budget_eur": 1e-320, "grant_requested_eur": 1}
    response = client.post(
        reverse("api:check_call", args=[call.pk]) + "?lang=en", json.dumps(body), content_type="application/json"
    )
    rate = next(rule for rule in response.json()["rules"] if rule["id"] == "cofinancing-rate")
    assert rate["result"] == "unknown"  # no rate: not "the grant requested is inf % of the budget"


def test_a_country_code_is_read_in_either_case_as_in_the_directorys_api(client, programmes):
    upper = client.get(reverse("api:list_calls"), {"country": "TN"}).json()
    lower = client.get(reverse("api:list_calls"), {"country": "tn"})
    assert lower.status_code == 200
    assert lower.json()["count"] == upper["count"] >= 1
