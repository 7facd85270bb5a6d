from __future__ import annotations

import icalendar
from django.urls import reverse

from essmed.accounts.tests.factories import UserFactory
from essmed.events.models import Meeting, RequestStatus, RunStatus, ScheduleRun
from essmed.events.tests.factories import MeetingRequestFactory, RegistrationFactory


def accepted(a, b, **kwargs):
    return MeetingRequestFactory(requester=a, recipient=b, status=RequestStatus.ACCEPTED, **kwargs)


def run_scheduler(client, event, capture, **data):
    with capture(execute=True):
        response = client.post(reverse("events:schedule", args=[event.slug]), {"time_limit": "10", **data})
    assert response.status_code == 302
    return ScheduleRun.objects.filter(event=event).first()


def test_organiser_schedules_a_tiny_event_end_to_end(
    client, sophie, event, karim_reg, omar_reg, pauline_reg, django_capture_on_commit_callbacks, mailoutbox
):
    accepted(karim_reg, omar_reg)
    accepted(pauline_reg, omar_reg)
    accepted(karim_reg, pauline_reg)
    client.force_login(sophie)
    run = run_scheduler(client, event, django_capture_on_commit_callbacks, fairness="2")
    assert run.status == RunStatus.DONE, run.error
    assert run.meetings_held == 3 and run.requests_count == 3
    assert run.solver_status in ("optimal", "feasible")
    meetings = list(Meeting.objects.select_related("request", "slot"))
    assert len(meetings) == 3
    for person in (karim_reg, omar_reg, pauline_reg):
        slots = [m.slot_id for m in meetings if person.pk in (m.request.requester_id, m.request.recipient_id)]
        assert len(slots) == len(set(slots)) == 2  # nobody in two meetings at once
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.user.email for u in (karim_reg, omar_reg, pauline_reg))
    assert "table" in mailoutbox[0].body
    page = client.get(reverse("events:organise", args=[event.slug])).content.decode()
    assert "Rendez-vous tenus" in page and "Terminé" in page.replace("terminé", "Terminé")


def test_rescheduling_after_a_late_cancellation_moves_few_meetings_and_emails_only_changes(
    client, sophie, event, karim_reg, omar_reg, pauline_reg, django_capture_on_commit_callbacks, mailoutbox
):
    first = accepted(karim_reg, omar_reg)
    accepted(pauline_reg, omar_reg)
    client.force_login(sophie)
    run_scheduler(client, event, django_capture_on_commit_callbacks)
    before = {m.request_id: m.slot_id for m in Meeting.objects.all()}
    mailoutbox.clear()
    client.force_login(karim_reg.user)
    client.post(reverse("events:request_cancel", args=[first.pk]))
    assert not Meeting.objects.filter(request=first).exists()
    newcomer = RegistrationFactory(event=event, user=UserFactory(email="nour@example.org"))
    new = accepted(newcomer, pauline_reg)
    client.force_login(sophie)
    run = run_scheduler(client, event, django_capture_on_commit_callbacks)
    assert run.status == RunStatus.DONE and run.moved == 0
    after = {m.request_id: m.slot_id for m in Meeting.objects.all()}
    assert all(after[key] == slot for key, slot in before.items() if key in after)
    assert new.pk in after
    # only the two people of the new meeting hear about it
    assert sorted(m.to[0] for m in mailoutbox) == sorted([newcomer.user.email, pauline_reg.user.email])


def test_requests_left_out_get_a_translated_reason(
    client, sophie, event, karim_reg, omar_reg, pauline_reg, django_capture_on_commit_callbacks
):
    karim_reg.max_meetings = 1
    karim_reg.save()
    accepted(karim_reg, omar_reg)
    accepted(karim_reg, pauline_reg)
    client.force_login(sophie)
    run = run_scheduler(client, event, django_capture_on_commit_callbacks)
    assert run.meetings_held == 1 and len(run.unscheduled) == 1
    page = client.get(reverse("events:schedule_status", args=[event.slug])).content.decode()
    assert "Demandes écartées" in page
    assert "nombre maximal de rendez-vous" in page or "laisserait moins" in page


