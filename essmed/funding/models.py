"""The funding watch: funders, programmes, calls with their deadlines and eligibility rules, project ideas with
their consortium, saved searches and the alerts sent for them.

A programme holds default values and rules; a call overrides them (a blank value or an empty list on the call
means "as the programme"). A call's status is computed from its dates (``status.py``), never stored.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from essmed.accounts.models import Organisation
from essmed.core.fields import URLField
from essmed.core.text import fold_for_search
from essmed.directory.models import Actor
from essmed.funding.eligibility.engine import AUTOMATIC, BLOCKING, MANUAL, WARNING, RuleSpec, check_rule
from essmed.funding.eligibility.facts import PARTNER_TYPES
from essmed.funding.status import CLOSING_SOON_DAYS, CallStatus, call_status
from essmed.funding.status import next_deadline as first_deadline_from
from essmed.territories.models import Country, Region

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
NOT_NEGATIVE = [MinValueValidator(Decimal(0))]


class PartnerType(models.TextChoices):
    """The vocabulary of organisation types, shared by calls, rules and consortium files (docs/funding.md)."""

    PUBLIC_AUTHORITY = "public_authority", _("public authority (state, agency)")
    REGIONAL_AUTHORITY = "regional_authority", _("regional authority")
    LOCAL_AUTHORITY = "local_authority", _("local authority")
    UNIVERSITY = "university", _("university")
    RESEARCH = "research", _("research organisation")
    NGO = "ngo", _("non-governmental organisation")
    ASSOCIATION = "association", _("association")
    COOPERATIVE = "cooperative", _("cooperative")
    MUTUAL = "mutual", _("mutual")
    SOCIAL_ENTERPRISE = "social_enterprise", _("social enterprise")
    SME = "sme", _("small or medium enterprise")
    LARGE_ENTERPRISE = "large_enterprise", _("large enterprise")
    INTERNATIONAL_ORGANISATION = "international_organisation", _("international organisation")
    SUPPORT_STRUCTURE = "support_structure", _("support structure")
    FOUNDATION = "foundation", _("foundation")
    NETWORK = "network", _("network")


assert tuple(PartnerType.values) == PARTNER_TYPES


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("lead partner")
    PARTNER = "partner", _("partner")
    ASSOCIATED = "associated", _("associated partner")


class Funder(models.Model):
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    website = URLField(_("website"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["name"]

    def __str__(self) -> str:
        """Its name in the reader's language («المفوضية الأوروبية»), not its acronym (EC), which is the English one."""
        return self.name or self.acronym


