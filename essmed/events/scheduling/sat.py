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

For "no break at all" and "at most one break in all" (:func:`solve_patterns`) a second encoding is far stronger:
each participant chooses its **pattern** of busy slots, one window of |M_p| consecutive usable slots, or (for
one break) two windows separated by at least one idle slot; ``busy[p,t]`` ⇔ ∨ patterns covering t ⇔ ∨ x[m,t];
at most one participant has a two-window pattern. There is no hole, ``seen`` or totalizer variable: a chosen
pattern fixes the participant's whole row, which the solver propagates at once.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from pysat.card import CardEnc, EncType, ITotalizer  # type: ignore[import-untyped]
from pysat.formula import IDPool  # type: ignore[import-untyped]
from pysat.solvers import Solver  # type: ignore[import-untyped]

from .problem import Problem, min_blocks

SOLVERS = ("cadical195", "cadical153")
WINDOWS = os.environ.get("B2B_WINDOWS", "1") == "1"
# Above this many pattern variables (all participants) the pattern encoding is not built.
PATTERN_LIMIT = 300_000


@dataclass
class SatOutcome:
    status: str  # optimal, feasible, infeasible, unknown
    slot_of: dict[int, int] = field(default_factory=dict)
    breaks: int | None = None
    bound: int = 0


def applicable(problem: Problem, fairness: int | None) -> bool:
    """Whether the fairness bound is "at most ``fairness`` breaks each" (the fewest breaks is surely 0)."""
    return fairness is None or any(len(r) <= 1 for r in problem.incident)


@dataclass
class Encoding:
    """A CNF formula with its ``x[m,t]`` variables. With a totalizer (hole encoding), "at most k breaks" is the
    assumption ``-rhs[k]``; without (pattern encoding), the formula itself says "at most ``lower`` breaks"."""

    clauses: list[list[int]]
    x: dict[tuple[int, int], int]
    lower: int
    rhs: list[int] = field(default_factory=list)
    n_holes: int = 0
    patterns: bool = False  # a refutation proves the bound lower + 1 (not infeasibility)


@dataclass
class Job:
    solver: str
    encoding: Encoding
    options: dict[str, int] = field(default_factory=dict)  # CaDiCaL 1.9.5 options
    # When the job ends without a model (a pattern encoding refuted), the job to run next on its core, from the
    # best bound proven so far.
    then: Callable[[int], Job] | None = None


# CaDiCaL's configuration for satisfiable formulas (``cadical --sat``): measured on the pattern encoding of "at
# most one break", 15,849–36,339 conflicts to a model on ticf-13crafc against 32,249–33,093 by default.
FOR_MODELS = {"stabilizeonly": 1, "elimreleff": 10, "subsumereleff": 60}


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
    """Deepening on the hole encoding, one CaDiCaL version per worker."""
    started = time.perf_counter()
    encoding = encode_holes(problem, domains, fairness=fairness, lower=lower)
    jobs = [Job(name, encoding) for name in SOLVERS[: max(1, workers)]]
    return race(jobs, time_limit=time_limit - (time.perf_counter() - started), stop_at_bound=stop_at_bound)


def solve_patterns(
    problem: Problem,
    domains: list[list[int]],
    *,
    breaks: int,
    time_limit: float,
    fairness: int | None = None,
    workers: int = 2,
) -> SatOutcome:
    """ "At most ``breaks`` (0 or 1) breaks in all", ``breaks`` being a proven lower bound, on the pattern encoding.

    ``breaks`` = 0: both workers on the pattern encoding (CaDiCaL 1.9.5 and 1.5.3); "optimal" with a schedule
    without breaks, or "unknown" with ``bound`` = 1 when refuted. ``breaks`` = 1: the first worker on the pattern
    encoding, then (if refuted) on the hole encoding deepening from the bound proven; the second deepens on the
    hole encoding from 1 all along (the two searches differ most): the answer is that of :func:`solve`."""
    started = time.perf_counter()
    encoding = encode_patterns(problem, domains, breaks=breaks)
    if encoding is None:
        if breaks == 0:
            return SatOutcome("unknown", bound=0)
        return solve(problem, domains, fairness=fairness, time_limit=time_limit, lower=breaks, workers=workers)
    if breaks == 0:
        jobs = [Job(name, encoding) for name in SOLVERS[: max(1, workers)]]
        return race(jobs, time_limit=time_limit - (time.perf_counter() - started), stop_at_bound=1)

    def holes_from(bound: int) -> Job:
        return Job(SOLVERS[0], encode_holes(problem, domains, fairness=fairness, lower=bound))

    jobs = [Job(SOLVERS[0], encoding, FOR_MODELS, then=holes_from)]
    if workers > 1:
        jobs.append(Job(SOLVERS[1], encode_holes(problem, domains, fairness=fairness, lower=breaks)))
    return race(jobs, time_limit=time_limit - (time.perf_counter() - started))


