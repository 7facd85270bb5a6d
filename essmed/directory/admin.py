from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from essmed.directory.importing import ImportFileError, ImportSummary, RowReport, RowStatus, import_actors
from essmed.directory.models import (
    Actor,
    ActorStatus,
    Correction,
    DuplicateCandidate,
    ExpressionOfInterest,
    Offer,
    Term,
)


@admin.register(Term)
class TermAdmin(TranslationAdmin):  # type: ignore[type-arg]
    list_display = ["code", "label", "vocabulary", "broader", "country"]
    list_filter = ["vocabulary", "country"]
    search_fields = ["code", "label_fr", "label_ar", "label_en"]
    autocomplete_fields = ["broader", "country"]


class OfferInline(TranslationTabularInline):  # type: ignore[type-arg]
    model = Offer
    extra = 0
    fields = ["kind", "topic", "title", "expires_on", "is_published"]
    show_change_link = True


class ActorImportForm(forms.Form):
    """The upload of the admin's import page (the same importer as ``manage.py import_actors``)."""

    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8) with the columns Identifier, Name, Country and any of Description, Organisational "
            "Structure, Activities, Street Address, Locality, Region, Postcode, Website, Phone, Email, Latitude, "
            "Longitude, and language columns such as Name:ar or Description:fr; or a GeoJSON FeatureCollection."
        ),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=80,
        help_text=_("Where the file comes from, e.g. susy-transformap. Importing the same source again updates."),
    )
    strict = forms.BooleanField(label=_("Strict: import nothing if any row is rejected"), required=False)
    publish = forms.BooleanField(
        label=_("Publish the new actors (otherwise they are drafts to moderate)"), required=False
    )


IMPORT_ROWS_SHOWN = 1000  # rows of the report shown in the page: rejected rows first


@admin.register(Actor)
class ActorAdmin(TranslationAdmin):  # type: ignore[type-arg]
    list_display = ["name", "actor_type", "country", "region", "status", "source", "updated_at"]
    list_filter = ["status", "actor_type", "country", "source"]
    search_fields = ["name_fr", "name_ar", "name_en", "acronym", "legal_name", "source_key"]
    autocomplete_fields = ["country", "region", "division", "commune", "legal_form", "organisation"]
    filter_horizontal = ["sectors", "themes", "networks"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [OfferInline]
    actions = ["publish", "archive"]
    fieldsets = (
        (None, {"fields": ("name", "legal_name", "acronym", "actor_type", "legal_form", "status", "organisation")}),
        (_("Description and activities"), {"fields": ("description", "mission", "sectors", "themes", "networks")}),
        (
            _("Place"),
            {
                "fields": (
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
                )
            },
        ),
        (_("Contact"), {"fields": ("website", "public_email", "public_phone", "languages", "founded")}),
        (_("Members"), {"fields": ("members_total", "members_women", "members_men")}),
        (_("Provenance"), {"fields": ("source", "source_key", "created_at", "updated_at")}),
    )

    @admin.action(description=_("Publish the selected actors"))
    def publish(self, request, queryset):  # type: ignore[no-untyped-def]
        queryset.update(status=ActorStatus.PUBLISHED)

    @admin.action(description=_("Archive the selected actors"))
    def archive(self, request, queryset):  # type: ignore[no-untyped-def]
        queryset.update(status=ActorStatus.ARCHIVED)

    def get_urls(self) -> list[URLPattern]:
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        return [path("import/", self.admin_site.admin_view(self.import_view), name=name), *super().get_urls()]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a CSV or GeoJSON file and import it at once (synchronously), showing the report."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ActorImportForm(request.POST or None, request.FILES or None)
        summary: ImportSummary | None = None
        rejected: list[RowReport] = []
        others: list[RowReport] = []
        if request.method == "POST" and form.is_valid():

            def keep(report: RowReport) -> None:
                kept = rejected if report.status == RowStatus.REJECTED else others
                if len(kept) < IMPORT_ROWS_SHOWN:
                    kept.append(report)

            upload = form.cleaned_data["file"]
            try:
                summary = import_actors(
                    upload,
                    source=form.cleaned_data["source"],
                    strict=form.cleaned_data["strict"],
                    publish=form.cleaned_data["publish"],
                    on_row=keep,
                    size=upload.size,
                )
            except ImportFileError as error:
                form.add_error("file", str(error))
        reports = sorted(rejected + others[: max(IMPORT_ROWS_SHOWN - len(rejected), 0)], key=lambda r: r.line)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import actors"),
            "form": form,
            "summary": summary,
            "reports": reports,
            "shown_limit": IMPORT_ROWS_SHOWN,
            "truncated": summary is not None and summary.rows > len(reports),
        }
        return TemplateResponse(request, "admin/directory/actor/import.html", context)


@admin.register(Offer)
class OfferAdmin(TranslationAdmin):  # type: ignore[type-arg]
    list_display = ["title", "actor", "kind", "topic", "expires_on", "is_published"]
    list_filter = ["kind", "topic", "is_published"]
    search_fields = ["title_fr", "title_ar", "title_en", "actor__name_fr"]
    autocomplete_fields = ["actor"]


@admin.register(ExpressionOfInterest)
class ExpressionOfInterestAdmin(admin.ModelAdmin[ExpressionOfInterest]):
    list_display = ["offer", "sender", "sender_actor", "created_at"]
    autocomplete_fields = ["offer", "sender_actor"]
    readonly_fields = ["sender", "created_at"]


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin[Correction]):
    list_display = ["actor", "proposed_by", "status", "created_at", "reviewed_at"]
    list_filter = ["status"]
    autocomplete_fields = ["actor"]
    readonly_fields = ["proposed_by", "reviewed_by", "created_at", "reviewed_at"]


@admin.register(DuplicateCandidate)
class DuplicateCandidateAdmin(admin.ModelAdmin[DuplicateCandidate]):
    list_display = ["actor", "other", "reason", "status", "created_at"]
    list_filter = ["status"]
    autocomplete_fields = ["actor", "other"]
