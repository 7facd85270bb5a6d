"""A participant's agenda: the web page, an iCalendar file and a printable PDF (right to left in Arabic).

The actors (the other party's of each meeting, and one's own in the PDF) are named only when the reader may see
them, as everywhere in the events app (see essmed/events/access.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from essmed.events.access import get_event_for_user, mark_actor_shown, shown_actor
from essmed.events.models import Event, Meeting, Registration
from essmed.events.views_public import own_registration


def agenda_rows(event: Event, registration: Registration, user: Any) -> list[dict[str, Any]]:
    """Each slot of the event in order, with the participant's meeting at that slot (or a break or a free slot);
    the other party's ``actor_shown`` says whether ``user`` may see their actor."""
    meetings = {
        meeting.slot_id: meeting
        for meeting in Meeting.objects.filter(
            Q(request__requester=registration) | Q(request__recipient=registration)
        ).select_related(
            "request__requester__user",
            "request__recipient__user",
            "request__requester__actor",
            "request__recipient__actor",
        )
    }
    rows: list[dict[str, Any]] = []
    for slot in event.slots.all():
        meeting = meetings.get(slot.pk)
        other = meeting.request.other_party(registration) if meeting else None
        rows.append({"slot": slot, "meeting": meeting, "other": other})
    mark_actor_shown([row["other"] for row in rows if row["other"] is not None], user)
    return rows


def _registration_or_redirect(request: HttpRequest, slug: str) -> tuple[Event, Registration | None]:
    event = get_event_for_user(request, slug)
    return event, own_registration(event, request.user)


@login_required
def agenda(request: HttpRequest, slug: str) -> HttpResponse:
    event, registration = _registration_or_redirect(request, slug)
    if registration is None:
        return redirect("events:register", event.slug)
    rows = agenda_rows(event, registration, request.user)
    return render(
        request,
        "events/agenda.html",
        {
            "event": event,
            "registration": registration,
            "rows": rows,
            "meeting_count": sum(1 for row in rows if row["meeting"]),
        },
    )


@login_required
def agenda_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event, registration = _registration_or_redirect(request, slug)
    if registration is None:
        return redirect("events:register", event.slug)
    calendar = Calendar()
    calendar.add("prodid", "-//essmed//events//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{event.title} · {registration.display_name}")
    calendar.add("x-wr-timezone", event.time_zone)
    zone = event.zone
    stamp = datetime.now(UTC)
    place = ", ".join(part for part in (event.venue, event.address, event.city) if part)
    for row in agenda_rows(event, registration, request.user):
        meeting, other = row["meeting"], row["other"]
        if meeting is None or other is None:
            continue
        item = CalendarEvent()
        item.add("uid", meeting.uid)
        item.add("dtstamp", stamp)
        item.add("dtstart", timezone.localtime(meeting.slot.starts_at, zone))
        item.add("dtend", timezone.localtime(meeting.slot.ends_at, zone))
        actor = other.actor if getattr(other, "actor_shown", False) else None
        organisation = f" ({actor.name})" if actor else ""
        item.add("summary", _("Meeting with %(name)s") % {"name": f"{other.display_name}{organisation}"})
        item.add("location", _("Table %(table)s") % {"table": meeting.table} + (f" · {place}" if place else ""))
        item.add("description", f"{event.title}\n{request.build_absolute_uri(event.get_absolute_url())}")
        item.add("last-modified", meeting.updated_at)
        calendar.add_component(item)
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-agenda.ics"'
    return response


@login_required
def agenda_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]
    from weasyprint.text.fonts import FontConfiguration  # type: ignore[import-untyped]

    event, registration = _registration_or_redirect(request, slug)
    if registration is None:
        return redirect("events:register", event.slug)
    language = get_language() or settings.LANGUAGE_CODE
    with timezone.override(event.zone):
        html = render_to_string(
            "events/agenda_pdf.html",
            {
                "event": event,
                "registration": registration,
                "rows": agenda_rows(event, registration, request.user),
                "actor": shown_actor(registration, request.user),
                "language": language,
                "rtl": language in settings.LANGUAGES_BIDI,
            },
            request=request,
        )
    stylesheet = finders.find("events/agenda-print.css")  # its @font-face rules read the fonts beside it
    fonts = FontConfiguration()
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
        stylesheets=[CSS(filename=str(stylesheet), font_config=fonts)], font_config=fonts
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{event.slug}-agenda-{language}.pdf"'
    return response
