"""Erasing a person from the admin, at their request: the same erasure as their own deletion, never Django's delete."""

import re

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.test import Client

from essmed.accounts import personal_data
from essmed.accounts.models import Membership, Role, User
from essmed.accounts.tests.factories import person
from essmed.core.emails import queue_email
from essmed.incubator.models import Application, ApplicationState, Review
from essmed.incubator.tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/fr/admin/accounts/user/"


def delete_url(user, lang="fr"):
    return f"/{lang}/admin/accounts/user/{user.pk}/delete/"


def messages_on(client, response):
    """The admin messages shown on the page a response redirects to."""
    page = client.get(response.url).content.decode()
    return re.findall(r'<li class="(?:error|success|warning|info)">(.*?)</li>', page, re.S)


def test_delete_button_opens_a_confirmation_page_that_says_what_becomes_of_each_part(client, amina, karim):
    ApplicationFactory(applicant=karim)
    client.force_login(amina)
    change_page = client.get(f"/fr/admin/accounts/user/{karim.pk}/change/").content.decode()
    assert f'href="{delete_url(karim)}"' in change_page
    response = client.get(delete_url(karim))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Effacer les données personnelles" in page
    assert "Karim (karim@example.org)" in page
    for source in personal_data.sources():
        assert f'<th scope="row">{source.title}</th>' in page
    incubator = re.search(r'<th scope="row">Incubateur</th>\s*<td>(\d+)</td>\s*<td>(.*?)</td>', page, re.S)
    assert incubator is not None
    assert incubator.group(1) == "1"
    assert "brouillon" in incubator.group(2)  # the incubator's own words about what becomes of an application
    assert 'name="post" value="yes"' in page
    assert "Êtes-vous sûr" not in page  # not Django's plain deletion page
    assert User.objects.filter(pk=karim.pk).exists()  # nothing happens before the confirmation


def test_administrator_erases_a_person_despite_protected_links_through_the_apps_erasers(
    client, amina, karim, omar, django_capture_on_commit_callbacks
):
    """An application and a review protect their applicant and reviewer: Django's delete stopped there."""
    application = ApplicationFactory(applicant=karim, state=ApplicationState.SUBMITTED)
    review = Review.objects.create(application=ApplicationFactory(applicant=omar), reviewer=karim, recommendation="no")
    karim_id = karim.pk
    client.force_login(amina)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(karim), {"post": "yes"})
    assert response.status_code == 302
    assert response.url == CHANGELIST
    assert messages_on(client, response) == ["1 compte effacé avec ses données personnelles."]
    assert not User.objects.filter(pk=karim_id).exists()
    assert Application.objects.get(pk=application.pk).applicant.is_placeholder
    assert Review.objects.get(pk=review.pk).reviewer.is_placeholder
    [message] = mail.outbox
    assert message.to == ["karim@example.org"]
    assert message.subject == "Votre compte essmed est supprimé"
    entry = LogEntry.objects.get(object_id=str(karim_id), action_flag=DELETION)
    assert entry.user == amina
    assert entry.object_repr == "Utilisateur supprimé"  # the history keeps who erased, not whom
    assert entry.change_message == "Compte et données personnelles effacés à la demande de la personne."
    assert not LogEntry.objects.filter(object_repr__contains="Karim").exists()


def test_erasure_from_the_admin_signs_the_person_out_everywhere_and_emails_them_in_their_language(
    client, amina, karim, django_capture_on_commit_callbacks
):
    karim.preferred_language = "ar"
    karim.save()
    phone = Client()
    phone.force_login(karim)
    client.force_login(amina)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(delete_url(karim, lang="en"), {"post": "yes"})
    assert not Session.objects.filter(session_key=phone.session.session_key).exists()
    assert Session.objects.filter(session_key=client.session.session_key).exists()  # the administrator stays in
    [message] = mail.outbox
    assert message.body.startswith("\u200fمرحبا Karim،")  # each line right to left (core.emails)


def test_the_plain_delete_action_is_gone_and_the_erasure_replaces_it(client, amina, karim):
    client.force_login(amina)
    changelist = client.get(CHANGELIST).content.decode()
    assert 'value="delete_selected"' not in changelist
    assert 'value="erase_personal_data"' in changelist
    client.post(CHANGELIST, {"action": "delete_selected", "_selected_action": [karim.pk], "post": "yes"})
    assert User.objects.filter(pk=karim.pk).exists()


