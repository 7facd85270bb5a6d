import pytest
from django.contrib.auth import get_user
from django.core import mail
from django.urls import reverse

from essmed.accounts.models import User
from essmed.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, email, password=PASSWORD, lang="fr"):
    return client.post(f"/{lang}/accounts/login/", {"username": email, "password": password})


def test_person_logs_in_with_their_email_in_any_case(client):
    UserFactory(email="alice@example.org")
    response = login(client, "Alice@Example.org")
    assert response.status_code == 302
    assert get_user(client).is_authenticated


def test_person_lands_on_the_home_page_in_their_preferred_language(client):
    UserFactory(email="alice@example.org", preferred_language="ar")
    assert login(client, "alice@example.org", lang="fr").url == "/ar/"


def test_login_follows_the_next_page_when_given(client):
    UserFactory(email="alice@example.org")
    response = client.post(
        "/fr/accounts/login/", {"username": "alice@example.org", "password": PASSWORD, "next": "/fr/accounts/profile/"}
    )
    assert response.url == "/fr/accounts/profile/"


def test_passwords_are_hashed_with_argon2():
    user = User.objects.create_user("bob@example.org", "a long enough password", full_name="Bob")
    assert user.password.startswith("argon2")


def test_wrong_password_redisplays_the_form_with_a_translated_message(client):
    UserFactory(email="alice@example.org")
    response = login(client, "alice@example.org", "wrong", lang="en")
    assert response.status_code == 200
    assert "do not match an active account" in response.content.decode()
    assert not get_user(client).is_authenticated


def test_login_is_throttled_after_five_failures_even_with_the_right_password(client, settings):
    UserFactory(email="alice@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "alice@example.org", "wrong")
    response = login(client, "alice@example.org")
    assert response.status_code == 429
    assert not get_user(client).is_authenticated
    assert 'lang="fr"' in response.content.decode()


def test_throttling_of_one_account_does_not_block_another(client, settings):
    UserFactory(email="alice@example.org")
    UserFactory(email="bob@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "alice@example.org", "wrong")
    assert login(client, "bob@example.org").status_code == 302


def test_inactive_account_cannot_log_in(client):
    UserFactory(email="alice@example.org", inactive=True)
    response = login(client, "alice@example.org")
    assert response.status_code == 200
    assert not get_user(client).is_authenticated


def test_logout_needs_a_post(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/fr/accounts/logout/").status_code == 405
    client.post("/fr/accounts/logout/")
    assert not get_user(client).is_authenticated


def test_password_reset_sends_a_link_in_the_users_language_that_sets_a_new_password(client):
    UserFactory(email="alice@example.org", preferred_language="ar")
    response = client.post("/fr/accounts/password/reset/", {"email": "alice@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("127.0.0.1:8000", 1)[1] if "127.0.0.1:8000" in link else link
    assert path.startswith("/ar/")
    response = client.get(path, follow=True)
    new = "a brand new passphrase 2026"
    response = client.post(response.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert login(client, "alice@example.org", new).status_code == 302


def test_password_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client):
    response = client.post("/fr/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_person_changes_their_password(client):
    user = UserFactory()
    client.force_login(user)
    new = "another long passphrase 42"
    response = client.post(
        "/fr/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_profile_saves_name_and_language(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/fr/accounts/profile/", {"full_name": "Alice Martin", "preferred_language": "ar"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.preferred_language) == ("Alice Martin", "ar")
    assert response.url == "/ar/accounts/profile/"


def test_profile_refuses_an_empty_name_with_a_field_error(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/en/accounts/profile/", {"full_name": "", "preferred_language": "fr"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
