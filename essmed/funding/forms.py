"""Forms of the funding watch: the search of calls (also the stored form of a saved search), project ideas and
their partners, saved searches, and the admin's rule form (which refuses a rule that does not parse)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from essmed.accounts.models import Organisation
from essmed.core.forms import StyledForm, StyledModelForm
from essmed.core.text import fold_for_search
from essmed.directory.models import Actor
from essmed.funding.actions import partner_type_for
from essmed.funding.models import (
    Call,
    CallQuerySet,
    EligibilityRule,
    Funder,
    PartnerRole,
    PartnerType,
    Programme,
    Project,
    ProjectPartner,
    SavedSearch,
    Theme,
)
from essmed.territories.models import Country

SEARCH_FIELDS = ("q", "programme", "funder", "country", "organisation_type", "theme", "deadline_before", "open_only")


class AlphabeticalChoices(forms.models.ModelChoiceIterator):
    """The options in the alphabetical order of the names shown, in the page's language («Égypte» among the E,
    «المغرب» among the Arabic names), as the directory's filters: the database sorts on one column, in bytes."""

    def __iter__(self) -> Any:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for item in sorted(self.queryset, key=lambda item: fold_for_search(str(item))):
            yield self.choice(item)


class AlphabeticalChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    iterator = AlphabeticalChoices


class CallSearchForm(StyledForm):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    programme = AlphabeticalChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("All programmes"),
    )
    funder = AlphabeticalChoiceField(
        label=_("Funder"),
        queryset=Funder.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All funders"),
    )
    country = AlphabeticalChoiceField(
        label=_("Open to organisations of"),
        queryset=Country.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("All countries"),
        help_text=_("Calls that list this country, or list no country."),
    )
    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"), choices=[("", _("All types")), *PartnerType.choices], required=False
    )
    theme = AlphabeticalChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("All themes"),
    )
    deadline_before = forms.DateField(
        label=_("Next deadline on or before"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Format: YYYY-MM-DD."),
    )
    open_only = forms.BooleanField(label=_("Open calls only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.data.get("country")
        if isinstance(country, str) and country != country.upper():  # "ma" is Morocco, as in the directory
            data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
            data["country"] = country.upper()
            self.data = data
        self.fields["programme"].queryset = Programme.objects.filter(calls__isnull=False).distinct()  # type: ignore[attr-defined]

    def apply(self, calls: CallQuerySet, today: date) -> CallQuerySet:
        """``calls`` narrowed by the valid fields (an invalid field is ignored; the form shows its error)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        if data.get("q"):
            calls = calls.matching(data["q"])
        if data.get("programme"):
            calls = calls.filter(programme=data["programme"])
        if data.get("funder"):
            calls = calls.filter(programme__funder=data["funder"])
        if data.get("country"):
            calls = calls.open_to_country(data["country"])
        if data.get("organisation_type"):
            calls = calls.open_to_type(data["organisation_type"])
        if data.get("theme"):
            calls = calls.on_theme(data["theme"])
        if data.get("deadline_before"):
            calls = calls.deadline_before(today, data["deadline_before"])
        if data.get("open_only"):
            calls = calls.open_on(today)
        return calls

    def query(self) -> dict[str, str]:
        """The search as address parameters (for a saved search, links and exports)."""
        if not self.is_bound:
            return {}
        return {name: str(self.data[name]) for name in SEARCH_FIELDS if self.data.get(name) and name not in self.errors}

    def is_empty(self) -> bool:
        return not self.query()


class ProjectForm(StyledModelForm):
    class Meta:
        model = Project
        fields = ["title", "summary", "total_budget", "grant_requested", "duration_months", "organisation"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own = (
            Organisation.objects.all()
            if user.is_programme_staff
            else Organisation.objects.filter(pk__in=user.organisation_ids())
        )
        self.fields["organisation"].queryset = own.order_by("name")  # type: ignore[attr-defined]


class PartnerForm(StyledModelForm):
    actor = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Actor.objects.published(), widget=forms.HiddenInput
    )

    class Meta:
        model = ProjectPartner
        fields = ["actor", "role", "partner_type"]

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.instance.project = project
        self.fields["partner_type"].required = False
        self.fields["partner_type"].help_text = _("Empty: from the organisation's type in the directory.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        actor = data.get("actor")
        if actor and not data.get("partner_type"):
            self.instance.partner_type = partner_type_for(actor)
            data["partner_type"] = self.instance.partner_type
        if actor and self.project.partners.filter(actor=actor).exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("%(name)s is already a partner of this project.") % {"name": actor.name})
        if (
            data.get("role") == PartnerRole.LEAD
            and self.project.partners.filter(role=PartnerRole.LEAD).exclude(pk=self.instance.pk).exists()
        ):
            raise ValidationError(_("The project already has a lead partner: make it a partner first."))
        return data

    def validate_unique(self) -> None:
        """Uniqueness is checked in ``clean`` with a message in words."""


class PartnerEditForm(StyledModelForm):
    class Meta:
        model = ProjectPartner
        fields = ["role", "partner_type"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        project = self.instance.project
        if (
            data.get("role") == PartnerRole.LEAD
            and project.partners.filter(role=PartnerRole.LEAD).exclude(pk=self.instance.pk).exists()
        ):
            raise ValidationError(_("The project already has a lead partner: make it a partner first."))
        return data

    def validate_unique(self) -> None:
        """The one-lead rule is checked in ``clean`` with a message in words."""


class SavedSearchForm(StyledModelForm):
    class Meta:
        model = SavedSearch
        fields = ["name", "frequency"]


class CheckForm(StyledForm):
    """Which project against which call; on a call's page the call is given, on a project's page the project."""

    project: forms.ModelChoiceField[Project] = forms.ModelChoiceField(
        label=_("Project"), queryset=Project.objects.none()
    )
    call: forms.ModelChoiceField[Call] = forms.ModelChoiceField(label=_("Call"), queryset=Call.objects.none())

    def __init__(self, *args: Any, projects: Any, calls: Any, fixed: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects  # type: ignore[attr-defined]
        self.fields["call"].queryset = calls  # type: ignore[attr-defined]
        if fixed:
            self.fields[fixed].widget = forms.HiddenInput()


class EligibilityRuleForm(forms.ModelForm):  # type: ignore[type-arg]
    """The admin's form of a rule: the model's ``clean`` refuses an expression that does not parse, naming
    the problem (``Unknown operator 'lenght'``…)."""

    class Meta:
        model = EligibilityRule
        fields = [
            "programme",
            "call",
            "rule_id",
            "label",
            "severity",
            "kind",
            "expression",
            "reason",
            "source",
            "source_url",
            "to_verify",
            "disabled",
            "remedy",
            "position",
        ]
