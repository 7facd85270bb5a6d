from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from essmed.accounts.models import Role, User
from essmed.territories.models import Commune, Region

pytestmark = pytest.mark.django_db

ROLE_ACCOUNTS = {
    "admin@example.org": Role.ADMIN,
    "staff@example.org": Role.STAFF,
    "advisor@example.org": Role.ADVISOR,
    "member@example.org": Role.MEMBER,
    "delegate@example.org": Role.DELEGATE,
    "trainer@example.org": Role.TRAINER,
    "participant@example.org": Role.PARTICIPANT,
}


def test_demo_data_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refused when DEBUG is off"):
        call_command("load_demo", stdout=StringIO())
    assert not User.objects.exists()


def test_demo_data_loads_real_territories_and_one_account_per_role(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert Commune.objects.filter(division__region__slug="oriental").count() == 124
    assert Region.objects.get(slug="occitanie").divisions.count() == 13
    for email, role in ROLE_ACCOUNTS.items():
        user = User.objects.get(email=email)
        assert user.check_password("essmed-demo"), email
        assert user.has_role(role)
        assert email in out.getvalue()


def test_loading_the_demo_twice_duplicates_nothing(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    counts = (User.objects.count(), Region.objects.count(), Commune.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (User.objects.count(), Region.objects.count(), Commune.objects.count()) == counts
