"""Forms of the events app; every message in the user's language."""

from __future__ import annotations

from datetime import time
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.http import QueryDict
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from essmed.accounts.models import OrganisationKind
from essmed.core.forms import StyledForm, StyledModelForm
from essmed.core.text import isolated
from essmed.directory.forms import translated_label
from essmed.directory.models import Actor, ActorStatus, Term, Vocabulary
from essmed.directory.search import search
from essmed.events.access import shown_actor
from essmed.events.models import (
    TIME_ZONES,
    Attendance,
    Event,
    MeetingRequest,
    Priority,
    Registration,
    RequestStatus,
    TimeSlot,
)
from essmed.events.planning import PlanningError, parse_breaks

LANGUAGE_SUFFIXES = ("fr", "ar", "en")
ACTOR_CHOICES = 50  # actors found by the search, offered in the profile form
KEEP_ACTOR = "kept"  # the profile form's value for keeping an actor the participant may no longer see

# What is wrong with a day cut into slots, by the code of ``planning.PlanningError``.
SLOT_ERRORS = {
    "slot_length": _("A meeting lasts between 5 and 240 minutes."),
    "day_order": _("The meetings must end after they start."),
    "break_outside": _("The break %(detail)s is outside the meeting hours."),
    "break_format": _("“%(detail)s” is not a break: write its start and end, e.g. 12:30-14:00."),
    "break_order": _("The break %(detail)s ends before it starts."),
}


def _translated(fields: tuple[str, ...]) -> list[str]:
    return [f"{field}_{code}" for field in fields for code in LANGUAGE_SUFFIXES]


def _label_languages(form: forms.ModelForm, fields: tuple[str, ...]) -> None:  # type: ignore[type-arg]
    """Label each language's column of a translated field as the directory does, «What I offer (French)» in the
    page's language, not django-modeltranslation's «what I offer [fr]»."""
    for field in fields:
        label = capfirst(form._meta.model._meta.get_field(field).verbose_name)
        for code in LANGUAGE_SUFFIXES:
            form.fields[f"{field}_{code}"].label = translated_label(label, code)


