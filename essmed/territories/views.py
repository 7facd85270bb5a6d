from __future__ import annotations

from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from essmed.territories.models import Commune, CommuneKind, Division, Region


def region_list(request: HttpRequest) -> HttpResponse:
    """The regions of the cooperation: CIM members with their evidence, then the other regions."""
    regions = (
        Region.objects.select_related("country")
        .annotate(division_count=Count("divisions"))
        .order_by("country__code", "name")
    )
    return render(
        request,
        "territories/region_list.html",
        {
            "cim_regions": [r for r in regions if r.cim_membership],
            "other_regions": [r for r in regions if not r.cim_membership],
        },
    )


def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A region with its prefectures, provinces or departments, and their communes. Public data."""
    divisions = (
        Division.objects.annotate(
            commune_count=Count("communes"), urban_count=Count("communes", filter=Q(communes__kind=CommuneKind.URBAN))
        )
        .order_by("kind", "code")
        .prefetch_related(Prefetch("communes", queryset=Commune.objects.order_by("name")))
    )
    region: Region = get_object_or_404(
        Region.objects.select_related("country").prefetch_related(Prefetch("divisions", queryset=divisions)),
        slug=slug,
    )
    has_communes = Commune.objects.filter(division__region=region).exists()
    return render(request, "territories/region_detail.html", {"region": region, "has_communes": has_communes})
