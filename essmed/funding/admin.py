"""Admin screens of the funding watch: programme staff enter and publish calls, edit rules (a rule that does
not parse is refused with its problem named), and see projects, saved searches and the alerts sent."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from essmed.funding.forms import EligibilityRuleForm
from essmed.funding.models import (
    Call,
    Deadline,
    EligibilityRule,
    Funder,
    Programme,
    Project,
    ProjectPartner,
    Publication,
    SavedSearch,
    SentAlert,
    Theme,
)


@admin.register(Funder)
class FunderAdmin(TranslationAdmin):  # type: ignore[type-arg]
    list_display = ("name", "acronym", "website")
    search_fields = ("name", "acronym")
    prepopulated_fields = {"slug": ("acronym",)}


@admin.register(Theme)
class ThemeAdmin(TranslationAdmin):  # type: ignore[type-arg]
    list_display = ("name", "slug")
    search_fields = ("name", "slug")


class ProgrammeRuleInline(TranslationStackedInline):  # type: ignore[type-arg]
    model = EligibilityRule
    fk_name = "programme"
    exclude = ("call",)
    extra = 0


class CallRuleInline(ProgrammeRuleInline):
    fk_name = "call"
    exclude = ("programme",)


class DeadlineInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Deadline
    extra = 1


@admin.register(Programme)
class ProgrammeAdmin(TranslationAdmin):  # type: ignore[type-arg]
    list_display = ("__str__", "portal_code", "funder", "max_cofinancing_rate")
    list_filter = ("funder",)
    search_fields = ("name", "slug", "portal_code")
    filter_horizontal = ("countries", "regions", "themes")
    inlines = [ProgrammeRuleInline]


@admin.register(Call)
class CallAdmin(TranslationAdmin):  # type: ignore[type-arg]
    list_display = ("reference", "title", "programme", "publication", "opening_date", "origin")
    list_filter = ("publication", "origin", "programme__funder", "programme")
    search_fields = ("reference", "title", "source_identifier", "source_url")
    filter_horizontal = ("countries", "regions", "themes")
    readonly_fields = ("published_at", "created_by", "created_at", "updated_at")
    inlines = [DeadlineInline, CallRuleInline]
    actions = ["publish", "unpublish"]
    list_select_related = ("programme",)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Call], search_term: str
    ) -> tuple[QuerySet[Call], bool]:
        """Also every word in the title or summary of any language, folded as on the calls page: the portal's
        calls have an English title only, and the admin searches the title of the page's language."""
        found, duplicates = super().get_search_results(request, queryset, search_term)
        words = search_term.replace("\x00", "").strip()  # PostgreSQL refuses a NUL character in a query
        if words:
            found = found | queryset.matching(words)  # type: ignore[attr-defined]
        return found, duplicates

    def save_model(self, request: HttpRequest, obj: Call, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]
        if obj.publication == Publication.PUBLISHED and obj.published_at is None:
            obj.publish()
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish the selected calls"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Call]) -> None:
        count = 0
        for call in queryset.exclude(publication=Publication.PUBLISHED):
            call.publish()
            call.save(update_fields=["publication", "published_at"])
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d call published.", "%(count)d calls published.", count) % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Put the selected calls back to draft"))
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Call]) -> None:
        count = queryset.update(publication=Publication.DRAFT)
        self.message_user(
            request,
            ngettext("%(count)d call back to draft.", "%(count)d calls back to draft.", count) % {"count": count},
            messages.SUCCESS,
        )


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(TranslationAdmin):  # type: ignore[type-arg]
    form = EligibilityRuleForm
    list_display = ("rule_id", "label", "programme", "call", "severity", "kind", "to_verify")
    list_filter = ("severity", "kind", "to_verify", "programme")
    search_fields = ("rule_id", "label", "source")


class PartnerInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ProjectPartner
    raw_id_fields = ("actor",)
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("title", "owner", "organisation", "updated_at")
    search_fields = ("title",)
    raw_id_fields = ("owner",)
    inlines = [PartnerInline]


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "user", "frequency", "is_active", "last_sent_at")
    list_filter = ("frequency", "is_active")
    raw_id_fields = ("user",)


@admin.register(SentAlert)
class SentAlertAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("saved_search", "call", "kind", "deadline", "sent_at")
    list_filter = ("kind",)
    raw_id_fields = ("saved_search", "call")
