"""Pure functions of the events app (no database access): cutting a day into slots, parsing breaks, finding
a cycle among "A before B" orders, building the scheduler's instance from plain values, and comparing a new
schedule with the previous one."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from essmed.events.scheduling.model import Instance, Participant, Request


class PlanningError(ValueError):
    """Bad input for a planning function; ``code`` says which (the caller writes the translated message)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class PlannedSlot:
    starts_at: datetime
    ends_at: datetime
    is_break: bool


def parse_breaks(text: str) -> list[tuple[time, time]]:
    """Breaks typed as ``10:30-11:00, 12:30-14:00`` (commas, semicolons or new lines between them)."""
    breaks: list[tuple[time, time]] = []
    for raw in text.replace(";", ",").replace("\n", ",").replace("،", ",").split(","):
        part = raw.strip().replace("–", "-").replace("—", "-")
        if not part:
            continue
        pieces = [piece.strip() for piece in part.split("-")]
        if len(pieces) != 2:
            raise PlanningError("break_format", part)
        try:
            start, end = (time.fromisoformat(_clock(piece)) for piece in pieces)
        except ValueError as error:
            raise PlanningError("break_format", part) from error
        if end <= start:
            raise PlanningError("break_order", part)
        breaks.append((start, end))
    return sorted(breaks)


def _clock(text: str) -> str:
    """``9h``, ``9h30``, ``9:30`` or ``09:30`` as ``HH:MM``."""
    hours, _sep, minutes = text.lower().replace("h", ":").partition(":")
    return f"{hours.strip():0>2}:{(minutes.strip() or '00'):0>2}"


def generate_slots(
    day: date, start: time, end: time, minutes: int, breaks: Iterable[tuple[time, time]], zone: ZoneInfo
) -> list[PlannedSlot]:
    """Meeting slots of ``minutes`` from ``start`` to ``end`` of ``day``, with the ``breaks`` between them.

    A break starts when it is due or, if a slot is running then, right after that slot; a slot never overlaps a
    break, and the last slot ends by ``end``. Times are wall-clock times in ``zone``; the result is aware."""
    if minutes < 5 or minutes > 240:
        raise PlanningError("slot_length", str(minutes))
    if end <= start:
        raise PlanningError("day_order", f"{start}-{end}")
    pending = sorted(breaks)
    for break_start, break_end in pending:
        if break_start < start or break_end > end:
            raise PlanningError("break_outside", f"{break_start:%H:%M}-{break_end:%H:%M}")
    length = timedelta(minutes=minutes)
    current = datetime.combine(day, start)
    finish = datetime.combine(day, end)
    slots: list[PlannedSlot] = []
    while current < finish:
        if pending and datetime.combine(day, pending[0][0]) < current + length:
            break_start, break_end = pending.pop(0)
            begin = max(current, datetime.combine(day, break_start))
            if begin > current:  # a gap too short for a meeting, before the break: fold it into the break
                begin = current
            stop = datetime.combine(day, break_end)
            if stop > begin:
                slots.append(PlannedSlot(begin.replace(tzinfo=zone), stop.replace(tzinfo=zone), True))
                current = stop
            continue
        if current + length > finish:
            break
        slots.append(PlannedSlot(current.replace(tzinfo=zone), (current + length).replace(tzinfo=zone), False))
        current += length
    return slots


def find_cycle(edges: Mapping[str, Iterable[str]]) -> list[str] | None:
    """A cycle in "``key`` comes after each of ``edges[key]``", as the list of its nodes, or None."""
    white, grey, black = 0, 1, 2
    colour: dict[str, int] = {}
    parent: dict[str, str] = {}
    for root in sorted(edges):
        if colour.get(root, white) != white:
            continue
        stack: list[tuple[str, list[str]]] = [(root, sorted(edges.get(root, ())))]
        colour[root] = grey
        while stack:
            node, children = stack[-1]
            if not children:
                colour[node] = black
                stack.pop()
                continue
            child = children.pop()
            state = colour.get(child, white)
            if state == grey:
                cycle = [child]
                walk = node
                while walk != child:
                    cycle.append(walk)
                    walk = parent[walk]
                return list(reversed(cycle))
            if state == white:
                parent[child] = node
                colour[child] = grey
                stack.append((child, sorted(edges.get(child, ()))))
    return None


@dataclass(frozen=True)
class SlotInfo:
    key: int  # the slot's database key
    is_morning: bool


@dataclass(frozen=True)
class PersonInfo:
    key: int  # the registration's database key
    availability: str  # "any", "morning" or "afternoon"
    unavailable: frozenset[int]  # slot keys
    max_meetings: int | None


@dataclass(frozen=True)
class RequestInfo:
    key: int
    a: int
    b: int
    priority: int
    fixed_slot: int | None  # slot key
    after: tuple[int, ...]


def build_instance(
    slots: list[SlotInfo], tables: int, people: list[PersonInfo], requests: list[RequestInfo]
) -> tuple[Instance, dict[int, int]]:
    """The scheduler's instance for an event, and the map slot number (1..T) → slot key.

    Slots are numbered in time order across the days; a participant available in the mornings only is
    unavailable in every afternoon slot (and the reverse), which holds for events of several days, where the
    instance's single ``morning_slots`` cannot. Orders towards requests that are not scheduled are dropped."""
    number = {slot.key: index for index, slot in enumerate(slots, start=1)}
    morning = frozenset(number[s.key] for s in slots if s.is_morning)
    afternoon = frozenset(number.values()) - morning
    participants = []
    for person in people:
        unavailable = {number[key] for key in person.unavailable if key in number}
        if person.availability == "morning":
            unavailable |= afternoon
        elif person.availability == "afternoon":
            unavailable |= morning
        participants.append(Participant(str(person.key), frozenset(unavailable), person.max_meetings))
    keys = {request.key for request in requests}
    morning_count = 0
    for slot in slots:
        if not slot.is_morning:
            break
        morning_count += 1
    built = tuple(
        Request(
            id=str(request.key),
            a=str(request.a),
            b=str(request.b),
            priority=request.priority,
            fixed_slot=number.get(request.fixed_slot) if request.fixed_slot is not None else None,
            after=tuple(str(key) for key in request.after if key in keys),
        )
        for request in requests
    )
    instance = Instance(
        slots=len(slots),
        morning_slots=morning_count,
        tables=tables,
        participants=tuple(participants),
        requests=built,
    )
    return instance, {index: key for key, index in number.items()}


def moved_requests(previous: Mapping[str, tuple[int, int]], current: Mapping[str, tuple[int, int]]) -> set[str]:
    """Requests scheduled in both schedules whose slot changed (a change of table alone is not a move)."""
    return {key for key, (slot, _table) in current.items() if key in previous and previous[key][0] != slot}
