"""The rule evaluator on its own: JSON Logic operators, three-valued results, parsing, monotonicity."""

from __future__ import annotations

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from essmed.funding.eligibility.engine import (
    Messages,
    RuleSpec,
    check,
    check_rule,
    merge_rules,
    needs_from,
    placeholders,
)
from essmed.funding.eligibility.logic import UNKNOWN, RuleSyntaxError, evaluate, parse, truth_of, validate

FACTS = {"n": 3, "rate": 80.5, "countries": ["FR", "TN"], "partners": [{"name": "A", "country": "FR"}, {"name": "B"}]}


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ({">=": [{"var": "n"}, 3]}, True),
        ({"<": [{"var": "n"}, 3]}, False),
        ({"<=": [1, {"var": "n"}, 3]}, True),
        ({"<=": [1, {"var": "n"}, 2]}, False),
        ({"==": [{"var": "n"}, 3]}, True),
        ({"!=": [{"var": "n"}, 3]}, False),
        ({"in": ["TN", {"var": "countries"}]}, True),
        ({"in": ["MA", {"var": "countries"}]}, False),
        ({"count": {"var": "countries"}}, 2),
        ({"count_in": [{"var": "countries"}, ["TN", "EG"]]}, 1),
        ({"distinct": [["FR", "FR", "TN"]]}, ["FR", "TN"]),
        ({"+": [{"var": "n"}, 2]}, 5),
        ({"-": [{"var": "n"}, 1]}, 2),
        ({"*": [{"var": "n"}, 2]}, 6),
        ({"/": [{"var": "n"}, 2]}, 1.5),
        ({"max": [1, {"var": "n"}]}, 3),
        ({"min": [1, {"var": "n"}]}, 1),
        ({"if": [{">": [{"var": "n"}, 2]}, "big", "small"]}, "big"),
        ({"!": {"var": "n"}}, False),
        ({"!!": [[]]}, False),
        ({"map": [{"var": "countries"}, {"var": ""}]}, ["FR", "TN"]),
        ({"merge": [["FR"], ["TN"]]}, ["FR", "TN"]),
        ({"some": [{"var": "countries"}, {"==": [{"var": ""}, "TN"]}]}, True),
        ({"none": [{"var": "countries"}, {"==": [{"var": ""}, "MA"]}]}, True),
        ({"all": [[], True]}, False),
        ({"var": ["missing", 7]}, 7),
    ],
)
def test_operators_follow_json_logic(expression, expected):
    assert evaluate(expression, FACTS).value == expected


@pytest.mark.parametrize(
    "expression",
    [
        {">=": [{"var": "budget"}, 3]},
        {"and": [True, {"var": "budget"}]},
        {"or": [False, {"var": "budget"}]},
        {"!": {"var": "budget"}},
        {"in": ["FR", {"var": "budget"}]},
        {"all": [{"var": "partners"}, {"==": [{"var": "country"}, "FR"]}]},
        {"/": [1, 0]},
    ],
)
def test_a_missing_fact_gives_unknown_never_true(expression):
    assert evaluate(expression, FACTS).value is UNKNOWN


def test_kleene_logic_decides_when_one_argument_suffices():
    assert evaluate({"and": [False, {"var": "budget"}]}, FACTS).value is False
    assert evaluate({"or": [True, {"var": "budget"}]}, FACTS).value is True
    assert evaluate({"some": [{"var": "partners"}, {"==": [{"var": "country"}, "FR"]}]}, FACTS).value is True
    assert evaluate({"all": [{"var": "partners"}, {"==": [{"var": "country"}, "TN"]}]}, FACTS).value is False


def test_missing_facts_are_named_with_the_partner():
    evaluation = evaluate({"all": [{"var": "partners"}, {"==": [{"var": "country"}, "FR"]}]}, FACTS)
    assert evaluation.missing == ["B: country"]
    assert evaluate({">=": [{"var": "grant_requested_eur"}, 1]}, FACTS).missing == ["grant_requested_eur"]


