"""The ESS incubator: programmes, calls for applications, selection, support journeys, diagnostics, support plans,
mentoring and follow-up indicators (see docs/incubator.md).

Who may see what is decided in ``access.py`` on top of the ``visible_to`` QuerySet methods below: an application,
a diagnostic, a plan and a project's figures are seen by the project's team, its advisor, its mentor, the
reviewers of the call (applications only) and programme staff.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from essmed.accounts.models import Organisation, OrganisationKind, Role
from essmed.directory.models import Actor
from essmed.territories.models import Division

SCORE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(5)]


def not_in_the_future(day: date) -> None:
    """The date of something that has happened (a diagnostic, a session, figures, a milestone reached)."""
    if day > timezone.localdate():
        raise ValidationError(_("This date is in the future: give the date it happened."), code="future")


# The dates people type (a call's, a cohort's, a stage's, a session's, a due date...) lie within these years: a
# slip of the keyboard (the year 1, 9999) is refused with a message rather than stored.
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2100, 12, 31)


def plausible_date(day: date) -> None:
    """A date people typed, within the years above: on every date field of the models, and on the date fields of
    the forms that are not built from a model (the diagnostic's, a stage's)."""
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValidationError(
            _("Give a date between the years %(first)d and %(last)d."),
            code="out_of_range",
            params={"first": EARLIEST_DAY.year, "last": LATEST_DAY.year},
        )


class SentOnce(models.Model):
    """A row people create through a form of the incubator: it keeps the form's one-time token (``submission.py``)
    in a unique column, so that a form sent twice (a double click) creates one row, not two."""

    submission = models.UUIDField(_("form sent"), null=True, blank=True, unique=True, editable=False)

    class Meta:
        abstract = True


class Sector(models.TextChoices):
    AGRIFOOD = "agrifood", _("agriculture and food")
    CRAFTS = "crafts", _("crafts and textiles")
    TOURISM = "tourism", _("solidarity tourism")
    ENVIRONMENT = "environment", _("recycling and environment")
    DIGITAL = "digital", _("digital services")
    CARE = "care", _("services to people")
    FISHING = "fishing", _("fishing and the sea")
    OTHER = "other", _("other sector")


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    AMAZIGH = "zgh", _("Amazigh")


class Dimension(models.TextChoices):
    """The seven dimensions of the diagnostic (a synthesis of the DLA, Valor'ESS, Manage.COOP and Mourafaka grids)."""

    UTILITY = "utility", _("project and social utility")
    GOVERNANCE = "governance", _("cooperative governance")
    MARKET = "market", _("business model and market")
    FINANCING = "financing", _("financing")
    HUMAN = "human", _("human resources")
    ROOTS = "roots", _("local roots and partnerships")
    IMPACT = "impact", _("impact measurement")


class Stage(models.TextChoices):
    EMERGENCE = "emergence", _("emergence")
    PRE_INCUBATION = "pre_incubation", _("pre-incubation")
    INCUBATION = "incubation", _("incubation and creation")
    CONSOLIDATION = "consolidation", _("consolidation")
    SCALE_UP = "scale_up", _("scale-up")


STAGE_ORDER: list[str] = list(Stage.values)


# --- Programmes and calls --------------------------------------------------------------------------------------


class Programme(models.Model):
    """A support programme, e.g. the "Pépinière ESS Oujda"."""

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("support structure running it"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("support programme")
        verbose_name_plural = _("support programmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("incubator:dashboard", args=[self.pk])


class ApplicationCallQuerySet(models.QuerySet["Call"]):
    def published(self) -> ApplicationCallQuerySet:
        return self.filter(is_published=True)

    def open_on(self, day: date) -> ApplicationCallQuerySet:
        """Published calls taking applications on ``day``."""
        return self.published().filter(opens_on__lte=day, closes_on__gte=day)

    def visible_to(self, user: Any) -> ApplicationCallQuerySet:
        if user.is_authenticated and user.is_programme_staff:
            return self.all()
        return self.published()

    def reviewed_by(self, user: Any) -> ApplicationCallQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(reviewers=user)


class Call(models.Model):
    """A call for applications of a programme, with its questions and its review criteria."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="calls", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    opens_on = models.DateField(_("opens on"), validators=[plausible_date])
    closes_on = models.DateField(_("closes on"), validators=[plausible_date])
    is_published = models.BooleanField(_("published"), default=False)
    reviewers: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="incubator_calls_reviewed", verbose_name=_("reviewers")
    )

    objects = ApplicationCallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")
        ordering = ["-opens_on"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("incubator:call", args=[self.pk])

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("A call cannot close before it opens.")})

    def is_open(self, day: date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.is_published and self.opens_on <= day <= self.closes_on


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("short text")
    LONG_TEXT = "long_text", _("long text")
    NUMBER = "number", _("number")
    YES_NO = "yes_no", _("yes or no")
    CHOICE = "choice", _("choice in a list")


class Question(models.Model):
    """A question of a call's application form, configured by staff in three languages."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions", verbose_name=_("call"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help"), max_length=300, blank=True)
    kind = models.CharField(_("type of answer"), max_length=12, choices=QuestionKind.choices)
    choices = models.TextField(_("choices"), blank=True, help_text=_("For a choice in a list: one choice per line."))
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["call", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        if self.kind == QuestionKind.CHOICE and not self.choice_list():
            raise ValidationError({"choices": _("A choice in a list needs at least one choice.")})

    def choice_list(self) -> list[str]:
        return [line.strip() for line in (self.choices or "").splitlines() if line.strip()]


class Criterion(models.Model):
    """A criterion reviewers score from 0 to 5 (or not applicable), e.g. "unmet social need"."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("call"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("criterion"), max_length=200)

    class Meta:
        verbose_name = _("review criterion")
        verbose_name_plural = _("review criteria")
        ordering = ["call", "position", "pk"]

    def __str__(self) -> str:
        return self.name


# --- Applications ----------------------------------------------------------------------------------------------


class ApplicationState(models.TextChoices):
    """The states as staff name them; ``APPLICANT_WORDING`` gives what the applicant reads."""

    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted, to screen")
    SCREENING = "screening", _("screening")
    MORE_INFO = "more_info", _("more information requested")
    REVIEW = "review", _("in review")
    COMMITTEE = "committee", _("before the committee")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


APPLICANT_WORDING: dict[str, Promise] = {
    ApplicationState.DRAFT: _("draft, not sent yet"),
    ApplicationState.SUBMITTED: _("received"),
    ApplicationState.SCREENING: _("under review"),
    ApplicationState.MORE_INFO: _("we need more information from you"),
    ApplicationState.REVIEW: _("under review"),
    ApplicationState.COMMITTEE: _("under review"),
    ApplicationState.ACCEPTED: _("accepted"),
    ApplicationState.DECLINED: _("not selected"),
    ApplicationState.WITHDRAWN: _("withdrawn"),
}

TRANSITIONS: dict[str, frozenset[str]] = {
    ApplicationState.DRAFT: frozenset({ApplicationState.SUBMITTED, ApplicationState.WITHDRAWN}),
    ApplicationState.SUBMITTED: frozenset(
        {ApplicationState.SCREENING, ApplicationState.DECLINED, ApplicationState.WITHDRAWN}
    ),
    ApplicationState.SCREENING: frozenset(
        {ApplicationState.MORE_INFO, ApplicationState.REVIEW, ApplicationState.DECLINED, ApplicationState.WITHDRAWN}
    ),
    ApplicationState.MORE_INFO: frozenset({ApplicationState.SCREENING, ApplicationState.WITHDRAWN}),
    ApplicationState.REVIEW: frozenset(
        {ApplicationState.COMMITTEE, ApplicationState.MORE_INFO, ApplicationState.DECLINED, ApplicationState.WITHDRAWN}
    ),
    ApplicationState.COMMITTEE: frozenset(
        {ApplicationState.ACCEPTED, ApplicationState.DECLINED, ApplicationState.WITHDRAWN}
    ),
    ApplicationState.ACCEPTED: frozenset(),
    ApplicationState.DECLINED: frozenset(),
    ApplicationState.WITHDRAWN: frozenset(),
}
# The states an applicant edits answers in, and those reviewers see.
EDITABLE_STATES = frozenset({ApplicationState.DRAFT, ApplicationState.MORE_INFO})
FINAL_STATES = frozenset({ApplicationState.ACCEPTED, ApplicationState.DECLINED, ApplicationState.WITHDRAWN})
REVIEWABLE_STATES = frozenset({ApplicationState.REVIEW, ApplicationState.COMMITTEE})


class TransitionError(ValueError):
    """A change of state refused; ``str()`` is the message to show."""


def _team_q(user: Any, prefix: str = "") -> Q:
    """Projects or applications whose team includes ``user``: named in the team or member of its organisation."""
    organisations = user.organisation_ids(Role.MEMBER)
    return Q(**{f"{prefix}team": user}) | Q(**{f"{prefix}organisation_id__in": organisations})


class ApplicationQuerySet(models.QuerySet["Application"]):
    def visible_to(self, user: Any) -> ApplicationQuerySet:
        """Its team (applicant, named team, members of its organisation), the reviewers of its call once sent,
        the advisor and mentor of the project it became, and programme staff."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.is_programme_staff:
            return self.all()
        reviewer = Q(call__reviewers=user) & ~Q(state=ApplicationState.DRAFT)
        project = Q(project__advisor=user) | Q(project__mentor=user)
        return self.filter(Q(applicant=user) | _team_q(user) | reviewer | project).distinct()

    def editable_by(self, user: Any) -> ApplicationQuerySet:
        """The applicant's side may change the answers; staff may too."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.is_programme_staff:
            return self.all()
        return self.filter(Q(applicant=user) | _team_q(user)).distinct()

    def in_state(self, *states: str) -> ApplicationQuerySet:
        return self.filter(state__in=states)

    def reviewable_by(self, user: Any) -> ApplicationQuerySet:
        """The sent applications of the calls ``user`` reviews, except those of their own team: nobody reviews
        their own project, and nobody reads a draft through the review page."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        own = Application.objects.filter(Q(applicant=user) | _team_q(user)).values("pk")
        return self.filter(call__reviewers=user).exclude(state=ApplicationState.DRAFT).exclude(pk__in=own)

    def awaiting_review_by(self, user: Any) -> ApplicationQuerySet:
        return (
            self.reviewable_by(user)
            .filter(state__in=REVIEWABLE_STATES)
            .exclude(reviews__reviewer=user, reviews__is_submitted=True)
        )

    def draft_of(self, call: Call, user: Any) -> Application | None:
        """``user``'s application to ``call`` not sent yet, if any: one at a time per call."""
        return self.filter(call=call, applicant=user, state=ApplicationState.DRAFT).first()


class Application(models.Model):
    """An application of a project to a call."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call"))
    project_name = models.CharField(_("name of the project"), max_length=200)
    summary = models.TextField(_("summary of the project"), blank=True)
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices, default=Sector.OTHER)
    division = models.ForeignKey(
        Division,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province or prefecture"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="incubator_applications",
        verbose_name=_("applicant"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
        help_text=_("The cooperative or group applying, if it has an account: its members form the team."),
    )
    team: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("team")
    )
    state = models.CharField(
        _("state"), max_length=12, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decision_reason = models.TextField(_("reasons of the decision"), blank=True)
    referral = models.CharField(
        _("referred to"),
        max_length=300,
        blank=True,
        help_text=_("For a declined application: the structure or programme the project is referred to."),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    staff_note = models.TextField(_("note to the applicant"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            # A double click on "Apply" must not start two drafts: one draft per applicant and call at a time.
            models.UniqueConstraint(
                fields=["call", "applicant"],
                condition=Q(state="draft"),
                name="one_draft_per_applicant_and_call",
            )
        ]

    def __str__(self) -> str:
        return self.project_name

    def get_absolute_url(self) -> str:
        return reverse("incubator:application", args=[self.pk])

    @property
    def applicant_state(self) -> str:
        """The state in the applicant's words."""
        return str(APPLICANT_WORDING[self.state])

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_reviewable(self) -> bool:
        """Reviews are written and changed while the application is in review or before the committee."""
        return self.state in REVIEWABLE_STATES

    def allowed_targets(self) -> list[str]:
        return sorted(TRANSITIONS[self.state], key=ApplicationState.values.index)

    def check_transition(self, target: str) -> None:
        if target not in ApplicationState.values:
            raise TransitionError(_("Unknown state."))
        if target not in TRANSITIONS[self.state]:
            raise TransitionError(
                _("An application cannot go from “%(current)s” to “%(target)s”.")
                % {"current": ApplicationState(self.state).label, "target": ApplicationState(target).label}
            )

    def move_to(self, target: str) -> None:
        """Change state (saved), or raise ``TransitionError`` with the reason."""
        self.check_transition(target)
        self.state = target
        fields = ["state", "updated_at"]
        if target == ApplicationState.SUBMITTED:
            self.submitted_at = timezone.now()
            fields.append("submitted_at")
        if target in FINAL_STATES:
            self.decided_at = timezone.now()
            fields.append("decided_at")
        self.save(update_fields=fields)


class Answer(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="answers", verbose_name=_("application")
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+", verbose_name=_("question"))
    value = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["application", "question"], name="answer_once_per_question")]

    def __str__(self) -> str:
        return self.value[:60]


class Recommendation(models.TextChoices):
    YES = "yes", _("yes")
    MAYBE = "maybe", _("maybe")
    NO = "no", _("no")


class Review(models.Model):
    """One reviewer's review of an application: scores per criterion, a recommendation, a comment."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("application")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("reviewer")
    )
    recommendation = models.CharField(_("recommendation"), max_length=5, choices=Recommendation.choices)
    comment = models.TextField(_("comment"), blank=True)
    is_submitted = models.BooleanField(_("submitted"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["application", "reviewer"]
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="review_once_per_reviewer")]

    def __str__(self) -> str:
        return f"{self.application} — {self.reviewer}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("review"))
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+", verbose_name=_("criterion"))
    value = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=SCORE_VALIDATORS, help_text=_("0 to 5; empty: not applicable.")
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="score_once_per_criterion"),
            models.CheckConstraint(condition=Q(value__lte=5), name="score_at_most_5"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value if self.value is not None else '—'}"


# --- Cohorts and projects --------------------------------------------------------------------------------------


class Cohort(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="cohorts", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts on"), validators=[plausible_date])

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return self.name


class SupportedProjectQuerySet(models.QuerySet["Project"]):
    def visible_to(self, user: Any) -> SupportedProjectQuerySet:
        """Its team, its advisor, its mentor and programme staff."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.is_programme_staff:
            return self.all()
        return self.filter(Q(advisor=user) | Q(mentor=user) | _team_q(user)).distinct()

    def supported_by(self, user: Any) -> SupportedProjectQuerySet:
        """Projects whose support ``user`` writes: their advisor and programme staff."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.is_programme_staff:
            return self.all()
        return self.filter(advisor=user)

    def writable_by(self, user: Any) -> SupportedProjectQuerySet:
        """Those who fill the diagnostic, the plan, the sessions and the figures: team, advisor, staff."""
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.is_programme_staff:
            return self.all()
        return self.filter(Q(advisor=user) | _team_q(user)).distinct()

    def active(self) -> SupportedProjectQuerySet:
        return self.filter(is_active=True)

    def mentored_by(self, user: Any) -> SupportedProjectQuerySet:
        return self.filter(mentor=user, is_active=True)


class Project(models.Model):
    """A supported project and its journey through the stages."""

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="projects", verbose_name=_("programme")
    )
    cohort = models.ForeignKey(
        Cohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="projects", verbose_name=_("cohort")
    )
    application = models.OneToOneField(
        Application,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project",
        verbose_name=_("application"),
    )
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices, default=Sector.OTHER)
    division = models.ForeignKey(
        Division,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province or prefecture"),
    )
    languages = models.JSONField(_("languages of the team"), default=list, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
        help_text=_("Its members form the project's team with the people named below."),
    )
    team: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="incubator_projects", verbose_name=_("team")
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incubator_advised",
        verbose_name=_("advisor"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incubator_mentees",
        verbose_name=_("mentor"),
    )
    actor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entry in the directory"),
        help_text=_("The organisation the project became, once registered."),
    )
    stage = models.CharField(_("current stage"), max_length=16, choices=Stage.choices, default=Stage.EMERGENCE)
    started_on = models.DateField(_("entered the programme"), default=timezone.localdate, validators=[plausible_date])
    is_active = models.BooleanField(_("supported now"), default=True)

    objects = SupportedProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("supported project")
        verbose_name_plural = _("supported projects")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("incubator:project", args=[self.pk])

    @property
    def next_stage(self) -> str | None:
        index = STAGE_ORDER.index(self.stage)
        return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None

    def enter_stage(self, stage: str, on: date | None = None) -> None:
        """Move to ``stage``, the next one (no stage is skipped nor entered twice), and record the date it was
        entered: not in the future, nor before the date the project entered its current stage."""
        if stage not in STAGE_ORDER:
            raise TransitionError(_("Unknown stage."))
        if STAGE_ORDER.index(stage) <= STAGE_ORDER.index(self.stage):
            raise TransitionError(
                _("The project is already at the stage “%(stage)s” or beyond.") % {"stage": Stage(stage).label}
            )
        if stage != self.next_stage:
            raise TransitionError(_("A project goes through its stages one after the other."))
        today = timezone.localdate()
        on = on or today
        if on > today:
            raise TransitionError(_("A stage cannot be entered in the future."))
        latest = self.stage_entries.aggregate(latest=models.Max("entered_on"))["latest"]
        if latest is not None and on < latest:
            raise TransitionError(
                _("The project entered its current stage on %(date)s: the next one cannot be entered before.")
                % {"date": date_format(latest, "DATE_FORMAT")}
            )
        self.stage = stage
        self.save(update_fields=["stage"])
        StageEntry.objects.update_or_create(project=self, stage=stage, defaults={"entered_on": on})

    def team_members(self) -> list[Any]:
        """The people of the team: named in it, or members of the project's organisation."""
        from essmed.accounts.models import User

        people = Q(incubator_projects=self)
        if self.organisation_id is not None:
            people |= Q(memberships__organisation_id=self.organisation_id, memberships__role=Role.MEMBER)
        return list(User.objects.filter(people).distinct())


class StageEntry(models.Model):
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="stage_entries", verbose_name=_("project")
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    entered_on = models.DateField(_("entered on"), validators=[plausible_date])

    class Meta:
        verbose_name = _("stage entered")
        verbose_name_plural = _("stages entered")
        ordering = ["project", "entered_on"]
        constraints = [models.UniqueConstraint(fields=["project", "stage"], name="stage_entered_once")]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_stage_display()}"


# --- Diagnostics -----------------------------------------------------------------------------------------------


class Diagnostic(SentOnce):
    """The shared diagnostic of a project over the seven dimensions, filled by the project and its advisor."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="diagnostics", verbose_name=_("project")
    )
    held_on = models.DateField(_("date"), default=timezone.localdate, validators=[plausible_date, not_in_the_future])
    summary = models.TextField(_("summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("written by")
    )

    class Meta:
        verbose_name = _("diagnostic")
        verbose_name_plural = _("diagnostics")
        ordering = ["project", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.project} — {self.held_on}"

    def get_absolute_url(self) -> str:
        return reverse("incubator:diagnostic", args=[self.pk])

    def score_map(self) -> dict[str, int]:
        return {score.dimension: score.score for score in self.scores.all()}


class DiagnosticScore(models.Model):
    diagnostic = models.ForeignKey(
        Diagnostic, on_delete=models.CASCADE, related_name="scores", verbose_name=_("diagnostic")
    )
    dimension = models.CharField(_("dimension"), max_length=12, choices=Dimension.choices)
    score = models.PositiveSmallIntegerField(_("score"), validators=SCORE_VALIDATORS)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score of a dimension")
        verbose_name_plural = _("scores of the dimensions")
        constraints = [
            models.UniqueConstraint(fields=["diagnostic", "dimension"], name="diagnostic_dimension_once"),
            models.CheckConstraint(condition=Q(score__lte=5), name="diagnostic_score_at_most_5"),
        ]

    def __str__(self) -> str:
        return f"{self.get_dimension_display()}: {self.score}"


# --- Support plan ----------------------------------------------------------------------------------------------


class ActionKind(models.TextChoices):
    INTERNAL = "internal", _("internal")
    EXTERNAL = "external", _("external provider")
    REFERRAL = "referral", _("referral")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class PlanAction(SentOnce):
    """An action of the support plan, drawn from the diagnostic."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="plan_actions", verbose_name=_("project")
    )
    title = models.CharField(_("action"), max_length=250)
    dimension = models.CharField(_("dimension"), max_length=12, choices=Dimension.choices, blank=True)
    kind = models.CharField(_("carried out by"), max_length=10, choices=ActionKind.choices)
    provider = models.CharField(
        _("provider or structure"), max_length=200, blank=True, help_text=_("For an external provider or a referral.")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True, validators=[plausible_date])
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED)

    class Meta:
        verbose_name = _("action of the support plan")
        verbose_name_plural = _("actions of the support plan")
        ordering = ["project", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_late(self) -> bool:
        return bool(
            self.due_on
            and self.due_on < timezone.localdate()
            and self.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
        )


class Milestone(SentOnce):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("project"))
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    title = models.CharField(_("milestone"), max_length=250)
    due_on = models.DateField(_("due date"), null=True, blank=True, validators=[plausible_date])
    reached_on = models.DateField(
        _("reached on"), null=True, blank=True, validators=[plausible_date, not_in_the_future]
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class SupportSession(SentOnce):
    """A one-to-one support session, logged by the advisor or the mentor."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("project"))
    held_on = models.DateField(_("date"), validators=[plausible_date, not_in_the_future])
    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(24 * 60)]
    )
    topics = models.TextField(_("topics"))
    participants: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("who took part")
    )
    next_steps = models.TextField(_("next steps"), blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("logged by")
    )

    class Meta:
        verbose_name = _("support session")
        verbose_name_plural = _("support sessions")
        ordering = ["project", "-held_on"]

    def __str__(self) -> str:
        return f"{self.project} — {self.held_on}"


class Workshop(models.Model):
    """A collective workshop of a programme, with the attendance of the invited projects' people."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="workshops", verbose_name=_("programme")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    held_on = models.DateField(_("date"), validators=[plausible_date])
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), default=180)
    projects: models.ManyToManyField[Project, Any] = models.ManyToManyField(
        Project, blank=True, related_name="workshops", verbose_name=_("invited projects")
    )

    class Meta:
        verbose_name = _("collective workshop")
        verbose_name_plural = _("collective workshops")
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("incubator:workshop", args=[self.pk])


