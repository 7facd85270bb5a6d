"""Operations of the funding watch across models: checking a project or a consortium file against a call,
proposing directory actors that fix a failure, listing the calls a project is eligible for, sending the
digests of saved searches."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from essmed.accounts.models import OrganisationKind
from essmed.core.emails import render_email
from essmed.core.text import fold_for_search, isolated
from essmed.directory.models import Actor, ActorQuerySet
from essmed.directory.search import apply_search, parse_query
from essmed.funding.eligibility.engine import Messages, Need, Verdict, check, needs_from
from essmed.funding.eligibility.facts import PARTNER_TYPES, ROLES, Consortium, Partner, compute_facts
from essmed.funding.models import (
    REMINDER_DAYS,
    AlertKind,
    Call,
    PartnerRole,
    PartnerType,
    Project,
    SavedSearch,
    SentAlert,
)
from essmed.territories.models import Country, Region

# A directory actor's type → the partner type proposed by default (editable on the project).
ACTOR_TYPE_TO_PARTNER_TYPE: dict[str, str] = {
    OrganisationKind.COOPERATIVE: PartnerType.COOPERATIVE,
    OrganisationKind.ASSOCIATION: PartnerType.ASSOCIATION,
    OrganisationKind.MUTUAL: PartnerType.MUTUAL,
    OrganisationKind.FOUNDATION: PartnerType.FOUNDATION,
    OrganisationKind.SOCIAL_ENTERPRISE: PartnerType.SOCIAL_ENTERPRISE,
    OrganisationKind.SUPPORT_STRUCTURE: PartnerType.SUPPORT_STRUCTURE,
    OrganisationKind.LOCAL_AUTHORITY: PartnerType.LOCAL_AUTHORITY,
    OrganisationKind.FUNDER: PartnerType.PUBLIC_AUTHORITY,
    OrganisationKind.TRAINING_BODY: PartnerType.ASSOCIATION,
    OrganisationKind.NETWORK: PartnerType.NETWORK,
}
SUGGESTIONS_PER_NEED = 6


def partner_type_for(actor: Actor) -> str:
    """The partner type of a directory actor: a region's council is a regional authority; otherwise by type."""
    if actor.actor_type == OrganisationKind.LOCAL_AUTHORITY and fold_for_search(
        getattr(actor, "name_fr", "") or actor.name
    ).startswith(("region", "conseil regional")):
        return PartnerType.REGIONAL_AUTHORITY
    return ACTOR_TYPE_TO_PARTNER_TYPE.get(actor.actor_type, PartnerType.ASSOCIATION)


def shores() -> dict[str, str]:
    return dict(Country.objects.exclude(shore="").values_list("code", "shore"))


def project_consortium(project: Project) -> Consortium:
    partners = tuple(
        Partner(
            name=link.actor.name,
            country=link.actor.country.code,
            region=link.actor.region.slug if link.actor.region else None,
            type=link.partner_type or None,
            role=link.role,
        )
        for link in project.partners.select_related("actor__country", "actor__region")
    )
    return Consortium(
        partners=partners,
        total_budget_eur=project.total_budget,
        grant_requested_eur=project.grant_requested,
        duration_months=project.duration_months,
        shores=shores(),
    )


# What a reason asks for when a fact is missing: what to enter, in words (facts.py names the facts).
FACT_WORDS: dict[str, Promise] = {
    "total_budget_eur": _("the total budget"),
    "grant_requested_eur": _("the grant requested"),
    "cofinancing_rate": _("the grant requested and the total budget"),
    "own_contribution_rate": _("the grant requested and the total budget"),
    "duration_months": _("the duration in months"),
    "lead_type": _("the lead partner's type"),
    "lead_country": _("the lead partner's country"),
    "lead_region": _("the lead partner's region"),
    "countries": _("the country of every funded partner"),
    "countries_count": _("the country of every funded partner"),
    "partners_per_country": _("the country of every funded partner"),
    "max_partners_per_country": _("the country of every funded partner"),
    "shores": _("the country of every funded partner"),
    "partner_types": _("the type of every funded partner"),
}
PARTNER_FACT_WORDS: dict[str, Promise] = {
    "country": pgettext_lazy("a partner's", "country"),
    "region": pgettext_lazy("a partner's", "region"),
    "type": pgettext_lazy("a partner's", "type of organisation"),
    "shore": pgettext_lazy("a partner's", "shore"),
}


