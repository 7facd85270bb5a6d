"""Every encoded rule of data/programmes.py against consortia built from the programmes' published rules.

Each row: where the rule is (programme or call), the rule, a consortium, the expected result, and the line of
programmes.md (the research notes) it comes from. ``test_every_rule_has_a_passing_and_a_failing_row`` fails when
a rule is added to the data without rows here.
"""

from __future__ import annotations

import pytest

from essmed.funding.data import programmes as data
from essmed.funding.eligibility.engine import AUTOMATIC, MANUAL, RuleSpec, check, check_rule, merge_rules
from essmed.funding.eligibility.facts import Consortium, Partner, compute_facts

NORTH = dict.fromkeys([*data.NEXT_MED_EU, *data.EURO_MED], "north")
SHORES = NORTH | dict.fromkeys([*data.NEXT_MED_PARTNER, "MA"], "south")


def spec(rule: dict) -> RuleSpec:
    return RuleSpec(
        rule_id=rule["rule_id"],
        label=rule["label_en"],
        expression=rule.get("expression"),
        severity=rule.get("severity", "blocking"),
        kind=rule.get("kind", AUTOMATIC),
        reason=rule.get("reason_en", ""),
        to_verify=rule.get("to_verify", False),
        remedy=rule.get("remedy", {}),
    )


RULES: dict[tuple[str, str], RuleSpec] = {}
for programme in data.PROGRAMMES:
    for rule in programme["rules"]:
        RULES[(programme["slug"], rule["rule_id"])] = spec(rule)
for call in data.CALLS:
    for rule in call["rules"]:
        RULES[(call["reference"], rule["rule_id"])] = spec(rule)


def p(text: str) -> Partner:
    """``"FR lead regional_authority occitanie"`` → a partner (country, role, type, region; "-" for none)."""
    country, role, kind, *region = text.split()
    return Partner(
        name=f"{kind} {country}",
        country=None if country == "-" else country,
        role=role,
        type=None if kind == "-" else kind,
        region=region[0] if region else None,
    )


def consortium(*partners: str, budget=None, grant=None, months=None) -> Consortium:
    return Consortium(tuple(p(text) for text in partners), budget, grant, months, SHORES)


NM, NM1, NM2 = "interreg-next-med", "interreg-next-med-call-1", "interreg-next-med-call-2"
EM, EM4 = "interreg-euro-med", "interreg-euro-med-call-4-test"
FICOL, EYE = "afd-ficol", "erasmus-young-entrepreneurs"
OCC = "FR lead regional_authority occitanie"
ORIENTAL = "MA partner regional_authority oriental"