@pytest.mark.parametrize(
    ("expression", "problem"),
    [
        ({"lenght": [1]}, "unknown operator 'lenght'"),
        ({">=": [1]}, "'>=' takes 2 argument(s), found 1"),
        ({">=": [1, 2], "<": [1, 2]}, "exactly one operator"),
        ({"and": [{"var": {"x": 1}}]}, "'var' needs the name of a fact"),
        ({"and": [{"bogus": 1}]}, "$.and[0]: unknown operator 'bogus'"),
        ([1, 2], "a rule is an operation"),
    ],
)
def test_an_expression_that_does_not_parse_is_refused_with_its_problem(expression, problem):
    with (
        translation.override("en"),
        pytest.raises(
            RuleSyntaxError,
            match=problem.replace("[", r"\[").replace("$", r"\$").replace("(", r"\(").replace(")", r"\)"),
        ),
    ):
        validate(expression)


def test_parse_accepts_every_operator_it_documents():
    assert parse({"and": [{"<=": [0, {"var": "rate"}, 100]}, {"count_in": [{"var": "countries"}, ["FR"]]}]}) == []


def test_a_rule_checks_its_reason_and_remedy_in_the_active_language():
    assert check_rule(RuleSpec("r", "R", {">": [1, 0]}, reason="oops {value")) == [
        ("reason", "les accolades ne sont pas équilibrées (expected '}' before end of string)")
    ]
    assert check_rule(RuleSpec("r", "R", {">": [1, 0]}, remedy={"add": []})) == [("remedy", "clé(s) inconnue(s): add")]
    assert check_rule(RuleSpec("r", "R", None)) == [("expression", "une règle automatique demande une expression")]
    with translation.override("ar"):
        assert check_rule(RuleSpec("r", "R", {"lenght": 1})) == [("expression", "$: عامل غير معروف 'lenght'")]
    assert check_rule(RuleSpec("r", "R", None, kind="manual")) == []
    assert placeholders("{value} of {countries_count}") == {"value", "countries_count"}


def test_a_call_overrides_a_programme_rule_by_identifier_and_may_switch_it_off():
    programme = [
        RuleSpec("rate", "90", {"<=": [{"var": "rate"}, 90]}),
        RuleSpec("size", "3", {">=": [{"var": "n"}, 3]}),
    ]
    call = [RuleSpec("rate", "79", {"<=": [{"var": "rate"}, 79]}), RuleSpec("size", "", disabled=True)]
    merged = merge_rules(programme, call)
    assert [rule.label for rule in merged] == ["79"]
    verdict = check(merged, FACTS)
    assert verdict.eligible == "no"
    assert verdict.results[0].result == "fail"


def test_the_overall_answer_is_unknown_when_a_blocking_rule_is_unknown_and_none_fails():
    rules = [RuleSpec("a", "A", {">=": [{"var": "n"}, 1]}), RuleSpec("b", "B", {">=": [{"var": "budget"}, 1]})]
    verdict = check(rules, FACTS)
    assert verdict.eligible == "unknown"
    assert "budget" in verdict.unknown[0].reason
    warning = [
        RuleSpec("a", "A", {">=": [{"var": "n"}, 1]}),
        RuleSpec("b", "B", {"<": [{"var": "n"}, 1]}, severity="warning"),
    ]
    assert check(warning, FACTS).eligible == "yes"


def test_needs_leave_out_the_countries_already_present():
    rules = [RuleSpec("c", "C", {">=": [{"var": "n"}, 9]}, remedy={"add_partner_from": ["FR", "TN", "EG"]})]
    [need] = needs_from(check(rules, FACTS), present_countries=["FR"])
    assert need.countries == ("TN", "EG")


# --- properties -------------------------------------------------------------------------------------------