def messages() -> Messages:
    """The sentences and words of a verdict in the active language."""
    return Messages(
        passed=gettext("Met."),
        missing=gettext("Not enough information to decide; missing: {missing}."),
        failed=gettext("Not met."),
        nobody=gettext("The consortium has no partner this rule applies to."),
        separator=list_separator(),
        facts={name: str(words) for name, words in FACT_WORDS.items()},
        partner_facts={key: str(words) for key, words in PARTNER_FACT_WORDS.items()},
        words={code: str(label) for code, label in PartnerType.choices},
        number=_number_in_words,
        isolate=isolated if translation.get_language_bidi() else str,
    )


def _number_in_words(value: Any) -> str:
    """A number of a reason as the active language writes it (83,33 in French; 1 000 000)."""
    return number_format(value, use_l10n=True, force_grouping=True)


def check_consortium(call: Call, consortium: Consortium) -> Verdict:
    """The verdict of ``call``'s rules (in the active language) on ``consortium``."""
    rules = call.rule_specs()
    return check(rules, compute_facts(consortium), messages())


@dataclass(frozen=True)
class Suggestion:
    need: Need
    message: str
    actors: Sequence[Actor]


def list_separator() -> str:
    """Between the items of a list, in the active language: «، » in Arabic."""
    return pgettext("between the items of a list", ", ")


def country_names(codes: Sequence[str]) -> str:
    names = dict(Country.objects.filter(code__in=codes).values_list("code", "name"))
    return list_separator().join(names.get(code, code) for code in codes)


def suggest(project: Project, verdict: Verdict) -> list[Suggestion]:
    """For each failed rule with a remedy: what to add, in words, and published directory actors that fit."""
    present = list(project.partners.values_list("actor__country__code", flat=True))
    taken = list(project.partners.values_list("actor_id", flat=True))
    suggestions = []
    shown: list[int] = []  # an actor proposed for one need is not proposed again for the next
    for need in needs_from(verdict, present):
        actors = Actor.objects.published().exclude(pk__in=[*taken, *shown]).select_related("country")
        if need.types:
            kinds = [kind for kind, ptype in ACTOR_TYPE_TO_PARTNER_TYPE.items() if ptype in need.types]
            actors = actors.filter(actor_type__in=kinds)
        found = proposals(actors, need.countries)
        shown += [actor.pk for actor in found]
        parts = []
        if need.countries:
            parts.append(
                gettext("from one of these countries: %(countries)s") % {"countries": country_names(need.countries)}
            )
        if need.types:
            labels = list_separator().join(str(PartnerType(code).label) for code in need.types)
            parts.append(gettext("of one of these types: %(types)s") % {"types": labels})
        message = gettext("Add a partner %(what)s.") % {"what": gettext(" and ").join(parts)}
        suggestions.append(Suggestion(need, message, found))
    return suggestions


def proposals(actors: Any, countries: Sequence[str]) -> list[Actor]:
    """Up to ``SUGGESTIONS_PER_NEED`` actors, taking the countries in the remedy's order (the rule's author lists
    first the side that is usually missing) and at most two per country, so that several countries show."""
    if not countries:
        return list(actors.order_by("country__code", "name")[:SUGGESTIONS_PER_NEED])
    found: list[Actor] = []
    for code in countries:
        found += list(actors.filter(country__code=code).order_by("name")[:2])
        if len(found) >= SUGGESTIONS_PER_NEED:
            break
    return found[:SUGGESTIONS_PER_NEED]


def eligible_calls(project: Project, calls: Any) -> dict[str, list[tuple[Call, Verdict]]]:
    """The calls with rules, grouped by the project's answer (yes / unknown / no)."""
    consortium = project_consortium(project)
    facts = compute_facts(consortium)
    grouped: dict[str, list[tuple[Call, Verdict]]] = {"yes": [], "unknown": [], "no": []}
    calls = calls.with_rules().select_related("programme").prefetch_related("rules", "programme__rules", "deadlines")
    for call in calls:
        verdict = check(call.rule_specs(), facts, messages())
        grouped[verdict.eligible].append((call, verdict))
    return grouped


class Wording:
    """A message with named values, put into words in the language active when it is shown (``str()``), which
    may be another than the one active when it was made."""

    def __init__(self, message: Promise, **values: object) -> None:
        self.message = message
        self.values = values

    def __str__(self) -> str:
        return str(self.message) % self.values


class ConsortiumError(ValueError):
    """A consortium that cannot be read (a file of ``check_eligibility``, the body of the API's check); the
    message names the problem in the language active when it is shown: ``str(error)``."""

    def __init__(self, message: Promise, **values: object) -> None:
        self.wording = Wording(message, **values)
        super().__init__(self.wording)

    def __str__(self) -> str:
        return str(self.wording)


