"""The scheduler's data: an instance to schedule and the result, plain dataclasses with no database access.

This is the contract between the solver (``essmed.events.scheduling``), the ``schedule_meetings`` command and
the events web app, which builds an ``Instance`` from its models and stores the ``Result``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Session = Literal["morning", "afternoon", "any"]
Status = Literal["optimal", "feasible", "infeasible", "unknown"]


@dataclass(frozen=True)
class Participant:
    id: str
    unavailable: frozenset[int] = frozenset()  # slots (numbered from 1) when the participant cannot meet
    max_meetings: int | None = None  # None: as many as the free slots allow


@dataclass(frozen=True)
class Request:
    """An accepted meeting request between participants ``a`` and ``b``."""

    id: str
    a: str
    b: str
    priority: int = 1  # higher is more important
    session: Session = "any"
    fixed_slot: int | None = None  # set by the organiser
    after: tuple[str, ...] = ()  # ids of requests that must take place in earlier slots


@dataclass(frozen=True)
class Instance:
    slots: int  # numbered 1..slots in time order
    morning_slots: int  # slots 1..morning_slots are the morning
    tables: int  # at most this many meetings at once
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]
    must_hold_all: bool = False  # True for the benchmark's .dzn files: no selection, every meeting is held


@dataclass(frozen=True)
class Placement:
    request: str
    slot: int
    table: int  # numbered from 1


@dataclass(frozen=True)
class Left:
    """A request that is not scheduled, with why: ``code`` is stable (the web app translates it), ``reason``
    is an English sentence naming what prevented it."""

    request: str
    code: str
    reason: str


@dataclass
class Result:
    status: Status
    scheduled: list[Placement] = field(default_factory=list)
    unscheduled: list[Left] = field(default_factory=list)
    breaks: int | None = None
    bound_meetings: int | None = None  # an upper bound on the meetings that can be held
    bound_breaks: int | None = None  # a proven lower bound on the breaks of the selected meetings
    seconds: float = 0.0
    conflicts: list[str] = field(default_factory=list)  # when infeasible: the constraints that conflict, if known
