from __future__ import annotations

import pytest

from essmed.territories.models import CimMembership, Country
from essmed.territories.tests.factories import CommuneFactory, CountryFactory, RegionFactory


@pytest.mark.django_db
def test_a_country_with_a_real_code_gets_its_real_names_and_shore():
    morocco = CountryFactory(code="MA")
    assert (morocco.alpha3, morocco.name_fr, morocco.name_ar, morocco.name_en) == ("MAR", "Maroc", "المغرب", "Morocco")
    assert morocco.shore == "south"


@pytest.mark.django_db
def test_asking_twice_for_a_country_gives_the_same_record():
    assert CountryFactory(code="FR") == CountryFactory(code="FR")
    assert Country.objects.count() == 1


@pytest.mark.django_db
def test_countries_without_a_code_use_user_assigned_codes():
    codes = {CountryFactory().code for _ in range(5)}
    assert len(codes) == 5
    assert all(code == "AA" or code[0] in "QXZ" for code in codes)


@pytest.mark.django_db
def test_a_cim_member_region_is_attested_with_its_evidence():
    region = RegionFactory(slug="occitanie", name="Occitanie", country=CountryFactory(code="FR"), cim_member=True)
    assert region.is_cim_member
    assert region.cim_source_url.startswith("https://")
    assert (region.name_fr, region.name_ar, region.name_en) == ("Occitanie", "Occitanie", "Occitanie")
    assert region.shore == "north"
    assert RegionFactory(slug="occitanie") == region


@pytest.mark.django_db
def test_a_plain_region_is_not_listed_and_an_unverified_one_is():
    assert RegionFactory().cim_membership == CimMembership.NONE
    assert RegionFactory(cim_unverified=True).cim_membership == CimMembership.UNVERIFIED


@pytest.mark.django_db
def test_a_commune_comes_with_its_division_region_and_country():
    commune = CommuneFactory(name_ar="بلدة")
    assert commune.division.region.country.pk is not None
    assert commune.name_ar == "بلدة"
    assert commune.name_fr.startswith("Commune ")
