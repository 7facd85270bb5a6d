"""Forms of the directory's editing pages: actors, corrections, offers, expressions of interest, moderation.

The actor form identifies related records by readable codes (country ISO code, region slug, taxonomy term code,
commune code): they are the values a correction stores as JSON, and they are validated again, through the same
form, when staff accept the correction.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Model, QuerySet
from django.forms.models import ModelChoiceIterator
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _

from essmed.accounts.models import Organisation, OrganisationKind, User
from essmed.core.forms import StyledForm, StyledModelForm
from essmed.directory.models import Actor, ActorStatus, ExpressionOfInterest, Offer, OfferKind, Term, Vocabulary
from essmed.directory.text import name_key
from essmed.territories.models import Commune, Country, Division, Region

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
TRANSLATED = {
    "name": gettext_lazy("Name"),
    "description": gettext_lazy("Description"),
    "mission": gettext_lazy("Mission"),
}
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")


def language_attrs(code: str) -> dict[str, str]:
    """``lang`` and ``dir`` of an input holding text in ``code``, so Arabic is typed right to left on any page."""
    return {"lang": code, "dir": "rtl" if get_language_info(code)["bidi"] else "ltr"}


def translated_label(label: str | Promise, code: str) -> str:
    return _("%(field)s (%(language)s)") % {"field": label, "language": get_language_info(code)["name_translated"]}


# --- Places: options narrowed to the chosen parent ------------------------------------------------------------


class ParentSelect(forms.Select):
    """A select whose options carry the value of their parent in the form (``data-parent``), so that
    ``directory/edit-place.js`` can show only the regions of the chosen country, and so on."""

    def __init__(self, parent: str, parent_value: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.parent_value = parent_value
        self.attrs["data-parent-field"] = parent

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)
        instance = getattr(option["value"], "instance", None)
        if instance is not None:
            value: Any = instance
            for step in self.parent_value.split("."):
                value = getattr(value, step)
            option["attrs"]["data-parent"] = str(value)
        return option


class OptionsIterator(ModelChoiceIterator):
    """The options shown by a choice field, narrower than the records it accepts (which the model checks)."""

    def __init__(self, field: forms.ModelChoiceField, options: QuerySet[Any]) -> None:  # type: ignore[type-arg]
        super().__init__(field)
        self.queryset = options


class PlaceChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A region, division or commune: accepts any (the model says when it is not in its parent), shows those of
    the chosen parent, labelled with their parent's name where it helps."""

    def __init__(self, *args: Any, parent_label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parent_label = parent_label

    def label_from_instance(self, obj: Model) -> str:
        if self.parent_label:
            return f"{obj} ({getattr(obj, self.parent_label)})"
        return str(obj)

    def show_only(self, options: QuerySet[Any]) -> None:
        self.widget.choices = OptionsIterator(self, options)


class ChoiceList(forms.CheckboxSelectMultiple):
    """Checkboxes laid out as Bootstrap form-checks (in columns when ``columns``)."""

    template_name = "directory/includes/edit_choice_list.html"
    option_template_name = "directory/includes/edit_choice_option.html"

    def __init__(self, attrs: dict[str, Any] | None = None, *, columns: bool = False) -> None:
        super().__init__(attrs)
        self.columns = columns

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)
        context["widget"]["columns"] = self.columns
        return context


class RadioList(forms.RadioSelect):
    """Radio buttons laid out as Bootstrap form-checks."""

    template_name = "directory/includes/edit_choice_list.html"
    option_template_name = "directory/includes/edit_choice_option.html"


def record_number(text: str) -> int | None:
    """The number typed for a record (an id), or None when ``text`` is not one: only ASCII digits, and few enough
    for a database integer («²» and «٣» are digits to ``str.isdigit()`` but not to ``int()`` or the database)."""
    text = text.strip()
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None