COUNTRIES = st.sampled_from(["FR", "TN", "MA", "IT", "EG"])
PARTNER = st.fixed_dictionaries(
    {"name": st.sampled_from(["A", "B", "C"])}, optional={"country": COUNTRIES, "type": st.sampled_from(["ngo", "sme"])}
)
FULL_FACTS = st.fixed_dictionaries(
    {},
    optional={
        "n": st.integers(0, 10),
        "rate": st.floats(0, 100, allow_nan=False),
        "partners": st.lists(PARTNER, max_size=4),
        "countries": st.lists(COUNTRIES, max_size=4),
    },
)
VALUE = st.one_of(st.integers(-2, 10), st.sampled_from(["FR", "TN", "ngo"]))
LEAF = st.one_of(
    st.builds(lambda name: {"var": name}, st.sampled_from(["n", "rate", "missing"])),
    VALUE,
)


def _expressions():
    comparisons = st.builds(
        lambda op, a, b: {op: [a, b]}, st.sampled_from([">=", "<=", "<", ">", "==", "!="]), LEAF, LEAF
    )
    membership = st.builds(lambda value: {"in": [value, {"var": "countries"}]}, COUNTRIES)
    over_partners = st.builds(
        lambda op, code: {op: [{"var": "partners"}, {"==": [{"var": "country"}, code]}]},
        st.sampled_from(["all", "some", "none"]),
        COUNTRIES,
    )
    counted = st.builds(lambda k: {">=": [{"count_in": [{"var": "countries"}, ["TN", "EG"]]}, k]}, st.integers(0, 2))
    base = st.one_of(comparisons, membership, over_partners, counted)
    return st.recursive(
        base,
        lambda children: st.one_of(
            st.builds(lambda a, b: {"and": [a, b]}, children, children),
            st.builds(lambda a, b: {"or": [a, b]}, children, children),
            st.builds(lambda a: {"!": a}, children),
        ),
        max_leaves=6,
    )


def _forget(facts: dict, data) -> dict:
    """A copy of ``facts`` with some facts (and some partners' facts) removed."""
    kept = {key: value for key, value in facts.items() if data.draw(st.booleans())}
    if "partners" in kept:
        kept["partners"] = [
            {k: v for k, v in partner.items() if k == "name" or data.draw(st.booleans())}
            for partner in kept["partners"]
        ]
    return kept


@given(expression=_expressions(), facts=FULL_FACTS, data=st.data())
def test_knowing_more_never_changes_a_decided_result(expression, facts, data):
    """Monotonicity: if a rule is decided (pass or fail) with fewer facts, it is decided the same with all of them.
    In particular, adding unknown facts never turns a fail into a pass."""
    partial = truth_of(evaluate(expression, _forget(facts, data)).value)
    full = truth_of(evaluate(expression, facts).value)
    if partial is not UNKNOWN:
        assert full is not UNKNOWN
        assert full == partial


def test_messages_put_missing_facts_codes_and_numbers_into_words():
    messages = Messages(
        facts={"cofinancing_rate": "the grant and the budget"},
        partner_facts={"type": "type of organisation"},
        words={"ngo": "NGO"},
        number=lambda value: f"<{value}>",
        separator=" / ",
    )
    rules = [
        RuleSpec("rate", "R", {"<=": [{"var": "cofinancing_rate"}, 90]}),
        RuleSpec("types", "T", {"all": [{"var": "partners"}, {"==": [{"var": "type"}, "sme"]}]}),
        RuleSpec("lead", "L", {"==": [{"var": "lead_type"}, "sme"]}, reason="{lead_type}, {value}, {n}"),
        RuleSpec("nobody", "N", {"all": [{"var": "none"}, {"==": [{"var": "type"}, "sme"]}]}, reason="{failing}"),
    ]
    facts = {
        "partners": [{"name": "Maison: ESS"}, {"name": "B", "type": "sme"}],
        "lead_type": "ngo",
        "n": 3,
        "none": [],
    }
    rate, types, lead, nobody = check(rules, facts, messages).results
    assert rate.reason == "Not enough information: the grant and the budget." and rate.missing == ("cofinancing_rate",)
    assert types.reason == "Not enough information: Maison: ESS: type of organisation."
    assert lead.reason == "NGO, NGO, <3>"
    assert nobody.reason == messages.nobody
