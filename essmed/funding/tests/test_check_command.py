"""``manage.py check_eligibility CALL_REFERENCE CONSORTIUM.json``: the verdict as JSON; bad input named."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from essmed.funding.actions import ConsortiumError, consortium_from_json

CONSORTIUM = {
    "partners": [
        {
            "name": "Région Occitanie",
            "country": "FR",
            "region": "Occitanie",
            "type": "regional_authority",
            "role": "lead",
        },
        {"name": "Région de l'Oriental", "country": "MA", "region": "Oriental", "type": "regional_authority"},
    ],
    "total_budget_eur": 1200000,
    "grant_requested_eur": 1000000,
    "duration_months": 30,
}


def run(tmp_path, data, reference="interreg-next-med-call-2", *options):
    path = tmp_path / "consortium.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    out = io.StringIO()
    call_command("check_eligibility", reference, str(path), *options, stdout=out)
    return json.loads(out.getvalue())


def test_the_demo_consortium_is_not_eligible_for_next_med_call_2(programmes, tmp_path):
    result = run(tmp_path, CONSORTIUM)
    assert result["eligible"] == "no"
    by_id = {rule["id"]: rule for rule in result["rules"]}
    assert by_id["participating-countries"]["result"] == "fail"
    assert "Région de l'Oriental (MA)" in by_id["participating-countries"]["reason"]
    assert by_id["min-3-countries"]["result"] == "fail"
    assert by_id["eu-side-country"]["result"] == "pass"
    assert all(set(rule) >= {"id", "label", "result", "reason"} for rule in result["rules"])
    assert {item["id"] for item in result["checklist"]} >= {"lead-once-per-objective", "morocco-associated"}


def test_an_eligible_consortium_says_yes(programmes, tmp_path):
    data = {
        **CONSORTIUM,
        "partners": [
            CONSORTIUM["partners"][0],
            {"name": "Tunis partner", "country": "TN", "type": "ngo"},
            {"name": "Naples partner", "country": "IT", "type": "cooperative"},
        ],
    }
    assert run(tmp_path, data)["eligible"] == "yes"


def test_missing_figures_give_unknown_never_yes(programmes, tmp_path):
    data = {"partners": [CONSORTIUM["partners"][0], {"country": "TN", "type": "ngo"}, {"country": "IT", "type": "sme"}]}
    result = run(tmp_path, data)
    assert result["eligible"] == "unknown"
    rate = next(rule for rule in result["rules"] if rule["id"] == "cofinancing-rate")
    assert rate["result"] == "unknown" and rate["missing"] == ["cofinancing_rate"]
    assert "the grant requested and the total budget" in rate["reason"]


def test_labels_come_in_the_language_asked(programmes, tmp_path):
    result = run(tmp_path, CONSORTIUM, "interreg-next-med-call-2", "--language", "ar")
    assert "شريك" in result["rules"][1]["label"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"partners": [{"name": "X", "country": "XX", "type": "ngo"}]}, "partner 1 (X): unknown country code 'XX'"),
        (
            {"partners": [{"name": "X", "country": "FR", "type": "charity"}]},
            "partner 1 (X): unknown partner type 'charity'",
        ),
        ({"partners": [{"name": "X", "country": "FR", "role": "boss"}]}, "unknown role 'boss'"),
        ({"partners": []}, "'partners' must be a non-empty list"),
        ({"partners": [{"country": "FR"}], "total_budget_eur": "lots"}, "total_budget_eur: 'lots' is not a number"),
        ({"partners": [{"country": "FR"}], "duration_months": -3}, "duration_months: -3"),
        ("{not json", "not valid JSON"),
        (
            {"partners": [{"country": "FR"}], "total_budget_eur": "1e999999999"},
            "total_budget_eur: 1e999999999 is too large (at most 14 digits before the decimal point)",
        ),
        (
            {"partners": [{"name": "A", "role": "lead"}, {"role": "partner"}, {"role": "lead"}]},
            "partner 1 (A) and partner 3 are both lead partners: a consortium has one lead",
        ),
    ],
)
def test_bad_input_is_refused_naming_it(programmes, tmp_path, data, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(tmp_path, data)


def test_an_unknown_call_is_named(programmes, tmp_path):
    with pytest.raises(CommandError, match="unknown call 'no-such-call'"):
        run(tmp_path, CONSORTIUM, "no-such-call")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "consortium.json: partner 1 (X): unknown country code 'XX'"),
        ("fr", "consortium.json: partenaire 1 (X): code de pays inconnu « XX »"),
        ("ar", "consortium.json: الشريك 1 (X): رمز بلد غير معروف «XX»"),
    ],
)
def test_a_bad_file_is_refused_in_the_language_asked(programmes, tmp_path, language, message):
    with pytest.raises(CommandError) as raised:
        run(
            tmp_path, {"partners": [{"name": "X", "country": "XX"}]}, "interreg-next-med-call-2", "--language", language
        )
    assert str(raised.value) == message


def test_a_consortium_error_is_worded_in_the_language_active_when_it_is_shown(programmes):
    with translation.override("fr"), pytest.raises(ConsortiumError) as raised:
        consortium_from_json({"partners": [{"country": "FR"}, {"country": "XX", "type": "charity"}]})
    with translation.override("ar"):
        assert str(raised.value) == "الشريك 2: رمز بلد غير معروف «XX»"
    with translation.override("en"):
        assert str(raised.value) == "partner 2: unknown country code 'XX'"


@pytest.mark.parametrize("budget", ["Infinity", "NaN", "1e400", '"١٠٠٠"', '"1_000"', "true"])
def test_a_budget_that_is_no_finite_number_in_ascii_digits_is_refused_naming_it(programmes, tmp_path, budget):
    text = '{"partners": [{"country": "FR"}], "total_budget_eur": ' + budget + "}"
    with pytest.raises(CommandError, match=r"total_budget_eur: '.*' is not a number"):
        run(tmp_path, text)
