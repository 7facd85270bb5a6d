from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from essmed.directory import actions
from essmed.directory.duplicates import reason_label
from essmed.directory.importing import RowStatus
from essmed.directory.models import (
    Actor,
    ActorImport,
    ActorStatus,
    Correction,
    DuplicateCandidate,
    DuplicateStatus,
    ExpressionOfInterest,
    Offer,
    Term,
)
from essmed.directory.tasks import REPORT_ROWS_KEPT, enqueue_import, read_progress


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

    def clean_file(self) -> UploadedFile:
        """The file is stored under its own name: refuse a name the storage cannot shorten to fit (a name whose
        extensions alone are too long) with a message, rather than let the upload fail."""
        upload: UploadedFile = self.cleaned_data["file"]
        field = ActorImport._meta.get_field("file")
        try:
            name = field.generate_filename(None, upload.name or "")
            field.storage.get_available_name(name, max_length=field.max_length)
        except SuspiciousFileOperation as error:
            raise ValidationError(
                _("The name of this file is too long to be stored: rename it (e.g. actors.csv) and upload it again.")
            ) from error
        return upload


class ActorAdminForm(forms.ModelForm):  # type: ignore[type-arg]
    """The admin's actor form: its status changes follow the same rules as on the site (``ALLOWED_TRANSITIONS``:
    a published entry is archived, never sent back to draft)."""

    def clean_status(self) -> str:
        status: str = self.cleaned_data["status"]
        current = self.instance.status if self.instance.pk else None
        if current is not None and status != current:
            try:
                actions.check_transition(current, status)
            except actions.TransitionError as error:
                raise ValidationError(str(error)) from error
        return status


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

    form = ActorAdminForm

    def save_model(self, request: HttpRequest, obj: Actor, form: forms.ModelForm[Actor], change: bool) -> None:
        """Saved as the site saves: then its duplicates are looked for, or its open pairs closed if archived."""
        super().save_model(request, obj, form, change)
        actions.after_save([obj])

    @admin.action(description=_("Publish the selected actors"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Actor]) -> None:
        self._set_statuses(request, queryset, ActorStatus.PUBLISHED)

    @admin.action(description=_("Archive the selected actors"))
    def archive(self, request: HttpRequest, queryset: QuerySet[Actor]) -> None:
        self._set_statuses(request, queryset, ActorStatus.ARCHIVED)

    def _set_statuses(self, request: HttpRequest, queryset: QuerySet[Actor], target: str) -> None:
        """The site's status change (transition rules, duplicate detection) for each selected actor."""
        moved, refused = actions.set_statuses(queryset, target)
        if target == ActorStatus.PUBLISHED:
            done = ngettext("%(count)d actor is published.", "%(count)d actors are published.", moved)
        else:
            done = ngettext("%(count)d actor is archived.", "%(count)d actors are archived.", moved)
        self.message_user(request, done % {"count": moved}, messages.SUCCESS)
        for actor, error in refused:
            self.message_user(
                request,
                gettext("“%(name)s” is not changed: %(reason)s") % {"name": actor, "reason": error},
                messages.WARNING,
            )

    def get_urls(self) -> list[URLPattern]:
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name=f"{prefix}_import"),
            path(
                "import/<int:pk>/",
                self.admin_site.admin_view(self.import_status_view),
                name=f"{prefix}_import_status",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a CSV or GeoJSON file: it is stored and imported by the background worker, whose progress and
        report the next page shows."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ActorImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            actor_import = ActorImport.objects.create(
                file=upload,
                file_name=upload.name[:255],
                size=upload.size,
                source=form.cleaned_data["source"].strip(),
                strict=form.cleaned_data["strict"],
                publish=form.cleaned_data["publish"],
                created_by=request.user if request.user.is_authenticated else None,
            )
            enqueue_import(actor_import, translation.get_language() or settings.LANGUAGE_CODE)
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_import_status", actor_import.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import actors"),
            "form": form,
            "recent": ActorImport.objects.select_related("created_by")[:10],
        }
        return TemplateResponse(request, "admin/directory/actor/import.html", context)

    def import_status_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The progress of an import while the worker runs it (the page reloads itself), then its report."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        actor_import = get_object_or_404(ActorImport, pk=pk)
        progress = None if actor_import.is_finished else read_progress(actor_import)
        share = None
        if progress and progress.get("size"):
            share = min(100, round(100 * progress["bytes"] / progress["size"]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import of %(file)s") % {"file": actor_import.file_name},
            "actor_import": actor_import,
            "progress": progress,
            "share": share,
            "reports": [ImportedRow(**row) for row in actor_import.report],
            "shown_limit": REPORT_ROWS_KEPT,
            "truncated": actor_import.rows > len(actor_import.report),
        }
        return TemplateResponse(request, "admin/directory/actor/import_status.html", context)


@dataclass(frozen=True)
class ImportedRow:
    """One row of a stored import report, as the status page shows it."""

    line: int
    identifier: str
    status: str
    reasons: list[str]
    actor_id: int | None

    @property
    def status_label(self) -> str:
        return str(RowStatus(self.status).label)


@admin.register(ActorImport)
class ActorImportAdmin(admin.ModelAdmin[ActorImport]):
    """The history of the imports uploaded in the admin; each links to its report."""

    list_display = [
        "file_name",
        "source",
        "status",
        "created",
        "updated",
        "unchanged",
        "rejected",
        "created_at",
        "report_link",
    ]
    list_filter = ["status", "source"]
    readonly_fields = [field.name for field in ActorImport._meta.get_fields() if field.concrete]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # an import is uploaded from the page "Import actors"

    def has_change_permission(self, request: HttpRequest, obj: ActorImport | None = None) -> bool:
        return False

    @admin.display(description=_("report"))
    def report_link(self, obj: ActorImport) -> SafeString:
        url = reverse("admin:directory_actor_import_status", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("report"))


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
    """Possible duplicates are decided on the site's merge page, which moves what must move: here the status is
    read only, and each pair links to that page."""

    list_display = ["actor", "other", "reason_shown", "status", "created_at", "merge_link"]
    list_filter = ["status"]
    autocomplete_fields = ["actor", "other"]
    readonly_fields = ["status", "merge_link"]

    @admin.display(description=_("reason"), ordering="reason")
    def reason_shown(self, obj: DuplicateCandidate) -> str:
        return reason_label(obj.reason)

    @admin.display(description=_("Decision"))
    def merge_link(self, obj: DuplicateCandidate) -> SafeString | str:
        if obj.pk is None:
            return "–"
        url = reverse("actors:duplicate", args=[obj.pk])
        text = _("Compare and merge") if obj.status == DuplicateStatus.OPEN else _("Compare")
        return format_html('<a href="{}">{}</a>', url, text)
