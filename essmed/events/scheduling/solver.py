"""``schedule()``: selection, timetabling and tables, from an :class:`Instance` to a :class:`Result`."""

from __future__ import annotations

import time
from dataclasses import replace

from . import sat
from .bounds import meetings_upper_bound
from .cpsat import Outcome, select, static_break_bound, timetable, without_breaks
from .errors import InstanceError
from .greedy import Greedy, greedy_all, greedy_fair
from .improve import compact
from .model import Instance, Left, Placement, Request, Result
from .parse import validate
from .problem import Problem, build, obvious_conflicts, windows
from .verify import participant_breaks

# Above this many (request, slot) pairs the exact model is not built: the greedy schedule, compacted by local
# search, is the answer (event scale: tens of thousands of requests).
EXACT_LIMIT = 60_000

# At most this many seconds for CP-SAT's refutation of "no break at all" when the SAT pattern run is undecided.
WINDOW_REFUTATION = 3.0

NOT_SELECTED = "not_selected"


def schedule(
    instance: Instance,
    *,
    fairness: int | None = None,
    time_limit: float = 60.0,
    previous: dict[str, tuple[int, int]] | None = None,
) -> Result:
    """Choose the meetings (unless ``instance.must_hold_all``), give each a slot and a table, minimising the
    total breaks, with at most ``fairness`` between the most and the fewest breaks of any two participants.

    ``previous`` (request id → (slot, table)) is the current schedule: the new one moves as few of those
    meetings as possible, then minimises breaks. Raises :class:`InstanceError` for a malformed instance."""
    started = time.perf_counter()
    deadline = started + time_limit
    validate(instance)
    if fairness is not None and fairness < 0:
        raise InstanceError(f"the fairness bound must not be negative ({fairness})")
    if time_limit <= 0:
        raise InstanceError(f"the time limit must be positive ({time_limit})")
    problem = build(instance)
    request_index = {r.id: m for m, r in enumerate(instance.requests)}
    previous = previous or {}
    previous_slot = {request_index[rid]: slot for rid, (slot, _) in previous.items() if rid in request_index}
    bound_meetings = meetings_upper_bound(problem)

    if instance.must_hold_all:
        conflicts = obvious_conflicts(problem)
        if conflicts:
            return Result("infeasible", bound_meetings=bound_meetings, seconds=_since(started), conflicts=conflicts)
        state = greedy_all(problem, previous_slot)
        outcome = _timetable(problem, state, fairness, deadline, previous_slot)
        if outcome.status == "infeasible":
            # The explanation is part of the answer: its time is counted.
            conflicts = _explain(problem, fairness, deadline, state)
            return Result("infeasible", bound_meetings=bound_meetings, seconds=_since(started), conflicts=conflicts)
        if outcome.status == "unknown":
            result = _unknown(instance, bound_meetings, started)
            result.bound_breaks = outcome.bound_breaks
            return result
        return _result(problem, outcome, {}, previous, bound_meetings, started)

    state = greedy_fair(problem, previous_slot)
    if previous_slot:
        # Keeping every meeting where it was may leave out a new request that moving one would let in:
        # select afresh too, and keep the selection that holds more (the timetable then moves as few as it can).
        fresh = greedy_fair(problem)
        if len(fresh.slot_of) > len(state.slot_of):
            state = fresh
    pairs = sum(len(a) for a in problem.allowed)
    if len(state.slot_of) < bound_meetings and pairs <= EXACT_LIMIT:
        # The greedy selection may not be the largest: search for more meetings (then priority) for a third of
        # the time, keeping a meeting for everyone the greedy one served.
        served = {p for m in state.slot_of for p in problem.ends[m]}
        better = select(
            problem, hint=state.slot_of, time_limit=(deadline - time.perf_counter()) / 3, keep_served=served
        )
        if better is not None and len(better) > len(state.slot_of):
            fresh = Greedy(problem)
            for m, t in better.items():
                fresh.put(m, t)
            fresh.left = {m: reason for m, reason in state.left.items() if m not in better}
            state = fresh
    selected = sorted(state.slot_of)
    sub, back = _restrict(instance, selected)
    sub_problem = build(sub)
    sub_state = Greedy(sub_problem)
    for index, m in enumerate(back):
        sub_state.put(index, state.slot_of[m])
    sub_previous = {i: previous_slot[m] for i, m in enumerate(back) if m in previous_slot}
    outcome = _timetable(sub_problem, sub_state, fairness, deadline, sub_previous)
    if outcome.status in ("infeasible", "unknown") and fairness is None:
        outcome = Outcome("feasible", dict(sub_state.slot_of), None, static_break_bound(sub_problem))
    if outcome.status in ("infeasible", "unknown"):
        result = _unknown(instance, bound_meetings, started)
        if outcome.status == "infeasible":
            result.status = "infeasible"
            result.conflicts = [f"the selected meetings cannot meet the fairness bound {fairness}"]
        return result
    placed = {back[i]: t for i, t in outcome.slot_of.items()}
    full = replace(outcome, slot_of=placed)
    return _result(problem, full, state.left, previous, bound_meetings, started)


