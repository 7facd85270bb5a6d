"""People, organisations and the roles people hold in them.

A user signs in with an email address. What a user may do follows from their memberships: each
membership gives one role, scoped to an organisation (organisation member, advisor, trainer) or to
a member region of the Intermediterranean Commission (CIM delegate), or platform-wide
(administrator, programme staff, participant). A user may hold several.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from functools import cached_property
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from essmed.core.fields import URLField
from essmed.territories.models import Country, Region


class Role(models.TextChoices):
    ADMIN = "admin", _("platform administrator")
    STAFF = "staff", _("programme staff")
    ADVISOR = "advisor", _("advisor or mentor")
    MEMBER = "member", _("organisation member")
    DELEGATE = "delegate", _("CIM delegate")
    TRAINER = "trainer", _("trainer")
    PARTICIPANT = "participant", _("participant")


# Which scope each role takes: an organisation, a region, or none (platform-wide).
ROLES_NEEDING_ORGANISATION = frozenset({Role.MEMBER})
ROLES_ALLOWING_ORGANISATION = frozenset({Role.MEMBER, Role.ADVISOR, Role.TRAINER, Role.PARTICIPANT})
ROLES_NEEDING_REGION = frozenset({Role.DELEGATE})
PLATFORM_ROLES = frozenset({Role.ADMIN, Role.STAFF})

# A deleted person's records that others depend on point to a placeholder account (``personal_data.Erasure``): its
# address is in a domain reserved never to exist (RFC 2606), so no email ever reaches one, and it stores no name: it
# is shown as DELETED_USER_NAME in the reader's language.
PLACEHOLDER_DOMAIN = "deleted.invalid"
DELETED_USER_NAME = _("Deleted user")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields["is_superuser"] = True
        return self._create(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username or "")


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Unticked until the email address is confirmed, or to block access.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        if self.is_placeholder:
            return str(DELETED_USER_NAME)
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    @property
    def is_placeholder(self) -> bool:
        """Whether this account stands for a deleted person (no personal data, no name, no sign-in)."""
        return self.email.lower().endswith(f"@{PLACEHOLDER_DOMAIN}")

    def get_full_name(self) -> str:
        return str(DELETED_USER_NAME) if self.is_placeholder else self.full_name

    def get_short_name(self) -> str:
        if self.is_placeholder:
            return str(DELETED_USER_NAME)
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def role_set(self) -> frozenset[str]:
        """The roles this user holds, in any scope (cached on the instance)."""
        if not self.pk:
            return frozenset()
        return frozenset(self.memberships.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))

    @property
    def is_platform_admin(self) -> bool:
        return self.is_active and (self.is_superuser or self.has_role(Role.ADMIN))

    @property
    def is_programme_staff(self) -> bool:
        """Programme staff or platform administrator: sees and manages the programme's data."""
        return self.is_platform_admin or (self.is_active and self.has_role(Role.STAFF))

    @property
    def is_staff(self) -> bool:
        """Django's admin site lets in whoever has this flag: administrators and programme staff."""
        return self.is_programme_staff

    def organisation_ids(self, *roles: str) -> set[int]:
        """The organisations in which this user holds one of ``roles`` (any role if none given)."""
        memberships = self.memberships.exclude(organisation=None)
        if roles:
            memberships = memberships.filter(role__in=roles)
        return set(memberships.values_list("organisation_id", flat=True))


class OrganisationKind(models.TextChoices):
    COOPERATIVE = "cooperative", _("cooperative")
    ASSOCIATION = "association", _("association")
    MUTUAL = "mutual", _("mutual")
    FOUNDATION = "foundation", _("foundation")
    SOCIAL_ENTERPRISE = "social_enterprise", _("social enterprise")
    SUPPORT_STRUCTURE = "support_structure", _("support structure")
    LOCAL_AUTHORITY = "local_authority", _("local or regional authority")
    FUNDER = "funder", _("funder")
    TRAINING_BODY = "training_body", _("training body")
    NETWORK = "network", _("network")


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def visible_to(self, user: Any) -> OrganisationQuerySet:
        """Organisations whose private page (members, invitations) ``user`` may see."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_programme_staff:
            return self.all()
        return self.filter(memberships__user=user).distinct()

    def managed_by(self, user: Any) -> OrganisationQuerySet:
        """Organisations whose members ``user`` may invite and remove."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_programme_staff:
            return self.all()
        return self.filter(memberships__user=user, memberships__role=Role.MEMBER, memberships__is_manager=True)


