"""The directory of ESS actors: organisations on both shores, their offers and requests for cooperation.

Field names follow the crosswalk in ``docs/directory.md`` (ESSGlobal, Murmurations, schema.org, GoGoCarto).
Texts people write in several languages are stored in each (django-modeltranslation: ``name_fr``,
``name_ar``, ``name_en``…). Every actor carries its provenance: ``source`` and ``source_key`` (the
identifier in that source); re-importing a source updates by that pair and never duplicates.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from essmed.accounts.models import Organisation, OrganisationKind
from essmed.core.fields import URLField
from essmed.directory.places import LEVELS, PlaceTerms, names_of, place_terms
from essmed.directory.text import name_key, search_document, terms, website_key
from essmed.territories.models import Commune, Country, Division, Region

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
SEARCHED_FIELDS = ("name", "description", "mission")


class Vocabulary(models.TextChoices):
    LEGAL_FORM = "legal_form", _("legal form")
    ACTIVITY = "activity", _("sector of activity")
    THEME = "theme", _("theme")


class TermQuerySet(models.QuerySet["Term"]):
    def of(self, vocabulary: str) -> TermQuerySet:
        return self.filter(vocabulary=vocabulary)


class Term(models.Model):
    """A concept of a taxonomy: ESSGlobal's legal forms (L1–L5, with national forms beneath them),
    ICA economic activities (ICA10–ICA290) and themes (T1–T19), with labels in each language."""

    vocabulary = models.CharField(_("vocabulary"), max_length=12, choices=Vocabulary.choices)
    code = models.CharField(_("code"), max_length=40, help_text=_("The concept's code, e.g. ICA140, T11, FR-SCOP."))
    label = models.CharField(_("label"), max_length=200)
    broader = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="narrower",
        verbose_name=_("broader concept"),
        help_text=_("For a national legal form: the ESSGlobal legal form it belongs to."),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
        help_text=_("For a national legal form: the country whose law defines it."),
    )
    uri = URLField(_("URI"), max_length=300, blank=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        ordering = ["vocabulary", "code"]
        constraints = [models.UniqueConstraint(fields=["vocabulary", "code"], name="term_code_unique")]

    def __str__(self) -> str:
        return self.label

    def broader_to_show(self) -> Term | None:
        """The broader concept, when its label says something the term's own does not: «SCOP (Coopérative)», but
        not «Coopérative (loi 112-12) (Coopérative)»."""
        broader = self.broader
        if broader is None or set(terms(broader.label)) <= set(terms(self.label)):
            return None
        return broader


class ActorStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


class GeoPrecision(models.TextChoices):
    EXACT = "exact", _("exact address")
    STREET = "street", _("street")
    LOCALITY = "locality", _("town or commune")
    REGION = "region", _("region or province")
    COUNTRY = "country", _("country")


class ActorQuerySet(models.QuerySet["Actor"]):
    def published(self) -> ActorQuerySet:
        return self.filter(status=ActorStatus.PUBLISHED)

    def visible_to(self, user: Any) -> ActorQuerySet:
        """Published actors for everyone; drafts and archives to programme staff and the actor's own members."""
        if user.is_authenticated and user.is_active:
            if user.is_programme_staff:
                return self.all()
            own = user.organisation_ids()
            return self.filter(Q(status=ActorStatus.PUBLISHED) | Q(organisation_id__in=own))
        return self.published()

    def editable_by(self, user: Any) -> ActorQuerySet:
        """Actors ``user`` may edit: programme staff all; an organisation's members its own actor."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.is_programme_staff:
            return self.all()
        return self.filter(organisation_id__in=user.organisation_ids()).exclude(status=ActorStatus.ARCHIVED)

    def located(self) -> ActorQuerySet:
        return self.exclude(latitude=None).exclude(longitude=None)


class Actor(models.Model):
    """An organisation of the social and solidarity economy, as shown in the directory and on the map."""

    # Identity
    name = models.CharField(_("name"), max_length=250)
    legal_name = models.CharField(_("legal name"), max_length=250, blank=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    mission = models.TextField(_("mission"), blank=True)
    actor_type = models.CharField(_("type of actor"), max_length=20, choices=OrganisationKind.choices)
    legal_form = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.LEGAL_FORM},
        verbose_name=_("legal form"),
    )
    sectors: models.ManyToManyField[Term, Any] = models.ManyToManyField(
        Term,
        blank=True,
        related_name="actors_in_sector",
        limit_choices_to={"vocabulary": Vocabulary.ACTIVITY},
        verbose_name=_("sectors of activity"),
    )
    themes: models.ManyToManyField[Term, Any] = models.ManyToManyField(
        Term,
        blank=True,
        related_name="actors_on_theme",
        limit_choices_to={"vocabulary": Vocabulary.THEME},
        verbose_name=_("themes"),
    )
    # Place
    street_address = models.CharField(_("street address"), max_length=250, blank=True)
    locality = models.CharField(_("town"), max_length=120, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    # No index of their own: the (country, status) and (region, status) indexes serve them (migration 0007).
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", db_index=False, verbose_name=_("country")
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=_("region"),
    )
    division = models.ForeignKey(
        Division,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province, prefecture or department"),
    )
    commune = models.ForeignKey(
        Commune, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    latitude = models.FloatField(
        _("latitude"), null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    longitude = models.FloatField(
        _("longitude"), null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    geo_precision = models.CharField(
        _("precision of the coordinates"), max_length=10, choices=GeoPrecision.choices, blank=True
    )
    # Contact (public only: never a person's own address or phone)
    website = URLField(_("website"), max_length=300, blank=True)
    public_email = models.EmailField(_("public email"), blank=True, help_text=_("The organisation's, not a person's."))
    public_phone = models.CharField(_("public phone"), max_length=40, blank=True)
    languages = models.CharField(
        _("languages spoken"),
        max_length=100,
        blank=True,
        help_text=_("Language codes separated by commas: fr, ar, en."),
    )
    # Life
    founded = models.DateField(_("founded"), null=True, blank=True)
    members_total = models.PositiveIntegerField(_("members"), null=True, blank=True)
    members_women = models.PositiveIntegerField(_("women members"), null=True, blank=True)
    members_men = models.PositiveIntegerField(_("men members"), null=True, blank=True)
    networks: models.ManyToManyField[Actor, Any] = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        related_name="network_members",
        limit_choices_to={"actor_type": OrganisationKind.NETWORK},
        verbose_name=_("networks it belongs to"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ActorStatus.choices, default=ActorStatus.DRAFT, db_index=True
    )
    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actor",
        verbose_name=_("organisation on the platform"),
        help_text=_("Its members may edit this entry."),
    )
    # Derived, for search and duplicate detection (``text.py``); kept up to date by ``refresh_keys()``.
    search_document = models.TextField(editable=False, blank=True)
    name_key = models.CharField(max_length=250, editable=False, blank=True, db_index=True)
    website_key = models.CharField(max_length=300, editable=False, blank=True, db_index=True)
    # Provenance
    source = models.CharField(_("source"), max_length=80, blank=True, db_index=True)
    source_key = models.CharField(_("identifier in the source"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True, db_index=True)

    objects = ActorQuerySet.as_manager()

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_key"], condition=~Q(source_key=""), name="actor_unique_source_key"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="actor_coordinates_together",
            ),
        ]
        indexes = [
            models.Index(fields=["country", "status"]),
            models.Index(fields=["actor_type", "status"]),
            models.Index(fields=["region", "status"], name="actor_region_status"),
            models.Index(fields=["status", "latitude", "longitude"], name="actor_status_position"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_keys()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_document", "name_key", "website_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("actors:detail", args=[self.pk])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both latitude and longitude, or neither.")
        if self.region_id and self.country_id and self.region and self.region.country_id != self.country_id:
            errors["region"] = _("This region is not in the chosen country.")
        if self.division_id and self.region_id and self.division and self.division.region_id != self.region_id:
            errors["division"] = _("This province or department is not in the chosen region.")
        women, men, total = self.members_women, self.members_men, self.members_total
        if total is not None and (women or 0) + (men or 0) > total:
            errors["members_total"] = _("Women and men members cannot exceed the total.")
        if errors:
            raise ValidationError(errors)

    def refresh_keys(self, places: PlaceTerms | None = None) -> None:
        """Recompute the search document and duplicate keys from the texts and the names of the actor's place
        (``places.py``): read from ``places`` if given (no database access), else through the actor's links."""
        if places is None:
            linked = (getattr(self, level) for level, _model in LEVELS if getattr(self, f"{level}_id") is not None)
            terms = place_terms(names_of(linked))
        else:
            terms = places.of((self.country_id, self.region_id, self.division_id, self.commune_id))
        self.search_document = search_document(
            [getattr(self, f"{field}_{lang}", "") for field in SEARCHED_FIELDS for lang in LANGUAGE_CODES]
            + [self.acronym, self.legal_name, self.locality],
            also=terms,
        )
        self.name_key = name_key(getattr(self, "name_fr", "") or self.name or "")
        self.website_key = website_key(self.website)

    def language_list(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]