ROWS = [
    # Interreg NEXT MED: "EU side: Cyprus, Spain, France, Greece, Italy, Malta, Portugal. Mediterranean partner side:
    # Algeria, Egypt, Israel, Jordan, Lebanon, Palestine, Tunisia, Türkiye." "Morocco is not a participating country."
    (
        NM,
        "participating-countries",
        consortium(OCC, "TN partner ngo", "IT partner cooperative"),
        "pass",
        "15 countries",
    ),
    (
        NM,
        "participating-countries",
        consortium(OCC, ORIENTAL, "TN partner ngo"),
        "fail",
        "Morocco is not a participating country",
    ),
    (NM, "participating-countries", consortium(OCC, "- partner ngo"), "unknown", "a partner without a country"),
    (
        NM,
        "participating-countries",
        consortium(OCC, "TN partner ngo", "MA associated association"),
        "pass",
        "associated partners are not funded [verify]",
    ),
    (NM, "eu-side-country", consortium("TN lead ngo", "ES partner cooperative"), "pass", "at least one EU country"),
    (
        NM,
        "eu-side-country",
        consortium("TN lead ngo", "EG partner ngo", "LB partner ngo"),
        "fail",
        "at least one EU country",
    ),
    (NM, "partner-side-country", consortium(OCC, "JO partner university"), "pass", "one Mediterranean partner country"),
    (
        NM,
        "partner-side-country",
        consortium(OCC, ORIENTAL, "IT partner cooperative"),
        "fail",
        "Morocco is not a partner country",
    ),
    (
        NM,
        "partner-side-country",
        consortium(OCC, "TN partner international_organisation"),
        "fail",
        "international organisations do not count",
    ),
    (NM, "cofinancing-rate", consortium(OCC, budget=1_000_000, grant=900_000), "pass", "EU co-financing at most 90 %"),
    (NM, "cofinancing-rate", consortium(OCC, budget=1_000_000, grant=950_000), "fail", "EU co-financing at most 90 %"),
    (NM, "cofinancing-rate", consortium(OCC, budget=1_000_000), "unknown", "no grant requested given"),
    (
        NM,
        "french-territories",
        consortium(OCC, "FR partner cooperative provence-alpes-cote-d-azur"),
        "pass",
        "Occitanie, PACA, Corse [verify]",
    ),
    (
        NM,
        "french-territories",
        consortium(OCC, "FR partner cooperative ile-de-france"),
        "fail",
        "Île-de-France is not in the area [verify]",
    ),
    (NM, "french-territories", consortium("IT lead ngo", "TN partner ngo"), "pass", "no French partner"),
    # NEXT MED call 2: "at least 3 countries, including at least one EU country and one Mediterranean partner country;
    # at most 2 organisations per country; international organisations do not count towards the minimum"
    (
        NM2,
        "min-3-countries",
        consortium(OCC, "TN partner ngo", "IT partner cooperative"),
        "pass",
        "at least 3 countries",
    ),
    (
        NM2,
        "min-3-countries",
        consortium(OCC, ORIENTAL, "FR partner support_structure occitanie"),
        "fail",
        "Morocco does not count",
    ),
    (
        NM2,
        "min-3-countries",
        consortium(OCC, "TN partner ngo", "IT partner international_organisation"),
        "fail",
        "international organisations do not count",
    ),
    (
        NM2,
        "min-3-countries",
        consortium(OCC, "TN partner ngo", "- partner ngo"),
        "unknown",
        "a partner without a country",
    ),
    (
        NM2,
        "max-2-per-country",
        consortium(OCC, "FR partner ngo", "TN partner ngo"),
        "pass",
        "at most 2 organisations per country",
    ),
    (
        NM2,
        "max-2-per-country",
        consortium(OCC, "FR partner ngo", "FR partner sme", "TN partner ngo"),
        "fail",
        "at most 2 organisations per country",
    ),
    # NEXT MED call 1: "EU grant EUR 0.5–2.5 M per project, at most 36 months"; "call 1 capped it at 89 %"
    (NM1, "cofinancing-rate", consortium(OCC, budget=1_000_000, grant=890_000), "pass", "call 1 capped it at 89 %"),
    (NM1, "cofinancing-rate", consortium(OCC, budget=1_000_000, grant=900_000), "fail", "call 1 capped it at 89 %"),
    (NM1, "grant-range", consortium(OCC, grant=500_000), "pass", "EUR 0.5–2.5 M"),
    (NM1, "grant-range", consortium(OCC, grant=2_600_000), "fail", "EUR 0.5–2.5 M"),
    (NM1, "grant-range", consortium(OCC, grant=400_000), "fail", "EUR 0.5–2.5 M"),
    (NM1, "max-duration", consortium(OCC, months=36), "pass", "at most 36 months"),
    (NM1, "max-duration", consortium(OCC, months=37), "fail", "at most 36 months"),
    (NM1, "max-duration", consortium(OCC), "unknown", "no duration given"),
    # Interreg Euro-MED: "10 EU member states and 4 IPA countries"; "at least 4 funded partners from 4 countries,
    # at least 2 of them in EU regions of the area"; "Partners outside the programme area may join once the minimum
    # is met, only from EU member states"; "Interreg funds at most 80 %"
    (
        EM,
        "area-or-eu",
        consortium(OCC, "AL partner ngo", "DE partner university"),
        "pass",
        "outside the area: only EU member states",
    ),
    (EM, "area-or-eu", consortium(OCC, "TN partner ngo"), "fail", "no southern-shore country"),
    (
        EM,
        "min-countries",
        consortium(OCC, "IT partner ngo", "ES partner ngo", "AL partner ngo"),
        "pass",
        "4 partners from 4 countries",
    ),
    (
        EM,
        "min-countries",
        consortium(OCC, "IT partner ngo", "ES partner ngo", "DE partner ngo"),
        "fail",
        "Germany is outside the area",
    ),
    (
        EM,
        "min-eu-partners",
        consortium(OCC, "IT partner ngo", "AL partner ngo"),
        "pass",
        "at least 2 in EU regions of the area",
    ),
    (
        EM,
        "min-eu-partners",
        consortium(OCC, "AL partner ngo", "ME partner ngo"),
        "fail",
        "at least 2 in EU regions of the area",
    ),
    (EM, "cofinancing-rate", consortium(OCC, budget=1_000_000, grant=800_000), "pass", "at most 80 %"),
    (EM, "cofinancing-rate", consortium(OCC, budget=1_000_000, grant=810_000), "fail", "at most 80 %"),
    # Euro-MED call 4: "'Test' projects up to EUR 2.5 M and 33 months; the lead partner must be a public body [verify]"
    (EM4, "max-grant", consortium(OCC, budget=2_500_000), "pass", "up to EUR 2.5 M"),
    (EM4, "max-grant", consortium(OCC, budget=2_600_000), "fail", "up to EUR 2.5 M"),
    (EM4, "max-duration", consortium(OCC, months=33), "pass", "33 months"),
    (EM4, "max-duration", consortium(OCC, months=34), "fail", "33 months"),
    (EM4, "public-lead", consortium(OCC), "pass", "the lead partner must be a public body"),
    (EM4, "public-lead", consortium("FR lead cooperative"), "fail", "the lead partner must be a public body"),
    (EM4, "public-lead", consortium("FR partner cooperative"), "unknown", "no lead partner"),
    # AFD FICOL: "for French local authorities ... preferably with one foreign partner authority"; "AFD grant EUR
    # 200 k – 1.5 M; the authorities together bring at least 30 %"
    (FICOL, "french-authority-lead", consortium(OCC, ORIENTAL), "pass", "French local authorities"),
    (
        FICOL,
        "french-authority-lead",
        consortium("MA lead regional_authority oriental", OCC.replace("lead", "partner")),
        "fail",
        "French local authorities",
    ),
    (FICOL, "french-authority-lead", consortium("FR lead association"), "fail", "French local authorities"),
    (FICOL, "foreign-authority", consortium(OCC, ORIENTAL), "pass", "preferably with one foreign partner authority"),
    (
        FICOL,
        "foreign-authority",
        consortium(OCC, "MA partner cooperative"),
        "fail",
        "preferably with one foreign partner authority",
    ),
    (FICOL, "grant-range", consortium(OCC, grant=200_000), "pass", "EUR 200 k – 1.5 M"),
    (FICOL, "grant-range", consortium(OCC, grant=1_500_001), "fail", "EUR 200 k – 1.5 M"),
    (
        FICOL,
        "authorities-contribution",
        consortium(OCC, budget=1_000_000, grant=700_000),
        "pass",
        "at least 30 % [verify]",
    ),
    (
        FICOL,
        "authorities-contribution",
        consortium(OCC, budget=1_000_000, grant=750_000),
        "fail",
        "at least 30 % [verify]",
    ),
    # Erasmus for Young Entrepreneurs: "lives in a participating country"; "Morocco did not appear in any list
    # [verify]"; "Stay of 1 to 6 months"
    (EYE, "participating-country", consortium("FR lead sme", "ES partner sme"), "pass", "participating countries"),
    (
        EYE,
        "participating-country",
        consortium("FR lead sme", "MA partner sme"),
        "fail",
        "Morocco did not appear [verify]",
    ),
    (EYE, "stay-duration", consortium("FR lead sme", months=6), "pass", "1 to 6 months"),
    (EYE, "stay-duration", consortium("FR lead sme", months=7), "fail", "1 to 6 months"),
    (EYE, "stay-duration", consortium("FR lead sme", months=0), "fail", "1 to 6 months"),
]