class Theme(models.Model):
    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FundingTerms(models.Model):
    """What a programme sets by default and a call may override."""

    total_budget = models.DecimalField(
        _("total budget (EUR)"), max_digits=14, decimal_places=0, null=True, blank=True, validators=NOT_NEGATIVE
    )
    grant_min = models.DecimalField(
        _("minimum grant (EUR)"), max_digits=14, decimal_places=0, null=True, blank=True, validators=NOT_NEGATIVE
    )
    grant_max = models.DecimalField(
        _("maximum grant (EUR)"), max_digits=14, decimal_places=0, null=True, blank=True, validators=NOT_NEGATIVE
    )
    max_cofinancing_rate = models.DecimalField(
        _("maximum co-financing rate (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("The largest share of the budget the funder pays, in per cent."),
    )
    max_duration_months = models.PositiveIntegerField(_("maximum duration (months)"), null=True, blank=True)
    organisation_types = models.JSONField(
        _("eligible organisation types"),
        default=list,
        blank=True,
        help_text=_("Codes of the partner-type vocabulary; empty: any type."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    source_url = URLField(_("source address"), max_length=500, blank=True)

    class Meta:
        abstract = True

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        types = self.organisation_types
        if not isinstance(types, list) or any(item not in PARTNER_TYPES for item in types):
            unknown = [str(item) for item in types if item not in PARTNER_TYPES] if isinstance(types, list) else []
            errors["organisation_types"] = _("Unknown organisation type(s): %(types)s.") % {
                "types": ", ".join(unknown) or str(types)
            }
        if self.grant_min is not None and self.grant_max is not None and self.grant_min > self.grant_max:
            errors["grant_max"] = _("The maximum grant is below the minimum grant.")
        if errors:
            raise ValidationError(errors)


class Programme(FundingTerms):
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("funder"))
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    name = models.CharField(
        _("name"),
        max_length=250,
        blank=True,
        help_text=_("Empty for a programme of the EU portal that our data does not name: its code is shown."),
    )
    portal_code = models.CharField(
        _("code on the EU portal"),
        max_length=40,
        blank=True,
        help_text=_("The beginning of its calls' identifiers on the EU Funding & Tenders portal: HORIZON, LIFE, I3…"),
    )
    summary = models.TextField(_("summary"), blank=True)
    website = URLField(_("website"), max_length=300, blank=True)
    countries: models.ManyToManyField[Country, Any] = models.ManyToManyField(
        Country, blank=True, related_name="+", verbose_name=_("eligible countries")
    )
    regions: models.ManyToManyField[Region, Any] = models.ManyToManyField(
        Region, blank=True, related_name="+", verbose_name=_("eligible regions")
    )
    themes: models.ManyToManyField[Theme, Any] = models.ManyToManyField(
        Theme, blank=True, related_name="programmes", verbose_name=_("themes")
    )

    class Meta:
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")
        ordering = ["name"]

    def __str__(self) -> str:
        """Its name in the reader's language; a programme of the EU portal without one (``importing``: a code our
        data does not name) by a label in that language with its code: «Programme de l'UE (code I3)»."""
        if self.name:
            return self.name
        return _("EU programme (code %(code)s)") % {"code": self.portal_code or self.slug}

    def clean(self) -> None:
        super().clean()
        if not self.name and not self.portal_code:
            raise ValidationError({"name": _("Give the programme a name, or its code on the EU portal.")})


class CallSource(models.TextChoices):
    MANUAL = "manual", _("entered by programme staff")
    PROGRAMME_DATA = "programme-data", _("programme data file")
    FT_PORTAL = "ft-portal", _("EU Funding & Tenders portal")


class Publication(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class CallQuerySet(models.QuerySet["Call"]):
    def published(self) -> CallQuerySet:
        return self.filter(publication=Publication.PUBLISHED)

    def visible_to(self, user: Any) -> CallQuerySet:
        """Published calls for everyone; drafts to programme staff."""
        if user.is_authenticated and user.is_active and user.is_programme_staff:
            return self.all()
        return self.published()

    def with_dates(self, today: date) -> CallQuerySet:
        """Annotate ``next_deadline`` (the first deadline on or after ``today``) and ``has_deadlines``."""
        deadlines = Deadline.objects.filter(call=OuterRef("pk"))
        return self.annotate(
            next_deadline=Subquery(deadlines.filter(date__gte=today).order_by("date").values("date")[:1]),
            has_deadlines=Exists(deadlines),
        )

    def started_on(self, today: date) -> CallQuerySet:
        return self.filter(Q(opening_date__isnull=True) | Q(opening_date__lte=today))

    def open_on(self, today: date) -> CallQuerySet:
        """Open, closing soon or recurring on ``today``: one may apply or prepare to (``status.py``)."""
        return (
            self.with_dates(today)
            .started_on(today)
            .filter(Q(next_deadline__isnull=False) | Q(recurring=True) | Q(has_deadlines=False))
        )

    def closing_soon(self, today: date) -> CallQuerySet:
        soon = today + timedelta(days=CLOSING_SOON_DAYS)
        return self.with_dates(today).started_on(today).filter(next_deadline__lte=soon)  # type: ignore[misc]

    def closed_on(self, today: date) -> CallQuerySet:
        dated = self.with_dates(today).started_on(today)
        return dated.filter(next_deadline__isnull=True, recurring=False, has_deadlines=True)  # type: ignore[misc]

    def forthcoming_on(self, today: date) -> CallQuerySet:
        return self.filter(opening_date__gt=today)

    def deadline_before(self, today: date, last_day: date) -> CallQuerySet:
        """Calls with a deadline to come on or before ``last_day``."""
        return self.with_dates(today).filter(next_deadline__lte=last_day)  # type: ignore[misc]

    def matching(self, text: str) -> CallQuerySet:
        """Every word of ``text`` (folded: case, accents, Arabic variants) in one of the call's texts."""
        queryset = self
        for word in fold_for_search(text).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def open_to_country(self, country: Country) -> CallQuerySet:
        """Calls that list ``country``, or leave countries to their programme which lists it or none."""
        own = Q(countries=country)
        inherited = Q(countries__isnull=True) & (Q(programme__countries=country) | Q(programme__countries__isnull=True))
        return self.filter(pk__in=Call.objects.filter(own | inherited).values("pk"))

    def open_to_type(self, partner_type: str) -> CallQuerySet:
        """Calls whose organisation types (or their programme's, when the call lists none) include the type."""
        listed = f'"{partner_type}"'
        no_list = ~Q(organisation_types__icontains='"')
        return self.filter(
            Q(organisation_types__icontains=listed)
            | (
                no_list
                & (
                    Q(programme__organisation_types__icontains=listed)
                    | ~Q(programme__organisation_types__icontains='"')
                )
            )
        )

    def on_theme(self, theme: Theme) -> CallQuerySet:
        return self.filter(pk__in=Call.objects.filter(Q(themes=theme) | Q(programme__themes=theme)).values("pk"))

    def with_rules(self) -> CallQuerySet:
        """Calls with eligibility rules of their own or from their programme."""
        return self.filter(Q(rules__isnull=False) | Q(programme__rules__isnull=False)).distinct()


class Call(FundingTerms):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="calls", verbose_name=_("programme")
    )
    reference = models.CharField(
        _("reference"),
        max_length=120,
        unique=True,
        help_text=_("A short unique code, e.g. interreg-next-med-call-2 or the portal's topic identifier."),
    )
    title = models.CharField(_("title"), max_length=400)
    summary = models.TextField(_("summary"), blank=True)
    opening_date = models.DateField(_("opening date"), null=True, blank=True)
    recurring = models.BooleanField(
        _("recurring"), default=False, help_text=_("The call comes back or takes applications all year round.")
    )
    deadline_model = models.CharField(_("deadline model"), max_length=40, blank=True)
    countries: models.ManyToManyField[Country, Any] = models.ManyToManyField(
        Country,
        blank=True,
        related_name="+",
        verbose_name=_("eligible countries"),
        help_text=_("Empty: as the programme."),
    )
    regions: models.ManyToManyField[Region, Any] = models.ManyToManyField(
        Region,
        blank=True,
        related_name="+",
        verbose_name=_("eligible regions"),
        help_text=_("Empty: as the programme."),
    )
    themes: models.ManyToManyField[Theme, Any] = models.ManyToManyField(
        Theme, blank=True, related_name="calls", verbose_name=_("themes")
    )
    origin = models.CharField(_("origin"), max_length=20, choices=CallSource.choices, default=CallSource.MANUAL)
    source_identifier = models.CharField(
        _("identifier in the source"), max_length=120, blank=True, help_text=_("May repeat: the address is the key.")
    )
    publication = models.CharField(
        _("publication"), max_length=10, choices=Publication.choices, default=Publication.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    search_text = models.TextField(editable=False, blank=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        ordering = ["-published_at", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["source_url"], condition=~Q(source_url=""), name="call_unique_source_url")
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("funding:call", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.pk and self.opening_date:
            early = self.deadlines.filter(date__lt=self.opening_date).order_by("date").first()
            if early is not None:
                raise ValidationError(
                    {
                        "opening_date": _("The deadline %(deadline)s is before the opening date %(opening)s.")
                        % {"deadline": early.date.isoformat(), "opening": self.opening_date.isoformat()}
                    }
                )

    def refresh_search_text(self) -> None:
        texts = [
            getattr(self, f"{field}_{code}", "") or "" for field in ("title", "summary") for code in LANGUAGE_CODES
        ]
        texts += [self.reference, self.source_identifier]
        self.search_text = fold_for_search(" ".join(texts))

    def deadline_dates(self) -> list[date]:
        return sorted(deadline.date for deadline in self.deadlines.all())

    def status_on(self, today: date) -> CallStatus:
        return call_status(today, self.opening_date, self.deadline_dates(), self.recurring)

    @property
    def status(self) -> CallStatus:
        return self.status_on(timezone.localdate())

    @property
    def next_deadline_date(self) -> date | None:
        return first_deadline_from(timezone.localdate(), self.deadline_dates())

    @property
    def is_published(self) -> bool:
        return self.publication == Publication.PUBLISHED

    def effective(self, name: str) -> Any:
        """The call's value of ``name``, or its programme's when the call leaves it blank."""
        value = getattr(self, name)
        return getattr(self.programme, name) if value in (None, "", []) else value

    @property
    def effective_grant_min(self) -> Any:
        return self.effective("grant_min")

    @property
    def effective_grant_max(self) -> Any:
        return self.effective("grant_max")

    @property
    def effective_rate(self) -> Any:
        return self.effective("max_cofinancing_rate")

    @property
    def effective_duration(self) -> Any:
        return self.effective("max_duration_months")

    @property
    def effective_type_labels(self) -> list[str]:
        return [str(PartnerType(code).label) for code in self.effective_types() if code in PARTNER_TYPES]

    def effective_countries(self) -> list[Country]:
        own = list(self.countries.all())
        return own or list(self.programme.countries.all())

    def effective_types(self) -> list[str]:
        return list(self.organisation_types or self.programme.organisation_types or [])

    def rule_specs(self) -> list[RuleSpec]:
        """The programme's rules overridden by the call's, by identifier (``engine.merge_rules``)."""
        from essmed.funding.eligibility.engine import merge_rules

        programme_rules = [rule.spec() for rule in self.programme.rules.all()]
        call_rules = [rule.spec() for rule in self.rules.all()]
        return merge_rules(programme_rules, call_rules)

    def publish(self) -> None:
        self.publication = Publication.PUBLISHED
        self.published_at = self.published_at or timezone.now()


class DeadlineStage(models.TextChoices):
    SUBMISSION = "submission", _("submission")
    CUTOFF = "cutoff", _("cut-off")
    FIRST_STAGE = "first_stage", _("first stage")
    SECOND_STAGE = "second_stage", _("second stage")


class Deadline(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("call"))
    date = models.DateField(_("date"))
    stage = models.CharField(_("stage"), max_length=20, choices=DeadlineStage.choices, default=DeadlineStage.SUBMISSION)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["call", "date", "stage"], name="deadline_unique_per_call")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.date.isoformat()}"

    def clean(self) -> None:
        try:
            call: Call | None = self.call
        except Call.DoesNotExist:
            call = None
        if call is not None and call.opening_date and self.date and self.date < call.opening_date:
            raise ValidationError(
                {
                    "date": _("The deadline %(deadline)s is before the opening date %(opening)s of the call.")
                    % {"deadline": self.date.isoformat(), "opening": call.opening_date.isoformat()}
                }
            )


class Severity(models.TextChoices):
    BLOCKING = BLOCKING, _("blocking")
    WARNING = WARNING, _("warning")


class RuleKind(models.TextChoices):
    AUTOMATIC = AUTOMATIC, _("checked automatically")
    MANUAL = MANUAL, _("to check by hand")


class EligibilityRule(models.Model):
    """One eligibility rule, on a programme (a default) or on a call (an override by ``rule_id``)."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rules",
        verbose_name=_("programme"),
    )
    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, null=True, blank=True, related_name="rules", verbose_name=_("call")
    )
    rule_id = models.SlugField(_("rule identifier"), max_length=80)
    label = models.CharField(_("label"), max_length=300)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.BLOCKING)
    kind = models.CharField(_("kind"), max_length=10, choices=RuleKind.choices, default=RuleKind.AUTOMATIC)
    expression = models.JSONField(
        _("expression"),
        null=True,
        blank=True,
        help_text=_("JSON Logic on the consortium's facts (see docs/funding.md); empty for a rule checked by hand."),
    )
    reason = models.CharField(
        _("reason when not met"),
        max_length=400,
        blank=True,
        help_text=_("May use {value}, {failing}, {countries} and the facts' names between braces."),
    )
    source = models.CharField(_("source"), max_length=400)
    source_url = URLField(_("source address"), max_length=500, blank=True)
    to_verify = models.BooleanField(
        _("to verify"), default=False, help_text=_("To check against the call's official guidelines.")
    )
    disabled = models.BooleanField(
        _("switched off"),
        default=False,
        help_text=_("On a call: the programme's rule of this identifier does not apply."),
    )
    remedy = models.JSONField(
        _("remedy"),
        default=dict,
        blank=True,
        help_text=_('What fixes a failure, e.g. {"add_partner_from": ["TN", "EG"]}.'),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("eligibility rule")
        verbose_name_plural = _("eligibility rules")
        ordering = ["position", "rule_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(programme__isnull=False, call__isnull=True) | Q(programme__isnull=True, call__isnull=False),
                name="rule_on_programme_or_call",
            ),
            models.UniqueConstraint(
                fields=["programme", "rule_id"], condition=Q(call__isnull=True), name="rule_unique_on_programme"
            ),
            models.UniqueConstraint(
                fields=["call", "rule_id"], condition=Q(programme__isnull=True), name="rule_unique_on_call"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.label}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if (self.programme_id is None) == (self.call_id is None):
            errors["call"] = _("A rule belongs either to a programme or to a call.")
        problems: dict[str, list[str]] = {}
        for name, problem in check_rule(self.spec()):
            problems.setdefault(name, []).append(problem)
        if "expression" in problems:
            errors["expression"] = _("This rule cannot be read: %(problems)s.") % {
                "problems": "; ".join(problems["expression"])
            }
        if "reason" in problems:
            errors["reason"] = "; ".join(problems["reason"])
        if "remedy" in problems:
            errors["remedy"] = "; ".join(problems["remedy"])
        elif isinstance(self.remedy, dict):
            codes = self.remedy.get("add_partner_from", [])
            unknown = sorted(set(codes) - set(Country.objects.filter(code__in=codes).values_list("code", flat=True)))
            if unknown:
                errors["remedy"] = _("Unknown country code(s): %(codes)s.") % {"codes": ", ".join(unknown)}
            bad_types = [code for code in self.remedy.get("add_partner_of_type", []) if code not in PARTNER_TYPES]
            if bad_types:
                errors["remedy"] = _("Unknown organisation type(s): %(types)s.") % {"types": ", ".join(bad_types)}
        if errors:
            raise ValidationError(errors)

    def spec(self) -> RuleSpec:
        return RuleSpec(
            rule_id=self.rule_id,
            label=self.label,
            expression=self.expression,
            severity=self.severity,
            kind=self.kind,
            reason=self.reason or "",
            source=self.source,
            to_verify=self.to_verify,
            disabled=self.disabled,
            remedy=self.remedy if isinstance(self.remedy, dict) else {},
        )


class ProjectQuerySet(models.QuerySet["Project"]):
    def visible_to(self, user: Any) -> ProjectQuerySet:
        """Its creator, the members of its organisation, programme staff."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.is_programme_staff:
            return self.all()
        return self.filter(Q(owner=user) | Q(organisation_id__in=user.organisation_ids()))

    def editable_by(self, user: Any) -> ProjectQuerySet:
        return self.visible_to(user)


class Project(models.Model):
    """A project idea and its consortium, to check against calls."""

    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)
    # Not negative: a negative budget makes a negative co-financing rate, which passes "at most 90 %".
    total_budget = models.DecimalField(
        _("total budget (EUR)"), max_digits=14, decimal_places=0, null=True, blank=True, validators=NOT_NEGATIVE
    )
    grant_requested = models.DecimalField(
        _("grant requested (EUR)"), max_digits=14, decimal_places=0, null=True, blank=True, validators=NOT_NEGATIVE
    )
    duration_months = models.PositiveIntegerField(
        _("duration (months)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(240)]
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("created by")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
        help_text=_("Its members see and edit the project."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project idea")
        verbose_name_plural = _("project ideas")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("funding:project", args=[self.pk])

    def clean(self) -> None:
        if (
            self.total_budget is not None
            and self.grant_requested is not None
            and self.grant_requested > self.total_budget
        ):
            raise ValidationError({"grant_requested": _("The grant requested exceeds the total budget.")})


class ProjectPartner(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners", verbose_name=_("project"))
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation"))
    role = models.CharField(_("role"), max_length=12, choices=PartnerRole.choices, default=PartnerRole.PARTNER)
    partner_type = models.CharField(_("type of organisation"), max_length=30, choices=PartnerType.choices)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["role", "actor__name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "actor"], name="partner_once_per_project"),
            models.UniqueConstraint(
                fields=["project"], condition=Q(role=PartnerRole.LEAD), name="one_lead_partner_per_project"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor} ({self.get_role_display()})"


class Frequency(models.TextChoices):
    DAILY = "daily", _("daily")
    WEEKLY = "weekly", _("weekly")


FREQUENCY_PERIOD = {Frequency.DAILY: timedelta(hours=23), Frequency.WEEKLY: timedelta(days=6, hours=23)}
REMINDER_DAYS = 14


class SavedSearchQuerySet(models.QuerySet["SavedSearch"]):
    def due(self, now: Any) -> SavedSearchQuerySet:
        """Active searches whose digest is due: never sent, or sent more than a period ago (a little less than
        a day or a week, so that a daily cron line never skips a day)."""
        due = Q(last_sent_at__isnull=True)
        for frequency, period in FREQUENCY_PERIOD.items():
            due |= Q(frequency=frequency, last_sent_at__lte=now - period)
        return self.filter(due, is_active=True, user__is_active=True)


class SavedSearch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="funding_searches", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=150)
    query = models.JSONField(_("search"), default=dict, help_text=_("The search's parameters, as in the address."))
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    is_active = models.BooleanField(_("active"), default=True)
    last_sent_at = models.DateTimeField(_("last digest"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SavedSearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AlertKind(models.TextChoices):
    NEW = "new", _("new call")
    DEADLINE = "deadline", _("approaching deadline")


class SentAlert(models.Model):
    """A call sent in a saved search's digest: never sent again for the same reason."""

    saved_search = models.ForeignKey(
        SavedSearch, on_delete=models.CASCADE, related_name="sent", verbose_name=_("saved search")
    )
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="+", verbose_name=_("call"))
    kind = models.CharField(_("kind"), max_length=10, choices=AlertKind.choices)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("alert sent")
        verbose_name_plural = _("alerts sent")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["saved_search", "call", "kind"], condition=Q(deadline__isnull=True), name="alert_new_sent_once"
            ),
            models.UniqueConstraint(
                fields=["saved_search", "call", "kind", "deadline"],
                condition=Q(deadline__isnull=False),
                name="alert_deadline_sent_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.saved_search} → {self.call} ({self.kind})"