class Attendance(models.Model):
    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("workshop")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["workshop", "person"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.workshop}: {self.person}"


# --- Mentoring -------------------------------------------------------------------------------------------------

MENTOR_ORGANISATION_KINDS = frozenset({OrganisationKind.COOPERATIVE, OrganisationKind.SUPPORT_STRUCTURE})


class MentorProfileQuerySet(models.QuerySet["MentorProfile"]):
    def available(self) -> MentorProfileQuerySet:
        return self.filter(is_available=True, user__is_active=True)


class MentorProfile(models.Model):
    """A mentor's profile: an advisor, or a member of an experienced cooperative or support structure."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile", verbose_name=_("mentor")
    )
    bio = models.TextField(_("presentation"), blank=True)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    expertise = models.JSONField(_("dimensions of expertise"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("maximum number of mentees"), default=2, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    is_available = models.BooleanField(_("available for new mentees"), default=True)

    objects = MentorProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentor profile")
        verbose_name_plural = _("mentor profiles")
        ordering = ["user"]

    def __str__(self) -> str:
        return str(self.user)

    def sector_labels(self) -> list[str]:
        return [str(Sector(code).label) for code in self.sectors if code in Sector.values]

    def language_labels(self) -> list[str]:
        return [str(Language(code).label) for code in self.languages if code in Language.values]

    def expertise_labels(self) -> list[str]:
        return [str(Dimension(code).label) for code in self.expertise if code in Dimension.values]


def may_mentor(user: Any) -> bool:
    """Advisors, and members of cooperatives or support structures, may offer to mentor."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.has_role(Role.ADVISOR):
        return True
    return bool(user.memberships.filter(role=Role.MEMBER, organisation__kind__in=MENTOR_ORGANISATION_KINDS).exists())


