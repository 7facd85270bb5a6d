"""The scheduler's one exception: a bad instance, with a message naming the problem."""

from __future__ import annotations


class InstanceError(ValueError):
    """The instance cannot be scheduled as given: malformed input or contradictory constraints.

    The message names the problem in English (``unknown participant 'p9' in request 'r3'``), so that a command
    or an API can show it as it is."""
