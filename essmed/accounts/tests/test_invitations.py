import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user
from django.core import mail
from django.utils import timezone, translation

from essmed.accounts.models import Invitation, Role, User
from essmed.accounts.tests.factories import InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db


def invite(client, **data):
    payload = {"email": "new@example.org", "role": Role.PARTICIPANT, "language": "fr", "message": ""}
    payload.update(data)
    return client.post("/fr/accounts/invitations/", payload)


def accept_path(message) -> str:
    return re.search(r"(/(?:fr|ar|en)/accounts/invitation/\S+)", message.body).group(1)


def test_staff_invites_a_delegate_of_a_member_region_who_creates_an_account(
    client, sophie, cim_region, django_capture_on_commit_callbacks
):
    client.force_login(sophie)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, role=Role.DELEGATE, region=cim_region.pk, language="en", message="Welcome aboard")
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["new@example.org"]
    assert "CIM delegate" in message.body
    assert "Welcome aboard" in message.body
    path = accept_path(message)
    assert path.startswith("/en/")
    client.logout()
    response = client.post(
        path,
        {
            "full_name": "Nikos",
            "preferred_language": "en",
            "password1": "a good long passphrase",
            "password2": "a good long passphrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.is_active
    assert user.memberships.get().region == cim_region
    assert get_user(client) == user
    assert Invitation.objects.get().status == "accepted"


def test_accepted_invitation_cannot_be_used_again(client, sophie):
    invitation = InvitationFactory(invited_by=sophie, accepted_at=timezone.now())
    response = client.get(invitation.get_accept_url())
    assert response.status_code == 410
    assert "already been accepted" in client.get("/en" + invitation.get_accept_url()[3:]).content.decode()


def test_expired_and_revoked_invitations_are_refused(client, sophie):
    expired = InvitationFactory(invited_by=sophie, expires_at=timezone.now() - timedelta(days=1))
    revoked = InvitationFactory(invited_by=sophie, revoked_at=timezone.now())
    assert client.get(expired.get_accept_url()).status_code == 410
    assert client.post(revoked.get_accept_url(), {"full_name": "X"}).status_code == 410
    assert client.get("/fr/accounts/invitation/no-such-token/").status_code == 410


def test_existing_account_is_asked_to_log_in_then_accepts(client, sophie):
    karim = UserFactory(email="karim@example.org")
    invitation = InvitationFactory(email="karim@example.org", role=Role.TRAINER, invited_by=sophie)
    response = client.get(invitation.get_accept_url())
    assert "?next=" in response.content.decode()
    client.force_login(karim)
    response = client.post(invitation.get_accept_url())
    assert response.status_code == 302
    assert karim.memberships.filter(role=Role.TRAINER).exists()


def test_invitation_for_another_address_cannot_be_accepted_by_the_logged_in_person(client, sophie, pauline):
    invitation = InvitationFactory(email="someone.else@example.org", invited_by=sophie)
    client.force_login(pauline)
    assert client.post(invitation.get_accept_url()).status_code == 403
    assert Invitation.objects.get().status == "pending"


def test_manager_invites_a_colleague_into_their_own_organisation(client, fatima, coop):
    client.force_login(fatima)
    response = invite(client, role=Role.MEMBER, organisation=coop.pk)
    assert response.status_code == 302
    assert Invitation.objects.get().organisation == coop


def test_manager_cannot_invite_into_another_organisation(client, fatima, other_coop):
    client.force_login(fatima)
    response = invite(client, role=Role.MEMBER, organisation=other_coop.pk)
    assert response.status_code == 200
    assert not Invitation.objects.exists()


def test_manager_cannot_invite_a_staff_member(client, fatima, coop):
    client.force_login(fatima)
    response = invite(client, role=Role.STAFF, organisation=coop.pk)
    assert response.status_code == 200
    assert not Invitation.objects.exists()


def test_staff_cannot_invite_an_administrator_but_an_administrator_can(client, sophie, amina):
    client.force_login(sophie)
    invite(client, role=Role.ADMIN)
    assert not Invitation.objects.exists()
    client.force_login(amina)
    assert invite(client, role=Role.ADMIN).status_code == 302


def test_delegate_invitation_needs_a_cim_region(client, sophie):
    client.force_login(sophie)
    response = invite(client, role=Role.DELEGATE)
    assert response.status_code == 200
    with translation.override("fr"):
        expected = translation.gettext("A CIM delegate represents a member region: choose one.")
    assert response.context["form"].errors["region"] == [expected]


def test_member_invitation_needs_an_organisation(client, sophie):
    client.force_login(sophie)
    response = invite(client, role=Role.MEMBER)
    assert "organisation" in response.context["form"].errors


def test_same_pending_invitation_is_not_sent_twice(client, sophie):
    client.force_login(sophie)
    invite(client)
    response = invite(client, email="NEW@example.org")
    assert response.status_code == 200
    assert Invitation.objects.count() == 1


def test_plain_member_and_participant_cannot_open_the_invitations_page(client, karim, pauline, dimitris):
    for person in (karim, pauline, dimitris):
        client.force_login(person)
        assert client.get("/fr/accounts/invitations/").status_code == 403


def test_sender_revokes_an_invitation_but_another_manager_gets_404(client, fatima, omar, coop):
    invitation = InvitationFactory(role=Role.MEMBER, organisation=coop, invited_by=fatima)
    client.force_login(omar)
    assert client.post(f"/fr/accounts/invitations/{invitation.pk}/revoke/").status_code == 404
    client.force_login(fatima)
    assert client.post(f"/fr/accounts/invitations/{invitation.pk}/revoke/").status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "revoked"


def test_resending_a_pending_invitation_emails_it_again(client, sophie):
    invitation = InvitationFactory(invited_by=sophie)
    client.force_login(sophie)
    client.post(f"/fr/accounts/invitations/{invitation.pk}/resend/")
    assert len(mail.outbox) == 1


def test_invitation_list_shows_only_what_the_person_may_see(client, fatima, omar, coop, other_coop):
    InvitationFactory(email="for-zaytoun@example.org", role=Role.MEMBER, organisation=coop, invited_by=fatima)
    InvitationFactory(email="for-argan@example.org", role=Role.MEMBER, organisation=other_coop, invited_by=omar)
    client.force_login(fatima)
    page = client.get("/fr/accounts/invitations/").content.decode()
    assert "for-zaytoun@example.org" in page
    assert "for-argan@example.org" not in page


def test_new_account_from_invitation_refuses_a_weak_password(client, sophie):
    invitation = InvitationFactory(invited_by=sophie)
    response = client.post(
        invitation.get_accept_url(),
        {"full_name": "X", "preferred_language": "fr", "password1": "password", "password2": "password"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(email=invitation.email).exists()
