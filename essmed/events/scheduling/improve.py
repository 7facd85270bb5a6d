"""Local search that removes breaks from a complete schedule by moving one meeting at a time (event scale)."""

from __future__ import annotations

import time

from .greedy import Greedy


def mask_breaks(mask: int) -> int:
    """Breaks of a participant whose busy slots are the bits of ``mask``."""
    starts = mask & ~(mask << 1)
    return max(starts.bit_count() - 1, 0)


def compact(state: Greedy, *, deadline: float, frozen: set[int] | None = None) -> int:
    """Move single meetings to slots where their participants have fewer breaks, until no move helps or the
    deadline passes. Keeps every constraint (tables, availability, sessions, order). Returns the breaks removed."""
    problem = state.problem
    tables = problem.instance.tables
    frozen = frozen or set()
    movable = [
        m
        for m in state.slot_of
        if problem.requests[m].fixed_slot is None and m not in frozen and len(problem.allowed[m]) > 1
    ]
    removed = 0
    improved = True
    while improved and time.perf_counter() < deadline:
        improved = False
        for m in movable:
            a, b = problem.ends[m]
            old = state.slot_of[m]
            bit = 1 << old
            mask_a, mask_b = state.busy[a], state.busy[b]
            current = mask_breaks(mask_a) + mask_breaks(mask_b)
            if current == 0:
                continue
            base_a, base_b = mask_a & ~bit, mask_b & ~bit
            low, high = 1, problem.instance.slots
            for pred in problem.before[m]:
                if pred in state.slot_of:
                    low = max(low, state.slot_of[pred] + 1)
            for nxt in problem.after[m]:
                if nxt in state.slot_of:
                    high = min(high, state.slot_of[nxt] - 1)
            best, best_gain = old, 0
            for t in problem.allowed[m]:
                if t == old or t < low or t > high or state.load[t] >= tables:
                    continue
                new_bit = 1 << t
                if (base_a | base_b) & new_bit:
                    continue
                gain = current - mask_breaks(base_a | new_bit) - mask_breaks(base_b | new_bit)
                if gain > best_gain:
                    best, best_gain = t, gain
            if best != old:
                state.remove(m)
                state.put(m, best)
                removed += best_gain
                improved = True
            if time.perf_counter() >= deadline:
                break
    return removed