class EventForm(StyledModelForm):
    class Meta:
        model = Event
        fields = [
            "slug",
            *_translated(("title",)),
            *_translated(("description",)),
            "starts_on",
            "ends_on",
            "time_zone",
            *_translated(("venue",)),
            "address",
            "city",
            "region",
            "tables",
            "capacity",
            "default_max_meetings",
            "registration_open",
            "is_published",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _label_languages(self, ("title", "description", "venue"))
        self.fields["title_fr"].required = True
        for name in self.fields:
            if name.endswith("_ar"):
                self.fields[name].widget.attrs.update({"dir": "rtl", "lang": "ar"})
        for name in ("description_fr", "description_ar", "description_en"):
            self.fields[name].widget.attrs["rows"] = 4
        # A new time zone moves the slots' times at the venue: the organiser confirms it with a tick, asked only then.
        zone = self.data.get(self.add_prefix("time_zone"), self.instance.time_zone)
        changed = self.instance.pk and zone != self.instance.time_zone and zone in dict(TIME_ZONES)
        self.shifted_slots = self.instance.slots_shifted_in(zone) if changed else []
        if self.shifted_slots:
            self.fields["confirm_time_zone"] = forms.BooleanField(
                label=_("Change the time zone all the same"),
                required=False,
                help_text=_(
                    "The slots stay at the same moment, so their times at the venue change. To keep their hours, cut "
                    "the days again on the “Time slots” page after saving."
                ),
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        zone = data.get("time_zone")
        if self.shifted_slots and zone and not data.get("confirm_time_zone"):
            count, first = len(self.shifted_slots), self.shifted_slots[0]
            self.add_error(
                "confirm_time_zone",
                ngettext(
                    "With the new time zone, %(count)d time slot changes its time at the venue: %(before)s becomes "
                    "%(after)s. Tick the box to confirm, or keep the time zone.",
                    "With the new time zone, %(count)d time slots change their times at the venue: the first, "
                    "%(before)s, becomes %(after)s. Tick the box to confirm, or keep the time zone.",
                    count,
                )
                % {
                    "count": count,
                    "before": isolated(f"{slot_label(first)} ({self.instance.time_zone})"),
                    "after": isolated(f"{slot_label(first, ZoneInfo(zone))} ({zone})"),
                },
            )
        return data


class IdsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """A choice of several objects by id, where an id too large for the database is an invalid choice like any
    other (SQLite's driver raises OverflowError for it, a server error otherwise)."""

    def clean(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else ():
            if str(pk).lstrip("-").isdecimal() and not -(2**63) <= int(pk) < 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super().clean(value)


def slot_label(slot: TimeSlot, zone: ZoneInfo | None = None) -> str:
    """A slot as a choice: its day in the reader's language and its times at the venue (or in ``zone``), the times
    isolated left to right (U+2066…U+2069) so that a right-to-left page does not reverse them."""
    start, end = (timezone.localtime(moment, zone or slot.event.zone) for moment in (slot.starts_at, slot.ends_at))
    return f"{formats.date_format(start, 'l j F')} · \u2066{start:%H:%M}–{end:%H:%M}\u2069"


class MeetingRequestsChoiceField(IdsField):
    """Accepted requests as options: «requester – recipient», each name isolated from the other and the page."""

    def label_from_instance(self, obj: MeetingRequest) -> str:
        return f"{isolated(obj.requester.display_name)} – {isolated(obj.recipient.display_name)}"


class SlotChoiceField(forms.ModelChoiceField[TimeSlot]):
    def label_from_instance(self, obj: TimeSlot) -> str:
        return slot_label(obj)


class SlotsChoiceField(IdsField):
    def label_from_instance(self, obj: TimeSlot) -> str:
        return slot_label(obj)


def _term_choices() -> IdsField:
    return IdsField(
        queryset=Term.objects.filter(vocabulary__in=[Vocabulary.ACTIVITY, Vocabulary.THEME]).order_by(
            "vocabulary", "code"
        ),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )


class ActorChoiceField(forms.ModelChoiceField[Actor]):
    """The actor of a participant profile. ``kept`` is the registration's actor when the participant may no
    longer see it (a draft or an archive of another organisation): it is offered as ``KEEP_ACTOR``, never by its
    name or its id, and choosing it keeps it."""

    kept: Actor | None = None

    def to_python(self, value: Any) -> Actor | None:
        if value == KEEP_ACTOR and self.kept is not None:
            return self.kept
        actor: Actor | None = super().to_python(value)
        return actor


class ProfileForm(StyledModelForm):
    """A participant's profile: registering and editing use the same form."""

    class Meta:
        model = Registration
        fields = [
            "actor",
            *_translated(("offers",)),
            *_translated(("seeks",)),
            "offer_terms",
            "seek_terms",
            "availability",
            "unavailable_slots",
            "max_meetings",
        ]
        field_classes = {"actor": ActorChoiceField}

    def __init__(
        self, *args: Any, event: Event, user: Any, actor_query: str = "", typed: QueryDict | None = None, **kwargs: Any
    ) -> None:
        """``typed``: what the person had typed when they searched the directory for their organisation, shown
        again as it was (the form is not validated, nothing is saved), with the organisation chosen still offered."""
        super().__init__(*args, **kwargs)
        # One's own actors, but not an archived one: it has left the directory.
        own = Actor.objects.filter(organisation_id__in=user.organisation_ids()).exclude(status=ActorStatus.ARCHIVED)
        actor_field = self.fields["actor"]
        assert isinstance(actor_field, ActorChoiceField)
        # Any published actor (or one's own) is valid; the list offers one's own, the current one and the
        # actors found by the search, so that it stays short in a directory of a million actors. The current one
        # stays valid after it is hidden, named only if the participant may still see it (see access.py).
        current = shown_actor(self.instance, user) if self.instance.actor_id else None
        actor_field.queryset = Actor.objects.published() | own | Actor.objects.filter(pk=self.instance.actor_id)
        offered = list(own.order_by("name")[:20])
        if current is not None and current not in offered:
            offered.append(current)
        chosen = typed.get(self.add_prefix("actor"), "") if typed is not None else ""
        if chosen.isdecimal() and int(chosen) < 2**63:
            offered += [actor for actor in (Actor.objects.published() | own).filter(pk=chosen) if actor not in offered]
        if actor_query.strip():
            found = search(Actor.objects.published(), actor_query)[:ACTOR_CHOICES]
            offered += [actor for actor in found if actor not in offered]
        choices: list[tuple[Any, Any]] = [("", _("None"))]
        if self.instance.actor_id and current is None:
            actor_field.kept = self.instance.actor
            self.initial["actor"] = KEEP_ACTOR
            choices.append((KEEP_ACTOR, _("Unchanged: the organisation chosen before, no longer in the directory")))
        actor_field.widget.choices = [*choices, *((actor.pk, actor.name) for actor in offered)]
        actor_field.help_text = _(
            "The organisation of the directory you represent: yours, or one found with the search above."
        )
        if offered and own.exists() and not self.instance.actor_id:
            self.initial.setdefault("actor", offered[0].pk)
        for name in ("offer_terms", "seek_terms"):
            field = _term_choices()
            field.label = str(self.fields[name].label or "")
            field.help_text = _("Sectors of activity and themes of the directory; hold Ctrl to choose several.")
            self.fields[name] = field
        slots = SlotsChoiceField(
            queryset=event.meeting_slots().select_related("event"),
            required=False,
            widget=forms.CheckboxSelectMultiple(),  # before the queryset, which gives the widget its choices
            label=self.fields["unavailable_slots"].label,
        )
        self.fields["unavailable_slots"] = slots
        slots.help_text = _("The meeting slots when you cannot meet anyone.")
        _label_languages(self, ("offers", "seeks"))
        for code in LANGUAGE_SUFFIXES:
            for text in ("offers", "seeks"):
                widget = self.fields[f"{text}_{code}"].widget
                widget.attrs["rows"] = 3
                if code == "ar":
                    widget.attrs.update({"dir": "rtl", "lang": "ar"})
        if typed is not None:
            for name in self.fields:
                self.initial[name] = self.fields[name].widget.value_from_datadict(typed, {}, self.add_prefix(name))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        offers = any(data.get(f"offers_{code}") for code in LANGUAGE_SUFFIXES) or data.get("offer_terms")
        seeks = any(data.get(f"seeks_{code}") for code in LANGUAGE_SUFFIXES) or data.get("seek_terms")
        if not offers and not seeks:
            raise forms.ValidationError(
                _(
                    "Say what you offer or what you seek, in words or with sectors and themes: "
                    "it is how others find you."
                )
            )
        return data


class MeetingRequestForm(StyledForm):
    message = forms.CharField(
        label=_("Your message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Say who you are and what you would like to talk about."),
    )
    priority = forms.TypedChoiceField(
        label=_("How important is this meeting to you?"),
        choices=Priority.choices,
        coerce=int,
        initial=Priority.NORMAL,
    )


class ConstraintForm(StyledForm):
    """The organisers' constraints on an accepted request."""

    priority = forms.TypedChoiceField(label=_("Priority"), choices=Priority.choices, coerce=int)
    fixed_slot = SlotChoiceField(
        label=_("Fixed at the slot"),
        queryset=TimeSlot.objects.none(),
        required=False,
        empty_label=_("Any slot (the scheduler chooses)"),
    )
    after = MeetingRequestsChoiceField(
        label=_("Takes place after"),
        queryset=MeetingRequest.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Meetings that must take place in earlier slots."),
    )

    def __init__(self, *args: Any, meeting_request: MeetingRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        slot_field = self.fields["fixed_slot"]
        assert isinstance(slot_field, forms.ModelChoiceField)
        slot_field.queryset = meeting_request.event.meeting_slots().select_related("event")
        after_field = self.fields["after"]
        assert isinstance(after_field, IdsField)
        after_field.queryset = (
            meeting_request.event.meeting_requests.filter(status=RequestStatus.ACCEPTED)
            .exclude(pk=meeting_request.pk)
            .select_related("requester__user", "recipient__user")
        )


class SlotGenerationForm(StyledForm):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start = forms.TimeField(
        label=_("Meetings start at"), initial=time(9, 0), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end = forms.TimeField(
        label=_("Meetings end at"), initial=time(18, 0), widget=forms.TimeInput(attrs={"type": "time"})
    )
    minutes = forms.IntegerField(label=_("Length of a meeting (minutes)"), min_value=5, max_value=240, initial=30)
    breaks = forms.CharField(
        label=_("Breaks"),
        required=False,
        initial="10:30-11:00, 12:30-14:00",
        help_text=_("Start and end of each break, separated by commas, e.g. 10:30-11:00, 12:30-14:00."),
    )
    # The breaks' name in each language, stored as the other texts people write in several languages are
    # (``TimeSlot.label``, translation.py); labelled «Name of the breaks (French)»… in the page's language.
    break_label_fr = forms.CharField(required=False, max_length=100)
    break_label_ar = forms.CharField(
        required=False, max_length=100, widget=forms.TextInput(attrs={"dir": "rtl", "lang": "ar"})
    )
    break_label_en = forms.CharField(
        required=False,
        max_length=100,
        help_text=_(
            "Each reader sees the name in their language, or else in French or English; none given: “break”, in "
            "the language of each reader."
        ),
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["day"].initial = event.starts_on
        for code in LANGUAGE_SUFFIXES:
            self.fields[f"break_label_{code}"].label = translated_label(_("Name of the breaks"), code)

    @property
    def break_labels(self) -> dict[str, str]:
        """The breaks' name by language code (after validation)."""
        return {code: self.cleaned_data[f"break_label_{code}"] for code in LANGUAGE_SUFFIXES}

    def clean_day(self) -> Any:
        day = self.cleaned_data["day"]
        if not (self.event.starts_on <= day <= self.event.ends_on):
            raise forms.ValidationError(_("This day is outside the event's dates."))
        return day

    def clean_breaks(self) -> list[tuple[time, time]]:
        try:
            return parse_breaks(self.cleaned_data.get("breaks", ""))
        except PlanningError as error:
            raise forms.ValidationError(str(SLOT_ERRORS[error.code]) % {"detail": error.detail}) from error


class ScheduleForm(StyledForm):
    fairness = forms.IntegerField(
        label=_("Fairness bound on breaks"),
        min_value=0,
        max_value=20,
        required=False,
        initial=2,
        help_text=_("Most breaks minus fewest breaks across participants, at most. Empty: no bound."),
    )
    time_limit = forms.IntegerField(label=_("Time limit (seconds)"), min_value=5, max_value=600, initial=60)


class ParticipantFilterForm(StyledForm):
    q = forms.CharField(
        label=_("Words to search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Names, organisations, what they offer or seek."),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    type = forms.ChoiceField(label=_("Type of actor"), required=False)
    term = forms.ChoiceField(label=_("Sector or theme"), required=False)
    side = forms.ChoiceField(
        label=_("Offers or seeks it"),
        required=False,
        choices=[("", _("Either")), ("offers", _("Offers it")), ("seeks", _("Seeks it"))],
    )

    def __init__(
        self, *args: Any, countries: list[tuple[str, str]], terms: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *countries]  # type: ignore[attr-defined]
        self.fields["type"].choices = [("", _("All types")), *OrganisationKind.choices]  # type: ignore[attr-defined]
        self.fields["term"].choices = [("", _("All sectors and themes")), *terms]  # type: ignore[attr-defined]


class AttendanceForm(StyledForm):
    attendance = forms.ChoiceField(label=_("Attendance"), choices=Attendance.choices)
