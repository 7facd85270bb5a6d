"""Admin screens of the events app: events with their slots, registrations, requests, meetings and runs."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from essmed.events.models import Event, Meeting, MeetingRequest, Registration, ScheduleRun, TimeSlot


class TimeSlotInline(TranslationTabularInline):  # type: ignore[type-arg]
    model = TimeSlot
    extra = 0
    fields = ["starts_at", "ends_at", "is_break", "label"]


@admin.register(Event)
class EventAdmin(TranslationAdmin):  # type: ignore[type-arg]
    list_display = ["title", "starts_on", "ends_on", "city", "is_published", "registration_open"]
    list_filter = ["is_published", "registration_open", "time_zone"]
    search_fields = ["title_fr", "title_ar", "title_en", "city", "slug"]
    prepopulated_fields = {"slug": ["title_fr"]}
    autocomplete_fields = ["region", "commune", "organisers"]
    inlines = [TimeSlotInline]
    fieldsets = (
        (None, {"fields": ("slug", "title", "description", "is_published")}),
        (
            _("Dates and place"),
            {"fields": ("starts_on", "ends_on", "time_zone", "venue", "address", "city", "region", "commune")},
        ),
        (
            _("Meetings and registration"),
            {"fields": ("tables", "capacity", "registration_open", "default_max_meetings", "organisers")},
        ),
    )


@admin.register(TimeSlot)
class TimeSlotAdmin(TranslationAdmin):  # type: ignore[type-arg]
    list_display = ["__str__", "event", "is_break", "label"]
    list_filter = ["event", "is_break"]
    search_fields = ["event__title_fr", "label_fr"]


@admin.register(Registration)
class RegistrationAdmin(TranslationAdmin):  # type: ignore[type-arg]
    list_display = ["display_name", "event", "actor", "status", "attendance", "created_at"]
    list_filter = ["event", "status", "attendance", "availability"]
    search_fields = ["user__full_name", "user__email", "actor__name_fr", "actor__name_ar", "actor__name_en"]
    autocomplete_fields = ["user", "actor"]
    filter_horizontal = ["offer_terms", "seek_terms", "unavailable_slots"]
    readonly_fields = ["created_at", "cancelled_at", "checked_in_at"]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["__str__", "event", "status", "priority", "fixed_slot", "created_at"]
    list_filter = ["event", "status", "priority"]
    search_fields = ["requester__user__full_name", "recipient__user__full_name", "message"]
    raw_id_fields = ["requester", "recipient", "fixed_slot"]
    filter_horizontal = ["after"]
    readonly_fields = ["created_at", "answered_at"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["__str__", "slot", "table", "updated_at"]
    list_filter = ["slot__event"]
    raw_id_fields = ["request", "slot"]


@admin.register(ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["event", "status", "solver_status", "meetings_held", "bound_meetings", "breaks", "created_at"]
    list_filter = ["event", "status"]
    readonly_fields = [field.name for field in ScheduleRun._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False
