from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from essmed.accounts import actions, personal_data
from essmed.accounts.models import Invitation, Membership, Organisation, SignupPolicy, User


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation", "region", "user"]
    fk_name = "user"


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    ordering = ["email"]
    list_display = ["email", "full_name", "preferred_language", "is_active", "date_joined", "last_login"]
    list_filter = ["is_active", "is_superuser", "preferred_language", "memberships__role"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["date_joined", "last_login"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "preferred_language")}),
        (_("Access"), {"fields": ("is_active", "is_superuser")}),
        (_("Dates"), {"fields": ("date_joined", "last_login")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),)
    filter_horizontal = ()
    actions = ["export_personal_data"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_platform_admin:  # type: ignore[union-attr]
            fields.append("is_superuser")
        return fields

    @admin.action(description=_("Export the personal data of the selected user (JSON)"), permissions=["view"])
    def export_personal_data(self, request: HttpRequest, queryset: Any) -> HttpResponse | None:
        """The same file the person downloads from their own page (an access request answered by staff)."""
        users = list(queryset[:2])
        if len(users) != 1:
            self.message_user(request, _("Select exactly one user to export their data."), messages.WARNING)
            return None
        self.log_change(request, users[0], gettext("Personal data exported."))
        return personal_data.download(users[0])


class OrganisationMembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "is_manager"]


@admin.register(Organisation)
class OrganisationAdmin(TranslationAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kind", "country", "region", "created_at"]
    list_filter = ["kind", "country"]
    search_fields = ["name_fr", "name_ar", "name_en", "slug"]
    prepopulated_fields = {"slug": ("name_fr",)}
    autocomplete_fields = ["country", "region"]
    inlines = [OrganisationMembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "role", "organisation", "region", "is_manager", "created_at"]
    list_filter = ["role", "is_manager"]
    search_fields = ["user__email", "user__full_name", "organisation__name_fr", "organisation__name_en"]
    autocomplete_fields = ["user", "organisation", "region"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ["email", "role", "organisation", "region", "invited_by", "created_at", "expires_at", "status_label"]
    list_filter = ["role"]
    search_fields = ["email"]
    autocomplete_fields = ["organisation", "region"]
    readonly_fields = ["invited_by", "created_at", "accepted_at", "accepted_by", "revoked_at"]
    actions = ["resend"]

    @admin.display(description=_("status"))
    def status_label(self, obj: Invitation) -> str:
        return obj.get_status_display()

    def save_model(self, request: HttpRequest, obj: Invitation, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
        else:
            actions.invite(request.user, obj)  # type: ignore[arg-type]

    @admin.action(description=_("Send the selected pending invitations again"))
    def resend(self, request: HttpRequest, queryset: Any) -> None:
        sent = 0
        for invitation in queryset:
            if invitation.is_pending:
                actions.send_invitation(invitation)
                sent += 1
        message = ngettext("%(count)d invitation sent again.", "%(count)d invitations sent again.", sent)
        self.message_user(request, message % {"count": sent})


@admin.register(SignupPolicy)
class SignupPolicyAdmin(admin.ModelAdmin[SignupPolicy]):
    list_display = ["__str__", "open_registration"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not SignupPolicy.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
