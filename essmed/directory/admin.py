from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

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