# --- Follow-up -------------------------------------------------------------------------------------------------


class FollowUpPoint(models.TextChoices):
    ENTRY = "entry", _("at entry")
    SIX_MONTHS = "6m", _("after 6 months")
    ONE_YEAR = "1y", _("after 1 year")
    THREE_YEARS = "3y", _("after 3 years")


FOLLOW_UP_MONTHS: dict[str, int] = {
    FollowUpPoint.ENTRY: 0,
    FollowUpPoint.SIX_MONTHS: 6,
    FollowUpPoint.ONE_YEAR: 12,
    FollowUpPoint.THREE_YEARS: 36,
}


class FollowUp(SentOnce):
    """The figures of a project at one follow-up point."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("project"))
    point = models.CharField(_("follow-up"), max_length=6, choices=FollowUpPoint.choices)
    reported_on = models.DateField(_("date of the figures"), validators=[plausible_date, not_in_the_future])
    full_time_jobs = models.PositiveIntegerField(_("full-time jobs"), default=0)
    part_time_jobs = models.PositiveIntegerField(_("part-time jobs"), default=0)
    part_time_fraction = models.DecimalField(
        _("average share of full time of the part-time jobs"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("0.99"))],
        help_text=_("E.g. 0.5 for half-time jobs."),
    )
    members_women = models.PositiveIntegerField(_("members: women"), default=0)
    members_men = models.PositiveIntegerField(_("members: men"), default=0)
    members_under_30 = models.PositiveIntegerField(_("members under 30"), default=0)
    turnover = models.DecimalField(_("turnover (MAD)"), max_digits=12, decimal_places=2, default=Decimal(0))
    funds_raised = models.DecimalField(_("funds raised (MAD)"), max_digits=12, decimal_places=2, default=Decimal(0))
    still_active = models.BooleanField(_("still active"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["project", "reported_on"]
        constraints = [
            models.UniqueConstraint(fields=["project", "point"], name="follow_up_once_per_point"),
            models.UniqueConstraint(fields=["project", "reported_on"], name="follow_up_once_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.project} — {self.get_point_display()}"

    def clean(self) -> None:
        if self.members_under_30 > self.members_women + self.members_men:
            raise ValidationError({"members_under_30": _("There cannot be more members under 30 than members.")})

    @property
    def fte(self) -> Decimal:
        return Decimal(self.full_time_jobs) + Decimal(self.part_time_jobs) * self.part_time_fraction


class FollowUpReminder(models.Model):
    """A reminder sent to the advisor for a follow-up that is due: sent once, never twice."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+", verbose_name=_("project"))
    point = models.CharField(_("follow-up"), max_length=6, choices=FollowUpPoint.choices)
    sent_to = models.EmailField(_("sent to"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up reminder")
        verbose_name_plural = _("follow-up reminders")
        constraints = [models.UniqueConstraint(fields=["project", "point"], name="follow_up_reminded_once")]

    def __str__(self) -> str:
        return f"{self.project} — {self.get_point_display()}"