@pytest.mark.parametrize(
    ("owner", "rule_id", "members", "expected", "source"),
    ROWS,
    ids=[f"{row[0]}:{row[1]}:{row[3]}:{row[4]}" for row in ROWS],
)
def test_encoded_rule_gives_the_published_result(owner, rule_id, members, expected, source):
    rule = RULES[(owner, rule_id)]
    verdict = check([rule], compute_facts(members))
    assert verdict.results[0].result == expected, (source, verdict.results[0].reason)


def test_every_rule_has_a_passing_and_a_failing_row():
    covered = {(row[0], row[1], row[3]) for row in ROWS}
    for (owner, rule_id), rule in RULES.items():
        if rule.kind == AUTOMATIC:
            assert (owner, rule_id, "pass") in covered, f"no passing row for {owner}:{rule_id}"
            assert (owner, rule_id, "fail") in covered, f"no failing row for {owner}:{rule_id}"


@pytest.mark.parametrize("key", sorted(RULES), ids=lambda key: f"{key[0]}:{key[1]}")
def test_every_encoded_rule_parses_and_has_a_source(key):
    _owner, rule_id = key
    assert check_rule(RULES[key]) == []
    found = [r for p in data.PROGRAMMES + data.CALLS for r in p["rules"] if r["rule_id"] == rule_id]
    assert all(r.get("label_fr") and r.get("label_ar") and r.get("label_en") for r in found)


def test_manual_rules_form_the_checklist_and_never_decide():
    rules = merge_rules(
        [RULES[(NM, rule_id)] for rule_id in ("participating-countries", "morocco-associated")],
        [RULES[(NM2, "lead-once-per-objective")]],
    )
    verdict = check(rules, compute_facts(consortium(OCC, "TN partner ngo")))
    assert verdict.eligible == "yes"
    assert {rule.rule_id for rule in verdict.checklist} == {"morocco-associated", "lead-once-per-objective"}
    assert all(rule.kind == MANUAL for rule in verdict.checklist)


def test_the_demo_consortium_fails_next_med_call_2_on_morocco_and_the_country_count():
    rules = merge_rules(
        [RULES[(NM, r["rule_id"])] for r in data.PROGRAMMES[0]["rules"]],
        [RULES[(NM2, r["rule_id"])] for r in data.PARTNERSHIP_CALL_2],
    )
    members = consortium(
        OCC,
        ORIENTAL,
        "MA partner network oriental",
        "FR partner support_structure occitanie",
        budget=1_200_000,
        grant=1_000_000,
        months=30,
    )
    verdict = check(rules, compute_facts(members))
    assert verdict.eligible == "no"
    assert {r.rule.rule_id for r in verdict.failed} == {
        "participating-countries",
        "partner-side-country",
        "min-3-countries",
    }
    reasons = {r.rule.rule_id: r.reason for r in verdict.results}
    assert "MA" in reasons["participating-countries"] and "Morocco" in reasons["participating-countries"]
    assert reasons["min-3-countries"] == "Participating countries in the consortium: 1; at least 3 are needed."