def encode_patterns(problem: Problem, domains: list[list[int]], *, breaks: int) -> Encoding | None:
    """The pattern encoding of "at most ``breaks`` breaks in all" (``breaks`` ≤ 1; see the module docstring),
    or None when it would exceed :data:`PATTERN_LIMIT` pattern variables."""
    instance = problem.instance
    n_slots = instance.slots
    pool = IDPool()
    clauses: list[list[int]] = []
    x = _meeting_clauses(problem, domains, pool, clauses)
    busy_by_slot: list[list[int]] = [[] for _ in range(n_slots + 2)]
    rows: list[tuple[int, dict[int, list[int]], list[tuple[int, frozenset[int]]]]] = []
    total = 0
    for p, requests in enumerate(problem.incident):
        meet = {t: [x[m, t] for m in requests if (m, t) in x] for t in range(1, n_slots + 1)}
        usable = {t for t, lits in meet.items() if lits}
        shapes = _patterns(len(requests), usable, n_slots, breaks) if len(requests) > 1 else []
        total += len(shapes)
        if total > PATTERN_LIMIT:
            return None
        rows.append((p, meet, shapes))
    breakers: list[int] = []
    for p, meet, shapes in rows:
        degree = len(problem.incident[p])
        if degree < 2:
            continue  # no break possible (and, measured, leaving them out of the busy count is faster)
        chosen = [int(pool.id(("pattern", p, i))) for i in range(len(shapes))]
        clauses.append(list(chosen))  # empty when no pattern fits: no such schedule
        if len(chosen) > 1:
            clauses.extend(CardEnc.atmost(lits=chosen, bound=1, vpool=pool, encoding=EncType.ladder).clauses)
        split = [v for (gaps, _), v in zip(shapes, chosen, strict=True) if gaps]
        if split:
            breaker = int(pool.id(("breaker", p)))
            breakers.append(breaker)
            clauses.append([-breaker, *split])
            clauses.extend([-v, breaker] for v in split)
        for t in range(1, n_slots + 1):
            lits = meet[t]
            if not lits:
                continue
            b = int(pool.id(("busy", p, t)))
            busy_by_slot[t].append(b)
            clauses.append([-b, *lits])
            clauses.extend([-lit, b] for lit in lits)
            if len(lits) > 1:
                clauses.extend(CardEnc.atmost(lits=lits, bound=1, vpool=pool, encoding=EncType.seqcounter).clauses)
            covering = [v for (_, slots), v in zip(shapes, chosen, strict=True) if t in slots]
            clauses.append([-b, *covering])
            clauses.extend([-v, b] for v in covering)
    for t in range(1, n_slots + 1):
        if len(busy_by_slot[t]) > 2 * instance.tables:
            clauses.extend(
                CardEnc.atmost(
                    lits=busy_by_slot[t], bound=2 * instance.tables, vpool=pool, encoding=EncType.seqcounter
                ).clauses
            )
    if len(breakers) > breaks:
        clauses.extend(CardEnc.atmost(lits=breakers, bound=breaks, vpool=pool, encoding=EncType.seqcounter).clauses)
    return Encoding(clauses, x, breaks, patterns=True)


def _patterns(degree: int, usable: set[int], n_slots: int, breaks: int) -> list[tuple[int, frozenset[int]]]:
    """The busy slots a participant with ``degree`` meetings may have with at most ``breaks`` (0 or 1) breaks:
    (number of breaks, slots), one window of usable slots or two separated by at least one slot."""

    def fits(start: int, length: int) -> bool:
        return all(t in usable for t in range(start, start + length))

    shapes = [(0, frozenset(range(s, s + degree))) for s in range(1, n_slots - degree + 2) if fits(s, degree)]
    if breaks >= 1:
        for first in range(1, degree):
            second = degree - first
            for s1 in range(1, n_slots + 1):
                if not fits(s1, first):
                    continue
                for s2 in range(s1 + first + 1, n_slots - second + 2):
                    if fits(s2, second):
                        slots = frozenset(range(s1, s1 + first)) | frozenset(range(s2, s2 + second))
                        shapes.append((1, slots))
    return shapes