def test_bulk_erasure_confirms_then_erases_the_selected_and_says_who_must_wait_and_why(
    client, amina, fatima, karim, pauline, django_capture_on_commit_callbacks
):
    """Fatima is the last manager of Zaytoun's members: she is named with what to do first, the others erased."""
    client.force_login(amina)
    selected = {"action": "erase_personal_data", "_selected_action": [fatima.pk, karim.pk, pauline.pk]}
    confirmation = client.post(CHANGELIST, selected)
    assert confirmation.status_code == 200
    page = confirmation.content.decode()
    people = re.search(r'<ul id="people-erased">(.*?)</ul>', page, re.S).group(1)
    assert "karim@example.org" in people and "pauline@example.org" in people
    assert "fatima@example.org" not in people
    assert "Fatima est la dernière personne à gérer les membres de Coopérative Zaytoun" in page
    assert set(re.findall(r'name="_selected_action"\s+value="(\d+)"', page)) == {str(karim.pk), str(pauline.pk)}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CHANGELIST, {**selected, "post": "yes"})
    assert response.status_code == 302
    shown = messages_on(client, response)
    assert "2 comptes effacés avec leurs données personnelles." in shown
    assert any(message.startswith("Fatima est la dernière personne à gérer les membres") for message in shown)
    assert list(User.objects.filter(pk__in=[fatima.pk, karim.pk, pauline.pk])) == [fatima]
    assert sorted(message.to[0] for message in mail.outbox) == ["karim@example.org", "pauline@example.org"]


def test_superuser_and_last_manager_are_refused_in_the_admin_with_what_to_do_first(client, amina, sophie, fatima):
    sophie.is_superuser = True
    sophie.save()
    client.force_login(amina)
    for user, expected in (
        (sophie, "Sophie a un compte superutilisateur: décochez d’abord son statut de superutilisateur"),
        (fatima, "Fatima est la dernière personne à gérer les membres de Coopérative Zaytoun: confiez d’abord"),
    ):
        for method, data in ((client.get, {}), (client.post, {"post": "yes"})):
            response = method(delete_url(user), data)
            assert response.status_code == 302
            assert response.url == f"/fr/admin/accounts/user/{user.pk}/change/"
            [message] = messages_on(client, response)
            assert message.startswith(expected)
    assert User.objects.filter(pk__in=[sophie.pk, fatima.pk]).count() == 2
    assert Membership.objects.filter(user=fatima, is_manager=True).exists()


def test_last_administrator_cannot_erase_themself_from_the_admin(client, amina):
    client.force_login(amina)
    response = client.get(delete_url(amina))
    shown = messages_on(client, response)
    assert shown[0].startswith("Pour supprimer votre propre compte, passez par la page « Vos données personnelles »")
    assert (
        "Vous êtes le dernier administrateur de la plateforme: confiez d’abord ce rôle à une autre personne." in shown
    )
    person(Role.ADMIN, email="second-admin@example.org")
    assert len(messages_on(client, client.post(delete_url(amina), {"post": "yes"}))) == 1  # only "use your page"
    assert User.objects.filter(pk=amina.pk).exists()


def test_an_administrator_may_erase_another_once_someone_else_administers(client, amina):
    other = person(Role.ADMIN, email="second-admin@example.org", full_name="Leila")
    client.force_login(amina)
    assert client.post(delete_url(other), {"post": "yes"}).status_code == 302
    assert not User.objects.filter(pk=other.pk).exists()


def test_a_placeholder_account_cannot_be_erased(client, amina, karim):
    placeholder = personal_data.Erasure(karim).placeholder
    client.force_login(amina)
    [message] = messages_on(client, client.get(delete_url(placeholder)))
    assert message.startswith(f"Le compte {placeholder.email} tient la place d’une personne supprimée")
    assert User.objects.filter(pk=placeholder.pk).exists()


def test_programme_staff_cannot_erase_anyone(client, sophie, karim):
    """As before: only platform administrators delete users (backends.STAFF_DENIED_PERMISSIONS)."""
    client.force_login(sophie)
    assert client.get(delete_url(karim)).status_code == 403
    assert client.post(delete_url(karim), {"post": "yes"}).status_code == 403
    assert 'value="erase_personal_data"' not in client.get(CHANGELIST).content.decode()
    client.post(CHANGELIST, {"action": "erase_personal_data", "_selected_action": [karim.pk], "post": "yes"})
    assert User.objects.filter(pk=karim.pk).exists()


def test_confirmation_page_in_arabic_is_translated(client, amina, karim):
    client.force_login(amina)
    page = client.get(delete_url(karim, lang="ar")).content.decode()
    assert 'lang="ar"' in page
    assert "<title>محو البيانات الشخصية" in page
    assert "مصير بياناتهم" in page
    assert 'value="نعم، امحُ"' in page


@pytest.mark.django_db(transaction=True)
def test_an_erasure_from_the_admin_also_stops_the_emails_waiting_for_the_person(client, amina, karim, settings):
    """With the real database backend: an email queued for Karim and not yet sent by the worker never leaves."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    queue_email("karim@example.org", "emails/accounts/confirm_email", {"full_name": "Karim", "confirm_path": "/x/"})
    client.force_login(amina)
    assert client.post(delete_url(karim), {"post": "yes"}).status_code == 302
    call_command("db_worker", "--batch", "--no-reload", "--interval", "0.1", verbosity=0)
    [message] = mail.outbox
    assert message.subject == "Votre compte essmed est supprimé"
