"""Rules evaluated on facts, an overall answer, and what would fix a failure: pure functions.

A rule is data (``RuleSpec``): an identifier, a label, a severity, a kind (automatic or manual), an expression
(``logic.py``), a reason template, a source, and optionally a remedy. Programme rules are defaults that a
call overrides by identifier (``merge_rules``). The answer is "yes" when every blocking automatic rule
passes, "no" when one fails, "unknown" otherwise; manual rules form a checklist and never decide.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from essmed.funding.eligibility.logic import UNKNOWN, RuleSyntaxError, evaluate, truth_of, validate

PASS, FAIL, UNKNOWN_RESULT = "pass", "fail", "unknown"
YES, NO = "yes", "no"
BLOCKING, WARNING = "blocking", "warning"
AUTOMATIC, MANUAL = "automatic", "manual"

# Placeholders a reason template may use: these and every scalar fact.
REMEDY_EXAMPLE = '{"add_partner_from": ["TN", "EG"]}'
REASON_PLACEHOLDERS = frozenset({"value", "failing", "missing", "countries", "partner_types"})


@dataclass(frozen=True)
class RuleSpec:
    rule_id: str
    label: str
    expression: Any = None
    severity: str = BLOCKING
    kind: str = AUTOMATIC
    reason: str = ""
    source: str = ""
    to_verify: bool = False
    disabled: bool = False
    remedy: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleResult:
    rule: RuleSpec
    result: str
    reason: str
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Verdict:
    eligible: str
    results: tuple[RuleResult, ...]
    checklist: tuple[RuleSpec, ...]

    @property
    def failed(self) -> list[RuleResult]:
        return [result for result in self.results if result.result == FAIL]

    @property
    def unknown(self) -> list[RuleResult]:
        return [result for result in self.results if result.result == UNKNOWN_RESULT]

    def as_json(self) -> dict[str, Any]:
        return {
            "eligible": self.eligible,
            "rules": [
                {
                    "id": result.rule.rule_id,
                    "label": result.rule.label,
                    "severity": result.rule.severity,
                    "result": result.result,
                    "reason": result.reason,
                    "missing": list(result.missing),
                    "source": result.rule.source,
                    "to_verify": result.rule.to_verify,
                }
                for result in self.results
            ],
            "checklist": [
                {"id": rule.rule_id, "label": rule.label, "source": rule.source, "to_verify": rule.to_verify}
                for rule in self.checklist
            ],
        }


def merge_rules(defaults: Iterable[RuleSpec], overrides: Iterable[RuleSpec]) -> list[RuleSpec]:
    """The programme's rules with the call's replacing those of the same identifier; a call's disabled rule
    removes the default; the call's new rules come after the programme's."""
    merged = {rule.rule_id: rule for rule in defaults}
    for rule in overrides:
        merged[rule.rule_id] = rule
    return [rule for rule in merged.values() if not rule.disabled]


def placeholders(template: str) -> set[str]:
    """The names between braces in ``template``; raises ValueError when the braces are malformed."""
    return {name for _text, name, _spec, _conversion in string.Formatter().parse(template) if name}


def check_rule(rule: RuleSpec) -> list[tuple[str, str]]:
    """The problems of a rule as (field, sentence in the active language); empty when it can be saved."""
    problems: list[tuple[str, str]] = []
    if rule.kind == AUTOMATIC and not rule.disabled:
        if rule.expression in (None, "", {}):
            problems.append(("expression", _("an automatic rule needs an expression")))
        else:
            try:
                validate(rule.expression)
            except RuleSyntaxError as error:
                problems.append(("expression", str(error)))
    try:
        placeholders(rule.reason)
    except ValueError as error:
        problems.append(("reason", _("the braces are not balanced (%(error)s)") % {"error": error}))
    remedy = rule.remedy or {}
    if not isinstance(remedy, Mapping):
        problems.append(("remedy", _("an object such as %(example)s") % {"example": REMEDY_EXAMPLE}))
    else:
        unknown_keys = set(remedy) - {"add_partner_from", "add_partner_of_type"}
        if unknown_keys:
            problems.append(("remedy", _("unknown key(s): %(keys)s") % {"keys": ", ".join(sorted(unknown_keys))}))
        for key in ("add_partner_from", "add_partner_of_type"):
            if key in remedy and not (
                isinstance(remedy[key], list) and all(isinstance(item, str) for item in remedy[key])
            ):
                problems.append(("remedy", _("%(key)s must be a list of codes") % {"key": key}))
    return problems


def _empty_list(expression: Any, facts: Mapping[str, Any]) -> bool:
    """Whether ``expression`` is ``{"all": [list, test]}`` over an empty list: JSON Logic's ``all`` is false
    there, and the rule fails with no partner to name."""
    if not isinstance(expression, Mapping) or len(expression) != 1:
        return False
    operator, arguments = next(iter(expression.items()))
    return operator == "all" and isinstance(arguments, list) and evaluate(arguments[0], facts).value == []


def _describe(item: Any, messages: Messages) -> str:
    if isinstance(item, Mapping):
        name = str(item.get("name", "?"))
        country = item.get("country")
        return messages.isolate(f"{name} ({country})" if country else name)
    return messages.isolate(str(item))


def _failing_items(expression: Any, facts: Mapping[str, Any], messages: Messages) -> list[str]:
    """For a rule ``{"all"|"none": [list, test]}``: the items that make it fail."""
    if not isinstance(expression, Mapping) or len(expression) != 1:
        return []
    operator, arguments = next(iter(expression.items()))
    if operator not in ("all", "none") or not isinstance(arguments, list) or len(arguments) != 2:
        return []
    items = evaluate(arguments[0], facts).value
    if not isinstance(items, list):
        return []
    failing = []
    for item in items:
        truth = truth_of(evaluate(arguments[1], item).value)
        if truth is UNKNOWN:
            continue
        if (operator == "all" and not truth) or (operator == "none" and truth):
            failing.append(_describe(item, messages))
    return failing


def _left_value(expression: Any, facts: Mapping[str, Any], messages: Messages) -> Any:
    """The first operand of a top-level comparison (``{">=": [count, 3]}`` → the count), for the reason."""
    if isinstance(expression, Mapping) and len(expression) == 1:
        operator, arguments = next(iter(expression.items()))
        if operator in ("<", "<=", ">", ">=", "==", "!=") and isinstance(arguments, list) and arguments:
            index = 1 if operator in ("<", "<=") and len(arguments) == 3 else 0
            value = evaluate(arguments[index], facts).value
            if isinstance(value, list):
                return messages.separator.join(messages.isolate(str(item)) for item in value)
            return "" if value is UNKNOWN else messages.shown(value)
    return ""


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render_reason(template: str, context: Mapping[str, Any]) -> str:
    try:
        return string.Formatter().vformat(template, (), _Blank(context))
    except (ValueError, IndexError, KeyError, AttributeError):
        return template


def _as_is(value: Any) -> str:
    return str(value)


@dataclass(frozen=True)
class Messages:
    """The sentences of the results and the words of their values, in the reader's language (the caller
    translates them; the defaults are English and the facts' own names)."""

    passed: str = "Met."
    missing: str = "Not enough information: {missing}."
    failed: str = "Not met."
    # a rule on every item of a list that is empty ({"all": [funded_partners, …]} without funded partner)
    nobody: str = "The consortium has no partner this rule applies to."
    separator: str = ", "  # between the items of a list
    facts: Mapping[str, str] = field(default_factory=dict)  # a fact's name → what to enter, in words
    partner_facts: Mapping[str, str] = field(default_factory=dict)  # a partner's key ("type") → in words
    words: Mapping[str, str] = field(default_factory=dict)  # a code ("cooperative") → its label
    number: Callable[[Any], str] = _as_is  # an int or a float, as the language writes it
    # a name or a code inside a sentence, kept from mixing with the words around it (``core.text.isolated`` on a
    # right-to-left page: else «A (MA)، B (MA)» reads B before A, and «S.A.: الجهة» moves its last full stop)
    isolate: Callable[[str], str] = _as_is

    def shown(self, value: Any) -> Any:
        """A value of the facts as a reason shows it: a code by its label, a number in the reader's way."""
        if isinstance(value, str):
            return self.words.get(value, value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self.number(value)
        return value

    def missing_fact(self, name: str) -> str:
        """A missing fact in words: ``cofinancing_rate`` → "the grant requested and the total budget",
        ``Maison de l'ESS: type`` → "Maison de l'ESS: type of organisation" (as the evaluator names them)."""
        if name in self.facts:
            return self.facts[name]
        partner, _colon, key = name.rpartition(": ")
        if partner and key in self.partner_facts:
            return f"{self.isolate(partner)}: {self.partner_facts[key]}"
        return name


def evaluate_rule(rule: RuleSpec, facts: Mapping[str, Any], messages: Messages = Messages()) -> RuleResult:
    evaluation = evaluate(rule.expression, facts)
    truth = truth_of(evaluation.value)
    if truth is UNKNOWN:
        words = list(dict.fromkeys(messages.missing_fact(name) for name in evaluation.missing))
        missing = messages.separator.join(words) or "?"
        return RuleResult(rule, UNKNOWN_RESULT, messages.missing.format(missing=missing), tuple(evaluation.missing))
    if truth:
        return RuleResult(rule, PASS, messages.passed)
    if _empty_list(rule.expression, facts):
        return RuleResult(rule, FAIL, messages.nobody)
    context: dict[str, Any] = {
        key: messages.shown(value) for key, value in facts.items() if not isinstance(value, list | dict)
    }
    context["countries"] = messages.separator.join(messages.isolate(code) for code in facts.get("countries", []))
    context["partner_types"] = messages.separator.join(messages.shown(code) for code in facts.get("partner_types", []))
    context["value"] = _left_value(rule.expression, facts, messages)
    context["failing"] = messages.separator.join(_failing_items(rule.expression, facts, messages))
    reason = render_reason(rule.reason, context) if rule.reason else messages.failed
    return RuleResult(rule, FAIL, reason)


def check(rules: Sequence[RuleSpec], facts: Mapping[str, Any], messages: Messages = Messages()) -> Verdict:
    """Evaluate ``rules`` on ``facts``: each automatic rule's result, the overall answer, the checklist."""
    automatic = [rule for rule in rules if rule.kind == AUTOMATIC and not rule.disabled]
    checklist = tuple(rule for rule in rules if rule.kind == MANUAL and not rule.disabled)
    results = tuple(evaluate_rule(rule, facts, messages) for rule in automatic)
    blocking = [result.result for result in results if result.rule.severity == BLOCKING]
    if FAIL in blocking:
        eligible = NO
    elif UNKNOWN_RESULT in blocking or not blocking:
        eligible = UNKNOWN_RESULT
    else:
        eligible = YES
    return Verdict(eligible, results, checklist)


@dataclass(frozen=True)
class Need:
    """What would fix failed rules: a partner from one of ``countries`` and/or of one of ``types``."""

    rule_ids: tuple[str, ...]
    countries: tuple[str, ...] = ()
    types: tuple[str, ...] = ()


def needs_from(verdict: Verdict, present_countries: Iterable[str] = ()) -> list[Need]:
    """From the failed rules that carry a remedy, what to add; countries already in the consortium are
    left out of the proposal when others remain (a new country is what a country count needs). Rules with
    the same remedy are merged into one need."""
    present = set(present_countries)
    merged: dict[tuple[tuple[str, ...], tuple[str, ...]], list[str]] = {}
    for result in verdict.failed:
        remedy = result.rule.remedy or {}
        countries = tuple(remedy.get("add_partner_from", ()))
        types = tuple(remedy.get("add_partner_of_type", ()))
        if not countries and not types:
            continue
        fresh = tuple(code for code in countries if code not in present)
        key = (fresh or countries, types)
        merged.setdefault(key, []).append(result.rule.rule_id)
    return [Need(tuple(ids), countries, types) for (countries, types), ids in merged.items()]
