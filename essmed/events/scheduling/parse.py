"""Reading instances (MiniZinc .dzn of the benchmark, JSON) and writing results, with validation.

Every problem raises :class:`InstanceError` with a message that names it: the participant, the request, the
slot, the line of the file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from .errors import InstanceError
from .model import Instance, Participant, Request, Result, Session

SESSIONS: tuple[Session, ...] = ("morning", "afternoon", "any")
DZN_SESSIONS: dict[int, Session] = {1: "morning", 2: "afternoon", 3: "any"}


# --------------------------------------------------------------------------------------------------- validation


def validate(instance: Instance) -> None:
    """Check that ``instance`` is well formed and its order constraints are not contradictory."""
    if instance.slots < 1:
        raise InstanceError(f"the number of slots must be at least 1, not {instance.slots}")
    if not 0 <= instance.morning_slots <= instance.slots:
        raise InstanceError(f"morning_slots {instance.morning_slots} is outside 0..{instance.slots}")
    if instance.tables < 1:
        raise InstanceError(f"the number of tables must be at least 1, not {instance.tables}")
    slots = range(1, instance.slots + 1)
    seen: set[str] = set()
    for participant in instance.participants:
        if not participant.id:
            raise InstanceError("a participant has an empty id")
        if participant.id in seen:
            raise InstanceError(f"duplicate participant id '{participant.id}'")
        seen.add(participant.id)
        for slot in sorted(participant.unavailable):
            if slot not in slots:
                raise InstanceError(
                    f"unavailable slot {slot} of participant '{participant.id}' is outside 1..{instance.slots}"
                )
        if participant.max_meetings is not None and participant.max_meetings < 0:
            raise InstanceError(
                f"max_meetings of participant '{participant.id}' must not be negative ({participant.max_meetings})"
            )
    request_ids: set[str] = set()
    for request in instance.requests:
        if not request.id:
            raise InstanceError("a request has an empty id")
        if request.id in request_ids:
            raise InstanceError(f"duplicate request id '{request.id}'")
        request_ids.add(request.id)
        for who in (request.a, request.b):
            if who not in seen:
                raise InstanceError(f"unknown participant '{who}' in request '{request.id}'")
        if request.a == request.b:
            raise InstanceError(f"request '{request.id}' joins participant '{request.a}' with itself")
        if request.session not in SESSIONS:
            raise InstanceError(
                f"session '{request.session}' of request '{request.id}' is not one of morning, afternoon, any"
            )
        if request.fixed_slot is not None and request.fixed_slot not in slots:
            raise InstanceError(
                f"fixed slot {request.fixed_slot} of request '{request.id}' is outside 1..{instance.slots}"
            )
    for request in instance.requests:
        for before in request.after:
            if before not in request_ids:
                raise InstanceError(f"unknown request '{before}' in the 'after' list of request '{request.id}'")
            if before == request.id:
                raise InstanceError(f"contradictory order constraints {request.id} → {request.id}")
    cycle = find_cycle(instance)
    if cycle:
        raise InstanceError("contradictory order constraints " + " → ".join(cycle) + " (each before the next)")


def find_cycle(instance: Instance) -> list[str]:
    """A cycle of order constraints as request ids ``[r1, r2, …, r1]`` (each before the next), or ``[]``."""
    successors: dict[str, list[str]] = {r.id: [] for r in instance.requests}
    for request in instance.requests:
        for before in request.after:
            successors.setdefault(before, []).append(request.id)
    colour: dict[str, int] = {}  # 1 = on the stack, 2 = done
    for root in successors:
        if root in colour:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        path: list[str] = [root]
        colour[root] = 1
        while stack:
            node, index = stack[-1]
            nexts = successors.get(node, [])
            if index < len(nexts):
                stack[-1] = (node, index + 1)
                child = nexts[index]
                state = colour.get(child, 0)
                if state == 1:
                    return [*path[path.index(child) :], child]
                if state == 0:
                    colour[child] = 1
                    stack.append((child, 0))
                    path.append(child)
            else:
                colour[node] = 2
                stack.pop()
                path.pop()
    return []


# ----------------------------------------------------------------------------------------------------- .dzn


_TOKEN = re.compile(r"\[\||\|\]|\.\.|-?\d+|[A-Za-z_][A-Za-z0-9_]*|\S")


class _Tokens:
    """Tokens of one .dzn statement with their line numbers."""

    def __init__(self, text: str, first_line: int) -> None:
        self.items: list[tuple[str, int]] = []
        line = first_line
        position = 0
        for match in _TOKEN.finditer(text):
            line += text.count("\n", position, match.start())
            position = match.start()
            self.items.append((match.group(), line))
        self.index = 0
        self.last_line = line + text.count("\n", position)

    def peek(self) -> str:
        return self.items[self.index][0] if self.index < len(self.items) else ""

    def line(self) -> int:
        return self.items[self.index][1] if self.index < len(self.items) else self.last_line

    def take(self, expected: str | None = None) -> str:
        if self.index >= len(self.items):
            raise InstanceError(f"malformed .dzn at line {self.last_line}: unexpected end of statement")
        token, line = self.items[self.index]
        if expected is not None and token != expected:
            raise InstanceError(f"malformed .dzn at line {line}: expected '{expected}', found '{token}'")
        self.index += 1
        return token

    def integer(self) -> int:
        line = self.line()
        token = self.take()
        if not re.fullmatch(r"-?\d+", token):
            raise InstanceError(f"malformed .dzn at line {line}: expected a number, found '{token}'")
        return int(token)


DznValue = int | list[Any] | frozenset[int]


def _value(tokens: _Tokens) -> DznValue:
    token = tokens.peek()
    if token == "[|":  # noqa: S105 - a .dzn token, not a password
        tokens.take()
        rows: list[list[int]] = [[]]
        while tokens.peek() != "|]":
            if tokens.peek() == "|":
                tokens.take()
                rows.append([])
                continue
            if tokens.peek() == ",":
                tokens.take()
                continue
            rows[-1].append(tokens.integer())
        tokens.take("|]")
        return [row for row in rows if row]
    if token == "[":  # noqa: S105
        tokens.take()
        items: list[Any] = []
        while tokens.peek() != "]":
            items.append(_value(tokens))
            if tokens.peek() == ",":
                tokens.take()
            elif tokens.peek() != "]":
                line = tokens.line()
                raise InstanceError(f"malformed .dzn at line {line}: expected ',' or ']', found '{tokens.peek()}'")
        tokens.take("]")
        return items
    if token == "{":  # noqa: S105
        tokens.take()
        members: set[int] = set()
        while tokens.peek() != "}":
            low = tokens.integer()
            if tokens.peek() == "..":
                tokens.take()
                members.update(range(low, tokens.integer() + 1))
            else:
                members.add(low)
            if tokens.peek() == ",":
                tokens.take()
            elif tokens.peek() != "}":
                line = tokens.line()
                raise InstanceError(f"malformed .dzn at line {line}: expected ',' or '}}', found '{tokens.peek()}'")
        tokens.take("}")
        return frozenset(members)
    return tokens.integer()


def read_dzn(text: str) -> dict[str, tuple[DznValue, int]]:
    """The assignments of a .dzn file: name → (value, line)."""
    without_comments = re.sub(r"%[^\n]*", "", text)
    values: dict[str, tuple[DznValue, int]] = {}
    line = 1
    for statement in without_comments.split(";"):
        start_line = line
        line += statement.count("\n")
        if not statement.strip():
            continue
        tokens = _Tokens(statement, start_line)
        name_line = tokens.line()
        name = tokens.take()
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise InstanceError(f"malformed .dzn at line {name_line}: expected a parameter name, found '{name}'")
        tokens.take("=")
        value = _value(tokens)
        if tokens.index < len(tokens.items):
            raise InstanceError(f"malformed .dzn at line {tokens.line()}: unexpected '{tokens.peek()}' (missing ';'?)")
        if name in values:
            raise InstanceError(f"malformed .dzn at line {name_line}: '{name}' is given twice")
        values[name] = (value, name_line)
    return values


def parse_dzn(text: str) -> Instance:
    """An instance from the benchmark's MiniZinc data format (every meeting must be held).

    Participants and meetings keep their numbers as ids (``"1"``, ``"2"``…)."""
    values = read_dzn(text)

    def number(name: str) -> int:
        if name not in values:
            raise InstanceError(f"malformed .dzn: '{name}' is missing")
        value, line = values[name]
        if not isinstance(value, int):
            raise InstanceError(f"malformed .dzn at line {line}: '{name}' must be a number")
        return value

    def array(name: str, length: int) -> list[Any] | None:
        if name not in values:
            return None
        value, line = values[name]
        if not isinstance(value, list):
            raise InstanceError(f"malformed .dzn at line {line}: '{name}' must be an array")
        if len(value) != length:
            raise InstanceError(f"malformed .dzn at line {line}: '{name}' has {len(value)} entries, not {length}")
        return value

    n_participants = number("nBusiness")
    n_meetings = number("nMeetings")
    slots = number("nTotalSlots")
    morning = number("nMorningSlots")
    tables = number("nTables")
    if n_participants < 0 or n_meetings < 0:
        raise InstanceError("malformed .dzn: nBusiness and nMeetings must not be negative")
    if "requested" not in values:
        raise InstanceError("malformed .dzn: 'requested' is missing")
    requested, requested_line = values["requested"]
    if not isinstance(requested, list) or len(requested) != n_meetings:
        count = len(requested) if isinstance(requested, list) else 0
        raise InstanceError(
            f"malformed .dzn at line {requested_line}: 'requested' has {count} rows, not nMeetings = {n_meetings}"
        )
    forbidden = array("forbidden", n_participants) or [frozenset()] * n_participants
    fixed = array("fixed", n_meetings) or [0] * n_meetings
    precedences = array("precedences", n_meetings) or [frozenset()] * n_meetings
    participants = []
    for index, slots_set in enumerate(forbidden, start=1):
        if not isinstance(slots_set, frozenset):
            raise InstanceError(f"malformed .dzn: forbidden entry {index} must be a set")
        participants.append(Participant(id=str(index), unavailable=frozenset(s for s in slots_set if s != 0)))
    requests = []
    for index, row in enumerate(requested, start=1):
        if not isinstance(row, list) or len(row) != 3:
            raise InstanceError(f"malformed .dzn at line {requested_line}: row {index} of 'requested' needs 3 numbers")
        a, b, session = row
        for who in (a, b):
            if not 1 <= who <= n_participants:
                raise InstanceError(f"unknown participant '{who}' in request '{index}'")
        if session not in DZN_SESSIONS:
            raise InstanceError(f"session {session} of request '{index}' is not 1 (morning), 2 (afternoon) or 3 (any)")
        fixed_slot = fixed[index - 1]
        before = precedences[index - 1]
        if not isinstance(fixed_slot, int) or not isinstance(before, frozenset):
            raise InstanceError(f"malformed .dzn: entry {index} of 'fixed' or 'precedences' has the wrong type")
        for other in sorted(before):
            if not 1 <= other <= n_meetings:
                raise InstanceError(f"unknown request '{other}' in the precedences of request '{index}'")
        requests.append(
            Request(
                id=str(index),
                a=str(a),
                b=str(b),
                session=DZN_SESSIONS[session],
                fixed_slot=fixed_slot or None,
                after=tuple(str(other) for other in sorted(before)),
            )
        )
    degrees = array("nMeetingsBusiness", n_participants)
    if degrees is not None:
        counted = [0] * n_participants
        for request in requests:
            counted[int(request.a) - 1] += 1
            counted[int(request.b) - 1] += 1
        for index, (given, actual) in enumerate(zip(degrees, counted, strict=True), start=1):
            if given != actual:
                raise InstanceError(
                    f"malformed .dzn: nMeetingsBusiness gives {given} meetings to participant {index}, "
                    f"'requested' has {actual}"
                )
    instance = Instance(
        slots=slots,
        morning_slots=morning,
        tables=tables,
        participants=tuple(participants),
        requests=tuple(requests),
        must_hold_all=True,
    )
    validate(instance)
    return instance


# ----------------------------------------------------------------------------------------------------- JSON


def _integer(value: object, where: str, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InstanceError(f"{where} must be an integer, not {value!r}")
    return value


def parse_json(data: object) -> Instance:
    """An instance from the JSON form documented in docs/scheduling.md (already decoded with ``json.loads``)."""
    if not isinstance(data, Mapping):
        raise InstanceError("the instance must be a JSON object")
    for key in ("slots", "tables", "participants", "requests"):
        if key not in data:
            raise InstanceError(f"'{key}' is missing")
    slots = _integer(data["slots"], "'slots'")
    tables = _integer(data["tables"], "'tables'")
    morning = _integer(data.get("morning_slots", slots), "'morning_slots'")
    must_hold_all = data.get("must_hold_all", False)
    if not isinstance(must_hold_all, bool):
        raise InstanceError(f"'must_hold_all' must be true or false, not {must_hold_all!r}")
    raw_participants = data["participants"]
    raw_requests = data["requests"]
    if not isinstance(raw_participants, Sequence) or isinstance(raw_participants, str):
        raise InstanceError("'participants' must be a list")
    if not isinstance(raw_requests, Sequence) or isinstance(raw_requests, str):
        raise InstanceError("'requests' must be a list")
    participants = []
    for index, raw in enumerate(raw_participants):
        where = f"participants[{index}]"
        if not isinstance(raw, Mapping):
            raise InstanceError(f"{where} must be an object")
        pid = raw.get("id")
        if not isinstance(pid, str) or not pid:
            raise InstanceError(f"{where}.id must be a non-empty string")
        unavailable = raw.get("unavailable", [])
        if not isinstance(unavailable, Sequence) or isinstance(unavailable, str):
            raise InstanceError(f"unavailable slots of participant '{pid}' must be a list")
        participants.append(
            Participant(
                id=pid,
                unavailable=frozenset(
                    _integer(s, f"an unavailable slot of participant '{pid}'") or 0 for s in unavailable
                ),
                max_meetings=_integer(raw.get("max_meetings"), f"max_meetings of participant '{pid}'", optional=True),
            )
        )
    requests = []
    for index, raw in enumerate(raw_requests):
        where = f"requests[{index}]"
        if not isinstance(raw, Mapping):
            raise InstanceError(f"{where} must be an object")
        rid = raw.get("id")
        if not isinstance(rid, str) or not rid:
            raise InstanceError(f"{where}.id must be a non-empty string")
        a, b = raw.get("a"), raw.get("b")
        if not isinstance(a, str) or not isinstance(b, str):
            raise InstanceError(f"participants 'a' and 'b' of request '{rid}' must be strings")
        session = raw.get("session", "any")
        if session not in SESSIONS:
            raise InstanceError(f"session {session!r} of request '{rid}' is not one of morning, afternoon, any")
        after = raw.get("after", [])
        if not isinstance(after, Sequence) or isinstance(after, str) or not all(isinstance(x, str) for x in after):
            raise InstanceError(f"'after' of request '{rid}' must be a list of request ids")
        requests.append(
            Request(
                id=rid,
                a=a,
                b=b,
                priority=_integer(raw.get("priority", 1), f"priority of request '{rid}'") or 0,
                session=session,
                fixed_slot=_integer(raw.get("fixed_slot"), f"fixed_slot of request '{rid}'", optional=True),
                after=tuple(after),
            )
        )
    instance = Instance(
        slots=slots or 0,
        morning_slots=morning if morning is not None else 0,
        tables=tables or 0,
        participants=tuple(participants),
        requests=tuple(requests),
        must_hold_all=must_hold_all,
    )
    validate(instance)
    return instance


def instance_to_json(instance: Instance) -> dict[str, Any]:
    """The JSON form of an instance (what :func:`parse_json` reads)."""
    return {
        "slots": instance.slots,
        "morning_slots": instance.morning_slots,
        "tables": instance.tables,
        "must_hold_all": instance.must_hold_all,
        "participants": [
            {"id": p.id, "unavailable": sorted(p.unavailable), "max_meetings": p.max_meetings}
            for p in instance.participants
        ],
        "requests": [
            {
                "id": r.id,
                "a": r.a,
                "b": r.b,
                "priority": r.priority,
                "session": r.session,
                "fixed_slot": r.fixed_slot,
                "after": list(r.after),
            }
            for r in instance.requests
        ],
    }


def result_to_json(result: Result) -> dict[str, Any]:
    """The command's output format (docs/scheduling.md)."""
    return {
        "status": result.status,
        "scheduled": [{"request": p.request, "slot": p.slot, "table": p.table} for p in result.scheduled],
        "unscheduled": [
            {"request": left.request, "code": left.code, "reason": left.reason} for left in result.unscheduled
        ],
        "breaks": result.breaks,
        "bound": {"meetings": result.bound_meetings, "breaks": result.bound_breaks},
        "seconds": round(result.seconds, 3),
        "conflicts": list(result.conflicts),
    }
