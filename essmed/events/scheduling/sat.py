"""Exact timetabling with a SAT solver (CaDiCaL through python-sat): a Boolean encoding in the spirit of the
paper's best MaxSAT model, solved by deepening on the total number of breaks.

Used when every request must be held, there is no previous schedule, and the fairness bound (if any) reduces to
"at most d breaks each" because some participant has at most one meeting (so the fewest breaks is 0, as in
every benchmark instance). Variables, for request m, participant p, slot t:

* ``x[m,t]``: exactly one slot per request (within its allowed slots and order window);
* ``busy[p,t]`` ⇔ ∨ x[m,t] over p's requests, at most one of them (no participant twice in a slot);
* at most ``tables`` requests per slot (sequential counter);
* implied: exactly |M_p| busy slots per participant; at most 2·tables busy participants per slot;
* ``seen[p,t]`` ⇐ busy[p,t'] for some t' ≤ t; ``hole[p,t]`` ⇐ busy[p,t] ∧ ¬busy[p,t−1] ∧ seen[p,t−2]: the end
  of a break (only this direction is needed: the search minimises holes, and the fairness bound caps them);
* clustering: without a hole, a participant's meetings lie in |M_p| consecutive slots (``hole``-free windows);
* a totalizer over all holes; "at most k breaks" is an assumption, for k = lower bound, lower bound + 1, …:
  each refutation proves the bound k + 1, the first model is optimal.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from pysat.card import CardEnc, EncType, ITotalizer  # type: ignore[import-untyped]
from pysat.formula import IDPool  # type: ignore[import-untyped]
from pysat.solvers import Solver  # type: ignore[import-untyped]

from .problem import Problem, min_blocks

SOLVERS = ("cadical195", "cadical153")
WINDOWS = os.environ.get("B2B_WINDOWS", "1") == "1"


@dataclass
class SatOutcome:
    status: str  # optimal, feasible, infeasible, unknown
    slot_of: dict[int, int] = field(default_factory=dict)
    breaks: int | None = None
    bound: int = 0


def applicable(problem: Problem, fairness: int | None) -> bool:
    """Whether the fairness bound is "at most ``fairness`` breaks each" (the fewest breaks is surely 0)."""
    return fairness is None or any(len(r) <= 1 for r in problem.incident)


def solve(
    problem: Problem,
    domains: list[list[int]],
    *,
    fairness: int | None,
    time_limit: float,
    lower: int,
    workers: int = 2,
    stop_at_bound: int | None = None,
) -> SatOutcome:
    started = time.perf_counter()
    instance = problem.instance
    n_slots = instance.slots
    pool = IDPool()
    clauses: list[list[int]] = []

    def var(*key: object) -> int:
        return int(pool.id(key))

    def add_card(lits: list[int], bound: int, kind: str) -> None:
        if kind == "atmost" and len(lits) <= bound:
            return
        maker = CardEnc.atmost if kind == "atmost" else CardEnc.equals
        encoded = maker(lits=lits, bound=bound, vpool=pool, encoding=EncType.seqcounter)
        clauses.extend(encoded.clauses)

    x: dict[tuple[int, int], int] = {}
    per_slot: list[list[int]] = [[] for _ in range(n_slots + 2)]
    for m, domain in enumerate(domains):
        lits = []
        for t in domain:
            x[m, t] = var("x", m, t)
            lits.append(x[m, t])
            per_slot[t].append(x[m, t])
        clauses.append(list(lits))
        for i, a in enumerate(lits):
            for b in lits[i + 1 :]:
                clauses.append([-a, -b])
    for t in range(1, n_slots + 1):
        if len(per_slot[t]) > instance.tables:
            add_card(per_slot[t], instance.tables, "atmost")
    for m, preds in enumerate(problem.before):
        for pred in preds:
            for t in domains[m]:
                later = [x[pred, u] for u in domains[pred] if u >= t]
                for lit in later:
                    clauses.append([-x[m, t], -lit])

    busy: list[list[int]] = []  # 0: never busy
    busy_by_slot: list[list[int]] = [[] for _ in range(n_slots + 2)]
    holes_all: list[int] = []
    for p, requests in enumerate(problem.incident):
        row = [0] * (n_slots + 2)
        for t in range(1, n_slots + 1):
            lits = [x[m, t] for m in requests if (m, t) in x]
            if not lits:
                continue
            b = var("busy", p, t)
            row[t] = b
            busy_by_slot[t].append(b)
            clauses.append([-b, *lits])
            for lit in lits:
                clauses.append([-lit, b])
            if len(lits) > 1:
                add_card(lits, 1, "atmost")
        busy.append(row)
        degree = len(requests)
        used = [b for b in row if b]
        if degree and len(used) > degree:
            add_card(used, degree, "equals")
        if degree < 2:
            continue
        holes: list[int] = []
        seen = 0  # seen[t]: busy at some slot ≤ t
        seen_at: dict[int, int] = {}
        for t in range(1, n_slots + 1):
            before = seen_at.get(t - 2, 0)
            if row[t] and before:
                h = var("hole", p, t)
                clause = [-row[t], -before, h]
                if row[t - 1]:
                    clause.append(row[t - 1])
                clauses.append(clause)
                holes.append(h)
            if row[t]:
                s = var("seen", p, t)
                clauses.append([-row[t], s])
                if seen:
                    clauses.append([-seen, s])
                seen = s
            if seen:
                seen_at[t] = seen
        # Clustering: with no hole, a meeting at t and one at u are less than |M_p| slots apart.
        if holes:
            no_hole = var("nohole", p)
            for h in holes:
                clauses.append([-h, -no_hole])
            clauses.append([no_hole, *holes])
            slots_p = [t for t in range(1, n_slots + 1) if row[t]]
            for i, t in enumerate(slots_p):
                for u in slots_p[i + 1 :]:
                    if u - t >= degree:
                        clauses.append([-no_hole, -row[t], -row[u]])
            blocks = min_blocks(slots_p, degree)
            if blocks > 1:
                clauses.append([-no_hole])
            elif WINDOWS:
                # Without a hole the meetings fill one window [s, s + |M_p| − 1] of busy slots: choose s.
                starts = [s for s in range(1, n_slots - degree + 2) if all(row[t] for t in range(s, s + degree))]
                window = {s: var("window", p, s) for s in starts}
                clauses.append([-no_hole, *window.values()])
                for s, w in window.items():
                    clauses.append([-w, no_hole])
                    for t in range(1, n_slots + 1):
                        if row[t]:
                            clauses.append([-w, row[t] if s <= t < s + degree else -row[t]])
                for t in slots_p:
                    covering = [w for s, w in window.items() if s <= t < s + degree]
                    clauses.append([-no_hole, -row[t], *covering])
            if fairness is not None and len(holes) > fairness:
                add_card(holes, fairness, "atmost")
        holes_all.extend(holes)
    for t in range(1, n_slots + 1):
        if len(busy_by_slot[t]) > 2 * instance.tables:
            add_card(busy_by_slot[t], 2 * instance.tables, "atmost")

    upper = len(holes_all)
    extra: list[list[int]] = []
    rhs: list[int] = []
    if holes_all:
        totalizer = ITotalizer(lits=holes_all, ubound=min(upper, lower + 64), top_id=pool.top)
        extra = totalizer.cnf.clauses
        rhs = list(totalizer.rhs)
    x_vars = set(x.values())
    # CaDiCaL cannot be interrupted through python-sat: it runs in child processes (one per core, two versions
    # of CaDiCaL whose searches differ) that report each proven bound and the model, stopped at the deadline.
    context = multiprocessing.get_context("fork")
    formula = clauses + extra
    children = []
    receivers = []
    for name in SOLVERS[: max(1, workers)]:
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_deepen, args=(name, formula, rhs, len(holes_all), lower, x_vars, sender))
        child.start()
        sender.close()
        children.append(child)
        receivers.append(receiver)
    bound = lower
    try:
        alive = list(receivers)
        while alive:
            left = time_limit - (time.perf_counter() - started)
            if left <= 0:
                break
            ready = multiprocessing.connection.wait(alive, timeout=left)
            if not ready:
                break
            for connection in ready:
                assert isinstance(connection, Connection)
                try:
                    kind, k, true_x = connection.recv()
                except EOFError:
                    alive.remove(connection)
                    continue
                if kind == "bound":
                    bound = max(bound, k)
                    if stop_at_bound is not None and bound >= stop_at_bound:
                        return SatOutcome("unknown", bound=bound)
                elif kind == "model":
                    slot_of = {m: t for (m, t), v in x.items() if v in true_x}
                    return SatOutcome("optimal", slot_of, k, k)
                elif kind == "infeasible":
                    return SatOutcome("infeasible", bound=k)
                else:
                    alive.remove(connection)
        return SatOutcome("unknown", bound=bound)
    finally:
        for child in children:
            if child.is_alive():
                child.kill()
            child.join()
        for receiver in receivers:
            receiver.close()


def _deepen(
    name: str, clauses: list[list[int]], rhs: list[int], n_holes: int, lower: int, x_vars: set[int], sender: Connection
) -> None:
    """In the child process: "at most k holes" for k = lower, lower + 1, … until a model is found."""
    try:
        with Solver(name=name, bootstrap_with=clauses) as solver:
            k = lower
            while True:
                assumptions = []
                if n_holes and k < n_holes:
                    if k >= len(rhs):
                        sender.send(("gave_up", k, set()))
                        return
                    assumptions = [-rhs[k]]
                if solver.solve(assumptions=assumptions):
                    model = solver.get_model() or []
                    sender.send(("model", k, {lit for lit in model if lit > 0 and lit in x_vars}))
                    return
                if not assumptions:
                    sender.send(("infeasible", k, set()))
                    return
                k += 1
                sender.send(("bound", k, set()))
    finally:
        sender.close()
