"""``manage.py check_eligibility CALL_REFERENCE CONSORTIUM.json``: the verdict as JSON; bad input named."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

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
    assert rate["result"] == "unknown" and "cofinancing_rate" in rate["reason"]


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
    ],
)
def test_bad_input_is_refused_naming_it(programmes, tmp_path, data, message):
    with pytest.raises(CommandError, match=message.replace("(", r"\(").replace(")", r"\)")):
        run(tmp_path, data)


def test_an_unknown_call_is_named(programmes, tmp_path):
    with pytest.raises(CommandError, match="unknown call 'no-such-call'"):
        run(tmp_path, CONSORTIUM, "no-such-call")
