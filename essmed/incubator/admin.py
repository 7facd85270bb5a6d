"""Admin screens of the incubator: staff configure programmes, calls (with their questions in three languages and
their review criteria), cohorts, workshops and mentor profiles here; everything else is also reachable."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from essmed.incubator.models import (
    Answer,
    Application,
    Attendance,
    Call,
    Cohort,
    Criterion,
    Diagnostic,
    DiagnosticScore,
    FollowUp,
    FollowUpReminder,
    MentorProfile,
    Milestone,
    PlanAction,
    Programme,
    Project,
    Question,
    Review,
    Score,
    StageEntry,
    SupportSession,
    Workshop,
)


def _staff(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(user.is_active and user.is_programme_staff)


class StaffManaged:
    """Programme staff manage the incubator's models (the role backend, accounts/backends.py, grants staff only
    the platform apps listed in PLATFORM_APP_LABELS, which the incubator is not part of yet)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _staff(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _staff(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return _staff(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _staff(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _staff(request)


@admin.register(Programme)
class ProgrammeAdmin(StaffManaged, TranslationAdmin):  # type: ignore[type-arg]
    list_display = ["name", "slug", "organisation"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name_fr", "name_ar", "name_en"]


class QuestionInline(StaffManaged, TranslationTabularInline):  # type: ignore[type-arg]
    model = Question
    extra = 1
    fields = ["position", "text", "help_text", "kind", "choices", "required"]


class CriterionInline(StaffManaged, TranslationTabularInline):  # type: ignore[type-arg]
    model = Criterion
    extra = 1
    fields = ["position", "name"]


@admin.register(Call)
class CallAdmin(StaffManaged, TranslationAdmin):  # type: ignore[type-arg]
    list_display = ["title", "programme", "opens_on", "closes_on", "is_published"]
    list_filter = ["programme", "is_published"]
    filter_horizontal = ["reviewers"]
    inlines = [QuestionInline, CriterionInline]


class AnswerInline(StaffManaged, admin.TabularInline):  # type: ignore[type-arg]
    model = Answer
    extra = 0


@admin.register(Application)
class ApplicationAdmin(StaffManaged, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["project_name", "call", "applicant", "state", "submitted_at", "decided_at"]
    list_filter = ["state", "call", "sector"]
    search_fields = ["project_name", "applicant__email", "applicant__full_name"]
    raw_id_fields = ["applicant", "organisation"]
    filter_horizontal = ["team"]
    inlines = [AnswerInline]


class ScoreInline(StaffManaged, admin.TabularInline):  # type: ignore[type-arg]
    model = Score
    extra = 0


@admin.register(Review)
class ReviewAdmin(StaffManaged, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["application", "reviewer", "recommendation", "is_submitted", "updated_at"]
    list_filter = ["recommendation", "application__call"]
    inlines = [ScoreInline]


@admin.register(Cohort)
class CohortAdmin(StaffManaged, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "programme", "starts_on"]


class StageEntryInline(StaffManaged, admin.TabularInline):  # type: ignore[type-arg]
    model = StageEntry
    extra = 0


@admin.register(Project)
class ProjectAdmin(StaffManaged, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "programme", "cohort", "stage", "advisor", "mentor", "is_active"]
    list_filter = ["programme", "cohort", "stage", "sector", "is_active"]
    search_fields = ["name"]
    raw_id_fields = ["application", "advisor", "mentor", "actor", "organisation"]
    filter_horizontal = ["team"]
    inlines = [StageEntryInline]


class DiagnosticScoreInline(StaffManaged, admin.TabularInline):  # type: ignore[type-arg]
    model = DiagnosticScore
    extra = 0


@admin.register(Diagnostic)
class DiagnosticAdmin(StaffManaged, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["project", "held_on", "created_by"]
    inlines = [DiagnosticScoreInline]


@admin.register(PlanAction)
class PlanActionAdmin(StaffManaged, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "project", "kind", "owner", "due_on", "status"]
    list_filter = ["kind", "status", "dimension"]


@admin.register(Milestone)
class MilestoneAdmin(StaffManaged, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "project", "stage", "due_on", "reached_on"]


@admin.register(SupportSession)
class SupportSessionAdmin(StaffManaged, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["project", "held_on", "duration_minutes", "logged_by"]
    filter_horizontal = ["participants"]


class AttendanceInline(StaffManaged, admin.TabularInline):  # type: ignore[type-arg]
    model = Attendance
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Workshop)
class WorkshopAdmin(StaffManaged, TranslationAdmin):  # type: ignore[type-arg]
    list_display = ["title", "programme", "held_on", "duration_minutes"]
    filter_horizontal = ["projects"]
    inlines = [AttendanceInline]


@admin.register(MentorProfile)
class MentorProfileAdmin(StaffManaged, TranslationAdmin):  # type: ignore[type-arg]
    list_display = ["user", "capacity", "is_available"]
    raw_id_fields = ["user"]


@admin.register(FollowUp)
class FollowUpAdmin(StaffManaged, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["project", "point", "reported_on", "full_time_jobs", "part_time_jobs", "still_active"]
    list_filter = ["point", "still_active"]


@admin.register(FollowUpReminder)
class FollowUpReminderAdmin(StaffManaged, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["project", "point", "sent_to", "sent_at"]
