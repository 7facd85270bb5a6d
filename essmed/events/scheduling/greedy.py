"""A fast constructive schedule: fair selection and compact placement, one request at a time.

It gives the exact search a first solution (a hint), and it is the whole answer at event scale, where it runs in
seconds for tens of thousands of requests."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field

from .bounds import b_matching_flow
from .problem import Problem


@dataclass
class Greedy:
    problem: Problem
    slot_of: dict[int, int] = field(default_factory=dict)
    left: dict[int, tuple[str, str]] = field(default_factory=dict)  # request → (code, reason)
    busy: list[int] = field(default_factory=list)  # per participant: bit t set when busy at slot t
    count: list[int] = field(default_factory=list)  # per participant: meetings placed
    load: list[int] = field(default_factory=list)  # per slot: meetings placed

    def __post_init__(self) -> None:
        self.busy = [0] * len(self.problem.instance.participants)
        self.count = [0] * len(self.problem.instance.participants)
        self.load = [0] * (self.problem.instance.slots + 2)

    def delta(self, participant: int, slot: int) -> int:
        """How the participant's breaks change if it also meets at ``slot``."""
        mask = self.busy[participant]
        if not mask:
            return 0
        left = (mask >> (slot - 1)) & 1
        right = (mask >> (slot + 1)) & 1
        return 1 - left - right

    def candidates(self, m: int) -> tuple[list[int], str, str]:
        """The slots where request ``m`` can go now, or none with the code and reason why."""
        problem = self.problem
        request = problem.requests[m]
        a, b = problem.ends[m]
        for who, end in ((a, request.a), (b, request.b)):
            limit = problem.instance.participants[who].max_meetings
            if limit is not None and self.count[who] >= limit:
                return [], "max_meetings", f"participant {end} already has their maximum of {limit} meetings"
        if not problem.allowed[m]:
            if request.fixed_slot is not None:
                return (
                    [],
                    "fixed_slot_unavailable",
                    f"it is fixed at slot {request.fixed_slot}, when participant {request.a} or {request.b} is "
                    f"unavailable or outside its {request.session} session",
                )
            return (
                [],
                "no_common_slot",
                f"participants {request.a} and {request.b} have no common free slot in the {request.session} session",
            )
        low, high = 1, problem.instance.slots
        for pred in problem.before[m]:
            if pred in self.slot_of:
                low = max(low, self.slot_of[pred] + 1)
        for nxt in problem.after[m]:
            if nxt in self.slot_of:
                high = min(high, self.slot_of[nxt] - 1)
        in_order = [t for t in problem.allowed[m] if low <= t <= high]
        if not in_order:
            return [], "order", "the requests it must follow or precede leave no slot for it"
        both_free = [t for t in in_order if not (self.busy[a] >> t) & 1 and not (self.busy[b] >> t) & 1]
        if not both_free:
            return (
                [],
                "no_free_slot",
                f"participants {request.a} and {request.b} have no free slot left in common",
            )
        tables = self.problem.instance.tables
        open_slots = [t for t in both_free if self.load[t] < tables]
        if not open_slots:
            return [], "tables_full", "every table is taken in the slots where both participants are free"
        return open_slots, "", ""

    def place(self, m: int) -> bool:
        open_slots, code, reason = self.candidates(m)
        if not open_slots:
            self.left[m] = (code, reason)
            return False
        a, b = self.problem.ends[m]
        slot = min(open_slots, key=lambda t: (self.delta(a, t) + self.delta(b, t), t))
        self.put(m, slot)
        return True

    def put(self, m: int, slot: int) -> None:
        a, b = self.problem.ends[m]
        self.slot_of[m] = slot
        self.busy[a] |= 1 << slot
        self.busy[b] |= 1 << slot
        self.count[a] += 1
        self.count[b] += 1
        self.load[slot] += 1
        self.left.pop(m, None)

    def remove(self, m: int) -> None:
        a, b = self.problem.ends[m]
        slot = self.slot_of.pop(m)
        self.busy[a] &= ~(1 << slot)
        self.busy[b] &= ~(1 << slot)
        self.count[a] -= 1
        self.count[b] -= 1
        self.load[slot] -= 1


def greedy_all(problem: Problem, previous: dict[int, int] | None = None) -> Greedy:
    """Place every request: fixed ones first, then previously placed ones where they were, then by
    decreasing difficulty (participants with many meetings first), in an order compatible with precedences."""
    state = Greedy(problem)
    degree = [len(x) for x in problem.incident]
    fixed = [m for m, r in enumerate(problem.requests) if r.fixed_slot is not None]
    for m in fixed:
        state.place(m)
    if previous:
        for m, slot in sorted(previous.items()):
            if m not in state.slot_of and slot in state.candidates(m)[0]:
                state.put(m, slot)
    rest = [m for m in range(len(problem.requests)) if m not in state.slot_of and m not in state.left]
    rest.sort(key=lambda m: (-max(degree[problem.ends[m][0]], degree[problem.ends[m][1]]), len(problem.allowed[m])))
    for m in _order_respecting(problem, rest):
        state.place(m)
    for m in sorted(state.left):
        kempe_insert(state, m)
    return state


