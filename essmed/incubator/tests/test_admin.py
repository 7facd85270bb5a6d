"""Every incubator model has a working admin screen (list and add pages) for staff."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from essmed.incubator.tests.factories import ApplicationFactory, CallFactory, QuestionFactory

REGISTERED = [model for model in admin.site._registry if model._meta.app_label == "incubator"]


def test_every_model_has_an_admin_screen_or_is_edited_inline():
    inline = {inline.model for model in REGISTERED for inline in admin.site._registry[model].inlines}
    assert set(apps.get_app_config("incubator").get_models()) == set(REGISTERED) | inline


@pytest.mark.parametrize("model", [model._meta.model_name for model in REGISTERED])
@pytest.mark.django_db
def test_staff_open_the_list_and_add_pages_of_each_model(client, sophie, model):
    client.force_login(sophie)
    assert client.get(reverse(f"admin:incubator_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:incubator_{model}_add")).status_code == 200


@pytest.mark.django_db
def test_staff_configure_a_calls_questions_in_three_languages(client, sophie):
    call = CallFactory()
    QuestionFactory(call=call, text_fr="Quel besoin ?", text_ar="ما الحاجة؟", text_en="What need?")
    ApplicationFactory(call=call)
    client.force_login(sophie)
    page = client.get(reverse("admin:incubator_call_change", args=[call.pk])).content.decode()
    assert "ما الحاجة؟" in page and "What need?" in page
