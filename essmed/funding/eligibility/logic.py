"""A subset of JSON Logic (https://jsonlogic.com) evaluated with three-valued (Kleene) logic.

A rule's expression is plain JSON: ``{"operator": [arguments]}``. A fact the consortium does not give
(``{"var": "grant_requested_eur"}`` when nobody entered the grant) evaluates to ``UNKNOWN``, and ``UNKNOWN``
spreads: a comparison with it is unknown, ``and`` is false as soon as one argument is false and unknown
otherwise, ``or`` is true as soon as one argument is true. So a missing fact can never make a rule pass,
and adding facts never changes a rule that was already decided (the evaluator is monotonic; tested with
hypothesis). The evaluator also collects the names of the missing facts, to say what is needed.

Operators: ``var``, ``==``, ``!=``, ``!``, ``!!``, ``and``, ``or``, ``if``, ``<``, ``<=``, ``>``, ``>=`` (also
``{"<=": [a, x, b]}`` between), ``+``, ``-``, ``*``, ``/``, ``min``, ``max``, ``in``, ``all``, ``some``,
``none``, ``filter``, ``map``, ``merge``, and three of our own: ``count`` (length of a list), ``distinct``
(a list without repeats), ``count_in`` (how many items of a list belong to a set).

Pure functions, no database access: ``parse`` checks an expression and names its problems (in the active
language), ``evaluate``
computes it on facts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from django.utils.translation import gettext as _


class _Unknown:
    """The third truth value: not enough facts to decide."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        raise TypeError("UNKNOWN has no truth value: test it with `is UNKNOWN`")


UNKNOWN: Any = _Unknown()


class RuleSyntaxError(ValueError):
    """An expression that cannot be evaluated; the message names the problem and where it is."""


# operator → (minimum number of arguments, maximum or None)
ARITY: dict[str, tuple[int, int | None]] = {
    "var": (1, 2),
    "==": (2, 2),
    "!=": (2, 2),
    "!": (1, 1),
    "!!": (1, 1),
    "and": (1, None),
    "or": (1, None),
    "if": (3, None),
    "<": (2, 3),
    "<=": (2, 3),
    ">": (2, 2),
    ">=": (2, 2),
    "+": (1, None),
    "-": (1, 2),
    "*": (1, None),
    "/": (2, 2),
    "min": (1, None),
    "max": (1, None),
    "in": (2, 2),
    "all": (2, 2),
    "some": (2, 2),
    "none": (2, 2),
    "filter": (2, 2),
    "map": (2, 2),
    "merge": (0, None),
    "count": (1, 1),
    "distinct": (1, 1),
    "count_in": (2, 2),
}
OPERATORS = frozenset(ARITY)
EXAMPLE = '{">=": [{"var": "partners_count"}, 3]}'
ARRAY_OPERATORS = frozenset({"all", "some", "none", "filter", "map"})