# A number in a string: ASCII digits only (Decimal would also read "1_000" or Arabic-Indic digits).
NUMBER_TEXT = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
PARTNER_TEXTS = ("name", "country", "region", "type", "role")
AMOUNT_DIGITS = 14  # as the budgets of projects and calls (``max_digits``)
CENT = Decimal("0.01")


def _amount(data: Mapping[str, Any], key: str) -> Decimal | None:
    """The amount of ``key``: a JSON number (or a number in a string), finite and not negative."""
    value = data.get(key)
    if value is None:
        return None
    amount = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        amount = Decimal(str(value))
    elif isinstance(value, str) and NUMBER_TEXT.fullmatch(value.strip()):
        amount = Decimal(value.strip())
    if amount is None or not amount.is_finite():  # Infinity and NaN too (JSON files may hold them)
        raise ConsortiumError(_("%(key)s: '%(value)s' is not a number"), key=key, value=_shown(value))
    if amount < 0:
        raise ConsortiumError(_("%(key)s: %(value)s is negative"), key=key, value=_shown(value))
    if amount and amount.adjusted() >= AMOUNT_DIGITS:  # "1e999999999" would take the worker minutes to compute
        raise ConsortiumError(
            _("%(key)s: %(value)s is too large (at most %(digits)s digits before the decimal point)"),
            key=key,
            value=_shown(value),
            digits=AMOUNT_DIGITS,
        )
    return amount.quantize(CENT)  # a fraction of a cent is no amount (1e-320 would make an infinite rate)


