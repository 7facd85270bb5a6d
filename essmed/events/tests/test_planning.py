from __future__ import annotations

from datetime import date, time
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from essmed.events.planning import (
    PersonInfo,
    PlanningError,
    RequestInfo,
    SlotInfo,
    build_instance,
    find_cycle,
    generate_slots,
    moved_requests,
    parse_breaks,
)

ZONE = ZoneInfo("Africa/Casablanca")


def test_slots_fill_the_day_around_the_breaks():
    slots = generate_slots(date(2027, 5, 4), time(9), time(13), 30, parse_breaks("10:30-11:00"), ZONE)
    meetings = [s for s in slots if not s.is_break]
    breaks = [s for s in slots if s.is_break]
    assert len(meetings) == 7
    assert [(b.starts_at.hour, b.starts_at.minute, b.ends_at.hour) for b in breaks] == [(10, 30, 11)]
    assert all(a.ends_at <= b.starts_at for a, b in pairwise(slots))
    assert slots[0].starts_at.tzinfo == ZONE


def test_a_break_due_during_a_slot_absorbs_the_short_gap_before_it():
    slots = generate_slots(date(2027, 5, 4), time(9), time(12), 40, [(time(10, 0), time(10, 30))], ZONE)
    # 9:00–9:40, then 9:40–10:20 would overlap the break: the break runs 9:40–10:30
    assert (slots[1].is_break, slots[1].starts_at.time(), slots[1].ends_at.time()) == (True, time(9, 40), time(10, 30))


@pytest.mark.parametrize(
    ("text", "code"),
    [("10:30", "break_format"), ("11:00-10:00", "break_order"), ("dix-onze", "break_format")],
)
def test_bad_breaks_are_refused_with_a_code(text, code):
    with pytest.raises(PlanningError) as error:
        parse_breaks(text)
    assert error.value.code == code


def test_breaks_accept_french_hours():
    assert parse_breaks("12h30-14h; 10h–10h30") == [(time(10), time(10, 30)), (time(12, 30), time(14))]


def test_a_break_outside_the_day_is_refused():
    with pytest.raises(PlanningError) as error:
        generate_slots(date(2027, 5, 4), time(9), time(12), 30, [(time(8), time(8, 30))], ZONE)
    assert error.value.code == "break_outside"


@given(
    start=st.integers(6 * 60, 11 * 60),
    length=st.integers(60, 8 * 60),
    minutes=st.integers(5, 120),
)
def test_generated_slots_never_overlap_and_stay_within_the_day(start, length, minutes):
    begin = time(start // 60, start % 60)
    finish_minutes = min(start + length, 23 * 60 + 59)
    end = time(finish_minutes // 60, finish_minutes % 60)
    slots = generate_slots(date(2027, 5, 4), begin, end, minutes, [], ZONE)
    for slot in slots:
        assert (slot.ends_at - slot.starts_at).total_seconds() == minutes * 60
        assert slot.starts_at.time() >= begin and slot.ends_at.time() <= end
    assert all(a.ends_at == b.starts_at for a, b in pairwise(slots))
    assert len(slots) == (finish_minutes - start) // minutes


def test_find_cycle_names_the_requests_in_the_circle():
    assert find_cycle({"a": ["b"], "b": ["c"]}) is None
    cycle = find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]})
    assert cycle is not None and sorted(cycle) == ["a", "b", "c"]


@given(st.dictionaries(st.sampled_from("abcdef"), st.lists(st.sampled_from("abcdef"), max_size=3), max_size=6))
def test_find_cycle_returns_a_real_cycle_or_none_for_an_ordering(edges):
    cycle = find_cycle(edges)
    if cycle is None:
        # then a topological order exists: repeatedly remove nodes whose predecessors are all placed
        remaining = {node: set(targets) for node, targets in edges.items()}
        placed: set[str] = set()
        nodes = set(remaining) | {t for ts in remaining.values() for t in ts}
        while nodes - placed:
            ready = {n for n in nodes - placed if remaining.get(n, set()) <= placed}
            assert ready
            placed |= ready
    else:
        for here, there in zip(cycle, cycle[1:] + cycle[:1], strict=True):
            assert there in edges.get(here, [])


def test_instance_marks_afternoons_unavailable_for_a_morning_only_participant():
    slots = [SlotInfo(10, True), SlotInfo(11, True), SlotInfo(12, False), SlotInfo(13, False)]
    people = [PersonInfo(1, "morning", frozenset({11}), 3), PersonInfo(2, "any", frozenset(), None)]
    requests = [RequestInfo(7, 1, 2, 3, 10, (99,))]
    instance, numbers = build_instance(slots, 2, people, requests)
    assert instance.slots == 4 and instance.morning_slots == 2 and instance.tables == 2
    assert instance.participants[0].unavailable == frozenset({2, 3, 4})
    assert instance.participants[0].max_meetings == 3
    request = instance.requests[0]
    assert (request.id, request.a, request.b, request.fixed_slot, request.after) == ("7", "1", "2", 1, ())
    assert numbers == {1: 10, 2: 11, 3: 12, 4: 13}


def test_only_a_change_of_slot_counts_as_a_move():
    assert moved_requests({"1": (1, 1), "2": (2, 1)}, {"1": (1, 4), "2": (3, 1), "3": (1, 2)}) == {"2"}
