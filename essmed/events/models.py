"""Events with B2B matchmaking: an event, its days cut into time slots, its registrations (each a participant's
profile linked to an actor of the directory), meeting requests between participants, the meetings the scheduler
placed at a slot and a table, and each run of the scheduler.

Texts people write in several languages (titles, descriptions, what a participant offers and seeks) have one
column per language (``translation.py``). Times are stored in UTC and shown in the event's own time zone.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import and_, attrgetter, or_
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from essmed.directory.models import LANGUAGE_CODES, Actor, Term
from essmed.events import desk
from essmed.territories.models import Commune, Region

TIME_ZONES = [
    ("Africa/Casablanca", "Africa/Casablanca"),
    ("Europe/Paris", "Europe/Paris"),
    ("Europe/Madrid", "Europe/Madrid"),
    ("Europe/Rome", "Europe/Rome"),
    ("Europe/Athens", "Europe/Athens"),
    ("Africa/Tunis", "Africa/Tunis"),
    ("Africa/Algiers", "Africa/Algiers"),
    ("Africa/Cairo", "Africa/Cairo"),
    ("Asia/Beirut", "Asia/Beirut"),
    ("Europe/Istanbul", "Europe/Istanbul"),
    ("Europe/Lisbon", "Europe/Lisbon"),
    ("Europe/Zagreb", "Europe/Zagreb"),
    ("Asia/Nicosia", "Asia/Nicosia"),
    ("Europe/Malta", "Europe/Malta"),
]


# An event's days: a typing slip (the year 1 or 9999) is refused rather than stored.
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2100, 12, 31)


def today_where(time_zone: str, now: datetime | None = None) -> date:
    """The day it is (``now``, or now) in ``time_zone``: an event there has ended once this day is after its last
    day, at midnight where it takes place, whatever the server's time zone. ``Event.has_ended`` and
    ``EventQuerySet.upcoming``/``past`` decide with it."""
    return timezone.localdate(now, timezone=zoneinfo.ZoneInfo(time_zone))


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> EventQuerySet:
        return self.filter(is_published=True)

    def organised_by(self, user: Any) -> EventQuerySet:
        """Events ``user`` organises: every event for programme staff, else those naming them as organiser."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.is_programme_staff:
            return self.all()
        return self.filter(organisers=user)

    def visible_to(self, user: Any) -> EventQuerySet:
        """Published events for everyone; drafts to their organisers."""
        if not (user.is_authenticated and user.is_active):
            return self.published()
        if user.is_programme_staff:
            return self.all()
        return self.filter(Q(is_published=True) | Q(organisers=user)).distinct()

    def upcoming(self) -> EventQuerySet:
        """Events not over where they take place (``Event.has_ended``)."""
        return self.exclude(self._ended())

    def past(self) -> EventQuerySet:
        """Events over where they take place (``Event.has_ended``)."""
        return self.filter(self._ended())

    @staticmethod
    def _ended() -> Q:
        """``Event.has_ended`` as a condition: each time zone's events against the day it is there now (zones on
        the same day in one term: two or three terms, on SQLite and PostgreSQL alike). A zone outside
        ``TIME_ZONES``, which the forms refuse, is judged by the server's day."""
        now = timezone.now()
        zones: dict[date, list[str]] = {}
        for name, _label in TIME_ZONES:
            zones.setdefault(today_where(name, now), []).append(name)
        known = [name for name, _label in TIME_ZONES]
        others = Q(ends_on__lt=timezone.localdate(now)) & ~Q(time_zone__in=known)
        return reduce(or_, (Q(time_zone__in=names, ends_on__lt=day) for day, names in zones.items()), others)


