import re

import pytest
from django.contrib.auth import get_user
from django.core import mail

from essmed.accounts.models import Role, SignupPolicy, User
from essmed.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW = {
    "full_name": "Nadia Benali",
    "email": "nadia@example.org",
    "preferred_language": "ar",
    "password1": "a long passphrase for nadia",
    "password2": "a long passphrase for nadia",
}


@pytest.fixture
def open_registration():
    policy = SignupPolicy.current()
    policy.open_registration = True
    policy.save()
    return policy


def test_signup_is_closed_unless_an_administrator_opens_it(client):
    assert client.get("/fr/accounts/signup/").status_code == 404
    assert client.post("/fr/accounts/signup/", NEW).status_code == 404
    assert not User.objects.filter(email=NEW["email"]).exists()


def test_login_page_offers_signup_only_when_open(client, open_registration):
    assert "/fr/accounts/signup/" in client.get("/fr/accounts/login/").content.decode()
    open_registration.open_registration = False
    open_registration.save()
    assert "/fr/accounts/signup/" not in client.get("/fr/accounts/login/").content.decode()


def test_signup_creates_an_inactive_participant_until_the_email_is_confirmed(
    client, open_registration, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fr/accounts/signup/", NEW)
    assert response.status_code == 200
    user = User.objects.get(email="nadia@example.org")
    assert not user.is_active
    assert user.has_role(Role.PARTICIPANT)
    assert len(mail.outbox) == 1
    path = re.search(r"(/ar/accounts/confirm/\S+)", mail.outbox[0].body).group(1)
    response = client.get(path)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_active
    assert get_user(client) == user


def test_confirmation_link_works_once(client, open_registration, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/fr/accounts/signup/", NEW)
    path = re.search(r"(/ar/accounts/confirm/\S+)", mail.outbox[0].body).group(1)
    client.get(path)
    client.logout()
    user = User.objects.get(email="nadia@example.org")
    user.set_password("changed since then 123")
    user.save()
    assert client.get(path).status_code == 400


def test_tampered_confirmation_link_is_refused(client):
    assert client.get("/fr/accounts/confirm/MQ/not-a-token/").status_code == 400
    assert client.get("/fr/accounts/confirm/%%%/x/").status_code == 400


def test_signup_refuses_an_address_already_used(client, open_registration):
    UserFactory(email="nadia@example.org")
    response = client.post("/en/accounts/signup/", {**NEW, "email": "Nadia@example.org"})
    assert response.status_code == 200
    assert "already uses this email address" in response.content.decode()


def test_signup_refuses_mismatched_and_weak_passwords_keeping_what_was_typed(client, open_registration):
    response = client.post("/en/accounts/signup/", {**NEW, "password2": "something else"})
    assert "The two passwords differ" in response.content.decode()
    assert 'value="Nadia Benali"' in response.content.decode()
    response = client.post("/en/accounts/signup/", {**NEW, "password1": "12345678", "password2": "12345678"})
    assert "password" in str(response.context["form"].errors["password1"]).lower()
    assert not User.objects.exists()


def test_signup_limited_to_allowed_domains(client, open_registration):
    open_registration.allowed_email_domains = "laregion.fr\n@oriental.ma"
    open_registration.save()
    response = client.post("/en/accounts/signup/", NEW)
    assert "invitation only" in response.content.decode()
    response = client.post("/en/accounts/signup/", {**NEW, "email": "nadia@oriental.ma"})
    assert User.objects.filter(email="nadia@oriental.ma").exists()
