"""Fixtures of the funding tests: the countries and regions the programme data names, the programmes loaded."""

from __future__ import annotations

import pytest

from essmed.funding.data import programmes as data
from essmed.funding.loading import load_programmes
from essmed.territories.tests.factories import CountryFactory, RegionFactory

CODES = sorted(
    {*data.NEXT_MED, *data.EURO_MED, *data.EU_MEMBER_STATES, "MA", "TN", "EG", "LB", "JO", "TR", "DZ", "IL", "PS"}
)


@pytest.fixture
def countries(db):
    made = {code: CountryFactory(code=code) for code in CODES}
    RegionFactory(slug="occitanie", name="Occitanie", country=made["FR"])
    RegionFactory(slug="provence-alpes-cote-d-azur", name="Provence-Alpes-Côte d'Azur", country=made["FR"])
    RegionFactory(slug="oriental", name="Oriental", country=made["MA"])
    return made


@pytest.fixture
def programmes(countries):
    load_programmes()