class Event(models.Model):
    """A fair, a forum or a brokerage day where participants meet one to one at tables."""

    slug = models.SlugField(_("identifier"), max_length=80, unique=True, help_text=_("Used in the page address."))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    time_zone = models.CharField(_("time zone"), max_length=40, choices=TIME_ZONES, default="Africa/Casablanca")
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    city = models.CharField(_("city"), max_length=120)
    region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("region")
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    tables = models.PositiveIntegerField(
        _("meeting tables"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(5000)],
        help_text=_("At most this many meetings take place at once."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        help_text=_("Participants admitted; the next ones go on the waiting list. Empty: no limit."),
    )
    registration_open = models.BooleanField(_("registration open"), default=False)
    is_published = models.BooleanField(_("published"), default=False)
    default_max_meetings = models.PositiveIntegerField(
        _("meetings per participant at most"),
        null=True,
        blank=True,
        help_text=_("A participant may lower it for themselves. Empty: as many as the slots allow."),
    )
    organisers: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="organised_events",
        verbose_name=_("organisers"),
        help_text=_("Besides programme staff, who organise every event."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.slug])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        for name in ("starts_on", "ends_on"):
            day = getattr(self, name)
            if day and not EARLIEST_DAY <= day <= LATEST_DAY:
                # The calendar's first and last days leave no room for a slot's time zone (a server error).
                errors[name] = _("Give a day between the years %(first)d and %(last)d.") % {
                    "first": EARLIEST_DAY.year,
                    "last": LATEST_DAY.year,
                }
        if not errors and self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The last day cannot come before the first.")
        if errors:
            raise ValidationError(errors)
        outside = self.slots_outside_its_days().count() if self.pk and self.starts_on and self.ends_on else 0
        if outside:
            raise ValidationError(
                ngettext(
                    "%(count)d time slot of this event would fall outside its days. Delete it on the “Time slots” "
                    "page first (cancel or re-schedule its meetings if it holds any), or keep days that include it.",
                    "%(count)d time slots of this event would fall outside its days. Delete them on the “Time "
                    "slots” page first (cancel or re-schedule their meetings if they hold any), or keep days that "
                    "include them.",
                    outside,
                )
                % {"count": outside},
                code="slots_outside",
            )

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def slots_outside_its_days(self) -> models.QuerySet[TimeSlot]:
        """Its slots that begin before its first day or end after its last, in its time zone: none, unless its days
        or its time zone are being changed (``clean`` refuses the change)."""
        first = datetime.combine(self.starts_on, time.min, tzinfo=self.zone)
        after_last = datetime.combine(self.ends_on + timedelta(days=1), time.min, tzinfo=self.zone)
        return self.slots.filter(Q(starts_at__lt=first) | Q(ends_at__gt=after_last))

    def slots_shifted_in(self, time_zone: str) -> list[TimeSlot]:
        """Its slots, in time order, whose times at the venue would read differently in ``time_zone`` (another
        offset from UTC at their moment): those a change of time zone moves on the clock."""
        zone = zoneinfo.ZoneInfo(time_zone)
        return [
            slot
            for slot in self.slots.order_by("starts_at")
            if any(
                moment.astimezone(zone).utcoffset() != moment.astimezone(self.zone).utcoffset()
                for moment in (slot.starts_at, slot.ends_at)
            )
        ]

    def has_ended(self) -> bool:
        """Its last day has gone by where it takes place (in its time zone, not the server's)."""
        return self.ends_on < today_where(self.time_zone)

    def is_open_for_registration(self) -> bool:
        """People may register: the organisers opened registration and the event has not ended. Every
        registration (page, form, action) and every "Register" link asks it."""
        return self.registration_open and not self.has_ended()

    def is_organised_by(self, user: Any) -> bool:
        organised: bool = Event.objects.organised_by(user).filter(pk=self.pk).exists()
        return organised

    def admitted_count(self) -> int:
        count: int = Registration.objects.admitted().filter(event=self).count()
        return count

    def is_full(self) -> bool:
        return self.capacity is not None and self.admitted_count() >= self.capacity

    def meeting_slots(self) -> models.QuerySet[TimeSlot]:
        return self.slots.filter(is_break=False).order_by("starts_at")


