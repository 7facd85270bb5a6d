"""Deleting one's own account: confirmed with the password, refused to those others depend on, in one transaction."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.db.models import ProtectedError
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from essmed.accounts import personal_data
from essmed.accounts.models import Membership, Role, User
from essmed.accounts.tests.factories import PASSWORD, person

pytestmark = pytest.mark.django_db

DELETE = "/fr/accounts/profile/delete/"


def delete(client, user, password=PASSWORD, url=DELETE):
    client.force_login(user)
    return client.post(url, {"password": password})


def test_confirmation_page_asks_for_the_password_and_says_what_becomes_of_each_part(client, karim):
    client.force_login(karim)
    page = client.get(DELETE).content.decode()
    assert '<input type="password" name="password"' in page
    assert 'autocomplete="current-password"' in page
    assert '<label class="form-label" for="id_password">' in page
    for title in (
        "Compte et rôles",
        "Annuaire des acteurs",
        "Événements et rendez-vous",
        "Veille sur les financements",
    ):
        assert f"<dt>{title}</dt>" in page
    assert "Incubateur" in page
    assert "utilisateur supprimé" in page


def test_wrong_password_keeps_account(client, karim, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = delete(client, karim, password="not my password")
    assert response.status_code == 400
    assert "Ce n’est pas votre mot de passe actuel." in response.content.decode()
    assert User.objects.filter(pk=karim.pk).exists()
    assert client.get("/fr/accounts/profile/").status_code == 200  # still signed in
    assert mail.outbox == []


def test_member_deletes_account_is_signed_out_told_and_emailed(client, karim, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = delete(client, karim)
    assert response.status_code == 302
    assert response.url == "/fr/"
    assert not User.objects.filter(email="karim@example.org").exists()
    assert not Membership.objects.filter(user_id=karim.pk).exists()
    home = client.get(response.url).content.decode()
    assert "Votre compte et vos données personnelles sont supprimés." in home
    assert client.get("/fr/accounts/profile/").status_code == 302  # signed out
    [message] = mail.outbox
    assert message.to == ["karim@example.org"]
    assert message.subject == "Votre compte essmed est supprimé"
    assert message.body.startswith("Bonjour Karim,")
    assert "privacy@essmed.example.org" in message.body


def test_deletion_email_is_in_the_persons_language_and_the_page_in_arabic_is_right_to_left(
    client, karim, django_capture_on_commit_callbacks
):
    karim.preferred_language = "ar"
    karim.save()
    client.force_login(karim)
    page = client.get("/ar/accounts/profile/delete/").content.decode()
    assert re.search(r'<html lang="ar"\s+dir="rtl">', page)
    assert "<h1>حذف حسابي</h1>" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = delete(client, karim, url="/ar/accounts/profile/delete/")
    assert response.url == "/ar/"
    assert "تم حذف حسابكم وبياناتكم الشخصية." in client.get("/ar/").content.decode()
    [message] = mail.outbox
    assert message.body.startswith("\u200fمرحبا Karim،")  # each line right to left (core.emails)


def test_last_admin_cannot_delete_account(client, fatima, karim):
    """Fatima is the only manager of Zaytoun's members: she is told what to do first, and nothing is deleted."""
    client.force_login(fatima)
    for url in ("/fr/accounts/profile/data/", DELETE):
        page = client.get(url).content.decode()
        assert "Vous êtes la dernière personne à gérer les membres de Coopérative Zaytoun" in page
    assert 'name="password"' not in client.get(DELETE).content.decode()
    response = delete(client, fatima)
    assert response.status_code == 409
    assert User.objects.filter(pk=fatima.pk).exists()
    assert mail.outbox == []


def test_manager_may_delete_account_once_another_member_manages_the_organisation(client, fatima, karim):
    Membership.objects.filter(user=karim).update(is_manager=True)
    assert delete(client, fatima).status_code == 302
    assert not User.objects.filter(pk=fatima.pk).exists()


def test_superuser_cannot_delete_account(client, sophie):
    sophie.is_superuser = True
    sophie.save()
    client.force_login(sophie)
    assert "superutilisateur" in client.get(DELETE).content.decode()
    assert delete(client, sophie).status_code == 409
    assert User.objects.filter(pk=sophie.pk).exists()


def test_last_platform_administrator_cannot_delete_account_but_one_of_two_can(client, amina):
    assert delete(client, amina).status_code == 409
    assert User.objects.filter(pk=amina.pk).exists()
    person(Role.ADMIN, email="second-admin@example.org")
    assert delete(client, amina).status_code == 302
    assert not User.objects.filter(pk=amina.pk).exists()


def test_deletion_is_undone_when_a_record_cannot_be_erased(
    client, karim, monkeypatch, django_capture_on_commit_callbacks
):
    """An erase function that fails (here: a protected record) rolls back every other part, and nothing is sent."""

    def protected(user, erasure):
        erasure.placeholder  # noqa: B018 - creates the placeholder, which must be rolled back too
        raise ProtectedError("protected", set())

    monkeypatch.setitem(
        personal_data._SOURCES, "broken", personal_data.Source("broken", lambda user: {}, protected, "", "", "")
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = delete(client, karim)
    assert response.status_code == 409
    assert "privacy@essmed.example.org" in response.content.decode()
    assert User.objects.get(pk=karim.pk).memberships.count() == 1
    assert not User.objects.filter(email__endswith="@deleted.invalid").exists()
    assert mail.outbox == []


def test_delete_page_without_refusal_shows_a_form_for_the_other_cast(client, pauline, thomas, dimitris, youssef):
    for user in (pauline, thomas, dimitris, youssef):
        client.force_login(user)
        assert 'name="password"' in client.get(DELETE).content.decode()


# --- Signed out everywhere -------------------------------------------------------------------------------------


def test_deleting_account_ends_the_persons_sessions_on_every_device_and_no_one_elses(client, karim, pauline):
    phone, other_person = Client(), Client()
    phone.force_login(karim)
    other_person.force_login(pauline)
    assert phone.get("/fr/accounts/profile/").status_code == 200
    assert delete(client, karim).status_code == 302  # from the laptop
    assert not Session.objects.filter(session_key=phone.session.session_key).exists()
    assert Session.objects.filter(session_key=other_person.session.session_key).exists()
    assert phone.get("/fr/accounts/profile/").status_code == 302
    assert other_person.get("/fr/accounts/profile/").status_code == 200


def session_of(user_id):
    store = SessionStore()
    store[SESSION_KEY] = str(user_id)
    store.create()
    return store.session_key


def test_sessions_are_read_in_batches_and_only_the_persons_are_ended(karim, pauline, monkeypatch):
    monkeypatch.setattr(personal_data, "SESSION_BATCH", 2)
    karims = {session_of(karim.pk) for _ in range(3)}
    others = {session_of(pauline.pk), session_of(pauline.pk)}
    corrupted = Session.objects.create(
        session_key="x" * 32, session_data="not signed", expire_date=timezone.now() + timedelta(days=1)
    ).session_key
    with CaptureQueriesContext(connection) as queries:
        assert personal_data.end_sessions(karim) == 3
    reads = [query["sql"] for query in queries if '"django_session"."session_key" >' in query["sql"]]
    assert len(reads) == 4  # six sessions, two at a time, then an empty batch
    assert all("LIMIT 2" in sql for sql in reads)
    assert set(Session.objects.values_list("session_key", flat=True)) == others | {corrupted}
    assert not karims & set(Session.objects.values_list("session_key", flat=True))
