"""The instance in indexed form, with what can be deduced before any search: the slots each request may use,
order windows, and the obvious reasons why an instance cannot be scheduled."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Instance, Request


@dataclass
class Problem:
    instance: Instance
    index_of: dict[str, int]  # participant id → index
    ends: list[tuple[int, int]]  # per request: the two participant indices
    allowed: list[list[int]]  # per request: the slots it may take (session, availability, fixed slot)
    free: list[list[int]]  # per participant: the slots when the participant is available
    capacity: list[int]  # per participant: at most this many meetings (free slots, max_meetings)
    incident: list[list[int]]  # per participant: its requests
    before: list[list[int]]  # per request: the requests that must take place in earlier slots
    after: list[list[int]] = field(default_factory=list)  # per request: the requests that must come later

    @property
    def requests(self) -> tuple[Request, ...]:
        return self.instance.requests


def session_slots(instance: Instance, request: Request) -> range:
    if request.session == "morning":
        return range(1, instance.morning_slots + 1)
    if request.session == "afternoon":
        return range(instance.morning_slots + 1, instance.slots + 1)
    return range(1, instance.slots + 1)


def build(instance: Instance) -> Problem:
    """Index ``instance`` (which :func:`validate` accepted)."""
    index_of = {p.id: i for i, p in enumerate(instance.participants)}
    request_index = {r.id: i for i, r in enumerate(instance.requests)}
    ends = [(index_of[r.a], index_of[r.b]) for r in instance.requests]
    free = [[t for t in range(1, instance.slots + 1) if t not in p.unavailable] for p in instance.participants]
    allowed = []
    for request in instance.requests:
        blocked = (
            instance.participants[index_of[request.a]].unavailable
            | instance.participants[index_of[request.b]].unavailable
        )
        slots = [t for t in session_slots(instance, request) if t not in blocked]
        if request.fixed_slot is not None:
            slots = [t for t in slots if t == request.fixed_slot]
        allowed.append(slots)
    incident: list[list[int]] = [[] for _ in instance.participants]
    for m, (a, b) in enumerate(ends):
        incident[a].append(m)
        incident[b].append(m)
    capacity = []
    for i, participant in enumerate(instance.participants):
        cap = len(free[i])
        if participant.max_meetings is not None:
            cap = min(cap, participant.max_meetings)
        capacity.append(cap)
    before = [[request_index[x] for x in r.after] for r in instance.requests]
    after: list[list[int]] = [[] for _ in instance.requests]
    for m, preds in enumerate(before):
        for pred in preds:
            after[pred].append(m)
    return Problem(instance, index_of, ends, allowed, free, capacity, incident, before, after)


def topological_order(problem: Problem) -> list[int]:
    """Requests ordered so that each comes after those it must follow (validate() excluded cycles)."""
    indegree = [len(b) for b in problem.before]
    order = [m for m, d in enumerate(indegree) if d == 0]
    for m in order:
        for nxt in problem.after[m]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                order.append(nxt)
    return order


def windows(problem: Problem) -> tuple[list[int], list[int]]:
    """Earliest and latest slot of each request when every request is held (order constraints propagated)."""
    earliest = [slots[0] if slots else problem.instance.slots + 1 for slots in problem.allowed]
    latest = [slots[-1] if slots else 0 for slots in problem.allowed]
    order = topological_order(problem)
    for m in order:
        for pred in problem.before[m]:
            earliest[m] = max(earliest[m], earliest[pred] + 1)
        earliest[m] = next((t for t in problem.allowed[m] if t >= earliest[m]), problem.instance.slots + 1)
    for m in reversed(order):
        for nxt in problem.after[m]:
            latest[m] = min(latest[m], latest[nxt] - 1)
        latest[m] = next((t for t in reversed(problem.allowed[m]) if t <= latest[m]), 0)
    return earliest, latest


def min_blocks(free_slots: list[int], meetings: int) -> int:
    """The fewest runs of consecutive free slots that can hold ``meetings`` meetings (breaks ≥ this − 1)."""
    if meetings <= 0:
        return 0
    runs: list[int] = []
    previous = -10
    for t in free_slots:
        if t == previous + 1:
            runs[-1] += 1
        else:
            runs.append(1)
        previous = t
    runs.sort(reverse=True)
    total = 0
    for count, length in enumerate(runs, start=1):
        total += length
        if total >= meetings:
            return count
    return len(runs) + 1  # more meetings than free slots: infeasible anyway


def order_chain(problem: Problem, m: int, earliest: list[int], latest: list[int]) -> list[str]:
    """The tightest chain of order constraints through request ``m`` (ids, first to last)."""
    before = [m]
    while problem.before[before[-1]]:
        before.append(max(problem.before[before[-1]], key=lambda p: earliest[p]))
    after = [m]
    while problem.after[after[-1]]:
        after.append(min(problem.after[after[-1]], key=lambda n: latest[n]))
    return [problem.requests[x].id for x in [*reversed(before), *after[1:]]]


def obvious_conflicts(problem: Problem) -> list[str]:
    """Reasons, found without search, why not every request can be held (empty when none is obvious)."""
    instance = problem.instance
    conflicts: list[str] = []
    for m, request in enumerate(problem.requests):
        if not problem.allowed[m]:
            if request.fixed_slot is not None:
                conflicts.append(
                    f"request {request.id} is fixed at slot {request.fixed_slot}, when participant {request.a} or "
                    f"{request.b} is unavailable or outside its session ({request.session})"
                )
            else:
                conflicts.append(
                    f"participants {request.a} and {request.b} of request {request.id} have no common free slot "
                    f"in its session ({request.session})"
                )
    for i, participant in enumerate(instance.participants):
        degree = len(problem.incident[i])
        if degree > len(problem.free[i]):
            conflicts.append(
                f"participant {participant.id} has {degree} meetings but only {len(problem.free[i])} free slots"
            )
        if participant.max_meetings is not None and degree > participant.max_meetings:
            conflicts.append(
                f"participant {participant.id} has {degree} meetings, "
                f"more than their maximum {participant.max_meetings}"
            )
        for session in ("morning", "afternoon"):
            these = [m for m in problem.incident[i] if problem.requests[m].session == session]
            slots = {t for m in these for t in problem.allowed[m]}
            if len(these) > len(slots):
                conflicts.append(
                    f"participant {participant.id} has {len(these)} {session} meetings but only {len(slots)} free "
                    f"{session} slots"
                )
        fixed: dict[int, str] = {}
        for m in problem.incident[i]:
            slot = problem.requests[m].fixed_slot
            if slot is not None:
                if slot in fixed:
                    conflicts.append(
                        f"requests {fixed[slot]} and {problem.requests[m].id} of participant {participant.id} are both "
                        f"fixed at slot {slot}"
                    )
                fixed[slot] = problem.requests[m].id
    per_slot: dict[int, int] = {}
    for request in problem.requests:
        if request.fixed_slot is not None:
            per_slot[request.fixed_slot] = per_slot.get(request.fixed_slot, 0) + 1
    for slot, count in sorted(per_slot.items()):
        if count > instance.tables:
            conflicts.append(f"slot {slot} has {count} fixed meetings for {instance.tables} tables")
    if len(problem.requests) > instance.tables * instance.slots:
        conflicts.append(
            f"{len(problem.requests)} meetings cannot fit in {instance.slots} slots × {instance.tables} tables"
        )
    if not conflicts:
        earliest, latest = windows(problem)
        for m, request in enumerate(problem.requests):
            if problem.allowed[m] and earliest[m] > latest[m]:
                chain = order_chain(problem, m, earliest, latest)
                conflicts.append(
                    f"order constraints {' → '.join(chain)} leave no slot for request {request.id} "
                    f"(allowed slots {problem.allowed[m][0]}..{problem.allowed[m][-1]})"
                )
                break
    return conflicts
