"""Forms of the incubator. Questions of a call and criteria of a review become fields at run time."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from essmed.accounts.models import Organisation, Role, User
from essmed.core.forms import StyledForm, StyledModelForm
from essmed.directory.models import Actor
from essmed.incubator.models import (
    EARLIEST_DAY,
    LATEST_DAY,
    ApplicationState,
    Cohort,
    Dimension,
    FollowUp,
    Language,
    MentorProfile,
    Milestone,
    PlanAction,
    Project,
    Question,
    QuestionKind,
    Recommendation,
    Sector,
    Stage,
    SupportSession,
    not_in_the_future,
    plausible_date,
)
from essmed.territories.models import Division

DATE_WIDGET = forms.DateInput(
    attrs={"type": "date", "min": EARLIEST_DAY.isoformat(), "max": LATEST_DAY.isoformat()}, format="%Y-%m-%d"
)
SCORE_CHOICES = [("", _("not applicable"))] + [(str(n), str(n)) for n in range(6)]


def question_field(question: Question) -> forms.Field:
    """The form field asking ``question``; never required here: a draft may be saved half-filled, and the
    submission names the required questions left empty."""
    common: dict[str, Any] = {"label": question.text, "help_text": question.help_text, "required": False}
    if question.kind == QuestionKind.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, **common)
    if question.kind == QuestionKind.NUMBER:
        return forms.DecimalField(max_digits=14, decimal_places=2, **common)
    if question.kind == QuestionKind.YES_NO:
        return forms.ChoiceField(choices=[("", "—"), ("yes", _("yes")), ("no", _("no"))], **common)
    if question.kind == QuestionKind.CHOICE:
        return forms.ChoiceField(choices=[("", "—")] + [(c, c) for c in question.choice_list()], **common)
    return forms.CharField(max_length=300, **common)


class ApplicationForm(StyledForm):
    project_name = forms.CharField(label=_("Name of the project"), max_length=200)
    summary = forms.CharField(
        label=_("Summary of the project"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000, required=False
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    division: forms.ModelChoiceField[Division] = forms.ModelChoiceField(
        label=_("Province or prefecture"),
        queryset=Division.objects.select_related("region").order_by("region", "name"),
        required=False,
    )
    organisation: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Cooperative or group applying"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("none: I apply on my own"),
        help_text=_("The cooperative or group applying, if it has an account: its members form the team."),
    )

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        applicant: User,
        current_organisation: int | None = None,
        may_choose_organisation: bool = True,
        **kwargs: Any,
    ) -> None:
        """The organisation applying is one of the applicant's; only the applicant (or staff) chooses it, since its
        members see the application."""
        super().__init__(*args, **kwargs)
        self.questions = questions
        choices = Q(pk__in=organisations_of(applicant).values("pk"))
        if current_organisation is not None:
            choices |= Q(pk=current_organisation)
        organisation = self.fields["organisation"]
        organisation.queryset = Organisation.objects.filter(choices).order_by("name")  # type: ignore[attr-defined]
        organisation.disabled = not may_choose_organisation
        for question in questions:
            self.fields[f"q_{question.pk}"] = question_field(question)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select"
            elif not isinstance(field.widget, forms.CheckboxInput):
                field.widget.attrs.setdefault("class", "form-control")

    def answers(self) -> dict[int, str]:
        values = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q_{question.pk}")
            values[question.pk] = "" if value is None else str(value).strip()
        return values

    def mark_missing(self, questions: list[Question]) -> None:
        for question in questions:
            self.add_error(f"q_{question.pk}", _("This question needs an answer."))


class TransitionForm(StyledForm):
    target = forms.ChoiceField(choices=ApplicationState.choices, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note to the applicant"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text=_("For a request for more information: what is missing (sent by email)."),
    )


class ReviewForm(StyledForm):
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Recommendation.choices)
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, required=False
    )

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c_{criterion.pk}"] = forms.IntegerField(
                label=criterion.name,
                required=False,
                min_value=0,
                max_value=5,
                help_text=_("0 to 5; leave empty if not applicable."),
                widget=forms.NumberInput(attrs={"class": "form-control", "min": 0, "max": 5}),
            )
        self.order_fields([f"c_{c.pk}" for c in criteria] + ["recommendation", "comment"])

    def scores(self) -> dict[int, int | None]:
        return {criterion.pk: self.cleaned_data.get(f"c_{criterion.pk}") for criterion in self.criteria}


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("accept")), ("decline", _("decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reasons of the decision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        help_text=_("Sent to the applicant with the decision."),
    )
    referral = forms.CharField(
        label=_("Referred to"),
        max_length=300,
        required=False,
        help_text=_("For a declined project: where it may find support instead."),
    )
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=Cohort.objects.none(), required=False)
    advisor = forms.ModelChoiceField(label=_("Advisor"), queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, programme: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = Cohort.objects.filter(programme=programme)  # type: ignore[attr-defined]
        self.fields["advisor"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True, memberships__role=Role.ADVISOR
        ).distinct()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "decline" and not (data.get("referral") or "").strip():
            self.add_error("referral", _("Say where a declined project may find support."))
        return data


class StageForm(StyledForm):
    stage = forms.ChoiceField(choices=Stage.choices, widget=forms.HiddenInput)  # the stage the person moves to
    entered_on = forms.DateField(label=_("Date the stage was entered"), widget=DATE_WIDGET, validators=[plausible_date])


class DiagnosticForm(StyledForm):
    held_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET, validators=[plausible_date, not_in_the_future])
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for dimension in Dimension:
            self.fields[f"score_{dimension.value}"] = forms.IntegerField(
                label=_("%(dimension)s: score") % {"dimension": dimension.label},
                min_value=0,
                max_value=5,
                help_text=_("0 (absent) to 5 (solid)."),
                widget=forms.NumberInput(attrs={"class": "form-control", "min": 0, "max": 5}),
            )
            self.fields[f"comment_{dimension.value}"] = forms.CharField(
                label=_("%(dimension)s: comments") % {"dimension": dimension.label},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def scores(self) -> dict[str, tuple[int, str]]:
        return {
            dimension: (self.cleaned_data[f"score_{dimension}"], self.cleaned_data.get(f"comment_{dimension}", ""))
            for dimension in Dimension.values
        }


def _people_of(project: Project) -> Any:
    ids = {member.pk for member in project.team_members()}
    ids |= {pk for pk in (project.advisor_id, project.mentor_id) if pk}
    return User.objects.filter(pk__in=ids)


class PlanActionForm(StyledModelForm):
    class Meta:
        model = PlanAction
        fields = ["title", "dimension", "kind", "provider", "owner", "due_on", "status"]
        widgets = {"due_on": DATE_WIDGET}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people_of(project)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") in ("external", "referral") and not (data.get("provider") or "").strip():
            self.add_error("provider", _("Name the provider or the structure the project is referred to."))
        return data


class ProjectForm(StyledModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages of the team"), choices=Language.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Project
        fields = ["name", "cohort", "sector", "division", "languages", "actor", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        project: Project = self.instance
        self.fields["cohort"].queryset = Cohort.objects.filter(programme=project.programme_id)  # type: ignore[attr-defined]
        self.fields["division"].queryset = Division.objects.order_by("region", "name")  # type: ignore[attr-defined]
        # The directory entries it may have become: those of its organisation or of its province, and its own.
        near = Q(organisation_id=project.organisation_id) if project.organisation_id else Q(pk__in=[])
        if project.division_id:
            near |= Q(division_id=project.division_id)
        if project.actor_id:
            near |= Q(pk=project.actor_id)
        self.fields["actor"].queryset = Actor.objects.published().filter(near).order_by("name")  # type: ignore[attr-defined]
        self.fields["actor"].help_text = _(
            "Entries of the directory of the project's organisation or province. Not listed? Add it to the directory "
            "first."
        )


class MilestoneForm(StyledModelForm):
    class Meta:
        model = Milestone
        fields = ["stage", "title", "due_on", "reached_on"]
        widgets = {"due_on": DATE_WIDGET, "reached_on": DATE_WIDGET}


class SessionForm(StyledModelForm):
    class Meta:
        model = SupportSession
        fields = ["held_on", "duration_minutes", "topics", "participants", "next_steps"]
        widgets = {
            "held_on": DATE_WIDGET,
            "topics": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
            "participants": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = _people_of(project)  # type: ignore[attr-defined]


class FollowUpForm(StyledModelForm):
    class Meta:
        model = FollowUp
        fields = [
            "point",
            "reported_on",
            "full_time_jobs",
            "part_time_jobs",
            "part_time_fraction",
            "members_women",
            "members_men",
            "members_under_30",
            "turnover",
            "funds_raised",
            "still_active",
        ]
        widgets = {"reported_on": DATE_WIDGET}

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["part_time_fraction"].initial = Decimal("0.50")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        existing = FollowUp.objects.filter(project=self.project)
        if data.get("point") and existing.filter(point=data["point"]).exists():
            self.add_error("point", _("The figures of this follow-up are already recorded for this project."))
        if data.get("reported_on") and existing.filter(reported_on=data["reported_on"]).exists():
            self.add_error("reported_on", _("A follow-up is already recorded for this date."))
        return data


class MentorChoiceForm(StyledForm):
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=User.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True, mentor_profile__isnull=False
        )


class MentorProfileForm(StyledModelForm):
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"), choices=Sector.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=Language.choices, widget=forms.CheckboxSelectMultiple
    )
    expertise = forms.MultipleChoiceField(
        label=_("Dimensions of expertise"),
        choices=Dimension.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The dimensions of the diagnostic on which you can help."),
    )

    class Meta:
        model = MentorProfile
        fields = ["bio", "sectors", "languages", "expertise", "capacity", "is_available"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}


class AttendanceForm(StyledForm):
    present = forms.ModelMultipleChoiceField(
        label=_("Present"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = people  # type: ignore[attr-defined]


def organisations_of(user: User) -> Any:
    return Organisation.objects.filter(Q(memberships__user=user, memberships__role=Role.MEMBER)).distinct()


SCORE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(5)]
