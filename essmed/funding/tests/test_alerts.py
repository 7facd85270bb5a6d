"""Saved searches and their digests: saved from the search page, sent by the worker, never repeated."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from essmed.funding.actions import send_digest
from essmed.funding.models import AlertKind, SavedSearch, SentAlert
from essmed.funding.tests.factories import CallFactory, SavedSearchFactory

pytestmark = pytest.mark.django_db


def test_a_search_is_saved_with_its_filters_and_deleted(client, fatima):
    client.force_login(fatima)
    response = client.post(
        reverse("funding:search_save"), {"name": "ESS", "frequency": "daily", "q": "social economy", "open_only": "on"}
    )
    assert response.url == reverse("funding:searches")
    search = SavedSearch.objects.get(user=fatima)
    assert search.query == {"q": "social economy", "open_only": "on"}
    page = client.get(reverse("funding:searches"))
    assert "ESS" in page.content.decode()
    client.post(reverse("funding:search_delete", args=[search.pk]))
    assert not SavedSearch.objects.exists()


def test_a_search_without_a_name_is_refused_with_a_message(client, fatima):
    client.force_login(fatima)
    response = client.post(reverse("funding:search_save"), {"name": "", "frequency": "daily", "q": "x"}, follow=True)
    assert not SavedSearch.objects.exists()
    assert response.status_code == 200


def test_the_digest_lists_new_calls_and_deadlines_and_is_sent_once(
    fatima, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    search = SavedSearchFactory(user=fatima, query={"q": "social"}, frequency="daily")
    SavedSearch.objects.filter(pk=search.pk).update(created_at=timezone.now() - timedelta(days=10))
    search.refresh_from_db()
    new = CallFactory(
        title_fr="Économie sociale en Méditerranée", title_en="Social economy", deadlines=[today + timedelta(days=90)]
    )
    closing = CallFactory(
        title_fr="Innovation sociale", title_en="Social innovation", deadlines=[today + timedelta(days=7)]
    )
    CallFactory(title_fr="Défense", title_en="Defence", deadlines=[today + timedelta(days=7)])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_funding_alerts", stdout=io.StringIO())
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "Économie sociale en Méditerranée" in body and "Innovation sociale" in body and "Défense" not in body
    assert mailoutbox[0].to == [fatima.email]
    assert SentAlert.objects.filter(saved_search=search, kind=AlertKind.NEW).count() == 2
    assert SentAlert.objects.get(saved_search=search, kind=AlertKind.DEADLINE).call == closing
    # The next day: nothing new, the same deadline → no email at all
    assert send_digest(search, now=timezone.now() + timedelta(days=1)) == 0
    assert len(mailoutbox) == 1
    assert new.pk in SentAlert.objects.values_list("call_id", flat=True)


def test_the_command_queues_only_due_searches(fatima, karim, mailoutbox, django_capture_on_commit_callbacks):
    now = timezone.now()
    SavedSearchFactory(user=fatima, frequency="weekly", last_sent_at=now - timedelta(days=2))
    due = SavedSearchFactory(user=karim, frequency="daily", last_sent_at=now - timedelta(days=1))
    SavedSearchFactory(user=karim, frequency="daily", is_active=False)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_funding_alerts", stdout=out)
    assert out.getvalue() == "1 récapitulatif mis en file d’attente.\n"
    due.refresh_from_db()
    assert due.last_sent_at > now
    assert mailoutbox == []  # nothing matched: no empty email


def test_the_digest_is_in_the_users_language(fatima, mailoutbox):
    fatima.preferred_language = "ar"
    fatima.save()
    search = SavedSearchFactory(user=fatima, name="بحث")
    CallFactory(title_ar="دعوة جديدة", deadlines=[timezone.localdate() + timedelta(days=60)])
    assert send_digest(search) == 1
    assert "دعوة جديدة" in mailoutbox[0].body
    assert "/ar/funding/" in mailoutbox[0].body