class FullTextField(models.TextField):  # type: ignore[type-arg]
    """The hidden column of an SQLite FTS5 table, named as the table: the left side of ``MATCH``."""


@FullTextField.register_lookup
class FullTextMatch(models.Lookup):  # type: ignore[type-arg]
    """``entry__document__match="..."``: an FTS5 ``MATCH`` with the expression as a bound parameter."""

    lookup_name = "match"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class ActorSearchEntry(models.Model):
    """SQLite only: an actor's row in the FTS5 index ``directory_actor_fts`` (migration ``0002_search_index``),
    which has the actor's id as its rowid. Joined to actors by ``search.py`` so that a search reads the index in
    its own order (newest first) or by its rank, and stops at the page asked for. Never written: the index
    follows the actors through triggers."""

    actor = models.OneToOneField(
        Actor,
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        related_name="search_entry",
    )
    # The same rowid under another of SQLite's names for it: ordering by it reads the index in rowid order,
    # whereas ordering by ``actor`` would be rewritten by Django into ordering by the actor's id.
    position = models.IntegerField(db_column="_rowid_")
    # FTS5's bm25 of the row for the MATCH of the same query (lower is more relevant).
    rank = models.FloatField(db_column="rank")
    document = FullTextField(db_column="directory_actor_fts")

    class Meta:
        managed = False
        db_table = "directory_actor_fts"

    def __str__(self) -> str:
        return str(self.pk)


