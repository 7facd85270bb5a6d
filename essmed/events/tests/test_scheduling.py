"""The B2B scheduler (essmed/events/scheduling): parsing and its messages, small instances with known optima,
infeasibility with its reasons, selection, re-scheduling. Pure functions: no database."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from essmed.events.scheduling import (
    Instance,
    InstanceError,
    Participant,
    Placement,
    Request,
    parse_dzn,
    parse_json,
    participant_breaks,
    result_to_json,
    sat,
    schedule,
    verify,
)
from essmed.events.scheduling.cpsat import Outcome, without_breaks
from essmed.events.scheduling.problem import Problem, build, windows

DATA = Path(__file__).parent / "scheduling_data"


def people(*ids: str, **unavailable: set[int]) -> tuple[Participant, ...]:
    return tuple(Participant(i, frozenset(unavailable.get(i, set()))) for i in ids)


def triangle(slots: int = 3, tables: int = 1, **kwargs: object) -> Instance:
    return Instance(
        slots=slots,
        morning_slots=slots,
        tables=tables,
        participants=people("p1", "p2", "p3"),
        requests=(Request("r1", "p1", "p2"), Request("r2", "p2", "p3"), Request("r3", "p1", "p3")),
        **kwargs,  # type: ignore[arg-type]
    )


# ------------------------------------------------------------------------------------------------ parsing


def json_instance(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "slots": 4,
        "morning_slots": 2,
        "tables": 2,
        "participants": [{"id": "p1"}, {"id": "p2", "unavailable": [3]}, {"id": "p3", "max_meetings": 1}],
        "requests": [
            {"id": "r1", "a": "p1", "b": "p2", "priority": 2, "session": "morning"},
            {"id": "r2", "a": "p1", "b": "p3", "fixed_slot": 4, "after": ["r1"]},
        ],
    }
    data.update(changes)
    return data


def test_json_instance_is_read_with_every_field() -> None:
    instance = parse_json(json_instance())
    assert instance.slots == 4 and instance.morning_slots == 2 and instance.tables == 2
    assert instance.participants[1].unavailable == frozenset({3})
    assert instance.participants[2].max_meetings == 1
    assert instance.requests[0].session == "morning" and instance.requests[0].priority == 2
    assert instance.requests[1].fixed_slot == 4 and instance.requests[1].after == ("r1",)
    assert not instance.must_hold_all


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"requests": [{"id": "r3", "a": "p1", "b": "p9"}]}, "unknown participant 'p9' in request 'r3'"),
        (
            {"requests": [{"id": "r3", "a": "p1", "b": "p2", "fixed_slot": 20}]},
            "fixed slot 20 of request 'r3' is outside 1..4",
        ),
        (
            {
                "requests": [
                    {"id": "r1", "a": "p1", "b": "p2", "after": ["r2"]},
                    {"id": "r2", "a": "p1", "b": "p3", "after": ["r1"]},
                ]
            },
            "contradictory order constraints r1 → r2 → r1",
        ),
        ({"requests": [{"id": "r1", "a": "p1", "b": "p2", "after": ["r7"]}]}, "unknown request 'r7'"),
        ({"requests": [{"id": "r1", "a": "p1", "b": "p1"}]}, "request 'r1' joins participant 'p1' with itself"),
        ({"requests": [{"id": "r1", "a": "p1", "b": "p2", "session": "evening"}]}, "session 'evening' of request 'r1'"),
        ({"participants": [{"id": "p1"}, {"id": "p1"}], "requests": []}, "duplicate participant id 'p1'"),
        (
            {"participants": [{"id": "p1", "unavailable": [9]}], "requests": []},
            "unavailable slot 9 of participant 'p1'",
        ),
        ({"slots": "four"}, "'slots' must be an integer"),
        ({"morning_slots": 7}, "morning_slots 7 is outside 0..4"),
        ({"tables": 0}, "the number of tables must be at least 1"),
        ({"participants": [{"name": "x"}]}, "participants[0].id must be a non-empty string"),
        ({"requests": [{"id": "r1", "a": "p1", "b": "p2", "priority": "high"}]}, "priority of request 'r1'"),
    ],
)
def test_bad_json_instance_names_the_problem(changes: dict[str, object], message: str) -> None:
    with pytest.raises(InstanceError, match=re.escape(message)):
        parse_json(json_instance(**changes))


def test_json_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(InstanceError, match="must be a JSON object"):
        parse_json([1, 2])
    with pytest.raises(InstanceError, match="'requests' is missing"):
        parse_json({"slots": 2, "tables": 1, "participants": []})


DZN = """% a comment
nBusiness = 3;
nMeetings = 2;
nTables = 1;
nTotalSlots = 4;
nMorningSlots = 2;
requested = [| 1, 2, 1
             | 2, 3, 3 |];