def _selected(form: forms.BaseForm, name: str) -> str:
    """The value chosen for ``name``: what was posted, else the initial value; as a string ("" for none)."""
    if form.is_bound:
        return str(form.data.get(form.add_prefix(name)) or "")
    value = form.initial.get(name)
    if isinstance(value, Model):
        field = form.fields[name]
        return str(getattr(value, getattr(field, "to_field_name", None) or "pk"))
    return "" if value is None else str(value)


# --- The actor ------------------------------------------------------------------------------------------------

IDENTITY = ["name_fr", "name_ar", "name_en", "legal_name", "acronym", "actor_type", "legal_form", "organisation"]
TEXTS = [f"{field}_{code}" for field in ("description", "mission") for code in LANGUAGE_CODES]
ACTIVITY = ["sectors", "themes"]
PLACE = [
    "street_address",
    "locality",
    "postcode",
    "country",
    "region",
    "division",
    "commune",
    "latitude",
    "longitude",
    "geo_precision",
]
CONTACT = ["website", "public_email", "public_phone", "languages"]
LIFE = ["founded", "members_total", "members_women", "members_men", "networks", "add_networks"]
FIELDSETS = [
    ("identity", gettext_lazy("Identity"), IDENTITY),
    ("texts", gettext_lazy("Description and mission"), TEXTS),
    ("activity", gettext_lazy("Activities"), ACTIVITY),
    ("place", gettext_lazy("Place"), PLACE),
    ("contact", gettext_lazy("Public contact"), CONTACT),
    ("life", gettext_lazy("Members and networks"), LIFE),
]
ACTOR_FIELDS = [name for _key, _legend, names in FIELDSETS for name in names if name != "add_networks"]