def _meeting_at(state: Greedy, participant: int, slot: int) -> int | None:
    for m in state.problem.incident[participant]:
        if state.slot_of.get(m) == slot:
            return m
    return None


def kempe_insert(state: Greedy, m: int) -> bool:
    """Place request ``m`` by swapping two slots along an alternating chain of meetings (as in Vizing's proof of
    edge colouring): one participant is free at t1, the other is not; the chain from the other's meeting at t1
    alternates between t1 and t2 (where the other is free); swapping it frees the other at t1. Every moved
    meeting must be allowed at its new slot, not fixed, in order, and the tables must suffice."""
    problem = state.problem
    if problem.requests[m].fixed_slot is not None or not problem.allowed[m]:
        return False
    for who in problem.ends[m]:
        limit = problem.instance.participants[who].max_meetings
        if limit is not None and state.count[who] >= limit:
            return False
    a, b = problem.ends[m]
    tables = problem.instance.tables
    for first, second in ((a, b), (b, a)):
        for t1 in problem.allowed[m]:
            if (state.busy[first] >> t1) & 1 or not (state.busy[second] >> t1) & 1:
                continue
            for t2 in range(1, problem.instance.slots + 1):
                if t2 == t1 or (state.busy[second] >> t2) & 1:
                    continue
                chain: list[int] = []
                who, slot, other = second, t1, t2
                ok = True
                while True:
                    nxt = _meeting_at(state, who, slot)
                    if nxt is None:
                        break
                    if nxt in chain or len(chain) > 4 * problem.instance.slots:
                        ok = False
                        break
                    chain.append(nxt)
                    x, y = problem.ends[nxt]
                    who = y if x == who else x
                    if who == first:
                        ok = False
                        break
                    slot, other = other, slot
                if not ok or not chain:
                    continue
                moves = {c: (t2 if state.slot_of[c] == t1 else t1) for c in chain}
                if not all(
                    problem.requests[c].fixed_slot is None and t in problem.allowed[c] for c, t in moves.items()
                ):
                    continue
                into_t1 = sum(1 for t in moves.values() if t == t1) - sum(1 for t in moves.values() if t == t2)
                if state.load[t1] + into_t1 + 1 > tables or state.load[t2] - into_t1 > tables:
                    continue
                for c in chain:
                    state.remove(c)
                for c, t in moves.items():
                    state.put(c, t)
                if t1 in state.candidates(m)[0] and _in_order(state, chain):
                    state.put(m, t1)
                    return True
                for c in chain:  # undo
                    state.remove(c)
                for c in chain:
                    state.put(c, t1 if moves[c] == t2 else t2)
    return False


def _in_order(state: Greedy, moved: list[int]) -> bool:
    problem = state.problem
    for c in moved:
        slot = state.slot_of[c]
        if any(p in state.slot_of and state.slot_of[p] >= slot for p in problem.before[c]):
            return False
        if any(n in state.slot_of and state.slot_of[n] <= slot for n in problem.after[c]):
            return False
    return True


def greedy_fair(problem: Problem, previous: dict[int, int] | None = None) -> Greedy:
    """Select and place requests when not all can be held: fixed ones first, then always the request whose
    less-served participant has the fewest meetings so far, then the higher priority, then the one whose
    participants have fewer alternatives."""
    state = Greedy(problem)
    for m, request in enumerate(problem.requests):
        if request.fixed_slot is not None:
            state.place(m)
    if previous:
        for m, slot in sorted(previous.items()):
            if m not in state.slot_of and slot in state.candidates(m)[0]:
                state.put(m, slot)
    slack = [len(problem.incident[p]) - problem.capacity[p] for p in range(len(problem.incident))]
    carried = b_matching_flow(problem, [m for m in range(len(problem.requests)) if problem.allowed[m]])[1]

    def key(m: int) -> tuple[int, int, int, int, int, int]:
        a, b = problem.ends[m]
        return (
            min(state.count[a], state.count[b]),
            -carried.get(m, 0),
            -problem.requests[m].priority,
            state.count[a] + state.count[b],
            slack[a] + slack[b],
            m,
        )

    heap = [key(m) for m in range(len(problem.requests)) if m not in state.slot_of and m not in state.left]
    heapq.heapify(heap)
    while heap:
        item = heapq.heappop(heap)
        m = item[-1]
        current = key(m)
        if current != item:
            heapq.heappush(heap, current)
            continue
        state.place(m)
    for m in sorted(state.left):
        if state.left[m][0] in ("no_free_slot", "tables_full"):
            kempe_insert(state, m)
    return state


def _order_respecting(problem: Problem, preferred: list[int]) -> list[int]:
    """``preferred`` reordered as little as needed so that a request comes after those it must follow."""
    if not any(problem.before[m] for m in preferred):
        return preferred
    members = set(preferred)
    rank = {m: i for i, m in enumerate(preferred)}
    waiting = {m: sum(1 for p in problem.before[m] if p in members) for m in preferred}
    ready = [(rank[m], m) for m in preferred if waiting[m] == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        _, m = heapq.heappop(ready)
        order.append(m)
        for nxt in problem.after[m]:
            if nxt in waiting:
                waiting[nxt] -= 1
                if waiting[nxt] == 0:
                    heapq.heappush(ready, (rank[nxt], nxt))
    return order
