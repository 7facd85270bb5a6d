"""The facts about a consortium that eligibility rules read: pure functions, no database access.

A fact that cannot be computed (a partner without a country, a budget nobody entered) is left out of the
facts, so that a rule reading it is "unknown" and names it (see ``logic.py``). The vocabulary of partner
types and every fact are documented in ``docs/funding.md``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

PARTNER_TYPES = (
    "public_authority",
    "regional_authority",
    "local_authority",
    "university",
    "research",
    "ngo",
    "association",
    "cooperative",
    "mutual",
    "social_enterprise",
    "sme",
    "large_enterprise",
    "international_organisation",
    "support_structure",
    "foundation",
    "network",
)
ROLES = ("lead", "partner", "associated")
FUNDED_ROLES = ("lead", "partner")


@dataclass(frozen=True)
class Partner:
    """One organisation of a consortium, as the rules see it."""

    name: str  # empty: the facts name it by its position, "partner 3", in the language of the check
    country: str | None = None  # ISO 3166-1 alpha-2
    region: str | None = None  # a region's identifier (slug), e.g. "occitanie"
    type: str | None = None  # one of PARTNER_TYPES
    role: str = "partner"  # one of ROLES


@dataclass(frozen=True)
class Consortium:
    partners: tuple[Partner, ...] = ()
    total_budget_eur: Decimal | int | float | None = None
    grant_requested_eur: Decimal | int | float | None = None
    duration_months: int | None = None
    shores: Mapping[str, str] = field(default_factory=dict)  # country code → "north" / "south"


def _number(value: Decimal | int | float | None) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _partner_facts(partner: Partner, position: int, shores: Mapping[str, str]) -> dict[str, Any]:
    name = partner.name or gettext("partner %(index)s") % {"index": position}
    facts: dict[str, Any] = {"name": name, "role": partner.role, "funded": partner.role in FUNDED_ROLES}
    if partner.country:
        facts["country"] = partner.country
        if shores.get(partner.country):
            facts["shore"] = shores[partner.country]
    if partner.region:
        facts["region"] = partner.region
    if partner.type:
        facts["type"] = partner.type
    return facts


def compute_facts(consortium: Consortium) -> dict[str, Any]:
    """The facts of ``consortium`` (see docs/funding.md for each name). A partner without a name is named by its
    position in the active language ("partenaire 3"), as the reasons that name it are worded."""
    partners = [
        _partner_facts(partner, position, consortium.shores)
        for position, partner in enumerate(consortium.partners, start=1)
    ]
    funded = [facts for facts in partners if facts["funded"]]
    facts: dict[str, Any] = {
        "partners": partners,
        "funded_partners": funded,
        "partners_count": len(funded),
        "associated_count": len(partners) - len(funded),
        "leads_count": sum(1 for facts in partners if facts["role"] == "lead"),
    }
    if all("country" in partner for partner in funded):
        countries = [partner["country"] for partner in funded]
        per_country = Counter(countries)
        facts["countries"] = sorted(per_country)
        facts["countries_count"] = len(per_country)
        facts["partners_per_country"] = dict(sorted(per_country.items()))
        facts["max_partners_per_country"] = max(per_country.values(), default=0)
        if all("shore" in partner for partner in funded):
            facts["shores"] = sorted({partner["shore"] for partner in funded})
    if all("type" in partner for partner in funded):
        facts["partner_types"] = sorted({partner["type"] for partner in funded})
    leads = [partner for partner in partners if partner["role"] == "lead"]
    if len(leads) == 1:
        lead = leads[0]
        for key in ("type", "country", "region"):
            if key in lead:
                facts[f"lead_{key}"] = lead[key]
    budget = _number(consortium.total_budget_eur)
    grant = _number(consortium.grant_requested_eur)
    if budget is not None:
        facts["total_budget_eur"] = budget
    if grant is not None:
        facts["grant_requested_eur"] = grant
    if budget and grant is not None:
        facts["cofinancing_rate"] = round(grant * 100 / budget, 2)
        facts["own_contribution_rate"] = round(100 - facts["cofinancing_rate"], 2)
    if consortium.duration_months is not None:
        facts["duration_months"] = consortium.duration_months
    return facts


FACT_NAMES = (
    "partners",
    "funded_partners",
    "partners_count",
    "associated_count",
    "leads_count",
    "countries",
    "countries_count",
    "partners_per_country",
    "max_partners_per_country",
    "shores",
    "partner_types",
    "lead_type",
    "lead_country",
    "lead_region",
    "total_budget_eur",
    "grant_requested_eur",
    "cofinancing_rate",
    "own_contribution_rate",
    "duration_months",
)