def _shown(value: object) -> str:
    """A value of the file as an error shows it: a text as it is, anything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _partner(index: int, name: object) -> Wording:
    """How an error names a partner of the file: by its position, and its name when it has one."""
    if isinstance(name, str) and name.strip():
        return Wording(_("partner %(index)s (%(name)s)"), index=index, name=name.strip())
    return Wording(_("partner %(index)s"), index=index)


def consortium_from_json(data: Any) -> Consortium:
    """A consortium from the JSON of ``check_eligibility`` (docs/funding.md), or ConsortiumError naming what
    is wrong: not an object with a list of partners, a partner's field that is not text, an unknown country
    code, partner type or role, an amount that is not a number, a duration that is not a number of months."""
    if not isinstance(data, Mapping):
        raise ConsortiumError(_("the consortium must be a JSON object with a '%(key)s' list"), key="partners")
    raw_partners = data.get("partners")
    if not isinstance(raw_partners, list) or not raw_partners:
        raise ConsortiumError(_("'%(key)s' must be a non-empty list"), key="partners")
    codes = set(Country.objects.values_list("code", flat=True))
    regions = {
        fold_for_search(name): slug
        for slug, *names in Region.objects.values_list("slug", "name_fr", "name_en", "name_ar")
        for name in names
        if name
    }
    regions.update({slug: slug for slug in Region.objects.values_list("slug", flat=True)})
    partners = []
    leads: list[Wording] = []
    for index, raw in enumerate(raw_partners, start=1):
        if not isinstance(raw, Mapping):
            raise ConsortiumError(_("%(partner)s: must be an object"), partner=_partner(index, None))
        partner = _partner(index, raw.get("name"))
        for key in PARTNER_TEXTS:
            if raw.get(key) is not None and not isinstance(raw[key], str):
                raise ConsortiumError(_("%(partner)s: '%(key)s' must be text"), partner=partner, key=key)
        name = (raw.get("name") or "").strip()  # none: "partner 3" in the language of the verdict (facts.py)
        country = raw.get("country")
        if country is not None:
            country = country.upper()
            if country not in codes:
                raise ConsortiumError(
                    _("%(partner)s: unknown country code '%(code)s'"), partner=partner, code=raw["country"]
                )
        partner_type = raw.get("type")
        if partner_type is not None and partner_type not in PARTNER_TYPES:
            raise ConsortiumError(
                _("%(partner)s: unknown partner type '%(type)s' (one of: %(types)s)"),
                partner=partner,
                type=partner_type,
                types=", ".join(PARTNER_TYPES),
            )
        role = PartnerRole.PARTNER.value if raw.get("role") is None else raw["role"]
        if role not in ROLES:
            raise ConsortiumError(
                _("%(partner)s: unknown role '%(role)s' (one of: %(roles)s)"),
                partner=partner,
                role=role,
                roles=", ".join(ROLES),
            )
        region = raw.get("region")
        region_slug = None
        if region:
            region_slug = regions.get(fold_for_search(region)) or slugify(region)
        partners.append(Partner(name=name, country=country, region=region_slug, type=partner_type, role=role))
        if role == PartnerRole.LEAD:
            leads.append(partner)
        if len(leads) > 1:  # else every rule on the lead would be "unknown", naming no reason
            raise ConsortiumError(
                _("%(first)s and %(second)s are both lead partners: a consortium has one lead"),
                first=leads[0],
                second=leads[1],
            )
    duration = data.get("duration_months")
    if duration is not None and (not isinstance(duration, int) or isinstance(duration, bool) or duration <= 0):
        raise ConsortiumError(
            _("%(key)s: %(value)s is not a positive whole number of months"),
            key="duration_months",
            value=_shown(duration),
        )
    return Consortium(
        partners=tuple(partners),
        total_budget_eur=_amount(data, "total_budget_eur"),
        grant_requested_eur=_amount(data, "grant_requested_eur"),
        duration_months=duration,
        shores=shores(),
    )


# ---------------------------------------------------------------------------------------------------------
# Alerts
# ---------------------------------------------------------------------------------------------------------


def digest_items(search: SavedSearch, today: date) -> tuple[list[Call], list[Call]]:
    """New calls (published since the search was saved) and calls whose next deadline is within
    ``REMINDER_DAYS``, matching the search, not already sent for that reason."""
    from essmed.funding.forms import CallSearchForm

    form = CallSearchForm(search.query)
    form.is_valid()
    calls = form.apply(Call.objects.published(), today).with_dates(today)
    sent_new = SentAlert.objects.filter(saved_search=search, kind=AlertKind.NEW).values("call_id")
    new = list(calls.filter(published_at__gte=search.created_at).exclude(pk__in=sent_new).order_by("reference")[:50])
    soon = calls.filter(next_deadline__gte=today, next_deadline__lte=today + timedelta(days=REMINDER_DAYS))  # type: ignore[misc]
    sent_deadlines = set(
        SentAlert.objects.filter(saved_search=search, kind=AlertKind.DEADLINE).values_list("call_id", "deadline")
    )
    reminders = [
        call
        for call in soon.order_by("next_deadline")[:50]
        if (call.pk, getattr(call, "next_deadline", None)) not in sent_deadlines
    ]
    return new, reminders


def send_digest(search: SavedSearch, now: Any = None) -> int:
    """Send the digest of ``search`` if it has anything new; record what was sent so that it is never sent
    again. Returns the number of calls in the email (0: nothing sent). The records and the email are in one
    transaction: if sending fails, nothing is recorded and the next run tries again."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    language = getattr(search.user, "preferred_language", "") or settings.LANGUAGE_CODE
    with transaction.atomic():
        with translation.override(language):
            new, reminders = digest_items(search, today)
            try:
                with transaction.atomic():
                    SentAlert.objects.bulk_create(
                        [SentAlert(saved_search=search, call=call, kind=AlertKind.NEW) for call in new]
                        + [
                            SentAlert(
                                saved_search=search,
                                call=call,
                                kind=AlertKind.DEADLINE,
                                deadline=getattr(call, "next_deadline", None),
                            )
                            for call in reminders
                        ]
                    )
            except IntegrityError:
                return 0  # another worker sent this digest at the same moment
            search.last_sent_at = now
            search.save(update_fields=["last_sent_at"])
            if not new and not reminders:
                return 0
            context = {
                "search": search.name,
                "new": [_call_line(call) for call in new],
                "reminders": [_call_line(call) for call in reminders],
                "site_url": settings.SITE_URL,
            }
            subject, body = render_email("funding/emails/digest", context, language)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [search.user.email])
    return len(new) + len(reminders)


def _call_line(call: Call) -> dict[str, str]:
    deadline = getattr(call, "next_deadline", None)
    return {
        "title": call.title,
        "reference": call.reference,
        "deadline": deadline.isoformat() if deadline else "",
        "url": call.get_absolute_url(),
    }


def due_searches(now: Any) -> Any:
    return SavedSearch.objects.due(now).select_related("user")


def searches_with_user(user: Any) -> Any:
    return SavedSearch.objects.filter(user=user).order_by("name")


def visible_projects(user: Any) -> Any:
    return Project.objects.visible_to(user).select_related("organisation")


def actors_matching(text: str, exclude: Sequence[int]) -> ActorQuerySet:
    """Published actors that match ``text`` as in the directory's search (for adding a partner): every word, in
    any language of the actor's texts, whatever the accents, case, Arabic spelling variants or plural, through the
    directory's full-text index (``directory.search``), so that it stays quick on a million actors; by relevance,
    or newest first for words that match many. Nothing for a text with no word to search (only punctuation)."""
    query = parse_query(text)
    if not query:
        return Actor.objects.none()
    actors = Actor.objects.published().exclude(pk__in=exclude).select_related("country")
    found, _order = apply_search(actors, query)
    return found
