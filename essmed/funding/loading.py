"""Load the programme data of ``data/programmes.py`` into the database: funders, themes, programmes, calls and
their rules, created or updated on their natural keys (slug, reference, rule identifier). Idempotent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from essmed.funding.data import programmes as data
from essmed.funding.models import (
    Call,
    CallSource,
    Deadline,
    EligibilityRule,
    Funder,
    Programme,
    Publication,
    Theme,
)
from essmed.territories.models import Country, Region

TERMS = ("total_budget", "grant_min", "grant_max", "max_cofinancing_rate", "max_duration_months", "organisation_types")


@dataclass
class LoadSummary:
    programmes: int = 0
    calls: int = 0
    rules: int = 0

    def __str__(self) -> str:
        return gettext("programmes %(programmes)s, calls %(calls)s, rules %(rules)s") % {
            "programmes": self.programmes,
            "calls": self.calls,
            "rules": self.rules,
        }


def load_themes() -> dict[str, Theme]:
    themes = {}
    for spec in data.THEMES:
        values = {key: value for key, value in spec.items() if key != "slug"}
        themes[spec["slug"]], _created = Theme.objects.update_or_create(
            slug=spec["slug"], defaults={**values, "name": spec["name_fr"]}
        )
    return themes


def _rule_defaults(spec: dict[str, Any], position: int, source: str, source_url: str) -> dict[str, Any]:
    defaults: dict[str, Any] = {
        "severity": spec.get("severity", "blocking"),
        "kind": spec.get("kind", "automatic"),
        "expression": spec.get("expression"),
        "source": spec.get("source", source),
        "source_url": spec.get("source_url", source_url),
        "to_verify": spec.get("to_verify", False),
        "remedy": spec.get("remedy", {}),
        "position": position,
        "label": spec["label_fr"],
        "reason": spec.get("reason_fr", ""),
    }
    for code in ("fr", "ar", "en"):
        defaults[f"label_{code}"] = spec[f"label_{code}"]
        defaults[f"reason_{code}"] = spec.get(f"reason_{code}", "")
    return defaults


def _save_rules(owner: Programme | Call, specs: list[dict[str, Any]], source: str, source_url: str) -> int:
    owner_field = "programme" if isinstance(owner, Programme) else "call"
    for position, spec in enumerate(specs):
        rule = EligibilityRule.objects.filter(**{owner_field: owner, "rule_id": spec["rule_id"]}).first()
        rule = rule or EligibilityRule(**{owner_field: owner, "rule_id": spec["rule_id"]})
        for key, value in _rule_defaults(spec, position, source, source_url).items():
            setattr(rule, key, value)
        try:
            rule.full_clean()
        except ValidationError as error:
            message = gettext("%(owner)s: rule %(rule)s: %(problems)s") % {
                "owner": owner,
                "rule": spec["rule_id"],
                "problems": " ".join(error.messages),
            }
            raise ValidationError(message) from error
        rule.save()
    return len(specs)


@transaction.atomic
def load_programmes() -> LoadSummary:
    summary = LoadSummary()
    themes = load_themes()
    funders = {}
    for spec in data.FUNDERS:
        values = {key: value for key, value in spec.items() if key != "slug"}
        funders[spec["slug"]], _created = Funder.objects.update_or_create(
            slug=spec["slug"], defaults={**values, "name": spec["name_fr"]}
        )
    programmes = {}
    for spec in data.PROGRAMMES:
        defaults = {
            "funder": funders[spec["funder"]],
            "name": spec["name_fr"],
            "summary": spec["summary_fr"],
            "website": spec.get("website", ""),
            "source": spec["source"],
            "source_url": spec.get("source_url", ""),
            **{
                f"{field}_{code}": spec[f"{field}_{code}"]
                for field in ("name", "summary")
                for code in ("fr", "ar", "en")
            },
            **{term: spec.get(term, [] if term == "organisation_types" else None) for term in TERMS},
        }
        programme, _created = Programme.objects.update_or_create(slug=spec["slug"], defaults=defaults)
        programme.countries.set(Country.objects.filter(code__in=spec.get("countries", [])))
        programme.regions.set(Region.objects.filter(slug__in=spec.get("regions", [])))
        programme.themes.set([themes[slug] for slug in spec.get("themes", [])])
        summary.rules += _save_rules(programme, spec["rules"], spec["source"], spec.get("source_url", ""))
        programmes[spec["slug"]] = programme
        summary.programmes += 1
    for spec in data.CALLS:
        defaults = {
            "programme": programmes[spec["programme"]],
            "title": spec["title_fr"],
            "summary": spec["summary_fr"],
            **{
                f"{field}_{code}": spec[f"{field}_{code}"]
                for field in ("title", "summary")
                for code in ("fr", "ar", "en")
            },
            **{term: spec.get(term, [] if term == "organisation_types" else None) for term in TERMS},
            "opening_date": date.fromisoformat(spec["opening_date"]) if spec.get("opening_date") else None,
            "recurring": spec.get("recurring", False),
            "origin": CallSource.PROGRAMME_DATA,
            "source": spec["source"],
            "source_url": spec.get("source_url", ""),
        }
        call = Call.objects.filter(reference=spec["reference"]).first() or Call(reference=spec["reference"])
        for key, value in defaults.items():
            setattr(call, key, value)
        if spec.get("published") and not call.is_published:
            call.publish()
        elif not spec.get("published") and call.publication == "":
            call.publication = Publication.DRAFT
        call.full_clean()
        call.save()
        call.themes.set([themes[slug] for slug in spec.get("themes", [])])
        call.deadlines.exclude(date__in=[date.fromisoformat(day) for day, _stage in spec.get("deadlines", [])]).delete()
        for day, stage in spec.get("deadlines", []):
            Deadline.objects.get_or_create(call=call, date=date.fromisoformat(day), stage=stage)
        summary.rules += _save_rules(call, spec["rules"], spec["source"], spec.get("source_url", ""))
        summary.calls += 1
    return summary
