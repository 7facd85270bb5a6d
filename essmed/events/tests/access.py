"""The events app's rows of the access matrix (tests/test_access_matrix.py).

Programme staff organise every event; Youssef is named organiser of the matrix's event. Karim and Omar are
registered; Karim has asked Omar for a meeting.
"""

from __future__ import annotations

from typing import Any

from tests.access import LOGIN_ONLY, STAFF, Case, only

ORGANISERS = [*STAFF, "youssef"]

CASES: list[Case] = [
    Case("events:list"),
    Case("events:create", outcomes=only(STAFF, 404)),
    Case("events:detail", args="event"),
    Case("events:detail", args="draft_event", outcomes=only(ORGANISERS, 404, anonymous=404)),
    Case("events:edit", args="event", outcomes=only(ORGANISERS, 404)),
    Case("events:register", args="event", outcomes=LOGIN_ONLY),
    Case("events:profile", args="event", outcomes=LOGIN_ONLY),
    Case("events:cancel_registration", args="event", method="post", outcomes=LOGIN_ONLY),
    Case("events:participants", args="event"),
    Case("events:participants", args="draft_event", outcomes=only(ORGANISERS, 404, anonymous=404)),
    Case("events:participant", args="omar_registration"),
    Case("events:participant", args="draft_registration", outcomes=only(ORGANISERS, 404, anonymous=404)),
    # Without a message the form is refused (400) for the two registered; the others are sent to register.
    Case(
        "events:request_create",
        args="omar_registration",
        method="post",
        outcomes={**LOGIN_ONLY, "karim": 400, "omar": 400},
    ),
    Case("events:requests", args="event", outcomes=LOGIN_ONLY),
    Case("events:request_answer", args="meeting_request", method="post", outcomes=only(["omar"], 404)),
    Case(
        "events:request_cancel",
        args="meeting_request",
        method="post",
        outcomes=only([*ORGANISERS, "karim", "omar"], 404),
    ),
    Case("events:request_constraints", args="meeting_request", outcomes=only(ORGANISERS, 404)),
    Case("events:agenda", args="event", outcomes=LOGIN_ONLY),
    Case("events:agenda_ics", args="event", outcomes=LOGIN_ONLY),
    Case("events:agenda_pdf", args="event", outcomes=LOGIN_ONLY),
    Case("events:organise", args="event", outcomes=only(ORGANISERS, 404)),
    Case("events:slots", args="event", outcomes=only(ORGANISERS, 404)),
    Case("events:slot_delete", args="slot", method="post", outcomes=only(ORGANISERS, 404)),
    Case("events:schedule", args="event", method="post", outcomes=only(ORGANISERS, 404)),
    Case("events:schedule_status", args="event", outcomes=only(ORGANISERS, 404)),
    Case("events:table_plan", args="event", outcomes=only(ORGANISERS, 404)),
    Case("events:checkin", args="event", outcomes=only(ORGANISERS, 404)),
    Case("events:checkin_mark", args="omar_registration", method="post", outcomes=only(ORGANISERS, 404)),
    Case("api:list_events"),
    Case("api:get_event", args="event"),
    Case("api:get_event", args="draft_event", outcomes=only(ORGANISERS, 404, anonymous=404)),
    Case("api:list_participants", args="event"),
]


def objects(cast: dict[str, Any], coop: Any, other_coop: Any, cim_region: Any) -> dict[str, Any]:
    """The objects the cases name in their args, by key."""
    from essmed.events.tests.factories import EventFactory, MeetingRequestFactory, RegistrationFactory, add_slots

    event = EventFactory(slug="matrix-event")
    event.organisers.add(cast["youssef"])
    slots = add_slots(event)
    draft = EventFactory(slug="matrix-draft", is_published=False)
    draft.organisers.add(cast["youssef"])
    karim = RegistrationFactory(event=event, user=cast["karim"])
    omar = RegistrationFactory(event=event, user=cast["omar"])
    request = MeetingRequestFactory(requester=karim, recipient=omar)
    return {
        "event": event.slug,
        "draft_event": draft.slug,
        "omar_registration": omar.pk,
        "draft_registration": RegistrationFactory(event=draft, user=cast["pauline"]).pk,
        "meeting_request": request.pk,
        "slot": slots[-1].pk,
    }
