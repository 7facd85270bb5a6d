from __future__ import annotations

import factory
from django.contrib.auth.hashers import make_password
from factory.django import DjangoModelFactory

from essmed.accounts.models import Invitation, Membership, Organisation, OrganisationKind, Role, User
from essmed.territories.tests.factories import CountryFactory

PASSWORD = "correct horse battery staple"
_HASHES: dict[str, str] = {}


def hashed(password: str) -> str:
    """Argon2 is slow on purpose: hash the test password once per run."""
    if password not in _HASHES:
        _HASHES[password] = make_password(password)
    return _HASHES[password]


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.LazyFunction(lambda: hashed(PASSWORD))
    preferred_language = "fr"

    class Params:
        inactive = factory.Trait(is_active=False)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Coopérative {n}")
    slug = factory.Sequence(lambda n: f"cooperative-{n}")
    kind = OrganisationKind.COOPERATIVE
    country = factory.SubFactory(CountryFactory)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER
    organisation = factory.SubFactory(OrganisationFactory)


class InvitationFactory(DjangoModelFactory):
    class Meta:
        model = Invitation

    email = factory.Sequence(lambda n: f"invited{n}@example.org")
    role = Role.PARTICIPANT
    language = "fr"
    invited_by = factory.SubFactory(UserFactory)


def person(
    role: str, *, organisation: Organisation | None = None, region=None, manager: bool = False, **kwargs
) -> User:
    """A user holding ``role`` (in ``organisation`` or for ``region`` when given)."""
    user = UserFactory(**kwargs)
    Membership.objects.create(user=user, role=role, organisation=organisation, region=region, is_manager=manager)
    return user