def test_a_second_run_is_refused_while_one_is_queued(client, sophie, event):
    ScheduleRun.objects.create(event=event, status=RunStatus.QUEUED)
    client.force_login(sophie)
    response = client.post(reverse("events:schedule", args=[event.slug]), {"time_limit": "10"}, follow=True)
    assert "déjà en cours" in response.content.decode()
    assert ScheduleRun.objects.count() == 1


def test_agenda_page_calendar_and_pdfs(client, sophie, event, karim_reg, omar_reg, django_capture_on_commit_callbacks):
    accepted(karim_reg, omar_reg)
    client.force_login(sophie)
    run_scheduler(client, event, django_capture_on_commit_callbacks)
    meeting = Meeting.objects.get()
    client.force_login(karim_reg.user)
    page = client.get(reverse("events:agenda", args=[event.slug])).content.decode()
    assert "Omar" in page and "Africa/Casablanca" in page
    response = client.get(reverse("events:agenda_ics", args=[event.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    items = list(calendar.walk("VEVENT"))
    assert len(items) == 1
    assert str(items[0]["UID"]) == f"essmed-event-meeting-{meeting.request_id}@essmed"
    start = items[0].decoded("DTSTART")
    assert str(start.tzinfo) == "Africa/Casablanca"
    assert start == meeting.slot.starts_at
    assert "Omar" in str(items[0]["SUMMARY"])
    assert calendar.walk("VTIMEZONE")
    for lang in ("fr", "ar", "en"):
        pdf = client.get(f"/{lang}/events/{event.slug}/agenda.pdf")
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF"), lang


def test_calendar_uid_stays_when_the_meeting_moves(client, event, karim_reg, omar_reg):
    request = accepted(karim_reg, omar_reg)
    slots = list(event.meeting_slots())
    meeting = Meeting.objects.create(request=request, slot=slots[0], table=1)
    client.force_login(karim_reg.user)
    first = icalendar.Calendar.from_ical(client.get(reverse("events:agenda_ics", args=[event.slug])).content)
    meeting.slot = slots[2]
    meeting.save()
    second = icalendar.Calendar.from_ical(client.get(reverse("events:agenda_ics", args=[event.slug])).content)
    uid = [str(c["UID"]) for c in first.walk("VEVENT")]
    assert uid == [str(c["UID"]) for c in second.walk("VEVENT")]
    assert first.walk("VEVENT")[0].decoded("DTSTART") != second.walk("VEVENT")[0].decoded("DTSTART")


def test_table_plan_lists_pairs_per_slot(client, sophie, event, karim_reg, omar_reg):
    request = accepted(karim_reg, omar_reg)
    Meeting.objects.create(request=request, slot=event.meeting_slots().first(), table=4)
    client.force_login(sophie)
    page = client.get(reverse("events:table_plan", args=[event.slug])).content.decode()
    assert "Karim" in page and "Omar" in page and "<td>4</td>" in page


def pdf_fonts(data: bytes) -> set[str]:
    """The fonts a PDF embeds (WeasyPrint compresses its object streams)."""
    import re
    import zlib

    fonts: set[str] = set()
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            content = zlib.decompress(match.group(1))
        except zlib.error:
            continue
        fonts |= {name.decode() for name in re.findall(rb"/BaseFont\s*/[A-Z]{6}\+([A-Za-z0-9\-]+)", content)}
    return fonts


def test_arabic_pdf_is_set_in_an_arabic_font(client, event, karim_reg, omar_reg):
    request = accepted(karim_reg, omar_reg)
    Meeting.objects.create(request=request, slot=event.meeting_slots().first(), table=2)
    client.force_login(karim_reg.user)
    arabic = client.get(f"/ar/events/{event.slug}/agenda.pdf").content
    assert any(font.startswith("Noto-Naskh-Arabic") for font in pdf_fonts(arabic))
    french = client.get(f"/fr/events/{event.slug}/agenda.pdf").content
    assert not any("Arabic" in font for font in pdf_fonts(french))


def test_meeting_email_is_in_the_recipients_language(
    client, sophie, event, karim_reg, omar_reg, django_capture_on_commit_callbacks, mailoutbox
):
    omar_reg.user.preferred_language = "ar"
    omar_reg.user.save()
    accepted(karim_reg, omar_reg)
    client.force_login(sophie)
    run_scheduler(client, event, django_capture_on_commit_callbacks)
    by_person = {m.to[0]: m for m in mailoutbox}
    assert "لقاءاتك" in by_person[omar_reg.user.email].subject
    assert "Vos rendez-vous" in by_person[karim_reg.user.email].subject


def test_fixed_slots_and_orders_are_kept_by_the_scheduler(
    client, sophie, event, karim_reg, omar_reg, pauline_reg, django_capture_on_commit_callbacks
):
    slots = list(event.meeting_slots())
    first = accepted(karim_reg, omar_reg)
    second = accepted(pauline_reg, omar_reg, fixed_slot=slots[1])
    first.after.add(second)
    client.force_login(sophie)
    run = run_scheduler(client, event, django_capture_on_commit_callbacks)
    assert run.status == RunStatus.DONE and run.meetings_held == 2
    placed = {m.request_id: m.slot for m in Meeting.objects.select_related("slot")}
    assert placed[second.pk] == slots[1]
    assert placed[first.pk].starts_at > slots[1].starts_at


def test_a_run_that_finds_no_schedule_keeps_the_meetings_scheduled_before(
    client, sophie, event, karim_reg, omar_reg, pauline_reg, django_capture_on_commit_callbacks, mailoutbox
):
    slots = list(event.meeting_slots())
    with_omar = accepted(karim_reg, omar_reg)
    with_pauline = accepted(karim_reg, pauline_reg)
    client.force_login(sophie)
    run_scheduler(client, event, django_capture_on_commit_callbacks)
    before = {m.request_id: (m.slot_id, m.table) for m in Meeting.objects.all()}
    assert len(before) == 2
    # Karim's two meetings fixed two slots apart: he has a break, Omar and Pauline none, so fairness 0 is impossible.
    with_omar.fixed_slot, with_pauline.fixed_slot = slots[0], slots[2]
    with_omar.save()
    with_pauline.save()
    mailoutbox.clear()
    run = run_scheduler(client, event, django_capture_on_commit_callbacks, fairness="0")
    assert run.status == RunStatus.DONE and run.solver_status == "infeasible"
    assert run.meetings_held == 0 and "fairness" in run.error
    assert {m.request_id: (m.slot_id, m.table) for m in Meeting.objects.all()} == before
    assert mailoutbox == []
    page = client.get(reverse("events:organise", args=[event.slug])).content.decode()
    assert "Les rendez-vous planifiés avant ce calcul sont conservés tels quels." in page
    assert "impossible (prouvé)" in page and ">infeasible<" not in page
    assert "Contraintes en conflit" in page and "fairness bound 0" in page


def test_a_fairness_bound_is_refused_with_its_reason_when_the_event_is_too_big_for_it(
    client, sophie, event, karim_reg, omar_reg, pauline_reg, django_capture_on_commit_callbacks, monkeypatch
):
    from essmed.events.scheduling import solver

    accepted(karim_reg, omar_reg)
    accepted(pauline_reg, omar_reg)
    monkeypatch.setattr(solver, "EXACT_LIMIT", len(list(event.meeting_slots())))  # one request fits, two do not
    client.force_login(sophie)
    response = client.post(
        reverse("events:schedule", args=[event.slug]), {"time_limit": "10", "fairness": "2"}, follow=True
    )
    page = response.content.decode()
    assert "Avec 2 demandes acceptées sur" in page and "laissez la borne d&#x27;équité" in page
    assert not ScheduleRun.objects.exists()
    run = run_scheduler(client, event, django_capture_on_commit_callbacks, fairness="")
    assert run.status == RunStatus.DONE and run.meetings_held == 2