class OfferKind(models.TextChoices):
    OFFER = "offer", _("offer")
    REQUEST = "request", _("request")


class OfferTopic(models.TextChoices):
    PARTNERS = "partners", _("partners")
    SUPPLIERS = "suppliers", _("suppliers or customers")
    EXPERTISE = "expertise", _("expertise")
    FUNDING = "funding", _("funding")
    PRACTICES = "practices", _("exchange of practices")


class OfferQuerySet(models.QuerySet["Offer"]):
    def current(self) -> OfferQuerySet:
        """Published, not expired, from a published actor."""
        today = timezone.localdate()
        return self.filter(is_published=True, actor__status=ActorStatus.PUBLISHED).filter(
            Q(expires_on=None) | Q(expires_on__gte=today)
        )


class Offer(models.Model):
    """A cooperation offer or request published by an actor, in the spirit of EEN partnering profiles."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="offers", verbose_name=_("actor"))
    kind = models.CharField(_("offer or request"), max_length=8, choices=OfferKind.choices)
    topic = models.CharField(_("what for"), max_length=12, choices=OfferTopic.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer or request")
        verbose_name_plural = _("offers and requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def is_expired(self) -> bool:
        return self.expires_on is not None and self.expires_on < timezone.localdate()


class ExpressionOfInterest(models.Model):
    """Someone's interest in an offer or request. It reaches the actor's members through the platform:
    the sender never sees their personal contacts, and the actor chooses whether to answer."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="interests", verbose_name=_("offer"))
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("sender")
    )
    sender_actor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.sender} → {self.offer}"


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class Correction(models.Model):
    """A correction proposed by someone signed in; staff accept it (the values are applied) or reject it."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("actor"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("proposed by")
    )
    changes = models.JSONField(_("proposed values"), help_text=_("Field name → proposed value."))
    comment = models.TextField(_("comment"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    review_note = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.actor} ({self.get_status_display()})"


class DuplicateStatus(models.TextChoices):
    OPEN = "open", _("to review")
    MERGED = "merged", _("merged")
    DISMISSED = "dismissed", _("not a duplicate")


class DuplicateCandidate(models.Model):
    """Two actors that look like the same organisation (same name and place, or same website)."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+", verbose_name=_("actor"))
    other = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+", verbose_name=_("possible duplicate"))
    reason = models.CharField(_("reason"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN)
    created_at = models.DateTimeField(_("found"), auto_now_add=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["actor", "other"], name="duplicate_pair_unique")]

    def __str__(self) -> str:
        return f"{self.actor} ≈ {self.other}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("waiting for the background worker")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class ActorImportQuerySet(models.QuerySet["ActorImport"]):
    def unfinished(self) -> ActorImportQuerySet:
        return self.filter(status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING])


class ActorImport(models.Model):
    """A file uploaded in the admin, imported by the background worker (see ``directory/tasks.py``).

    While the import runs, its progress is kept in the "progress" cache (the import writes in one transaction,
    so a progress row in the database would stay invisible until the end); the counts and the report of the
    rows are stored here when it ends."""

    file = models.FileField(_("file"), upload_to="imports/actors/%Y/%m/")
    file_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=80)
    strict = models.BooleanField(_("strict"), default=False)
    publish = models.BooleanField(_("publish the new actors"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    created = models.PositiveIntegerField(_("actors created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    rolled_back = models.BooleanField(_("nothing written (strict mode)"), default=False)
    ignored_columns = models.JSONField(_("columns ignored"), default=list, blank=True)
    report = models.JSONField(_("report of the rows"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = ActorImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("import of actors")
        verbose_name_plural = _("imports of actors")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.source})"

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged + self.rejected

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)
