"""The B2B meeting scheduler: pure functions, no database (docs/scheduling.md).

``schedule(instance)`` selects the meetings that can be held (unless every one must be), gives each a slot and a
table, and minimises the participants' breaks; ``verify(instance, result)`` checks any schedule independently.
"""

from __future__ import annotations

from .errors import InstanceError
from .model import Instance, Left, Participant, Placement, Request, Result
from .parse import instance_to_json, parse_dzn, parse_json, result_to_json, validate
from .solver import schedule
from .verify import count_breaks, participant_breaks, verify

__all__ = [
    "Instance",
    "InstanceError",
    "Left",
    "Participant",
    "Placement",
    "Request",
    "Result",
    "count_breaks",
    "instance_to_json",
    "parse_dzn",
    "parse_json",
    "participant_breaks",
    "result_to_json",
    "schedule",
    "validate",
    "verify",
]
