from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from essmed.accounts.models import User
from essmed.events.demo import RENCONTRES, SALON
from essmed.events.models import Event, Meeting, MeetingRequest, Registration

pytestmark = pytest.mark.django_db


def test_demo_salon_has_real_actors_a_schedule_and_loads_twice_without_duplicates(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    salon = Event.objects.get(slug=SALON)
    assert salon.registrations.count() == 35
    assert salon.registrations.exclude(actor=None).filter(actor__source="susy-transformap").exists()
    placeholder = User.objects.get(email="salon-participant-1@example.org")
    assert not placeholder.has_usable_password()
    assert salon.meeting_requests.accepted().count() > 50
    assert Meeting.objects.filter(request__event=salon).count() > 50
    assert "Salon schedule:" in out.getvalue()
    assert Event.objects.get(slug=RENCONTRES).registration_open
    counts = (
        Event.objects.count(),
        Registration.objects.count(),
        MeetingRequest.objects.count(),
        Meeting.objects.count(),
    )
    call_command("load_demo", stdout=StringIO())
    assert (
        Event.objects.count(),
        Registration.objects.count(),
        MeetingRequest.objects.count(),
        Meeting.objects.count(),
    ) == counts
