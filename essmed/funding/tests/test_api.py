"""The read-only API: calls with filters, one call with its rules, the eligibility check; 4xx with reasons."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

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
