import pytest
from django.contrib import admin
from django.urls import reverse

from essmed.accounts.models import SignupPolicy

pytestmark = pytest.mark.django_db


def test_administrators_and_staff_reach_the_admin_others_do_not(client, cast):
    for name, user in cast.items():
        client.force_login(user)
        response = client.get("/fr/admin/")
        expected = 200 if name in {"amina", "sophie"} else 302
        assert response.status_code == expected, name


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
def test_every_model_admin_page_opens_in_each_language(client, amina, coop, cim_region, lang):
    client.force_login(amina)
    for model in admin.site._registry:
        opts = model._meta
        for view in ("changelist", "add"):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}")
            url = f"/{lang}/" + url.split("/", 2)[2]
            response = client.get(url)
            assert response.status_code in (200, 403), (url, response.status_code)
            if response.status_code == 200:
                assert f'lang="{lang}"' in response.content.decode()


def test_staff_cannot_change_the_signup_policy_but_an_administrator_can(client, sophie, amina):
    SignupPolicy.current()
    url = "/fr/admin/accounts/signuppolicy/1/change/"
    client.force_login(sophie)
    assert client.post(url, {"open_registration": "on"}).status_code == 403
    client.force_login(amina)
    assert client.post(url, {"open_registration": "on", "allowed_email_domains": ""}).status_code == 302
    assert SignupPolicy.current().open_registration


def test_staff_edits_regions_in_the_admin(client, sophie, cim_region):
    client.force_login(sophie)
    assert client.get(f"/fr/admin/territories/region/{cim_region.pk}/change/").status_code == 200
    assert client.get("/fr/admin/territories/region/add/").status_code == 200


def test_staff_cannot_make_anyone_a_superuser(client, sophie, pauline):
    client.force_login(sophie)
    response = client.get(f"/fr/admin/accounts/user/{pauline.pk}/change/")
    assert response.status_code == 200
    assert 'name="is_superuser"' not in response.content.decode()