class ActorForm(StyledModelForm):
    """Everything people write about an actor. ``user`` decides which organisation may be linked;
    ``for_correction`` leaves the organisation out (a correction proposes values, not a link)."""

    template_name = "directory/includes/edit_actor_fields.html"

    country: forms.ModelChoiceField[Country] = forms.ModelChoiceField(
        Country.objects.all(), to_field_name="code", label=gettext_lazy("Country")
    )
    region = PlaceChoiceField(
        Region.objects.all(),
        to_field_name="slug",
        required=False,
        label=gettext_lazy("Region"),
        widget=ParentSelect("country", "country.code"),
        parent_label="country",
    )
    division = PlaceChoiceField(
        Division.objects.all(),
        required=False,
        label=gettext_lazy("Province, prefecture or department"),
        widget=ParentSelect("region", "region.slug"),
        parent_label="region",
    )
    commune = PlaceChoiceField(
        Commune.objects.all(),
        to_field_name="code",
        required=False,
        label=gettext_lazy("Commune"),
        widget=ParentSelect("division", "division_id"),
    )
    legal_form = forms.ModelChoiceField(
        Term.objects.of(Vocabulary.LEGAL_FORM), to_field_name="code", required=False, label=gettext_lazy("Legal form")
    )
    sectors = forms.ModelMultipleChoiceField(
        Term.objects.of(Vocabulary.ACTIVITY),
        to_field_name="code",
        required=False,
        label=gettext_lazy("Sectors of activity"),
        widget=ChoiceList(columns=True),
    )
    themes = forms.ModelMultipleChoiceField(
        Term.objects.of(Vocabulary.THEME),
        to_field_name="code",
        required=False,
        label=gettext_lazy("Themes"),
        widget=ChoiceList(columns=True),
    )
    networks: forms.ModelMultipleChoiceField[Actor] = forms.ModelMultipleChoiceField(
        Actor.objects.filter(actor_type=OrganisationKind.NETWORK),
        required=False,
        label=gettext_lazy("Networks it belongs to"),
        help_text=gettext_lazy("Untick a network to remove it."),
        widget=ChoiceList,
    )
    add_networks = forms.CharField(
        label=gettext_lazy("Add networks"),
        required=False,
        max_length=1000,
        help_text=gettext_lazy(
            "The names of networks listed in the directory, or their numbers (in the address of their page), "
            "separated by semicolons."
        ),
    )

    class Meta:
        model = Actor
        fields = ACTOR_FIELDS
        widgets = {
            "founded": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "latitude": forms.NumberInput(attrs={"step": "any"}),
            "longitude": forms.NumberInput(attrs={"step": "any"}),
            "website": forms.URLInput(attrs={"autocomplete": "url"}),
            "public_phone": forms.TextInput(attrs={"type": "tel", "dir": "ltr"}),
        }

    def __init__(self, *args: Any, user: Any = None, for_correction: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for field_name, label in TRANSLATED.items():
            for code in LANGUAGE_CODES:
                field = self.fields[f"{field_name}_{code}"]
                field.label = translated_label(label, code)
                field.widget.attrs.update(language_attrs(code))
                if field_name != "name":
                    field.widget.attrs["rows"] = 4
        self.fields["name_fr"].help_text = _(
            "Give the name in French or in English at least: pages in every language "
            "show it when there is none in their own."
        )
        for name in ("country", "region", "commune", "legal_form"):
            # The model gives the record's id, but these fields name records by their code: start from the record.
            if self.instance.pk and name not in (kwargs.get("initial") or {}):
                self.initial[name] = getattr(self.instance, name)
        self._narrow_places()
        self._setup_organisation(for_correction)
        self._setup_networks()

    # Places: each list shows the children of the chosen parent.
    def _narrow_places(self) -> None:
        country, region, division = (_selected(self, name) for name in ("country", "region", "division"))
        regions = Region.objects.select_related("country")
        divisions = Division.objects.select_related("region")
        communes = Commune.objects.all()
        if country:
            regions = regions.filter(country__code=country)
            divisions = divisions.filter(region__country__code=country)
        if region:
            divisions = divisions.filter(region__slug=region)
            communes = communes.filter(division__region__slug=region)
        division_id = record_number(division)
        if division_id is not None:
            communes = communes.filter(division_id=division_id)
        elif not region:
            communes = communes.none()
        self.fields["region"].show_only(regions)  # type: ignore[attr-defined]
        self.fields["division"].show_only(divisions)  # type: ignore[attr-defined]
        self.fields["commune"].show_only(communes)  # type: ignore[attr-defined]
        if not (region or division):
            self.fields["commune"].help_text = _("Choose the region and province first.")

    def _setup_organisation(self, for_correction: bool) -> None:
        """A person may link an organisation they belong to; staff any; on an existing actor only staff change it."""
        field = self.fields["organisation"]
        user = self.user
        staff = user is not None and user.is_authenticated and user.is_programme_staff
        if for_correction or user is None or (self.instance.pk and not staff):
            del self.fields["organisation"]
            return
        free = Organisation.objects.filter(actor__isnull=True)
        if self.instance.organisation_id:
            free = free | Organisation.objects.filter(pk=self.instance.organisation_id)
        if not staff:
            free = free.filter(pk__in=user.organisation_ids())
        field.queryset = free.order_by("name")  # type: ignore[attr-defined]
        if not field.queryset.exists():  # type: ignore[attr-defined]
            del self.fields["organisation"]
            return
        field.help_text = _("Its members will be able to edit this entry.")

    def _setup_networks(self) -> None:
        field = self.fields["networks"]
        current = self.instance.networks.all() if self.instance.pk else Actor.objects.none()
        posted = self.is_bound and bool(self.data.get(self.add_prefix("networks")))
        if not posted and not current.exists():
            del self.fields["networks"]  # nothing to untick: networks are added by name
            return
        field.widget.choices = OptionsIterator(field, current)  # type: ignore[arg-type]

    @property
    def fieldsets(self) -> list[tuple[str, str | Promise, list[forms.BoundField]]]:
        return [
            (key, legend, [self[name] for name in names if name in self.fields])
            for key, legend, names in FIELDSETS
            if any(name in self.fields for name in names)
        ]

    def show_without_errors(self) -> None:
        """Render the posted values again without validating them (after "Update the lists of places")."""
        self._errors = ErrorDict()

    def clean_languages(self) -> str:
        codes = [
            code.strip().lower() for code in re.split(r"[,;،؛\s]+", self.cleaned_data["languages"]) if code.strip()
        ]
        wrong = [code for code in codes if not _LANGUAGE_CODE.match(code)]
        if wrong:
            raise ValidationError(
                _("“%(codes)s” is not a language code: use codes such as fr, ar, en, separated by commas.")
                % {"codes": ", ".join(wrong)}
            )
        return ", ".join(dict.fromkeys(codes))

    def clean_founded(self) -> datetime.date | None:
        founded: datetime.date | None = self.cleaned_data["founded"]
        if founded and founded > timezone.localdate():
            raise ValidationError(_("The founding date cannot be in the future."))
        return founded

    def clean_add_networks(self) -> list[Actor]:
        # Arabic keyboards type the Arabic semicolon «؛».
        words = [word.strip() for word in re.split(r"[;؛]", self.cleaned_data["add_networks"]) if word.strip()]
        if not words:
            return []
        networks = Actor.objects.filter(actor_type=OrganisationKind.NETWORK).exclude(status=ActorStatus.ARCHIVED)
        numbers = {word: record_number(word) for word in words}
        keys = {name_key(word) for word in words if numbers[word] is None}
        ids = {number for number in numbers.values() if number is not None}
        found = list(networks.filter(pk__in=ids) | networks.filter(name_key__in=keys))
        chosen: list[Actor] = []
        errors: list[str] = []
        for word in words:
            if numbers[word] is not None:
                matches = [actor for actor in found if actor.pk == numbers[word]]
            else:
                matches = [actor for actor in found if actor.name_key == name_key(word)]
            if not matches:
                errors.append(_("No network called “%(name)s” is listed in the directory.") % {"name": word})
            elif len(matches) > 1:
                errors.append(
                    _("Several networks are called “%(name)s”: give the number of the one you mean (%(numbers)s).")
                    % {"name": word, "numbers": ", ".join(str(actor.pk) for actor in matches)}
                )
            else:
                chosen.append(matches[0])
        if errors:
            raise ValidationError(errors)
        return chosen

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        named = cleaned.get("name_fr") or cleaned.get("name_en")
        if not named and not ("name_fr" in self.errors or "name_en" in self.errors):  # a name too long is not missing
            self.add_error("name_fr", _("Give the name in French or in English."))
        self._clean_place(cleaned)
        located = cleaned.get("latitude") is not None and cleaned.get("longitude") is not None
        if located and not cleaned.get("geo_precision"):
            self.add_error("geo_precision", _("Say how precise the coordinates are."))
        self._clean_networks(cleaned)
        return cleaned

    def _clean_place(self, cleaned: dict[str, Any]) -> None:
        """Fill a missing parent from its child (the commune gives its province, the province its region);
        a child outside its parent is an error (the model checks region and province)."""
        commune: Commune | None = cleaned.get("commune")
        if commune is not None:
            if cleaned.get("division") is None:
                cleaned["division"] = commune.division
            elif cleaned["division"].pk != commune.division_id:
                self.add_error("commune", _("This commune is not in the chosen province or department."))
        division: Division | None = cleaned.get("division")
        if division is not None and cleaned.get("region") is None and "region" not in self.errors:
            cleaned["region"] = division.region

    def _clean_networks(self, cleaned: dict[str, Any]) -> None:
        added = cleaned.get("add_networks") or []
        if "networks" not in self.fields and not added:
            return
        networks = {actor.pk: actor for actor in [*(cleaned.get("networks") or []), *added]}
        if self.instance.pk in networks:
            self.add_error("add_networks", _("An actor cannot be a network of itself."))
            return
        cleaned["networks"] = list(networks.values())

    def _save_m2m(self) -> None:  # the hook of ModelForm.save() and save_m2m() for many-to-many fields
        super()._save_m2m()  # type: ignore[misc]
        if "networks" not in self.fields and "networks" in self.cleaned_data:
            self.instance.networks.set(self.cleaned_data["networks"])


# --- Corrections ----------------------------------------------------------------------------------------------


def plain(value: Any, field: forms.Field) -> Any:
    """A form value as JSON: related records by their code (or id), dates in ISO format, "" for nothing."""
    key = getattr(field, "to_field_name", None) or "pk"
    if value is None:
        return ""
    if isinstance(value, Model):
        return getattr(value, key)
    if isinstance(value, QuerySet | list | tuple | set) and not isinstance(value, str):
        return sorted(plain(item, field) for item in value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    return value


def actor_values(actor: Actor, names: Iterable[str], fields: dict[str, forms.Field]) -> dict[str, Any]:
    """The actor's current values of these fields, as plain JSON values (see ``plain``)."""
    values: dict[str, Any] = {}
    for name in names:
        if name == "add_networks":
            continue
        value = getattr(actor, name)
        if name in ("sectors", "themes", "networks"):
            value = list(value.all()) if actor.pk else []
        values[name] = plain(value, fields[name])
    return values


class CorrectionForm(ActorForm):
    """The actor's main fields, prefilled; only the values changed are kept (``changes()``)."""

    comment = forms.CharField(
        label=gettext_lazy("Comment for the staff"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("What was wrong, and where you found the right information."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["for_correction"] = True
        super().__init__(*args, **kwargs)
        # Read now: validating the form writes the posted values onto the instance (which is never saved).
        self.original = actor_values(self.instance, ACTOR_FIELDS, ActorForm.base_fields)

    @property
    def fieldsets(self) -> list[tuple[str, str | Promise, list[forms.BoundField]]]:
        return [*super().fieldsets, ("comment", _("Your comment"), [self["comment"]])]

    def changes(self) -> dict[str, Any]:
        """Field name → proposed value, for the fields whose value differs from the actor's."""
        names = [name for name in self.changed_data if name in ACTOR_FIELDS]
        if self.cleaned_data.get("add_networks"):
            names.append("networks")
        after = {
            name: plain(self.cleaned_data[name], ActorForm.base_fields[name])
            for name in names
            if name in self.cleaned_data
        }
        return {name: value for name, value in after.items() if value != self.original[name]}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.errors and not self.changes():
            raise ValidationError(_("Change at least one value before sending your correction."))
        return cleaned


def correction_form_data(actor: Actor, changes: dict[str, Any]) -> dict[str, Any]:
    """Form data for the actor as it is, with the proposed ``changes`` applied."""
    fields = ActorForm.base_fields
    data = {name: value for name, value in actor_values(actor, ACTOR_FIELDS, fields).items() if name != "organisation"}
    data.update({name: value for name, value in changes.items() if name in data})
    return data


def describe_value(name: str, value: Any) -> str:
    """A stored value as a reader sees it: the label of a code, the names of the records."""
    if value is None or value == "" or value == []:
        return ""
    field = ActorForm.base_fields.get(name)
    if isinstance(field, forms.ModelChoiceField):
        key = field.to_field_name or "pk"
        values = value if isinstance(value, list) else [value]
        try:
            found = field.queryset.filter(**{f"{key}__in": values})  # type: ignore[union-attr]
            names = {str(getattr(record, key)): str(record) for record in found}
        except (ValueError, TypeError):
            names = {}
        return ", ".join(names.get(str(item), str(item)) for item in values)
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))  # type: ignore[arg-type]
    return str(value)


def field_labels() -> dict[str, str]:
    """The label of each field of the actor form, in the current language."""
    form = ActorForm()
    return {name: str((form.fields.get(name) or ActorForm.base_fields[name]).label) for name in ACTOR_FIELDS}


# --- Offers and expressions of interest -----------------------------------------------------------------------

OFFER_TEXTS = [f"{field}_{code}" for code in LANGUAGE_CODES for field in ("title", "description")]


class OfferForm(StyledModelForm):
    class Meta:
        model = Offer
        fields = ["kind", "topic", *OFFER_TEXTS, "expires_on", "is_published"]
        widgets = {
            "kind": RadioList,
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in OFFER_TEXTS:
            field_name, code = name.rsplit("_", 1)
            field = self.fields[name]
            label = _("Title") if field_name == "title" else _("Description")
            field.label = translated_label(label, code)
            field.widget.attrs.update(language_attrs(code))
            if field_name == "description":
                field.widget.attrs["rows"] = 5
        self.fields["kind"].choices = OfferKind.choices  # type: ignore[attr-defined]
        self.fields["title_fr"].help_text = _("Write the title and description in at least one language.")
        expires = self.fields["expires_on"]
        expires.required = True
        expires.help_text = _("After this date the offer is no longer shown.")
        if not self.instance.pk:
            self.initial.setdefault("expires_on", timezone.localdate() + datetime.timedelta(days=365))
        self.fields["is_published"].help_text = _("Untick to hide it without deleting it.")

    def clean_expires_on(self) -> datetime.date:
        expires: datetime.date = self.cleaned_data["expires_on"]
        if (not self.instance.pk or "expires_on" in self.changed_data) and expires <= timezone.localdate():
            raise ValidationError(_("Choose an expiry date after today."))
        return expires

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        complete = False
        for code in LANGUAGE_CODES:
            if f"title_{code}" in self.errors or f"description_{code}" in self.errors:
                continue  # already told what is wrong (too long): the text is not missing
            title, description = cleaned.get(f"title_{code}"), cleaned.get(f"description_{code}")
            if title and not description:
                self.add_error(f"description_{code}", _("Write the description in this language too."))
            elif description and not title:
                self.add_error(f"title_{code}", _("Write the title in this language too."))
            complete = complete or bool(title and description)
        if not complete and not self.errors:
            self.add_error("title_fr", _("Write the title and description in at least one language."))
        return cleaned


MESSAGE_MAX_LENGTH = 4000


class InterestForm(StyledModelForm):
    """A signed-in person's message about an offer, optionally on behalf of their own organisation's entry."""

    class Meta:
        model = ExpressionOfInterest
        fields = ["message", "sender_actor"]
        widgets = {"message": forms.Textarea(attrs={"rows": 5, "dir": "auto"})}

    def __init__(self, *args: Any, offer: Offer, sender: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offer, self.sender = offer, sender
        message = cast(forms.CharField, self.fields["message"])
        # Set after the field is built, max_length alone would add no validator.
        message.max_length = MESSAGE_MAX_LENGTH
        message.validators.append(MaxLengthValidator(MESSAGE_MAX_LENGTH))
        message.widget.attrs["maxlength"] = str(MESSAGE_MAX_LENGTH)
        message.help_text = _(
            "It reaches the members of this organisation through essmed; your email address is not shown to them. "
            "Say how to reach you if you wish an answer."
        )
        own = (
            Actor.objects.filter(organisation_id__in=sender.organisation_ids())
            .exclude(status=ActorStatus.ARCHIVED)
            .exclude(pk=offer.actor_id)
        )
        if own.exists():
            self.fields["sender_actor"].queryset = own  # type: ignore[attr-defined]
            self.fields["sender_actor"].empty_label = _("In my own name")  # type: ignore[attr-defined]
        else:
            del self.fields["sender_actor"]


# --- Moderation -----------------------------------------------------------------------------------------------


class CorrectionReviewForm(StyledForm):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("accept", gettext_lazy("Accept: apply these values")), ("reject", gettext_lazy("Reject"))],
        widget=RadioList,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Sent to the person who proposed the correction. Required to reject."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "reject" and not cleaned.get("reason"):
            self.add_error("reason", _("Give the reason for rejecting the correction."))
        return cleaned


class DuplicateReviewForm(StyledForm):
    decision = forms.ChoiceField(label=gettext_lazy("Decision"), choices=[], widget=RadioList)

    def __init__(self, *args: Any, actor: Actor, other: Actor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = [  # type: ignore[attr-defined]
            ("keep_actor", _("Merge, keeping “%(name)s” (no. %(number)s)") % {"name": actor, "number": actor.pk}),
            ("keep_other", _("Merge, keeping “%(name)s” (no. %(number)s)") % {"name": other, "number": other.pk}),
            ("dismiss", _("These are different organisations")),
        ]