def _timetable(
    problem: Problem, state: Greedy, fairness: int | None, deadline: float, previous: dict[int, int]
) -> Outcome:
    """The exact model when it is small enough, else the greedy schedule compacted by local search."""
    complete = len(state.slot_of) == len(problem.requests)
    pairs = sum(len(a) for a in problem.allowed)
    if pairs <= EXACT_LIMIT and not previous and sat.applicable(problem, fairness):
        earliest, latest = windows(problem)
        domains = [
            [t for t in problem.allowed[m] if earliest[m] <= t <= latest[m]] for m in range(len(problem.requests))
        ]
        if any(not d for d in domains):
            return Outcome("infeasible")
        budget = deadline - time.perf_counter()
        lower = static_break_bound(problem, domains)
        if lower == 0:
            # "No break at all", on the pattern encoding (each participant's busy slots form one window): it
            # finds such a schedule or refutes one in about a second on every benchmark instance. With d = 0
            # (and the fewest breaks 0) it is the whole question.
            zero = sat.solve_patterns(problem, domains, breaks=0, time_limit=budget * (0.85 if fairness == 0 else 0.3))
            if zero.status == "optimal":
                return Outcome("optimal", zero.slot_of, 0, 0)
            if fairness == 0 and zero.bound >= 1:
                return Outcome("infeasible")
            if zero.bound == 0 and fairness != 0:
                # Undecided: CP-SAT on the window formulation, which refutes "no break at all" quickly too.
                windowed = without_breaks(problem, domains, time_limit=min(budget * 0.2, WINDOW_REFUTATION))
                if windowed.status == "optimal":
                    return windowed
                zero.bound = 1 if windowed.status == "infeasible" else 0
            lower = zero.bound
        if lower == 1 and fairness != 0:
            # "At most one break in all": the pattern encoding (one participant may have two windows) on one
            # core, then the hole encoding; the hole encoding deepening from 1 on the other.
            found = sat.solve_patterns(
                problem, domains, breaks=1, fairness=fairness, time_limit=deadline - time.perf_counter() - budget * 0.15
            )
        else:
            found = sat.solve(
                problem,
                domains,
                fairness=fairness,
                time_limit=deadline - time.perf_counter() - budget * 0.15,
                lower=lower,
            )
        if found.status == "optimal":
            return Outcome("optimal", found.slot_of, found.bound, found.bound)
        if found.status == "infeasible":
            return Outcome("infeasible")
        return timetable(
            problem,
            fairness=fairness,
            time_limit=deadline - time.perf_counter(),
            hint=state.slot_of,
            lower=found.bound,
        )
    if pairs <= EXACT_LIMIT:
        return timetable(
            problem,
            fairness=fairness,
            time_limit=deadline - time.perf_counter(),
            hint=state.slot_of,
            previous=previous,
        )
    if not complete or fairness is not None:
        return Outcome("unknown")
    compact(state, deadline=deadline, frozen=set(previous))
    return Outcome("feasible", dict(state.slot_of), None, static_break_bound(problem))