class TimeSlot(models.Model):
    """A time slot of an event's day: meetings take place in it, or it is a break (coffee, lunch)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots", verbose_name=_("event"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    is_break = models.BooleanField(_("break"), default=False, help_text=_("No meeting takes place in a break."))
    label = models.CharField(_("label"), max_length=100, blank=True, help_text=_("For a break: lunch, coffee…"))

    class Meta:
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        ordering = ["event", "starts_at"]
        constraints = [models.UniqueConstraint(fields=["event", "starts_at"], name="slot_start_unique")]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at, self.event.zone)
        end = timezone.localtime(self.ends_at, self.event.zone)
        return f"{local:%Y-%m-%d %H:%M}–{end:%H:%M}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A slot must end after it starts.")})

    @property
    def is_morning(self) -> bool:
        return timezone.localtime(self.starts_at, self.event.zone).hour < 13

    def local_start(self) -> datetime:
        return timezone.localtime(self.starts_at, self.event.zone)

    def local_end(self) -> datetime:
        return timezone.localtime(self.ends_at, self.event.zone)


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    WAITING = "waiting", _("on the waiting list")
    CANCELLED = "cancelled", _("cancelled")


class Availability(models.TextChoices):
    ANY = "any", _("the whole event")
    MORNING = "morning", _("mornings only")
    AFTERNOON = "afternoon", _("afternoons only")


class Attendance(models.TextChoices):
    UNKNOWN = "unknown", _("not checked in")
    PRESENT = "present", _("present")
    NO_SHOW = "no_show", _("absent")


# What finds a participant besides their name: their actor's names (when shown) and what they offer and seek.
ACTOR_NAMES = [f"name_{code}" for code in LANGUAGE_CODES] + ["acronym", "legal_name"]
PROFILE_TEXTS = [f"{text}_{code}" for text in ("offers", "seeks") for code in LANGUAGE_CODES]
# A registration's texts folded for the search (``desk.folded``), by kind: each as written and as the terms of a
# search document; and the texts they were folded from (``search_source``).
SEARCHED = ("name", "profile", "actor")
SEARCH_FIELDS = [f"search_{kind}{part}" for kind in SEARCHED for part in ("", "_terms")] + ["search_source"]
# What a registration's search columns are computed from: a change to any of them computes them again.
SEARCH_INPUTS = frozenset({"user", "user_id", "actor", "actor_id", "offers", "seeks", *PROFILE_TEXTS})
_SEPARATOR = "\x1f"  # between the texts of ``search_source``: a control character, not one typed in a text


def search_columns(registration: Any) -> dict[str, str]:
    """The values of a registration's search columns (``SEARCH_FIELDS``), from its person's name, its actor's names
    (``ACTOR_NAMES``) and its profile's texts (``PROFILE_TEXTS``): what ``Registration.save()``,
    ``RegistrationQuerySet.refresh_search()`` and the migration that added them (on its historical model) store."""
    actor = registration.actor
    actor_names = [getattr(actor, name) for name in ACTOR_NAMES] if actor is not None else []
    name = registration.user.full_name
    profile = [getattr(registration, text) for text in PROFILE_TEXTS]
    values: dict[str, str] = {}
    for kind, texts in (("name", [name]), ("profile", profile), ("actor", actor_names)):
        folded = desk.folded(texts)
        values[f"search_{kind}"] = folded.text
        values[f"search_{kind}_terms"] = folded.document
    sources = [name, *(actor_names or [None] * len(ACTOR_NAMES)), *profile]
    values["search_source"] = _SEPARATOR.join(text or "" for text in sources)
    return values


def store_search_columns(registrations: Iterable[Any], using: str) -> None:
    """Compute and write the search columns of ``registrations`` (which may be of the historical model of a
    migration), in one transaction and one prepared UPDATE (``executemany``): Django's ``bulk_update`` writes a
    CASE per row and column, which takes seconds for thousands of rows."""
    connection = connections[using]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field)} = %s" for field in SEARCH_FIELDS)
    table = quote(Registration._meta.db_table)
    sql = f"UPDATE {table} SET {assignments} WHERE {quote('id')} = %s"  # noqa: S608 - names from the model
    rows = []
    for registration in registrations:
        values = search_columns(registration)
        rows.append([*(values[field] for field in SEARCH_FIELDS), registration.pk])
    if rows:
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.executemany(sql, rows)


class _Joined(models.Func):
    """Texts joined with ``||``, flat (nested ``Concat`` pairs overflow SQLite's parser past a dozen texts)."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = models.TextField()


def _live_search_source() -> _Joined:
    """``search_source`` as the texts are now in the database: the same join, in SQL (NULL as empty)."""
    sources = ["user__full_name", *(f"actor__{name}" for name in ACTOR_NAMES), *PROFILE_TEXTS]
    parts: list[Any] = []
    for source in sources:
        parts += [*([Value(_SEPARATOR)] if parts else []), Coalesce(F(source), Value(""))]
    return _Joined(*parts)


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def admitted(self) -> RegistrationQuerySet:
        return self.filter(status=RegistrationStatus.REGISTERED)

    def waiting(self) -> RegistrationQuerySet:
        return self.filter(status=RegistrationStatus.WAITING).order_by("created_at", "pk")

    def active(self) -> RegistrationQuerySet:
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def matching(self, text: str, *, profile: bool = True) -> RegistrationQuerySet:
        """Participants with each word of ``text`` in their name, in their actor's names (in every language, its
        acronym and legal name) or, with ``profile``, in what they offer or seek in any language, folded as the
        directory folds texts (``desk.py``: case, accents, Arabic marks, light stems), whatever the page's
        language. The actor counts only where ``actor_shown`` (the queryset is annotated by
        ``access.with_actor_shown``).

        The catalogue, the API and the check-in desk use it. The database matches the words against the texts each
        registration keeps folded (``search_*``, ``desk.found``), after bringing up to date those of the queryset
        whose texts changed behind the model's back (``refresh_search``)."""
        words = desk.query(text)
        if not words:
            return self
        self.refresh_search()
        own = ["name", "profile"] if profile else ["name"]

        def found(word: desk.Word, kinds: list[str]) -> Q:  # ``desk.found`` over the texts of ``kinds``
            def anywhere(part: str, value: str) -> Q:
                return reduce(or_, (Q(**{f"search_{kind}{part}__contains": value}) for kind in kinds))

            typed = anywhere("", word.typed)
            if not word.stems:
                return typed
            return typed | reduce(and_, (anywhere("_terms", stem) for stem in word.stems))

        # Every word in the participant's own texts, or, where the actor is shown, in those and the actor's names:
        # its visibility (a subquery) is asked once, and only of those whose texts have every word.
        with_actor = reduce(and_, (found(word, [*own, "actor"]) for word in words))
        return self.filter(reduce(and_, (found(word, own) for word in words)) | (with_actor & Q(actor_shown=True)))

    def refresh_search(self) -> int:
        """Compute again the search columns of the queryset's registrations whose texts are no longer those they
        were computed from, and return how many. ``Registration.save()`` computes them and the receivers follow a
        person's or an actor's new name (``receivers.py``), but not what changes without a signal: registrations
        created in bulk, an actor whose names an import rewrote, or one deleted. Comparing ``search_source`` with
        the texts is one query; the stale ones are written together, in the order of their keys whoever writes
        them (two writers do not deadlock)."""
        rows = self.order_by().prefetch_related(None).select_related("user", "actor")
        stale = sorted(rows.exclude(search_source=_live_search_source()), key=attrgetter("pk"))
        store_search_columns(stale, self.db)
        return len(stale)


class Registration(models.Model):
    """A person's registration to an event, with their participant profile: the actor they represent, what
    they offer and seek, when they are free and how many meetings they want at most."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations", verbose_name=_("person")
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("actor represented"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )
    offers = models.TextField(_("what I offer"), blank=True)
    seeks = models.TextField(_("what I seek"), blank=True)
    offer_terms: models.ManyToManyField[Term, Any] = models.ManyToManyField(
        Term, blank=True, related_name="+", verbose_name=_("sectors and themes offered")
    )
    seek_terms: models.ManyToManyField[Term, Any] = models.ManyToManyField(
        Term, blank=True, related_name="+", verbose_name=_("sectors and themes sought")
    )
    availability = models.CharField(
        _("available"), max_length=10, choices=Availability.choices, default=Availability.ANY
    )
    unavailable_slots: models.ManyToManyField[TimeSlot, Any] = models.ManyToManyField(
        TimeSlot, blank=True, related_name="+", verbose_name=_("slots when I am not available")
    )
    max_meetings = models.PositiveIntegerField(
        _("meetings at most"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # Derived, for the search of participants (``RegistrationQuerySet.matching``, ``desk.py``): the person's name,
    # the profile's texts and the actor's names, each folded as written and as search terms, and what they were
    # computed from. ``save()`` computes them; see ``RegistrationQuerySet.refresh_search`` for the rest.
    search_name = models.TextField(editable=False, blank=True, default="")
    search_name_terms = models.TextField(editable=False, blank=True, default="")
    search_profile = models.TextField(editable=False, blank=True, default="")
    search_profile_terms = models.TextField(editable=False, blank=True, default="")
    search_actor = models.TextField(editable=False, blank=True, default="")
    search_actor_terms = models.TextField(editable=False, blank=True, default="")
    search_source = models.TextField(editable=False, blank=True, default="")

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "user__full_name"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="registration_unique_person")]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is None or SEARCH_INPUTS.intersection(update_fields):
            self.compute_search()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *SEARCH_FIELDS}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("events:participant", args=[self.pk])

    def compute_search(self) -> None:
        """Fill the search columns from the person's name, the actor's names and the profile's texts."""
        for field, value in search_columns(self).items():
            setattr(self, field, value)

    @property
    def display_name(self) -> str:
        return str(self.user.full_name or _("Participant"))

    @property
    def is_admitted(self) -> bool:
        return self.status == RegistrationStatus.REGISTERED

    def meeting_limit(self) -> int | None:
        limits = [n for n in (self.max_meetings, self.event.default_max_meetings) if n is not None]
        return min(limits) if limits else None


class Priority(models.IntegerChoices):
    LOW = 1, _("low")
    NORMAL = 2, _("normal")
    HIGH = 3, _("high")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    CANCELLED = "cancelled", _("cancelled")


class MeetingRequestQuerySet(models.QuerySet["MeetingRequest"]):
    def accepted(self) -> MeetingRequestQuerySet:
        return self.filter(status=RequestStatus.ACCEPTED)

    def pending(self) -> MeetingRequestQuerySet:
        return self.filter(status=RequestStatus.PENDING)

    def open(self) -> MeetingRequestQuerySet:
        """Requests still alive: waiting for an answer or accepted."""
        return self.filter(status__in=[RequestStatus.PENDING, RequestStatus.ACCEPTED])

    def involving(self, registration: Registration) -> MeetingRequestQuerySet:
        return self.filter(Q(requester=registration) | Q(recipient=registration))

    def between(self, a: Registration, b: Registration) -> MeetingRequestQuerySet:
        return self.filter(Q(requester=a, recipient=b) | Q(requester=b, recipient=a))

    def schedulable(self) -> MeetingRequestQuerySet:
        """Accepted requests whose two participants are still admitted."""
        return self.accepted().filter(
            requester__status=RegistrationStatus.REGISTERED, recipient__status=RegistrationStatus.REGISTERED
        )


class MeetingRequest(models.Model):
    """One participant asks another for a one-to-one meeting; the other accepts or declines. Organisers may
    fix an accepted meeting at a slot and say that it must come after other meetings."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_requests", verbose_name=_("event"))
    requester = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="requests_sent", verbose_name=_("asked by")
    )
    recipient = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="requests_received", verbose_name=_("asked to")
    )
    message = models.TextField(_("message"), max_length=2000)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    fixed_slot = models.ForeignKey(
        TimeSlot,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fixed at the slot"),
        help_text=_("Set by the organisers: the meeting takes place at this slot."),
    )
    after: models.ManyToManyField[MeetingRequest, Any] = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="before",
        verbose_name=_("takes place after"),
        help_text=_("Meetings that must take place in earlier slots."),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = MeetingRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.requester} → {self.recipient}"

    def clean(self) -> None:
        if self.requester_id and self.requester_id == self.recipient_id:
            raise ValidationError(_("You cannot ask yourself for a meeting."))
        if (
            self.fixed_slot_id
            and self.fixed_slot
            and (self.fixed_slot.event_id != self.event_id or self.fixed_slot.is_break)
        ):
            raise ValidationError({"fixed_slot": _("Choose a meeting slot of this event, not a break.")})

    def other_party(self, registration: Registration) -> Registration:
        return self.recipient if registration.pk == self.requester_id else self.requester


class Meeting(models.Model):
    """A scheduled meeting: an accepted request at a slot and a table."""

    request = models.OneToOneField(
        MeetingRequest, on_delete=models.CASCADE, related_name="meeting", verbose_name=_("request")
    )
    slot = models.ForeignKey(TimeSlot, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("slot"))
    table = models.PositiveIntegerField(_("table"))
    scheduled_at = models.DateTimeField(_("scheduled"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last moved"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["slot__starts_at", "table"]
        constraints = [models.UniqueConstraint(fields=["slot", "table"], name="meeting_table_unique")]

    def __str__(self) -> str:
        return f"{self.request} ({self.slot}, {self.table})"

    @property
    def uid(self) -> str:
        """Stable identifier for calendars: the same meeting keeps it when it moves."""
        return f"essmed-event-meeting-{self.request_id}@essmed"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class SolverStatus(models.TextChoices):
    """The scheduler's answer (``Result.status``), as the organiser reads it."""

    OPTIMAL = "optimal", _("optimal (proven: no schedule has fewer breaks)")
    FEASIBLE = "feasible", _("a schedule (not proven to have the fewest breaks)")
    INFEASIBLE = "infeasible", _("impossible (proven)")
    UNKNOWN = "unknown", _("no answer within the time limit")


class ScheduleRun(models.Model):
    """One run of the scheduler for an event, with its figures; the last one done gave the current meetings."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="schedule_runs", verbose_name=_("event"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    solver_status = models.CharField(_("solver's answer"), max_length=12, choices=SolverStatus.choices, blank=True)
    fairness = models.PositiveSmallIntegerField(
        _("fairness bound"),
        null=True,
        blank=True,
        help_text=_("Most breaks minus fewest breaks across participants, at most. Empty: no bound."),
    )
    time_limit = models.PositiveIntegerField(_("time limit (seconds)"), default=60)
    requests_count = models.PositiveIntegerField(_("accepted requests"), default=0)
    meetings_held = models.PositiveIntegerField(_("meetings held"), null=True, blank=True)
    bound_meetings = models.PositiveIntegerField(_("meetings at most"), null=True, blank=True)
    breaks = models.PositiveIntegerField(_("breaks"), null=True, blank=True)
    bound_breaks = models.PositiveIntegerField(_("breaks at least"), null=True, blank=True)
    moved = models.PositiveIntegerField(_("meetings moved"), default=0)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    unscheduled = models.JSONField(_("requests left out"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("scheduler run")
        verbose_name_plural = _("scheduler runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.event} · {self.get_status_display()}"

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def found_schedule(self) -> bool:
        return self.solver_status in (SolverStatus.OPTIMAL, SolverStatus.FEASIBLE)

    @property
    def kept_previous_meetings(self) -> bool:
        """Done without a schedule (proven infeasible, or no answer in time): the meetings before it stay."""
        return self.status == RunStatus.DONE and not self.found_schedule
