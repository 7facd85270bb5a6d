import pytest

from essmed.accounts.models import Membership, Role

pytestmark = pytest.mark.django_db


def page(client, user, slug="zaytoun"):
    if user is not None:
        client.force_login(user)
    return client.get(f"/fr/accounts/organisations/{slug}/")


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("amina", 200),
        ("sophie", 200),
        ("fatima", 200),
        ("karim", 200),
        ("omar", 404),
        ("youssef", 404),
        ("dimitris", 404),
        ("thomas", 404),
        ("pauline", 404),
    ],
)
def test_organisation_page_is_for_its_members_and_staff(client, cast, name, status):
    response = page(client, cast[name])
    assert response.status_code == status
    if status == 404:
        assert "Zaytoun" not in response.content.decode()


def test_anonymous_visitor_is_sent_to_login(client, coop):
    response = page(client, None)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_manager_sees_emails_and_remove_buttons_but_plain_member_does_not(client, fatima, karim):
    manager_view = page(client, fatima).content.decode()
    assert "karim@example.org" in manager_view
    member_view = page(client, karim).content.decode()
    assert "karim@example.org" not in member_view
    assert "/remove/" not in member_view


def test_manager_removes_a_member_of_their_organisation(client, fatima, karim):
    membership = karim.memberships.get()
    client.force_login(fatima)
    assert client.post(f"/fr/accounts/memberships/{membership.pk}/remove/").status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize("name", ["karim", "omar", "youssef", "dimitris", "pauline"])
def test_others_cannot_remove_a_member(client, cast, name):
    membership = cast["karim"].memberships.get()
    client.force_login(cast[name])
    assert client.post(f"/fr/accounts/memberships/{membership.pk}/remove/").status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_staff_removes_a_platform_role_but_not_an_administrators(client, sophie, amina, pauline):
    client.force_login(sophie)
    participant = pauline.memberships.get()
    assert client.post(f"/fr/accounts/memberships/{participant.pk}/remove/").status_code == 302
    admin = amina.memberships.get(role=Role.ADMIN)
    assert client.post(f"/fr/accounts/memberships/{admin.pk}/remove/").status_code == 404


def test_organisation_list_shows_the_persons_own_organisations_and_all_for_staff(client, fatima, omar, sophie):
    client.force_login(fatima)
    mine = client.get("/fr/accounts/organisations/").content.decode()
    assert "Zaytoun" in mine
    assert "Argan" not in mine
    client.force_login(sophie)
    everything = client.get("/fr/accounts/organisations/").content.decode()
    assert "Zaytoun" in everything
    assert "Argan" in everything


def test_a_person_may_hold_several_roles(fatima, cim_region):
    Membership.objects.create(user=fatima, role=Role.DELEGATE, region=cim_region)
    Membership.objects.create(user=fatima, role=Role.TRAINER)
    assert fatima.has_role(Role.MEMBER, Role.DELEGATE)
    assert fatima.role_set == {Role.MEMBER, Role.DELEGATE, Role.TRAINER}
