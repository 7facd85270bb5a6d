"""Exact timetabling with OR-Tools CP-SAT: every request of the problem is held; minimise (moves, then) breaks.

The model, for request m, participant p and slot t:

* ``x[m,t]`` — m is held at t, only for the slots m may take (session, availability, fixed slot, order windows);
  exactly one per request; at most ``tables`` per slot; order constraints on ``Σ t·x[m,t]``.
* ``busy[p,t] = Σ_{m ∋ p} x[m,t]`` (so at most one meeting per slot).
* ``start[p,t] = busy[p,t] ∧ ¬busy[p,t−1]``, exactly (three clauses), so that ``breaks_p = Σ_t start[p,t] − 1``
  is exact, which the fairness bound needs (it involves the participant with the fewest breaks).
* Implied constraints, which give the search its lower bounds: ``Σ_t busy[p,t] = |M_p|``;
  ``Σ_p busy[p,t] = 2·Σ_m x[m,t]`` (busy participants per slot are even); ``Σ_t start[p,t] = Σ_t end[p,t]``;
  ``Σ_t start[p,t] ≥`` the fewest runs of free slots that can hold ``|M_p|`` meetings; and per slot, the
  participants that start a block of meetings at t are at least those busy at t but not at t − 1.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .model import Status
from .problem import Problem, min_blocks, windows

_STATUS: dict[str, Status] = {
    "OPTIMAL": "optimal",
    "FEASIBLE": "feasible",
    "INFEASIBLE": "infeasible",
    "UNKNOWN": "unknown",
}


@dataclass
class Outcome:
    status: Status
    slot_of: dict[int, int] = field(default_factory=dict)
    breaks: int | None = None
    bound_breaks: int | None = None
    moves: int | None = None


def static_break_bound(problem: Problem, domains: list[list[int]] | None = None) -> int:
    """A lower bound on total breaks from each participant alone: the fewest runs of its slots that can hold
    its meetings, minus one."""
    total = 0
    for p, requests in enumerate(problem.incident):
        if len(requests) < 2:
            continue
        slots = problem.free[p] if domains is None else sorted({t for m in requests for t in domains[m]})
        total += max(0, min_blocks(slots, len(requests)) - 1)
    return total


def timetable(
    problem: Problem,
    *,
    fairness: int | None = None,
    time_limit: float = 60.0,
    hint: dict[int, int] | None = None,
    previous: dict[int, int] | None = None,
    workers: int = 2,
    lower: int = 0,
    first_solution: bool = False,
) -> Outcome:
    """Hold every request of ``problem``; minimise moves from ``previous`` (request → slot) first, then breaks
    (with ``first_solution``, stop at the first schedule: "feasible")."""
    instance = problem.instance
    n_slots = instance.slots
    earliest, latest = windows(problem)
    domains = [[t for t in problem.allowed[m] if earliest[m] <= t <= latest[m]] for m in range(len(problem.requests))]
    if any(not d for d in domains):
        return Outcome("infeasible")
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    per_slot: list[list[cp_model.IntVar]] = [[] for _ in range(n_slots + 2)]
    for m, domain in enumerate(domains):
        for t in domain:
            var = model.new_bool_var(f"x{m}_{t}")
            x[m, t] = var
            per_slot[t].append(var)
        model.add_exactly_one(x[m, t] for t in domain)
    for t in range(1, n_slots + 1):
        if len(per_slot[t]) > instance.tables:
            model.add(sum(per_slot[t]) <= instance.tables)

    def slot_expr(m: int) -> cp_model.LinearExprT:
        return sum(t * x[m, t] for t in domains[m])

    for m, preds in enumerate(problem.before):
        for pred in preds:
            model.add(slot_expr(pred) + 1 <= slot_expr(m))

    n_participants = len(problem.incident)
    busy: list[list[cp_model.IntVar | int]] = []
    for p in range(n_participants):
        row: list[cp_model.IntVar | int] = [0] * (n_slots + 2)
        for t in range(1, n_slots + 1):
            lits = [x[m, t] for m in problem.incident[p] if (m, t) in x]
            if len(lits) == 1:
                row[t] = lits[0]
            elif lits:
                var = model.new_bool_var(f"b{p}_{t}")
                model.add(sum(lits) == var)
                row[t] = var
        busy.append(row)
        if problem.incident[p]:
            model.add(sum(row[1 : n_slots + 1]) == len(problem.incident[p]))
    for t in range(1, n_slots + 1):
        if per_slot[t]:
            model.add(sum(busy[p][t] for p in range(n_participants)) == 2 * sum(per_slot[t]))

    breaks_of: list[cp_model.LinearExpr | int] = [0] * n_participants
    starts_all: list[cp_model.IntVar] = []
    firsts: list[cp_model.IntVar] = []
    for p in range(n_participants):
        degree = len(problem.incident[p])
        if degree < 2:
            continue
        starts: list[cp_model.IntVar] = []
        ends: list[cp_model.IntVar] = []
        row = busy[p]
        for t in range(1, n_slots + 1):
            here, before, after = row[t], row[t - 1], row[t + 1]
            if isinstance(here, int):
                continue
            if isinstance(before, int):
                starts.append(here)
            else:
                start = model.new_bool_var(f"s{p}_{t}")
                model.add_bool_or([here.Not(), before, start])
                model.add_implication(start, here)
                model.add_implication(start, before.Not())
                starts.append(start)
            if isinstance(after, int):
                ends.append(here)
            else:
                end = model.new_bool_var(f"e{p}_{t}")
                model.add_bool_or([here.Not(), after, end])
                model.add_implication(end, here)
                model.add_implication(end, after.Not())
                ends.append(end)
        # hole[t]: p meets at t, not at t − 1, and met before: the end of a break.
        holes: list[cp_model.IntVar] = []
        seen: cp_model.IntVar | None = None  # p met at some slot before t − 1
        for t in range(1, n_slots + 1):
            here, before = row[t], row[t - 1]
            if seen is not None and not isinstance(here, int):
                hole = model.new_bool_var(f"h{p}_{t}")
                model.add_implication(hole, here)
                model.add_implication(hole, seen)
                if isinstance(before, int):  # t − 1 is never busy
                    model.add_bool_or([here.Not(), seen.Not(), hole])
                else:
                    model.add_implication(hole, before.Not())
                    model.add_bool_or([here.Not(), before, seen.Not(), hole])
                holes.append(hole)
            # seen after slot t − 1 = seen ∨ busy[t − 1]
            if not isinstance(before, int):
                nxt = model.new_bool_var(f"seen{p}_{t}")
                model.add_implication(before, nxt)
                if seen is None:
                    model.add_implication(nxt, before)
                else:
                    model.add_implication(seen, nxt)
                    model.add_bool_or([nxt.Not(), seen, before])
                seen = nxt
        slots_p = sorted({t for m in problem.incident[p] for t in domains[m]})
        model.add(sum(starts) >= max(1, min_blocks(slots_p, degree)))
        model.add(sum(starts) == sum(ends))
        model.add(sum(holes) == sum(starts) - 1)
        if os.environ.get("B2B_CLUSTER", "1") == "1":
            # Clustering: the meetings of p lie in [first, last]; without a break that span is exactly |M_p|.
            first = model.new_int_var(slots_p[0], slots_p[-1], f"first{p}")
            last = model.new_int_var(slots_p[0], slots_p[-1], f"last{p}")
            for t in range(1, n_slots + 1):
                here = row[t]
                if not isinstance(here, int):
                    model.add(first <= t).only_enforce_if(here)
                    model.add(last >= t).only_enforce_if(here)
            model.add(last - first + 1 >= degree)
            model.add(last - first + 1 - degree <= (n_slots - degree) * sum(holes))
            firsts.append(first)
        breaks_of[p] = sum(holes)
        starts_all.extend(holes)
    total_breaks = sum(starts_all)
    if fairness is not None:
        most = model.new_int_var(0, n_slots, "most")
        fewest = model.new_int_var(0, n_slots, "fewest")
        for p in range(n_participants):
            model.add(breaks_of[p] <= most)
            model.add(breaks_of[p] >= fewest)
        model.add(most - fewest <= fairness)

    moved: list[cp_model.LinearExpr | int] = []
    if previous:
        for m, slot in previous.items():
            moved.append(1 - x[m, slot] if (m, slot) in x else 1)
    weight = sum(max(0, len(r) - 1) for r in problem.incident) + 1
    if moved:
        model.minimize(weight * sum(moved) + total_breaks)
    else:
        model.minimize(total_breaks)

    if firsts and os.environ.get("B2B_STRATEGY"):
        model.add_decision_strategy(firsts, cp_model.CHOOSE_MIN_DOMAIN_SIZE, cp_model.SELECT_MIN_VALUE)
        model.add_decision_strategy(list(x.values()), cp_model.CHOOSE_FIRST, cp_model.SELECT_MAX_VALUE)
    if hint:
        for (m, t), var in x.items():
            model.add_hint(var, 1 if hint.get(m) == t else 0)

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    solver.parameters.stop_after_first_solution = first_solution
    solver.parameters.log_search_progress = bool(os.environ.get("B2B_LOG"))
    for item in os.environ.get("B2B_PARAMS", "").split(";"):
        if item:
            key, value = item.split("=")
            current = getattr(solver.parameters, key)
            if isinstance(current, bool):
                setattr(solver.parameters, key, value == "1")
            elif hasattr(current, "append"):
                current.extend(value.split(","))
            else:
                setattr(solver.parameters, key, type(current)(value))
    code = solver.solve(model)
    status = _STATUS.get(solver.status_name(code), "unknown")
    if status in ("infeasible", "unknown"):
        return Outcome(status, bound_breaks=lower if status == "unknown" and not moved else None)
    slot_of = {m: t for (m, t), var in x.items() if solver.boolean_value(var)}
    moves = sum(1 for m, slot in (previous or {}).items() if slot_of.get(m) != slot)
    breaks = round(solver.objective_value) - weight * moves if moved else round(solver.objective_value)
    if moved:
        bound = breaks if status == "optimal" else static_break_bound(problem, domains)
    else:
        bound = max(math.ceil(solver.best_objective_bound - 1e-6), static_break_bound(problem, domains), lower)
    return Outcome(status, slot_of, breaks, min(bound, breaks), moves)


def select(
    problem: Problem,
    *,
    hint: dict[int, int],
    time_limit: float,
    keep_served: set[int],
    workers: int = 2,
) -> dict[int, int] | None:
    """Choose the most meetings that can be held together, then the highest total priority, when some must be
    left out. Participants in ``keep_served`` (those the fair greedy selection gave a meeting) keep at least
    one. Returns request → slot, or None when the search found nothing better than ``hint``."""
    instance = problem.instance
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    held: list[cp_model.IntVar | int] = []
    per_slot: list[list[cp_model.IntVar]] = [[] for _ in range(instance.slots + 2)]
    per_busy: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    for m, domain in enumerate(problem.allowed):
        if not domain:
            held.append(0)
            continue
        lits = []
        for t in domain:
            var = model.new_bool_var(f"x{m}_{t}")
            x[m, t] = var
            lits.append(var)
            per_slot[t].append(var)
            for p in problem.ends[m]:
                per_busy.setdefault((p, t), []).append(var)
        h = model.new_bool_var(f"held{m}")
        model.add(sum(lits) == h)
        held.append(h)
    for t in range(1, instance.slots + 1):
        if len(per_slot[t]) > instance.tables:
            model.add(sum(per_slot[t]) <= instance.tables)
    for lits in per_busy.values():
        if len(lits) > 1:
            model.add_at_most_one(lits)
    for p, requests in enumerate(problem.incident):
        limit = instance.participants[p].max_meetings
        if limit is not None and len(requests) > limit:
            model.add(sum(held[m] for m in requests) <= limit)
        if p in keep_served:
            model.add(sum(held[m] for m in requests) >= 1)
    for m, preds in enumerate(problem.before):
        for pred in preds:
            if isinstance(held[m], int) or isinstance(held[pred], int):
                continue
            model.add(
                sum(t * x[pred, t] for t in problem.allowed[pred]) + 1 <= sum(t * x[m, t] for t in problem.allowed[m])
            ).only_enforce_if([held[pred], held[m]])
    scale = sum(max(r.priority, 0) for r in problem.requests) + 1
    model.maximize(sum((scale + max(r.priority, 0)) * held[m] for m, r in enumerate(problem.requests)))
    for (m, t), var in x.items():
        model.add_hint(var, 1 if hint.get(m) == t else 0)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    code = solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {m: t for (m, t), var in x.items() if solver.boolean_value(var)}


def without_breaks(problem: Problem, domains: list[list[int]], *, time_limit: float, workers: int = 2) -> Outcome:
    """Whether every request can be held with no break at all, by CP-SAT on the window formulation (Bofill et
    al. 2022): each participant p chooses the start s_p of one window of |M_p| consecutive slots and is busy
    exactly there (``Σ_{m ∋ p} x[m,t] = [s_p ≤ t < s_p + |M_p|]``); per slot, the busy participants are twice the
    meetings held (even, at most 2·tables). CP-SAT refutes this in well under a second where the SAT deepening
    cannot prove the bound 1 within minutes (ticf-13crafc). "optimal" with a schedule of 0 breaks, "infeasible"
    (the bound is then 1), or "unknown"."""
    instance = problem.instance
    n_slots = instance.slots
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    per_slot: list[list[cp_model.IntVar]] = [[] for _ in range(n_slots + 2)]
    for m, domain in enumerate(domains):
        for t in domain:
            x[m, t] = model.new_bool_var(f"x{m}_{t}")
            per_slot[t].append(x[m, t])
        model.add_exactly_one([x[m, t] for t in domain])
    for t in range(1, n_slots + 1):
        if len(per_slot[t]) > instance.tables:
            model.add(sum(per_slot[t]) <= instance.tables)
    for m, preds in enumerate(problem.before):
        for pred in preds:
            model.add(sum(t * x[pred, t] for t in domains[pred]) + 1 <= sum(t * x[m, t] for t in domains[m]))
    busy: list[list[cp_model.LinearExprT]] = [[] for _ in range(n_slots + 2)]
    for p, requests in enumerate(problem.incident):
        degree = len(requests)
        if not degree:
            continue
        usable = {t for m in requests for t in domains[m]}
        starts = [s for s in range(1, n_slots - degree + 2) if all(t in usable for t in range(s, s + degree))]
        if not starts:
            return Outcome("infeasible")
        window = {s: model.new_bool_var(f"w{p}_{s}") for s in starts}
        model.add_exactly_one(list(window.values()))
        for t in range(1, n_slots + 1):
            meetings = [x[m, t] for m in requests if (m, t) in x]
            covering = [w for s, w in window.items() if s <= t < s + degree]
            if not covering:
                for var in meetings:
                    model.add(var == 0)
                continue
            model.add(sum(meetings) == sum(covering))
            busy[t].append(sum(covering))
    for t in range(1, n_slots + 1):
        if busy[t]:
            model.add(sum(busy[t]) == 2 * sum(per_slot[t]))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.max_time_in_seconds = max(0.1, time_limit)
    code = solver.solve(model)
    status = _STATUS.get(solver.status_name(code), "unknown")
    if status == "infeasible":
        return Outcome("infeasible", bound_breaks=1)
    if status in ("optimal", "feasible"):
        slot_of = {m: t for (m, t), var in x.items() if solver.boolean_value(var)}
        return Outcome("optimal", slot_of, 0, 0)
    return Outcome("unknown", bound_breaks=0)
