"""Property tests of the scheduler: on random small instances, every schedule it returns satisfies every
constraint (checked by the independent ``verify``), its break count is the one recomputed from the placements,
and when it says "optimal" or "infeasible" an exhaustive search agrees."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from essmed.events.scheduling import Instance, Participant, Request, count_breaks, schedule, verify

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def instances(draw: st.DrawFn, *, must_hold_all: bool | None = None, max_requests: int = 7) -> Instance:
    slots = draw(st.integers(1, 5))
    morning = draw(st.integers(0, slots))
    tables = draw(st.integers(1, 3))
    n = draw(st.integers(2, 5))
    participants = tuple(
        Participant(
            f"p{i}",
            frozenset(draw(st.sets(st.integers(1, slots), max_size=2))),
            draw(st.one_of(st.none(), st.integers(0, 3))),
        )
        for i in range(n)
    )
    pairs = [(a, b) for a in range(n) for b in range(a + 1, n)]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=max_requests))
    requests = []
    for index, (a, b) in enumerate(chosen):
        after = tuple(f"r{j}" for j in draw(st.sets(st.integers(0, index - 1), max_size=1))) if index else ()
        requests.append(
            Request(
                f"r{index}",
                f"p{a}",
                f"p{b}",
                priority=draw(st.integers(1, 3)),
                session=draw(st.sampled_from(["any", "any", "morning", "afternoon"])),
                fixed_slot=draw(st.one_of(st.none(), st.none(), st.integers(1, slots))),
                after=after,
            )
        )
    hold = draw(st.booleans()) if must_hold_all is None else must_hold_all
    return Instance(slots, morning, tables, participants, tuple(requests), must_hold_all=hold)


def brute_force_optimum(instance: Instance, fairness: int | None) -> int | None:
    """The fewest breaks over every assignment of slots when every request is held (None: infeasible)."""
    best: int | None = None
    people = {p.id: p for p in instance.participants}
    requests = instance.requests
    for slots in itertools.product(range(1, instance.slots + 1), repeat=len(requests)):
        ok = True
        busy: dict[str, list[int]] = {p: [] for p in people}
        per_slot: dict[int, int] = {}
        at = {r.id: s for r, s in zip(requests, slots, strict=True)}
        for request, slot in zip(requests, slots, strict=True):
            if (
                (request.session == "morning" and slot > instance.morning_slots)
                or (request.session == "afternoon" and slot <= instance.morning_slots)
                or (request.fixed_slot is not None and slot != request.fixed_slot)
                or any(at[x] >= slot for x in request.after)
            ):
                ok = False
                break
            for who in (request.a, request.b):
                if slot in people[who].unavailable or slot in busy[who]:
                    ok = False
                busy[who].append(slot)
            per_slot[slot] = per_slot.get(slot, 0) + 1
        if not ok or any(c > instance.tables for c in per_slot.values()):
            continue
        if any(p.max_meetings is not None and len(busy[p.id]) > p.max_meetings for p in people.values()):
            continue
        breaks = count_breaks(busy.values())
        if fairness is not None and max(breaks) - min(breaks) > fairness:
            continue
        total = sum(breaks)
        best = total if best is None else min(best, total)
    return best


@SETTINGS
@given(instance=instances(), fairness=st.one_of(st.none(), st.integers(0, 2)))
def test_every_returned_schedule_satisfies_every_constraint(instance: Instance, fairness: int | None) -> None:
    result = schedule(instance, fairness=fairness, time_limit=5)
    assert verify(instance, result, fairness=fairness) == []
    if result.status in ("optimal", "feasible"):
        by_id = {r.id: r for r in instance.requests}
        busy: dict[str, list[int]] = {p.id: [] for p in instance.participants}
        for placement in result.scheduled:
            busy[by_id[placement.request].a].append(placement.slot)
            busy[by_id[placement.request].b].append(placement.slot)
        recomputed = sum(
            len([t for t in range(min(s), max(s)) if t not in s and t + 1 in s]) for s in busy.values() if s
        )
        assert result.breaks == recomputed
        assert result.bound_meetings is not None and result.bound_meetings >= len(result.scheduled)


@SETTINGS
@given(instance=instances(must_hold_all=True, max_requests=5), fairness=st.one_of(st.none(), st.integers(0, 2)))
def test_optimal_and_infeasible_answers_agree_with_exhaustive_search(instance: Instance, fairness: int | None) -> None:
    result = schedule(instance, fairness=fairness, time_limit=5)
    expected = brute_force_optimum(instance, fairness)
    if result.status == "infeasible":
        assert expected is None
        assert result.conflicts
    elif result.status == "optimal":
        assert result.breaks == expected
        assert result.bound_breaks == expected
    else:  # tiny instances are always decided within the time limit
        raise AssertionError(f"undecided: {result.status}")
