"""factory_boy factories for the territories, for the tests of every app.

    CountryFactory(code="MA")              # Morocco, with its names and shore from data/countries.csv
    RegionFactory(slug="occitanie", name="Occitanie", country=CountryFactory(code="FR"), cim_member=True)
    RegionFactory(cim_unverified=True)     # listed, membership not verified
    CommuneFactory(division__region=region, kind="urban")

``CountryFactory`` and ``RegionFactory`` get or create on their natural key (``code``, ``slug``), so asking
twice for the same country or region gives the same record. ``name`` sets the name in every language;
``name_fr``, ``name_ar`` or ``name_en`` set one. A country with a real ISO code takes its codes, names and
shore from the shipped ``countries.csv``; without a code it gets a code of the user-assigned ISO ranges
(AA, QM–QZ, XA–XZ, ZZ), which never clash with a real country.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import factory
from factory.django import DjangoModelFactory

from essmed.territories.loader import DATA_DIR, read_countries
from essmed.territories.models import CimMembership, Commune, CommuneKind, Country, Division, DivisionKind, Region

USER_ASSIGNED_CODES = [
    "AA",
    *(f"Q{letter}" for letter in "MNOPQRSTUVWXYZ"),
    *(f"X{chr(c)}" for c in range(65, 91)),
    "ZZ",
]


@cache
def iso_countries() -> dict[str, Mapping[str, object]]:
    return {code: entry.values for code, entry in read_countries(DATA_DIR).items()}


def iso(code: str, field: str, default: object) -> object:
    return iso_countries().get(code, {}).get(field, default)


class CountryFactory(DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: USER_ASSIGNED_CODES[n % len(USER_ASSIGNED_CODES)])
    alpha3 = factory.LazyAttribute(lambda o: iso(o.code, "alpha3", f"{o.code}X"))
    numeric = factory.LazyAttribute(lambda o: iso(o.code, "numeric", "999"))
    name = factory.LazyAttribute(lambda o: iso(o.code, "name_fr", f"Pays {o.code}"))
    name_fr = factory.LazyAttribute(lambda o: o.name)
    name_ar = factory.LazyAttribute(lambda o: iso(o.code, "name_ar", o.name))
    name_en = factory.LazyAttribute(lambda o: iso(o.code, "name_en", o.name))
    shore = factory.LazyAttribute(lambda o: iso(o.code, "shore", ""))


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"region-{n}")
    name = factory.Sequence(lambda n: f"Région {n}")
    name_fr = factory.LazyAttribute(lambda o: o.name)
    name_ar = factory.LazyAttribute(lambda o: o.name)
    name_en = factory.LazyAttribute(lambda o: o.name)
    country = factory.SubFactory(CountryFactory)
    shore = factory.LazyAttribute(lambda o: o.country.shore)

    class Params:
        cim_member = factory.Trait(
            cim_membership=CimMembership.ATTESTED,
            cim_evidence_en="Hosted a General Assembly of the Intermediterranean Commission.",
            cim_evidence_date="2020",
            cim_source_url="https://example.org/cim/general-assembly",
            cim_confidence="high",
        )
        cim_unverified = factory.Trait(
            cim_membership=CimMembership.UNVERIFIED,
            cim_evidence_en="Not confirmed by any public source consulted.",
            cim_confidence="unverified",
        )


class DivisionFactory(DjangoModelFactory):
    class Meta:
        model = Division

    region = factory.SubFactory(RegionFactory)
    code = factory.Sequence(lambda n: f"DIV_T{n:03d}")
    kind = DivisionKind.PROVINCE
    name = factory.Sequence(lambda n: f"Province {n}")
    name_fr = factory.LazyAttribute(lambda o: o.name)
    name_ar = factory.LazyAttribute(lambda o: o.name)
    name_en = factory.LazyAttribute(lambda o: o.name)


class CommuneFactory(DjangoModelFactory):
    class Meta:
        model = Commune

    division = factory.SubFactory(DivisionFactory)
    code = factory.Sequence(lambda n: f"COM_T{n:04d}")
    kind = CommuneKind.RURAL
    name = factory.Sequence(lambda n: f"Commune {n}")
    name_fr = factory.LazyAttribute(lambda o: o.name)
    name_ar = factory.LazyAttribute(lambda o: o.name)
    name_en = factory.LazyAttribute(lambda o: o.name)