def _arguments(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def parse(expression: Any, path: str = "$") -> list[str]:
    """The problems of ``expression`` (empty when it can be evaluated), each naming where it is."""
    if isinstance(expression, list):
        problems: list[str] = []
        for index, item in enumerate(expression):
            problems += parse(item, f"{path}[{index}]")
        return problems
    if not isinstance(expression, dict):
        if expression is None or isinstance(expression, str | int | float | bool):
            return []
        return [_("%(path)s: %(type)s is not a JSON value") % {"path": path, "type": type(expression).__name__}]
    if len(expression) != 1:
        keys = ", ".join(sorted(map(str, expression))) or "nothing"
        return [_("%(path)s: an operation has exactly one operator, found %(keys)s") % {"path": path, "keys": keys}]
    operator, raw = next(iter(expression.items()))
    if operator not in OPERATORS:
        return [_("%(path)s: unknown operator %(operator)s") % {"path": path, "operator": repr(operator)}]
    arguments = _arguments(raw)
    low, high = ARITY[operator]
    if len(arguments) < low or (high is not None and len(arguments) > high):
        if low == high:
            expected = str(low)
        elif high is not None:
            expected = _("%(low)d to %(high)d") % {"low": low, "high": high}
        else:
            expected = _("at least %(low)d") % {"low": low}
        return [
            _("%(path)s: %(operator)s takes %(expected)s argument(s), found %(found)d")
            % {"path": path, "operator": repr(operator), "expected": expected, "found": len(arguments)}
        ]
    if operator == "var" and not isinstance(arguments[0], str | int):
        return [_("%(path)s: 'var' needs the name of a fact") % {"path": path}]
    return parse(arguments, f"{path}.{operator}")


def validate(expression: Any) -> None:
    """Raise ``RuleSyntaxError`` naming every problem of ``expression``."""
    if not isinstance(expression, dict):
        raise RuleSyntaxError(_("$: a rule is an operation such as %(example)s") % {"example": EXAMPLE})
    problems = parse(expression)
    if problems:
        raise RuleSyntaxError("; ".join(problems))


@dataclass
class Evaluation:
    """The value of an expression and the facts that were missing to compute it."""

    value: Any
    missing: list[str] = field(default_factory=list)


def _lookup(data: Any, name: str | int) -> Any:
    if name == "":
        return data
    current = data
    for part in str(name).split("."):
        if isinstance(current, Mapping) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return UNKNOWN
        if current is None:
            return UNKNOWN
    return current


def _truth(value: Any) -> Any:
    """JSON Logic's truthiness, with UNKNOWN kept."""
    if value is UNKNOWN:
        return UNKNOWN
    if isinstance(value, list):
        return len(value) > 0
    if isinstance(value, str):
        return value != ""
    return bool(value)


def _known(*values: Any) -> bool:
    return all(value is not UNKNOWN for value in values)


def _compare(operator: str, left: Any, right: Any) -> Any:
    if not _known(left, right):
        return UNKNOWN
    try:
        if operator == "<":
            return left < right
        if operator == "<=":
            return left <= right
        if operator == ">":
            return left > right
        return left >= right
    except TypeError:
        return UNKNOWN


def _number(value: Any) -> Any:
    if value is UNKNOWN:
        return UNKNOWN
    if isinstance(value, bool) or not isinstance(value, int | float):
        try:
            return float(value)
        except (TypeError, ValueError):
            return UNKNOWN
    return value


class Evaluator:
    """Evaluates one expression on ``facts``; collects the names of missing facts in ``missing``."""

    def __init__(self, facts: Mapping[str, Any]) -> None:
        self.facts = facts
        self.missing: list[str] = []
        self._dispatch: dict[str, Callable[[list[Any], Any], Any]] = {
            "var": self._var,
            "==": lambda a, d: self._binary(a, d, lambda x, y: x == y),
            "!=": lambda a, d: self._binary(a, d, lambda x, y: x != y),
            "!": self._not,
            "!!": lambda a, d: _truth(self.run(a[0], d)),
            "and": self._and,
            "or": self._or,
            "if": self._if,
            "<": lambda a, d: self._chain("<", a, d),
            "<=": lambda a, d: self._chain("<=", a, d),
            ">": lambda a, d: _compare(">", self.run(a[0], d), self.run(a[1], d)),
            ">=": lambda a, d: _compare(">=", self.run(a[0], d), self.run(a[1], d)),
            "+": lambda a, d: self._arithmetic(a, d, sum),
            "*": lambda a, d: self._arithmetic(a, d, _product),
            "-": self._minus,
            "/": self._divide,
            "min": lambda a, d: self._arithmetic(a, d, min),
            "max": lambda a, d: self._arithmetic(a, d, max),
            "in": self._in,
            "merge": self._merge,
            "count": self._count,
            "distinct": self._distinct,
            "count_in": self._count_in,
        }

    def run(self, expression: Any, data: Any) -> Any:
        if isinstance(expression, list):
            return [self.run(item, data) for item in expression]
        if not isinstance(expression, dict):
            return expression
        operator, raw = next(iter(expression.items()))
        arguments = _arguments(raw)
        if operator in ARRAY_OPERATORS:
            return self._array(operator, arguments, data)
        return self._dispatch[operator](arguments, data)

    # --- facts
    def _var(self, arguments: list[Any], data: Any) -> Any:
        name = self.run(arguments[0], data)
        value = _lookup(data, name)
        if value is UNKNOWN:
            if len(arguments) > 1:
                return self.run(arguments[1], data)
            label = str(name)
            if data is not self.facts and isinstance(data, Mapping) and data.get("name"):
                label = f"{data['name']}: {name}"
            if label not in self.missing:
                self.missing.append(label)
        return value

    # --- logic
    def _binary(self, arguments: list[Any], data: Any, compare: Callable[[Any, Any], bool]) -> Any:
        left, right = self.run(arguments[0], data), self.run(arguments[1], data)
        return compare(left, right) if _known(left, right) else UNKNOWN

    def _not(self, arguments: list[Any], data: Any) -> Any:
        value = _truth(self.run(arguments[0], data))
        return UNKNOWN if value is UNKNOWN else not value

    def _and(self, arguments: list[Any], data: Any) -> Any:
        unknown = False
        value: Any = True
        for argument in arguments:
            value = self.run(argument, data)
            truth = _truth(value)
            if truth is UNKNOWN:
                unknown = True
            elif not truth:
                return value
        return UNKNOWN if unknown else value

    def _or(self, arguments: list[Any], data: Any) -> Any:
        unknown = False
        value: Any = False
        for argument in arguments:
            value = self.run(argument, data)
            truth = _truth(value)
            if truth is UNKNOWN:
                unknown = True
            elif truth:
                return value
        return UNKNOWN if unknown else value

    def _if(self, arguments: list[Any], data: Any) -> Any:
        for index in range(0, len(arguments) - 1, 2):
            truth = _truth(self.run(arguments[index], data))
            if truth is UNKNOWN:
                return UNKNOWN
            if truth:
                return self.run(arguments[index + 1], data)
        return self.run(arguments[-1], data) if len(arguments) % 2 else None

    def _chain(self, operator: str, arguments: list[Any], data: Any) -> Any:
        """``{"<": [a, b]}``, or ``{"<=": [a, x, b]}`` for a ≤ x ≤ b."""
        values = [self.run(argument, data) for argument in arguments]
        results = [_compare(operator, a, b) for a, b in pairwise(values)]
        if any(result is not UNKNOWN and not result for result in results):
            return False
        return UNKNOWN if any(result is UNKNOWN for result in results) else True

    # --- arithmetic
    def _arithmetic(self, arguments: list[Any], data: Any, combine: Callable[[list[Any]], Any]) -> Any:
        values = [_number(self.run(argument, data)) for argument in arguments]
        return combine(values) if _known(*values) else UNKNOWN

    def _minus(self, arguments: list[Any], data: Any) -> Any:
        values = [_number(self.run(argument, data)) for argument in arguments]
        if not _known(*values):
            return UNKNOWN
        return -values[0] if len(values) == 1 else values[0] - values[1]

    def _divide(self, arguments: list[Any], data: Any) -> Any:
        left, right = (_number(self.run(argument, data)) for argument in arguments)
        if not _known(left, right) or right == 0:
            return UNKNOWN
        return left / right

    # --- lists and strings
    def _in(self, arguments: list[Any], data: Any) -> Any:
        needle, haystack = self.run(arguments[0], data), self.run(arguments[1], data)
        if not _known(needle, haystack):
            return UNKNOWN
        if isinstance(haystack, list):
            if needle in haystack:
                return True
            return UNKNOWN if any(item is UNKNOWN for item in haystack) else False
        if isinstance(haystack, str) and isinstance(needle, str):
            return needle in haystack
        return False

    def _merge(self, arguments: list[Any], data: Any) -> Any:
        merged: list[Any] = []
        for argument in arguments:
            value = self.run(argument, data)
            if value is UNKNOWN:
                return UNKNOWN
            merged += value if isinstance(value, list) else [value]
        return merged

    def _list(self, argument: Any, data: Any) -> Any:
        value = self.run(argument, data)
        if value is UNKNOWN:
            return UNKNOWN
        if not isinstance(value, list):
            return [] if value is None else [value]
        return UNKNOWN if any(item is UNKNOWN for item in value) else value

    def _count(self, arguments: list[Any], data: Any) -> Any:
        items = self._list(arguments[0], data)
        return UNKNOWN if items is UNKNOWN else len(items)

    def _distinct(self, arguments: list[Any], data: Any) -> Any:
        items = self._list(arguments[0], data)
        if items is UNKNOWN:
            return UNKNOWN
        seen: list[Any] = []
        for item in items:
            if item not in seen:
                seen.append(item)
        return seen

    def _count_in(self, arguments: list[Any], data: Any) -> Any:
        items, allowed = self._list(arguments[0], data), self._list(arguments[1], data)
        if not _known(items, allowed):
            return UNKNOWN
        return sum(1 for item in items if item in allowed)

    def _array(self, operator: str, arguments: list[Any], data: Any) -> Any:
        items = self._list(arguments[0], data)
        if items is UNKNOWN:
            return UNKNOWN
        logic = arguments[1]
        if operator == "map":
            mapped = [self.run(logic, item) for item in items]
            return UNKNOWN if any(value is UNKNOWN for value in mapped) else mapped
        truths = [_truth(self.run(logic, item)) for item in items]
        if operator == "filter":
            if any(truth is UNKNOWN for truth in truths):
                return UNKNOWN
            return [item for item, truth in zip(items, truths, strict=True) if truth]
        if operator == "all":
            if not items or any(truth is not UNKNOWN and not truth for truth in truths):
                return False
            return UNKNOWN if any(truth is UNKNOWN for truth in truths) else True
        if operator == "some":
            if any(truth is not UNKNOWN and truth for truth in truths):
                return True
            return UNKNOWN if any(truth is UNKNOWN for truth in truths) else False
        # none
        if any(truth is not UNKNOWN and truth for truth in truths):
            return False
        return UNKNOWN if any(truth is UNKNOWN for truth in truths) else True


def _product(values: list[Any]) -> Any:
    result: Any = 1
    for value in values:
        result *= value
    return result


def evaluate(expression: Any, facts: Mapping[str, Any]) -> Evaluation:
    """The value of ``expression`` on ``facts`` (``UNKNOWN`` when missing facts leave it undecided)."""
    evaluator = Evaluator(facts)
    value = evaluator.run(expression, facts)
    return Evaluation(value, evaluator.missing)


def truth_of(value: Any) -> Any:
    """True, False or UNKNOWN: the truth of a rule's value."""
    return _truth(value)