def _restrict(instance: Instance, selected: list[int]) -> tuple[Instance, list[int]]:
    """The instance holding only the ``selected`` requests (all to be held), and the map back to the full one."""
    keep = {instance.requests[m].id for m in selected}
    requests = tuple(
        replace(instance.requests[m], after=tuple(x for x in instance.requests[m].after if x in keep)) for m in selected
    )
    return replace(instance, requests=requests, must_hold_all=True), list(selected)


def _result(
    problem: Problem,
    outcome: Outcome,
    left: dict[int, tuple[str, str]],
    previous: dict[str, tuple[int, int]],
    bound_meetings: int,
    started: float,
) -> Result:
    instance = problem.instance
    placements = assign_tables(instance, outcome.slot_of, previous)
    unscheduled = []
    for m, request in enumerate(instance.requests):
        if m in outcome.slot_of:
            continue
        code, reason = left.get(m, (NOT_SELECTED, "holding it would leave fewer meetings in total"))
        unscheduled.append(Left(request.id, code, reason))
    breaks = sum(participant_breaks(instance, placements).values())
    bound_breaks = outcome.bound_breaks if outcome.bound_breaks is not None else 0
    return Result(
        outcome.status,
        scheduled=placements,
        unscheduled=unscheduled,
        breaks=breaks,
        bound_meetings=max(bound_meetings, len(placements)),
        bound_breaks=min(bound_breaks, breaks),
        seconds=_since(started),
    )


def assign_tables(instance: Instance, slot_of: dict[int, int], previous: dict[str, tuple[int, int]]) -> list[Placement]:
    """Tables per slot: a meeting that stays in its previous slot keeps its table; others take the free ones
    in order."""
    requests: tuple[Request, ...] = instance.requests
    taken: dict[int, set[int]] = {}
    table_of: dict[int, int] = {}
    for m, slot in slot_of.items():
        before = previous.get(requests[m].id)
        if (
            before
            and before[0] == slot
            and 1 <= before[1] <= instance.tables
            and before[1] not in taken.setdefault(slot, set())
        ):
            taken[slot].add(before[1])
            table_of[m] = before[1]
    next_free: dict[int, int] = {}
    for m in sorted(slot_of, key=lambda m: (slot_of[m], m)):
        if m in table_of:
            continue
        slot = slot_of[m]
        used = taken.setdefault(slot, set())
        table = next_free.get(slot, 1)
        while table in used:
            table += 1
        used.add(table)
        next_free[slot] = table + 1
        table_of[m] = table
    return [
        Placement(requests[m].id, slot_of[m], table_of[m])
        for m in sorted(slot_of, key=lambda m: (slot_of[m], table_of[m]))
    ]


def _explain(problem: Problem, fairness: int | None, deadline: float, greedy: Greedy) -> list[str]:
    """Which constraints conflict, when the search proved infeasibility: whether a schedule exists without the
    fairness bound, which makes it the cause — the greedy schedule when it holds every meeting (it keeps every
    other rule), else CP-SAT without the bound, stopped at its first schedule."""
    if fairness is not None:
        remaining = deadline - time.perf_counter()
        found = len(greedy.slot_of) == len(problem.requests)
        if not found and remaining > 1:
            relaxed = timetable(
                problem, fairness=None, time_limit=min(remaining, 10.0), hint=greedy.slot_of, first_solution=True
            )
            found = relaxed.status in ("optimal", "feasible")
        if found:
            return [
                f"the fairness bound {fairness} (most breaks − fewest breaks) cannot be met: without it a "
                f"schedule exists"
            ]
    return [
        "the availability, session, fixed-slot, order and table constraints cannot all hold together "
        "(no simpler cause found)"
    ]


def _unknown(instance: Instance, bound_meetings: int, started: float) -> Result:
    return Result(
        "unknown",
        unscheduled=[
            Left(r.id, "no_solution", "no schedule was found within the time limit") for r in instance.requests
        ],
        bound_meetings=bound_meetings,
        seconds=_since(started),
    )


def _since(started: float) -> float:
    return time.perf_counter() - started