class Organisation(models.Model):
    """An organisation people belong to: a cooperative, a support structure, a region's services…"""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country"))
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("region")
    )
    website = URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:organisation", args=[self.slug])

    def clean(self) -> None:
        if self.region is not None and self.country_id and self.region.country_id != self.country_id:
            raise ValidationError({"region": _("This region is not in the chosen country.")})


class Membership(models.Model):
    """One role held by one user, in an organisation, for a region, or platform-wide."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegates",
        verbose_name=_("member region"),
        help_text=_("For a CIM delegate: the member region they represent."),
    )
    is_manager = models.BooleanField(
        _("manages the organisation's members"),
        default=False,
        help_text=_("May invite and remove the organisation's members."),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(organisation=None, region=None),
                name="membership_unique_platform_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=Q(organisation__isnull=False),
                name="membership_unique_organisation_role",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region"],
                condition=Q(region__isnull=False),
                name="membership_unique_region_role",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.MEMBER) | Q(organisation__isnull=False),
                name="membership_member_has_organisation",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.DELEGATE) | Q(region__isnull=False),
                name="membership_delegate_has_region",
            ),
        ]

    def __str__(self) -> str:
        scope = self.organisation or self.region
        return f"{self.user} — {self.get_role_display()}" + (f" ({scope})" if scope else "")

    def clean(self) -> None:
        check_role_scope(self.role, self.organisation, self.region)


def check_role_scope(role: str, organisation: Organisation | None, region: Region | None) -> None:
    """Raise ValidationError if ``role`` cannot be held with this organisation and region."""
    errors: dict[str, Any] = {}
    if role in ROLES_NEEDING_ORGANISATION and organisation is None:
        errors["organisation"] = _("An organisation member belongs to an organisation: choose one.")
    if organisation is not None and role not in ROLES_ALLOWING_ORGANISATION:
        errors["organisation"] = _("This role is held platform-wide: leave the organisation empty.")
    if role in ROLES_NEEDING_REGION:
        if region is None:
            errors["region"] = _("A CIM delegate represents a member region: choose one.")
        elif not region.cim_membership:
            errors["region"] = _("This region is not listed as a member of the Intermediterranean Commission.")
    elif region is not None:
        errors["region"] = _("Only a CIM delegate is attached to a region: leave the region empty.")
    if errors:
        raise ValidationError(errors)


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _default_expiry() -> Any:
    return timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        """Neither accepted, revoked nor expired."""
        return self.filter(accepted_at=None, revoked_at=None, expires_at__gt=timezone.now())

    def visible_to(self, user: Any) -> InvitationQuerySet:
        """Invitations ``user`` may see and revoke: those they sent, their organisations', all for staff."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_programme_staff:
            return self.all()
        managed = Organisation.objects.managed_by(user)
        return self.filter(Q(invited_by=user) | Q(organisation__in=managed)).distinct()


class Invitation(models.Model):
    """An invitation to join the platform with a role; the link in its email creates the account."""

    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("member region")
    )
    message = models.TextField(_("personal message"), blank=True)
    language = models.CharField(_("language of the email"), max_length=8, choices=settings.LANGUAGES)
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=_default_expiry)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_role_display()})"

    def clean(self) -> None:
        check_role_scope(self.role, self.organisation, self.region)

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    def get_status_display(self) -> str:
        return str(INVITATION_STATUS_LABELS[self.status])

    @property
    def is_pending(self) -> bool:
        return self.status == "pending"

    def get_accept_url(self) -> str:
        return reverse("accounts:accept_invitation", args=[self.token])


INVITATION_STATUS_LABELS = {
    "pending": _("pending"),
    "accepted": _("accepted"),
    "revoked": _("revoked"),
    "expired": _("expired"),
}


class SignupPolicy(models.Model):
    """Platform-wide sign-up settings, edited by administrators (a single row)."""

    open_registration = models.BooleanField(
        _("open registration"),
        default=False,
        help_text=_("Anyone may create an account, confirmed by email. Otherwise accounts come by invitation only."),
    )
    allowed_email_domains = models.TextField(
        _("allowed email domains"),
        blank=True,
        help_text=_("One domain per line (e.g. laregion.fr). Empty: any domain."),
    )

    class Meta:
        verbose_name = _("sign-up policy")
        verbose_name_plural = _("sign-up policy")

    def __str__(self) -> str:
        return str(_("Sign-up policy"))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> SignupPolicy:
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy

    def domains(self) -> list[str]:
        return [line.strip().lower().lstrip("@") for line in self.allowed_email_domains.splitlines() if line.strip()]

    def accepts_email(self, email: str) -> bool:
        domains = self.domains()
        return not domains or email.rsplit("@", 1)[-1].lower() in domains