def _meeting_clauses(
    problem: Problem, domains: list[list[int]], pool: IDPool, clauses: list[list[int]]
) -> dict[tuple[int, int], int]:
    """``x[m,t]``: exactly one slot per request, at most ``tables`` per slot, order constraints."""
    instance = problem.instance
    x: dict[tuple[int, int], int] = {}
    per_slot: list[list[int]] = [[] for _ in range(instance.slots + 2)]
    for m, domain in enumerate(domains):
        lits = []
        for t in domain:
            x[m, t] = int(pool.id(("x", m, t)))
            lits.append(x[m, t])
            per_slot[t].append(x[m, t])
        clauses.append(list(lits))
        for i, a in enumerate(lits):
            for b in lits[i + 1 :]:
                clauses.append([-a, -b])
    for t in range(1, instance.slots + 1):
        if len(per_slot[t]) > instance.tables:
            clauses.extend(
                CardEnc.atmost(lits=per_slot[t], bound=instance.tables, vpool=pool, encoding=EncType.seqcounter).clauses
            )
    for m, preds in enumerate(problem.before):
        for pred in preds:
            for t in domains[m]:
                for u in domains[pred]:
                    if u >= t:
                        clauses.append([-x[m, t], -x[pred, u]])
    return x


def encode_holes(problem: Problem, domains: list[list[int]], *, fairness: int | None, lower: int) -> Encoding:
    """The hole encoding (module docstring), with a totalizer over all holes from ``lower`` on."""
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

    x = _meeting_clauses(problem, domains, pool, clauses)
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
    return Encoding(clauses + extra, x, lower, rhs, len(holes_all))


def race(jobs: list[Job], *, time_limit: float, stop_at_bound: int | None = None) -> SatOutcome:
    """Run each job in its own child process until one finds a model or refutes, or the time is up."""
    started = time.perf_counter()
    bound = min(job.encoding.lower for job in jobs)
    if time_limit <= 0:
        return SatOutcome("unknown", bound=bound)
    # CaDiCaL cannot be interrupted through python-sat: it runs in child processes (one per core, two versions
    # of CaDiCaL whose searches differ) that report each proven bound and the model, stopped at the deadline.
    context = multiprocessing.get_context("fork")
    children: list[multiprocessing.process.BaseProcess] = []
    job_of: dict[Connection, Job] = {}
    child_of: dict[Connection, multiprocessing.process.BaseProcess] = {}
    alive: list[Connection] = []

    def start(job: Job) -> None:
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_deepen, args=(job, sender))
        child.start()
        sender.close()
        children.append(child)
        job_of[receiver] = job
        child_of[receiver] = child
        alive.append(receiver)

    def follow(connection: Connection) -> None:
        alive.remove(connection)
        then = job_of[connection].then
        if then is not None:
            start(then(bound))

    for job in jobs:
        start(job)
    try:
        while alive:
            left = time_limit - (time.perf_counter() - started)
            if left <= 0:
                break
            ready = multiprocessing.connection.wait(alive, timeout=left)
            if not ready:
                break
            for connection in ready:
                assert isinstance(connection, Connection)
                if connection not in alive:
                    continue
                try:
                    kind, k, slot_of = connection.recv()
                except EOFError:
                    follow(connection)
                    continue
                if kind == "bound":
                    bound = max(bound, k)
                    if stop_at_bound is not None and bound >= stop_at_bound:
                        return SatOutcome("unknown", bound=bound)
                    # A pattern run whose question another run has answered (refuted) gives way to its successor.
                    for other in list(alive):
                        if job_of[other].encoding.patterns and job_of[other].encoding.lower < bound:
                            child_of[other].kill()
                            follow(other)
                elif kind == "model":
                    return SatOutcome("optimal", slot_of, k, k)
                elif kind == "infeasible":
                    return SatOutcome("infeasible", bound=k)
        return SatOutcome("unknown", bound=bound)
    finally:
        for child in children:
            if child.is_alive():
                child.kill()
            child.join()
        for receiver in job_of:
            receiver.close()


def _deepen(job: Job, sender: Connection) -> None:
    """In the child process: "at most k holes" for k = lower, lower + 1, … until a model is found (hole
    encoding), or the one question the formula asks (pattern encoding: a refutation proves lower + 1)."""
    encoding = job.encoding
    try:
        with Solver(name=job.solver) as solver:
            if job.options:
                solver.configure(job.options)
            solver.append_formula(encoding.clauses)
            k = encoding.lower
            rhs = encoding.rhs
            while True:
                assumptions = []
                if encoding.n_holes and k < encoding.n_holes:
                    if k >= len(rhs):
                        sender.send(("gave_up", k, {}))
                        return
                    assumptions = [-rhs[k]]
                if solver.solve(assumptions=assumptions):
                    true = {lit for lit in solver.get_model() or [] if lit > 0}
                    slot_of = {m: t for (m, t), v in encoding.x.items() if v in true}
                    sender.send(("model", k, slot_of))
                    return
                if encoding.patterns:
                    sender.send(("bound", k + 1, {}))
                    return
                if not assumptions:
                    sender.send(("infeasible", k, {}))
                    return
                k += 1
                sender.send(("bound", k, {}))
    finally:
        sender.close()
