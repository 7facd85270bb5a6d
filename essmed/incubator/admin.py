"""Admin screens of the incubator: staff configure programmes, calls (with their questions in three languages and
their review criteria), cohorts, workshops and mentor profiles here; everything else is also reachable."""

from __future__ import annotations

from django.contrib import admin
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


@admin.register(Programme)
class ProgrammeAdmin(TranslationAdmin):  # type: ignore[type-arg]
    list_display = ["name", "slug", "organisation"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name_fr", "name_ar", "name_en"]


class QuestionInline(TranslationTabularInline):  # type: ignore[type-arg]
    model = Question
    extra = 1
    fields = ["position", "text", "help_text", "kind", "choices", "required"]


class CriterionInline(TranslationTabularInline):  # type: ignore[type-arg]
    model = Criterion
    extra = 1
    fields = ["position", "name"]


@admin.register(Call)
class CallAdmin(TranslationAdmin):  # type: ignore[type-arg]
    list_display = ["title", "programme", "opens_on", "closes_on", "is_published"]
    list_filter = ["programme", "is_published"]
    filter_horizontal = ["reviewers"]
    inlines = [QuestionInline, CriterionInline]


class AnswerInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Answer
    extra = 0


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["project_name", "call", "applicant", "state", "submitted_at", "decided_at"]
    list_filter = ["state", "call", "sector"]
    search_fields = ["project_name", "applicant__email", "applicant__full_name"]
    raw_id_fields = ["applicant", "organisation"]
    filter_horizontal = ["team"]
    inlines = [AnswerInline]


class ScoreInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Score
    extra = 0


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["application", "reviewer", "recommendation", "is_submitted", "updated_at"]
    list_filter = ["recommendation", "application__call"]
    inlines = [ScoreInline]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "programme", "starts_on"]


class StageEntryInline(admin.TabularInline):  # type: ignore[type-arg]
    model = StageEntry
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "programme", "cohort", "stage", "advisor", "mentor", "is_active"]
    list_filter = ["programme", "cohort", "stage", "sector", "is_active"]
    search_fields = ["name"]
    raw_id_fields = ["application", "advisor", "mentor", "actor", "organisation"]
    filter_horizontal = ["team"]
    inlines = [StageEntryInline]


class DiagnosticScoreInline(admin.TabularInline):  # type: ignore[type-arg]
    model = DiagnosticScore
    extra = 0


@admin.register(Diagnostic)
class DiagnosticAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["project", "held_on", "created_by"]
    inlines = [DiagnosticScoreInline]


@admin.register(PlanAction)
class PlanActionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "project", "kind", "owner", "due_on", "status"]
    list_filter = ["kind", "status", "dimension"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["title", "project", "stage", "due_on", "reached_on"]


@admin.register(SupportSession)
class SupportSessionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["project", "held_on", "duration_minutes", "logged_by"]
    filter_horizontal = ["participants"]


class AttendanceInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Attendance
    extra = 0
    raw_id_fields = ["person"]


@admin.register(Workshop)
class WorkshopAdmin(TranslationAdmin):  # type: ignore[type-arg]
    list_display = ["title", "programme", "held_on", "duration_minutes"]
    filter_horizontal = ["projects"]
    inlines = [AttendanceInline]


@admin.register(MentorProfile)
class MentorProfileAdmin(TranslationAdmin):  # type: ignore[type-arg]
    list_display = ["user", "capacity", "is_available"]
    raw_id_fields = ["user"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["project", "point", "reported_on", "full_time_jobs", "part_time_jobs", "still_active"]
    list_filter = ["point", "still_active"]


@admin.register(FollowUpReminder)
class FollowUpReminderAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["project", "point", "sent_to", "sent_at"]