meetingsxBusiness = [{1,2},{1,2,3},{1,3}];
nMeetingsBusiness = [1,2,1];
forbidden = [{0}, {0,4}, {}];
fixed = [0, 3];
precedences = [{}, {1}];
"""


def test_dzn_instance_is_read_with_numbers_as_ids() -> None:
    instance = parse_dzn(DZN)
    assert instance.must_hold_all
    assert [p.id for p in instance.participants] == ["1", "2", "3"]
    assert instance.participants[1].unavailable == frozenset({4})
    first, second = instance.requests
    assert (first.id, first.a, first.b, first.session) == ("1", "1", "2", "morning")
    assert (second.session, second.fixed_slot, second.after) == ("any", 3, ("1",))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (DZN.replace("| 2, 3, 3 |]", "| 2, x, 3 |]"), "malformed .dzn at line 8: expected a number, found 'x'"),
        (DZN.replace("nTables = 1;", "nTables = ;"), "malformed .dzn at line 4"),
        (DZN.replace("nTables = 1;\n", ""), "'nTables' is missing"),
        (DZN.replace("| 2, 3, 3 |]", "| 2, 5, 3 |]"), "unknown participant '5' in request '2'"),
        (DZN.replace("fixed = [0, 3]", "fixed = [0, 20]"), "fixed slot 20 of request '2' is outside 1..4"),
        (DZN.replace("precedences = [{}, {1}]", "precedences = [{2}, {1}]"), "contradictory order constraints"),
        (DZN.replace("fixed = [0, 3]", "fixed = [0]"), "'fixed' has 1 entries, not 2"),
        (DZN.replace("nMeetingsBusiness = [1,2,1]", "nMeetingsBusiness = [1,1,1]"), "nMeetingsBusiness gives 1"),
        (DZN.replace("| 1, 2, 1", "| 1, 2, 7"), "session 7 of request '1'"),
    ],
)
def test_bad_dzn_names_the_problem(text: str, message: str) -> None:
    with pytest.raises(InstanceError, match=re.escape(message)):
        parse_dzn(text)


def test_instances_built_by_the_web_app_are_validated_too() -> None:
    bad = Instance(slots=2, morning_slots=1, tables=1, participants=people("p1"), requests=(Request("r1", "p1", "p2"),))
    with pytest.raises(InstanceError, match="unknown participant 'p2' in request 'r1'"):
        schedule(bad)


# ------------------------------------------------------------------------------------------- known optima


def test_a_triangle_in_three_slots_has_one_unavoidable_break() -> None:
    instance = triangle(must_hold_all=True)
    result = schedule(instance, time_limit=10)
    assert result.status == "optimal"
    assert result.breaks == 1 and result.bound_breaks == 1
    assert verify(instance, result) == []


def test_a_path_is_scheduled_without_breaks() -> None:
    instance = Instance(
        slots=4,
        morning_slots=2,
        tables=2,
        participants=people("a", "b", "c", "d"),
        requests=(Request("1", "a", "b"), Request("2", "b", "c"), Request("3", "c", "d")),
        must_hold_all=True,
    )
    result = schedule(instance, time_limit=10)
    assert (result.status, result.breaks) == ("optimal", 0)
    assert verify(instance, result) == []


def test_forbidden_slots_force_a_break() -> None:
    """b meets a and c, but is away at slot 2 of 3: its meetings are at 1 and 3."""
    instance = Instance(
        slots=3,
        morning_slots=3,
        tables=2,
        participants=people("a", "b", "c", b={2}),
        requests=(Request("1", "a", "b"), Request("2", "b", "c")),
        must_hold_all=True,
    )
    result = schedule(instance, time_limit=10)
    assert (result.status, result.breaks, result.bound_breaks) == ("optimal", 1, 1)


def test_sessions_fixed_slots_and_order_are_respected() -> None:
    instance = Instance(
        slots=6,
        morning_slots=3,
        tables=1,
        participants=people("a", "b", "c", "d"),
        requests=(
            Request("1", "a", "b", session="afternoon"),
            Request("2", "c", "d", fixed_slot=2),
            Request("3", "a", "c", after=("1",)),
            Request("4", "b", "d", session="morning"),
        ),
        must_hold_all=True,
    )
    result = schedule(instance, time_limit=10)
    assert result.status == "optimal"
    slots = {p.request: p.slot for p in result.scheduled}
    assert slots["1"] >= 4 and slots["2"] == 2 and slots["3"] > slots["1"] and slots["4"] <= 3
    assert verify(instance, result) == []


def test_real_benchmark_instance_tic_12_is_solved_to_its_published_optimum() -> None:
    instance = parse_dzn((DATA / "tic-12.original.dzn").read_text())
    result = schedule(instance, fairness=2, time_limit=30)
    assert (result.status, result.breaks, result.bound_breaks) == ("optimal", 0, 0)  # Table 5 of the paper: 0
    assert len(result.scheduled) == 125
    assert verify(instance, result, fairness=2) == []


# ------------------------------------------------------------------------------------------- infeasibility


def test_a_participant_with_more_meetings_than_free_slots_is_named() -> None:
    instance = Instance(
        slots=3,
        morning_slots=3,
        tables=5,
        participants=people("a", "b", "c", "d", a={1}),
        requests=(Request("1", "a", "b"), Request("2", "a", "c"), Request("3", "a", "d")),
        must_hold_all=True,
    )
    result = schedule(instance, time_limit=10)
    assert result.status == "infeasible"
    assert "participant a has 3 meetings but only 2 free slots" in result.conflicts
    assert result.scheduled == []


def test_a_slot_overloaded_by_fixed_meetings_is_named() -> None:
    instance = Instance(
        slots=2,
        morning_slots=2,
        tables=1,
        participants=people("a", "b", "c", "d"),
        requests=(Request("1", "a", "b", fixed_slot=1), Request("2", "c", "d", fixed_slot=1)),
        must_hold_all=True,
    )
    result = schedule(instance, time_limit=10)
    assert result.status == "infeasible"
    assert result.conflicts == ["slot 1 has 2 fixed meetings for 1 tables"]


def test_an_order_chain_longer_than_the_day_is_named() -> None:
    instance = Instance(
        slots=2,
        morning_slots=2,
        tables=3,
        participants=people("a", "b", "c", "d", "e", "f"),
        requests=(Request("1", "a", "b"), Request("2", "c", "d", after=("1",)), Request("3", "e", "f", after=("2",))),
        must_hold_all=True,
    )
    result = schedule(instance, time_limit=10)
    assert result.status == "infeasible"
    assert result.conflicts[0].startswith("order constraints 1 → 2 → 3 leave no slot for request")


def test_a_triangle_in_two_slots_is_proven_infeasible() -> None:
    result = schedule(triangle(slots=2, tables=3, must_hold_all=True), time_limit=10)
    assert result.status == "infeasible"
    assert result.conflicts


def test_fairness_is_named_when_it_is_what_makes_an_instance_infeasible() -> None:
    result = schedule(triangle(must_hold_all=True), fairness=0, time_limit=10)
    assert result.status == "infeasible"
    assert "fairness bound 0" in result.conflicts[0]


def test_fairness_is_named_from_the_greedy_schedule_and_the_explanation_is_timed() -> None:
    # Two triangles in three slots (a break in each) and a pair: with d = 0 the SAT search proves it infeasible;
    # the greedy schedule holds every meeting, so fairness is the cause, with no second search.
    instance = Instance(
        slots=3,
        morning_slots=3,
        tables=3,
        participants=people("a1", "a2", "a3", "b1", "b2", "b3", "solo", "mate"),
        requests=(
            *(Request(f"{x}{i}", f"{x}{i}", f"{x}{i % 3 + 1}") for x in "ab" for i in (1, 2, 3)),
            Request("pair", "solo", "mate", session="morning"),
        ),
        must_hold_all=True,
    )
    started = time.perf_counter()
    result = schedule(instance, fairness=0, time_limit=10)
    elapsed = time.perf_counter() - started
    assert result.status == "infeasible"
    assert result.conflicts == [
        "the fairness bound 0 (most breaks − fewest breaks) cannot be met: without it a schedule exists"
    ]
    assert result.seconds <= elapsed and result.seconds > 0.5 * elapsed  # the whole answer, explanation included


# ------------------------------------------------------------------------------------------------ selection


def test_selection_holds_what_fits_and_says_why_the_rest_does_not() -> None:
    """a wants to meet five people in three slots; b..f are free; 2 tables."""
    instance = Instance(
        slots=3,
        morning_slots=3,
        tables=2,
        participants=people("a", "b", "c", "d", "e", "f"),
        requests=tuple(Request(f"r{who}", "a", who, priority=2 if who == "f" else 1) for who in "bcdef"),
    )
    result = schedule(instance, time_limit=10)
    assert result.status == "optimal"
    assert len(result.scheduled) == 3 and result.bound_meetings == 3
    assert "rf" in {p.request for p in result.scheduled}  # the higher priority is held
    assert {left.code for left in result.unscheduled} == {"no_free_slot"}
    assert all("a and" in left.reason for left in result.unscheduled)
    assert verify(instance, result) == []


def test_selection_is_fair_nobody_is_left_without_a_meeting_while_others_have_many() -> None:
    """a and b both want c and d, e wants c; two slots and one table: four meetings are asked, two fit."""
    instance = Instance(
        slots=2,
        morning_slots=2,
        tables=1,
        participants=people("a", "b", "c", "d", "e"),
        requests=(
            Request("ac", "a", "c"),
            Request("ad", "a", "d"),
            Request("bc", "b", "c"),
            Request("bd", "b", "d"),
        ),
    )
    result = schedule(instance, time_limit=10)
    held = {p.request for p in result.scheduled}
    assert len(held) == 2
    assert {"ac", "ad"} != held and {"bc", "bd"} != held  # a and b get one each
    assert {left.code for left in result.unscheduled} <= {"tables_full", "no_free_slot"}


def test_max_meetings_and_unavailability_are_reasons() -> None:
    instance = Instance(
        slots=4,
        morning_slots=2,
        tables=4,
        participants=(
            Participant("a", max_meetings=1),
            Participant("b"),
            Participant("c"),
            Participant("d", frozenset({1, 2})),
            Participant("e", frozenset({3, 4})),
        ),
        requests=(Request("ab", "a", "b", priority=3), Request("ac", "a", "c"), Request("de", "d", "e")),
    )
    result = schedule(instance, time_limit=10)
    codes = {left.request: left.code for left in result.unscheduled}
    assert codes == {"ac": "max_meetings", "de": "no_common_slot"}
    assert result.bound_meetings == 1
    assert verify(instance, result) == []


# ---------------------------------------------------------------------------------------------- re-scheduling


def grid_instance(extra: tuple[Request, ...] = (), drop: str = "") -> Instance:
    participants = people(*[f"p{i}" for i in range(8)])
    requests = [Request(f"r{i}{j}", f"p{i}", f"p{j}") for i in range(4) for j in range(4, 8)]
    requests = [r for r in requests if r.id != drop] + list(extra)
    return Instance(slots=6, morning_slots=3, tables=3, participants=participants, requests=tuple(requests))


def test_after_a_cancellation_no_other_meeting_moves() -> None:
    first = schedule(grid_instance(), time_limit=10)
    previous = {p.request: (p.slot, p.table) for p in first.scheduled}
    second = schedule(grid_instance(drop="r04"), time_limit=10, previous=previous)
    assert second.status in ("optimal", "feasible")
    moved = [p.request for p in second.scheduled if previous[p.request] != (p.slot, p.table)]
    assert moved == []


def test_a_new_meeting_moves_few_existing_ones() -> None:
    first = schedule(grid_instance(), time_limit=10)
    previous = {p.request: (p.slot, p.table) for p in first.scheduled}
    new = grid_instance(extra=(Request("new", "p0", "p1"),))
    second = schedule(new, time_limit=10, previous=previous)
    assert "new" in {p.request for p in second.scheduled}
    moved = [p.request for p in second.scheduled if p.request in previous and previous[p.request][0] != p.slot]
    assert len(moved) <= 2
    assert verify(new, second) == []


def test_result_json_has_the_documented_keys() -> None:
    result = schedule(triangle(must_hold_all=True), time_limit=10)
    data = result_to_json(result)
    assert set(data) >= {"status", "scheduled", "unscheduled", "breaks", "bound", "seconds"}
    assert set(data["bound"]) == {"meetings", "breaks"}
    assert set(data["scheduled"][0]) == {"request", "slot", "table"}


# ------------------------------------------------------------------------------- no break at all (windows)


def _no_break_check(instance: Instance) -> Outcome:
    problem = build(instance)
    earliest, latest = windows(problem)
    domains = [[t for t in problem.allowed[m] if earliest[m] <= t <= latest[m]] for m in range(len(problem.requests))]
    return without_breaks(problem, domains, time_limit=10)


def test_window_model_refutes_a_schedule_without_breaks_for_a_triangle() -> None:
    outcome = _no_break_check(triangle(must_hold_all=True))
    assert (outcome.status, outcome.bound_breaks) == ("infeasible", 1)


def test_window_model_finds_a_schedule_without_breaks_when_there_is_one() -> None:
    instance = Instance(
        slots=4,
        morning_slots=2,
        tables=1,
        participants=people("a", "b", "c", "d"),
        requests=(Request("1", "a", "b"), Request("2", "b", "c"), Request("3", "c", "d")),
        must_hold_all=True,
    )
    outcome = _no_break_check(instance)
    assert (outcome.status, outcome.breaks) == ("optimal", 0)
    slots = outcome.slot_of
    assert sorted(slots) == [0, 1, 2]
    assert abs(slots[0] - slots[1]) == 1 and abs(slots[1] - slots[2]) == 1  # b and c meet back to back
    assert len(set(slots.values())) == 3  # one table: one meeting per slot


# ------------------------------------------------------------------------------- pattern encoding (≤ 1 break)


def _domains(instance: Instance) -> tuple[Problem, list[list[int]]]:
    problem = build(instance)
    earliest, latest = windows(problem)
    return problem, [
        [t for t in problem.allowed[m] if earliest[m] <= t <= latest[m]] for m in range(len(problem.requests))
    ]


def _breaks_of(instance: Instance, slot_of: dict[int, int]) -> int:
    placements = [Placement(instance.requests[m].id, t, 1 + m) for m, t in slot_of.items()]
    return sum(participant_breaks(instance, placements).values())


def test_pattern_encoding_refutes_no_break_and_finds_one_break_for_a_triangle() -> None:
    instance = triangle(must_hold_all=True)
    problem, domains = _domains(instance)
    zero = sat.solve_patterns(problem, domains, breaks=0, time_limit=10)
    assert (zero.status, zero.bound) == ("unknown", 1)
    one = sat.solve_patterns(problem, domains, breaks=1, time_limit=10, fairness=2)
    assert (one.status, one.breaks) == ("optimal", 1)
    assert sorted(one.slot_of) == [0, 1, 2] and len(set(one.slot_of.values())) == 3
    assert _breaks_of(instance, one.slot_of) == 1


def test_pattern_encoding_keeps_fixed_slots_order_and_availability() -> None:
    # a–b, b–c, c–d in a row; b is away at slot 2, r3 is fixed at slot 4 and r1 must follow r2.
    instance = Instance(
        slots=5,
        morning_slots=5,
        tables=1,
        participants=people("a", "b", "c", "d", b={2}),
        requests=(
            Request("r1", "a", "b", after=("r2",)),
            Request("r2", "b", "c"),
            Request("r3", "c", "d", fixed_slot=4),
        ),
        must_hold_all=True,
    )
    problem, domains = _domains(instance)
    for breaks in (0, 1):
        outcome = sat.solve_patterns(problem, domains, breaks=breaks, time_limit=10, workers=1)
        if outcome.status != "optimal":
            assert outcome.bound == breaks + 1
            continue
        slot_of = outcome.slot_of
        assert slot_of[2] == 4 and slot_of[1] < slot_of[0] and 2 not in (slot_of[0], slot_of[1])
        assert _breaks_of(instance, slot_of) <= breaks
        result = schedule(instance, time_limit=10)
        assert result.status == "optimal" and result.breaks == _breaks_of(instance, slot_of)
        assert verify(instance, result) == []
        break
    else:
        raise AssertionError("a schedule with at most one break exists")
