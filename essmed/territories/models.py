"""Countries, regions and their subdivisions, loaded from the files in ``territories/data``.

Names are stored in every language (django-modeltranslation adds ``name_fr``, ``name_ar``,
``name_en``); ``data/README.md`` gives the source and licence of each file.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from essmed.core.fields import URLField


class Shore(models.TextChoices):
    NORTH = "north", _("North of the Mediterranean")
    SOUTH = "south", _("South and east of the Mediterranean")


class CountryQuerySet(models.QuerySet["Country"]):
    def mediterranean(self) -> CountryQuerySet:
        return self.exclude(shore="")

    def on_shore(self, shore: str) -> CountryQuerySet:
        return self.filter(shore=shore)


class Country(models.Model):
    """A country of ISO 3166-1."""

    code = models.CharField(_("ISO 3166-1 alpha-2 code"), max_length=2, unique=True)
    alpha3 = models.CharField(_("ISO 3166-1 alpha-3 code"), max_length=3, unique=True)
    numeric = models.CharField(_("ISO 3166-1 numeric code"), max_length=3)
    name = models.CharField(_("name"), max_length=120)
    shore = models.CharField(
        _("Mediterranean shore"),
        max_length=5,
        choices=Shore.choices,
        blank=True,
        help_text=_("Empty for a country that does not border the Mediterranean cooperation area."),
    )

    objects = CountryQuerySet.as_manager()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CimMembership(models.TextChoices):
    ATTESTED = "attested", _("Member (attested by a public source)")
    UNVERIFIED = "unverified", _("Membership not verified")
    NONE = "", _("Not listed as a member")


class RegionQuerySet(models.QuerySet["Region"]):
    def cim_listed(self) -> RegionQuerySet:
        """Regions listed as members of the Intermediterranean Commission, attested or not."""
        return self.exclude(cim_membership=CimMembership.NONE)

    def cim_attested(self) -> RegionQuerySet:
        return self.filter(cim_membership=CimMembership.ATTESTED)


class Region(models.Model):
    """A first-level subnational region (Occitanie, the Oriental, Andalucía…)."""

    slug = models.SlugField(_("identifier"), max_length=80, unique=True)
    code = models.CharField(
        _("official code"), max_length=40, blank=True, help_text=_("The code in the source, e.g. INSEE 76.")
    )
    name = models.CharField(_("name"), max_length=150)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="regions", verbose_name=_("country"))
    shore = models.CharField(_("Mediterranean shore"), max_length=5, choices=Shore.choices, blank=True)
    capital = models.CharField(_("capital"), max_length=100, blank=True)
    cim_membership = models.CharField(
        _("membership of the Intermediterranean Commission"),
        max_length=10,
        choices=CimMembership.choices,
        blank=True,
        default=CimMembership.NONE,
    )
    cim_evidence = models.TextField(_("evidence of membership"), blank=True)
    cim_evidence_date = models.CharField(_("date of the evidence"), max_length=60, blank=True)
    cim_source_url = URLField(_("source of the evidence"), max_length=400, blank=True)
    cim_confidence = models.CharField(_("confidence"), max_length=40, blank=True)
    source = models.CharField(_("source of the record"), max_length=300, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["country__code", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("territories:region", args=[self.slug])

    @property
    def is_cim_member(self) -> bool:
        return self.cim_membership == CimMembership.ATTESTED


class DivisionKind(models.TextChoices):
    PREFECTURE = "prefecture", _("prefecture")
    PROVINCE = "province", _("province")
    DEPARTMENT = "department", _("department")


class Division(models.Model):
    """A subdivision of a region: a Moroccan prefecture or province, a French department."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="divisions", verbose_name=_("region"))
    code = models.CharField(_("official code"), max_length=20)
    kind = models.CharField(_("kind"), max_length=12, choices=DivisionKind.choices)
    name = models.CharField(_("name"), max_length=150)
    source = models.CharField(_("source of the record"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        ordering = ["region", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "code"], name="division_code_unique_in_region")]

    def __str__(self) -> str:
        return self.name


class CommuneKind(models.TextChoices):
    URBAN = "urban", _("urban")
    RURAL = "rural", _("rural")


class Commune(models.Model):
    """A commune (municipality) of a division."""

    division = models.ForeignKey(
        Division, on_delete=models.CASCADE, related_name="communes", verbose_name=_("prefecture or province")
    )
    code = models.CharField(_("official code"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=5, choices=CommuneKind.choices)
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["division", "name"]

    def __str__(self) -> str:
        return self.name
