"""The events space in a real browser: register, ask for a meeting, accept it (second person), schedule it (as
organiser), see the agenda in French, Arabic and English, download the calendar; axe on the main pages."""

from __future__ import annotations

import re

import icalendar
import pytest
from playwright.sync_api import Page, expect

from essmed.events.models import Meeting, MeetingRequest, RequestStatus
from essmed.events.tests.factories import EventFactory, RegistrationFactory, add_slots
from tests.e2e.accessibility import assert_accessible
from tests.e2e.session import log_in

pytestmark = pytest.mark.e2e


def test_register_request_accept_schedule_and_agenda_in_three_languages(
    page: Page, karim, omar, sophie, tmp_path
) -> None:
    event = EventFactory(slug="salon-oujda", title_fr="Salon régional de l'ESS", title_ar="المعرض الجهوي")
    add_slots(event)
    RegistrationFactory(event=event, user=omar, offers_fr="Huile d'argan")

    log_in(page, "fr", "karim@example.org")
    page.goto(f"/fr/events/{event.slug}/")
    assert_accessible(page)
    page.locator("main a", has_text="S'inscrire").first.click()
    assert_accessible(page)
    page.fill("textarea[name=offers_fr]", "Huile d'olive de Berkane")
    page.fill("textarea[name=seeks_fr]", "Épiceries solidaires")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator(".alert-success").first).to_be_visible()

    page.goto(f"/fr/events/{event.slug}/participants/")
    assert_accessible(page)
    page.locator("main a", has_text="Omar").first.click()
    assert_accessible(page)
    page.fill("textarea[name=message]", "Parlons de distribution solidaire.")
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(re.compile("/requests/$"))
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, "fr", "omar@example.org")
    page.goto(f"/fr/events/{event.slug}/requests/")
    page.locator("button[value=accept]").click()
    expect(page.locator(".alert-success").first).to_be_visible()
    assert MeetingRequest.objects.get().status == RequestStatus.ACCEPTED

    page.context.clear_cookies()
    log_in(page, "fr", "sophie@example.org")
    page.goto(f"/fr/events/{event.slug}/organise/")
    assert_accessible(page)
    page.fill("input[name=time_limit]", "10")
    page.locator("main form[action$='/schedule/'] button[type=submit]").click()
    expect(page.locator("#run-status")).to_contain_text("Terminé")
    assert_accessible(page)
    assert Meeting.objects.count() == 1
    page.goto(f"/fr/events/{event.slug}/tables/")
    assert_accessible(page)
    page.goto(f"/fr/events/{event.slug}/check-in/")
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, "fr", "karim@example.org")
    for lang, heading in (("fr", "Mon agenda"), ("ar", "برنامجي"), ("en", "My agenda")):
        page.goto(f"/{lang}/events/{event.slug}/agenda/")
        expect(page.locator("h1")).to_have_text(heading)
        expect(page.locator("main table").first).to_contain_text("Omar")
        assert_accessible(page)
    with page.expect_download() as download_info:
        page.locator("a[href$='agenda.ics']").click()
    path = tmp_path / "agenda.ics"
    download_info.value.save_as(path)
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    (item,) = calendar.walk("VEVENT")
    assert "Omar" in str(item["SUMMARY"])
