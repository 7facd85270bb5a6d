"""An independent checker of schedules: what the solver returns is verified against the instance from scratch.

It shares no code with the solver beyond the data classes, so that the tests (and the web app, before it saves
a schedule) can trust it."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable

from .model import Instance, Placement, Result


def count_breaks(slots_by_participant: Iterable[Iterable[int]]) -> list[int]:
    """Breaks of each participant: the idle gaps between consecutive meetings, each gap counted once."""
    counts = []
    for slots in slots_by_participant:
        ordered = sorted(set(slots))
        counts.append(sum(1 for before, after in itertools.pairwise(ordered) if after > before + 1))
    return counts


def participant_breaks(instance: Instance, placements: Iterable[Placement]) -> dict[str, int]:
    """Breaks per participant id (every participant of the instance, 0 for those without meetings)."""
    by_id = {r.id: r for r in instance.requests}
    busy: dict[str, list[int]] = {p.id: [] for p in instance.participants}
    for placement in placements:
        request = by_id[placement.request]
        busy[request.a].append(placement.slot)
        busy[request.b].append(placement.slot)
    ids = list(busy)
    return dict(zip(ids, count_breaks(busy[i] for i in ids), strict=True))


def verify(instance: Instance, result: Result, *, fairness: int | None = None) -> list[str]:
    """Every way ``result`` breaks a rule of ``instance`` (an empty list when the schedule is valid)."""
    problems: list[str] = []
    requests = {r.id: r for r in instance.requests}
    participants = {p.id: p for p in instance.participants}
    if result.status in ("infeasible", "unknown"):
        if result.scheduled:
            problems.append(f"an {result.status} result has scheduled meetings")
        return problems
    placed: dict[str, Placement] = {}
    tables_used: set[tuple[int, int]] = set()
    busy: dict[tuple[str, int], str] = {}
    per_slot: dict[int, int] = defaultdict(int)
    meetings: dict[str, int] = defaultdict(int)
    for placement in result.scheduled:
        request = requests.get(placement.request)
        if request is None:
            problems.append(f"unknown request {placement.request} is scheduled")
            continue
        if placement.request in placed:
            problems.append(f"request {placement.request} is scheduled twice")
            continue
        placed[placement.request] = placement
        slot = placement.slot
        if not 1 <= slot <= instance.slots:
            problems.append(f"request {request.id} is at slot {slot}, outside 1..{instance.slots}")
        if not 1 <= placement.table <= instance.tables:
            problems.append(f"request {request.id} is at table {placement.table}, outside 1..{instance.tables}")
        if (slot, placement.table) in tables_used:
            problems.append(f"table {placement.table} holds two meetings at slot {slot}")
        tables_used.add((slot, placement.table))
        per_slot[slot] += 1
        for who in (request.a, request.b):
            meetings[who] += 1
            if (who, slot) in busy:
                problems.append(f"participant {who} has requests {busy[who, slot]} and {request.id} at slot {slot}")
            busy[who, slot] = request.id
            if slot in participants[who].unavailable:
                problems.append(f"participant {who} is unavailable at slot {slot} (request {request.id})")
        if request.session == "morning" and slot > instance.morning_slots:
            problems.append(f"request {request.id} must be in the morning, is at slot {slot}")
        if request.session == "afternoon" and slot <= instance.morning_slots:
            problems.append(f"request {request.id} must be in the afternoon, is at slot {slot}")
        if request.fixed_slot is not None and slot != request.fixed_slot:
            problems.append(f"request {request.id} is fixed at slot {request.fixed_slot}, is at slot {slot}")
    for slot, count in per_slot.items():
        if count > instance.tables:
            problems.append(f"slot {slot} holds {count} meetings for {instance.tables} tables")
    for who, count in meetings.items():
        limit = participants[who].max_meetings
        if limit is not None and count > limit:
            problems.append(f"participant {who} has {count} meetings, more than their maximum {limit}")
    for request_id, placement in placed.items():
        for before in requests[request_id].after:
            if before in placed and placed[before].slot >= placement.slot:
                problems.append(
                    f"request {before} (slot {placed[before].slot}) must be before request {request_id} "
                    f"(slot {placement.slot})"
                )
    left = [item.request for item in result.unscheduled]
    if len(left) != len(set(left)):
        problems.append("a request is listed twice as unscheduled")
    for request_id in left:
        if request_id in placed:
            problems.append(f"request {request_id} is both scheduled and unscheduled")
        elif request_id not in requests:
            problems.append(f"unknown request {request_id} is unscheduled")
    missing = set(requests) - set(placed) - set(left)
    for request_id in sorted(missing):
        problems.append(f"request {request_id} is neither scheduled nor unscheduled")
    if instance.must_hold_all and result.unscheduled:
        problems.append(f"{len(result.unscheduled)} meetings are not held though every meeting must be held")
    breaks = participant_breaks(instance, placed.values())
    total = sum(breaks.values())
    if result.breaks is not None and result.breaks != total:
        problems.append(f"the result counts {result.breaks} breaks, the placements have {total}")
    if result.bound_breaks is not None and result.bound_breaks > total:
        problems.append(f"the lower bound on breaks {result.bound_breaks} exceeds the breaks found {total}")
    if result.bound_meetings is not None and result.bound_meetings < len(placed):
        problems.append(f"the upper bound on meetings {result.bound_meetings} is below the {len(placed)} held")
    if fairness is not None and breaks:
        spread = max(breaks.values()) - min(breaks.values())
        if spread > fairness:
            problems.append(f"breaks range over {spread} between participants, more than the fairness bound {fairness}")
    return problems
