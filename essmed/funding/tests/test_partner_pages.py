"""A partner's page, the page that confirms a project's deletion and the message that a partner is added, in Arabic:
the project's title and the organisation's name, often French, are isolated from the sentence around them."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from essmed.directory.tests.factories import ActorFactory
from essmed.funding.tests.factories import PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db

TITLE = "Incubateurs ESS (Oriental)"


@pytest.fixture
def project(fatima, coop):
    return ProjectFactory(owner=fatima, organisation=coop, title=TITLE)


def test_the_partner_page_in_arabic_isolates_the_project_s_title_in_its_sentence(client, fatima, project):
    partner = PartnerFactory(project=project, actor=ActorFactory(name="Coopérative Zaytoun"))
    client.force_login(fatima)
    page = client.get(f"/ar/funding/partners/{partner.pk}/").content.decode()
    assert f"دور هذه المنظمة وصنفها في المشروع «<bdi>{TITLE}</bdi>»." in page
    french = client.get(f"/fr/funding/partners/{partner.pk}/").content.decode()
    assert f"dans le projet «\u00a0<bdi>{TITLE}</bdi>\u00a0»." in french
    # The list of types asks for one in words (its choices come from the model, read when the list is shown).
    assert "---------" not in page and '<option value="">اختر…</option>' in page


def test_the_deletion_page_in_arabic_isolates_the_project_s_title_in_its_sentence(client, fatima, project):
    client.force_login(fatima)
    page = client.get(f"/ar/funding/projects/{project.pk}/delete/").content.decode()
    assert f"سيحذف المشروع «<bdi>{TITLE}</bdi>» واتحاد شركائه" in page
    french = client.get(f"/fr/funding/projects/{project.pk}/delete/").content.decode()
    assert f"Le projet «\u00a0<bdi>{TITLE}</bdi>\u00a0» et son consortium" in french


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar", "أضيف \u2068Réseau de l'Oriental (RESS)\u2069 إلى اتحاد الشركاء."),
        ("fr", "Réseau de l'Oriental (RESS) est ajouté au consortium."),
    ],
    ids=["ar", "fr"],
)
def test_the_message_that_a_partner_is_added_isolates_its_name_in_arabic(client, fatima, project, language, expected):
    actor = ActorFactory(name="Réseau de l'Oriental (RESS)")
    client.force_login(fatima)
    response = client.post(
        f"/{language}/funding/projects/{project.pk}/partners/",
        {"actor": actor.pk, "role": "partner", "partner_type": ""},
    )
    assert response.status_code == 302
    assert [str(message) for message in get_messages(response.wsgi_request)] == [expected]
