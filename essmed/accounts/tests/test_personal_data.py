"""The "Your personal data" page, the download of one's data, the privacy notice and the staff's admin export."""

import json
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.utils import timezone

from essmed.events.tests.factories import MeetingRequestFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

PAGE = "/fr/accounts/profile/data/"
DOWNLOAD = "/fr/accounts/profile/data/download/"


def download(client, user):
    client.force_login(user)
    response = client.get(DOWNLOAD)
    assert response.status_code == 200
    return response, json.loads(response.content.decode("utf-8"))


def test_profile_page_links_to_the_personal_data_page(client, karim):
    client.force_login(karim)
    assert f'href="{PAGE}"' in client.get("/fr/accounts/profile/").content.decode()


@pytest.mark.parametrize("url", [PAGE, DOWNLOAD, "/fr/accounts/profile/delete/"])
def test_anonymous_visitor_is_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_page_says_what_is_kept_with_the_number_of_records_of_each_part(client, karim, coop):
    RegistrationFactory(user=karim)
    client.force_login(karim)
    page = client.get(PAGE).content.decode()
    assert "<h1>Vos données personnelles</h1>" in page
    assert "karim@example.org" in page
    assert "Coopérative Zaytoun" in page
    events_row = re.search(r'<th scope="row">Événements et rendez-vous</th>\s*<td>.*?</td>\s*<td[^>]*>(\d+)</td>', page)
    assert events_row is not None
    assert events_row.group(1) == "1"
    assert f'href="{DOWNLOAD}"' in page
    assert 'href="/fr/accounts/profile/delete/"' in page
    assert 'href="/fr/accounts/privacy/"' in page


def test_personal_data_page_in_arabic_is_right_to_left(client, karim):
    client.force_login(karim)
    page = client.get("/ar/accounts/profile/data/").content.decode()
    assert '<html lang="ar"\n      dir="rtl">' in page or '<html lang="ar" dir="rtl">' in page
    assert "<h1>بياناتكم الشخصية</h1>" in page
    assert 'href="/ar/accounts/profile/data/download/"' in page


def test_member_downloads_own_data_as_an_indented_utf8_json_file_without_the_password(client, karim):
    response, data = download(client, karim)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="essmed-personal-data-{today}.json"'
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode("utf-8")
    assert '\n  "account": {\n    "id"' in text  # indented
    assert "Coopérative Zaytoun" in text  # UTF-8, not \u escapes
    assert "password" not in text
    assert karim.password not in text
    assert data["account"]["email"] == "karim@example.org"
    assert data["account"]["full_name"] == "Karim"
    assert data["contact"] == "privacy@essmed.example.org"
    [membership] = data["records"]["account"]["memberships"]
    assert membership["role"] == "member"
    assert membership["organisation"] == "Coopérative Zaytoun"
    assert set(data["records"]) == {"account", "sign_ins", "emails", "directory", "events", "funding", "incubator"}


def test_member_downloads_own_registrations_not_others(client, karim, omar):
    mine = RegistrationFactory(user=karim, offers_fr="Huile d'olive", seeks_fr="Distributeurs")
    theirs = RegistrationFactory(event=mine.event, user=omar, offers_fr="Huile d'argan")
    MeetingRequestFactory(requester=theirs, recipient=mine, message="Parlons argan.")
    RegistrationFactory(user=omar, offers_fr="Secret d'Omar")
    _response, data = download(client, karim)
    events = data["records"]["events"]
    [registration] = events["registrations"]
    assert registration["event"] == str(mine.event)
    assert registration["offers"]["fr"] == "Huile d'olive"
    [meeting_request] = events["meeting_requests"]
    assert meeting_request["direction"] == "received"
    assert meeting_request["with"] == "Omar"
    assert meeting_request["message"] == "Parlons argan."
    text = json.dumps(data, ensure_ascii=False)
    assert "Huile d'argan" not in text
    assert "Secret d'Omar" not in text


def test_privacy_notice_is_public_and_linked_from_the_footer_of_every_page(client, settings):
    settings.PRIVACY_CONTACT_EMAIL = "dpo@laregion.example"
    home = client.get("/fr/").content.decode()
    footer = home.split('<footer class="site-footer', 1)[1]
    assert 'href="/fr/accounts/privacy/"' in footer
    notice = client.get("/fr/accounts/privacy/")
    assert notice.status_code == 200
    page = notice.content.decode()
    assert "<h1>Politique de confidentialité</h1>" in page
    assert 'href="mailto:dpo@laregion.example"' in page
    assert "Région Occitanie" in page


def test_privacy_notice_in_arabic_is_right_to_left_and_translated(client):
    page = client.get("/ar/accounts/privacy/").content.decode()
    assert re.search(r'<html lang="ar"\s+dir="rtl">', page)
    assert "<h1>سياسة الخصوصية</h1>" in page
    assert "Who is responsible" not in page


def export_from_admin(client, staff, *users):
    client.force_login(staff)
    return client.post(
        "/fr/admin/accounts/user/",
        {"action": "export_personal_data", "_selected_action": [user.pk for user in users]},
    )


def test_staff_exports_a_users_data_from_the_admin_the_same_file_as_the_users_own(client, sophie, karim):
    RegistrationFactory(user=karim)
    _own_response, own = download(client, karim)
    response = export_from_admin(client, sophie, karim)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="essmed-personal-data-')
    from_admin = json.loads(response.content)
    assert from_admin.pop("exported_at") >= own.pop("exported_at")
    assert from_admin == own
    assert own["records"]["events"]["registrations"]
    entry = LogEntry.objects.get(object_id=str(karim.pk))
    assert entry.user == sophie
    assert entry.change_message == "Données personnelles exportées."


def test_admin_export_takes_exactly_one_user(client, sophie, karim, pauline):
    response = export_from_admin(client, sophie, karim, pauline)
    assert response.status_code == 302
    follow = client.get(response.url).content.decode()
    assert "Sélectionnez un seul utilisateur" in follow


def test_people_without_access_to_the_admin_cannot_export(client, karim, pauline):
    response = export_from_admin(client, karim, pauline)
    assert response.status_code == 302
    assert "/admin/login/" in response.url
