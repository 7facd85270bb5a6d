"""Fixtures shared by every app's tests.

The cast, one person per role, as in the README's demo accounts:
Amina is a platform administrator, Sophie is programme staff, Youssef an advisor of the Maison de
l'ESS, Fatima manages the members of the Zaytoun cooperative where Karim is a plain member, Omar
is a member of another cooperative, Dimitris a CIM delegate, Thomas a trainer, Pauline a participant.
"""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.utils import translation
from hypothesis import settings

from essmed.accounts.models import Organisation, OrganisationKind, Role, User
from essmed.accounts.tests.factories import OrganisationFactory, person
from essmed.territories.tests.factories import CountryFactory, RegionFactory

# No deadline per example: the first example of a property pays for caches and imports, and a busy CI machine
# made timings fail a correct test (the number of examples keeps the suite fast).
settings.register_profile("essmed", deadline=None)
settings.load_profile("essmed")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (the directory's filter options are kept in it)."""
    caches["default"].clear()


@pytest.fixture(autouse=True)
def _french_by_default():
    """Each test starts in the default language, whatever the previous one activated."""
    with translation.override("fr"):
        yield


@pytest.fixture
def cim_region(db):
    return RegionFactory(slug="occitanie", name="Occitanie", country=CountryFactory(code="FR"), cim_member=True)


@pytest.fixture
def coop(db) -> Organisation:
    return OrganisationFactory(slug="zaytoun", name="Coopérative Zaytoun", country=CountryFactory(code="MA"))


@pytest.fixture
def other_coop(db) -> Organisation:
    return OrganisationFactory(slug="argan", name="Coopérative Argan", country=CountryFactory(code="MA"))


@pytest.fixture
def support_structure(db) -> Organisation:
    return OrganisationFactory(
        slug="maison-ess",
        name="Maison de l'ESS",
        kind=OrganisationKind.SUPPORT_STRUCTURE,
        country=CountryFactory(code="MA"),
    )


@pytest.fixture
def amina(db) -> User:
    return person(Role.ADMIN, email="amina@example.org", full_name="Amina")


@pytest.fixture
def sophie(db) -> User:
    return person(Role.STAFF, email="sophie@example.org", full_name="Sophie")


@pytest.fixture
def youssef(support_structure) -> User:
    return person(Role.ADVISOR, organisation=support_structure, email="youssef@example.org", full_name="Youssef")


@pytest.fixture
def fatima(coop) -> User:
    return person(Role.MEMBER, organisation=coop, manager=True, email="fatima@example.org", full_name="Fatima")


@pytest.fixture
def karim(coop) -> User:
    return person(Role.MEMBER, organisation=coop, email="karim@example.org", full_name="Karim")


@pytest.fixture
def omar(other_coop) -> User:
    return person(Role.MEMBER, organisation=other_coop, manager=True, email="omar@example.org", full_name="Omar")


@pytest.fixture
def dimitris(cim_region) -> User:
    return person(Role.DELEGATE, region=cim_region, email="dimitris@example.org", full_name="Dimitris")


@pytest.fixture
def thomas(db) -> User:
    return person(Role.TRAINER, email="thomas@example.org", full_name="Thomas")


@pytest.fixture
def pauline(db) -> User:
    return person(Role.PARTICIPANT, email="pauline@example.org", full_name="Pauline")


@pytest.fixture
def cast(amina, sophie, youssef, fatima, karim, omar, dimitris, thomas, pauline) -> dict[str, User]:
    """Everyone, by first name."""
    return {u.full_name.lower(): u for u in (amina, sophie, youssef, fatima, karim, omar, dimitris, thomas, pauline)}
