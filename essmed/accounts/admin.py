from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult
from modeltranslation.admin import TranslationAdmin

from essmed.accounts import actions, history, personal_data
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
    actions = ["export_personal_data", "erase_personal_data"]

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
        self.log_change(request, users[0], str(history.EXPORTED))  # shown in each reader's language (history.py)
        return personal_data.download(users[0])

    # Deleting a user is the erasure of their account and personal data, as when they delete it themselves
    # (actions.delete_account): Django's plain delete would stop on PROTECT links and skip the apps' erase functions.

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        found = super().get_actions(request)
        found.pop("delete_selected", None)
        return found

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> HttpResponse:
        """The account page's "Delete" button: the erasure, after a confirmation page."""
        user = self.get_object(request, unquote(object_id))
        if not self.has_delete_permission(request, user):
            raise PermissionDenied
        if user is None:  # e.g. already erased: Django's message and redirect, as for its other views
            missing: HttpResponse = self._get_obj_does_not_exist_redirect(request, self.opts, object_id)  # type: ignore[attr-defined]
            return missing
        back = reverse("admin:accounts_user_change", args=[user.pk])
        return self._erase(request, [user], back=back, action="")

    @admin.action(description=_("Erase the selected users and their personal data"), permissions=["delete"])
    def erase_personal_data(self, request: HttpRequest, queryset: Any) -> HttpResponse:
        """An erasure request answered by staff: the same erasure as the person's own, for each selected user."""
        back = reverse("admin:accounts_user_changelist")
        return self._erase(request, list(queryset), back=back, action="erase_personal_data")

    def _erase(self, request: HttpRequest, users: list[User], *, back: str, action: str) -> HttpResponse:
        """The confirmation page (GET, or the action's first POST), then the erasure (POST with ``post=yes``).

        Each refused person is named in an error message with what to do first; the others are erased one by one,
        each in its own transaction (``actions.delete_account``), and receive the confirmation email.
        """
        staff: User = request.user  # type: ignore[assignment]
        refusals = {user.pk: actions.deletion_refusals(user, by=staff) for user in users}
        erasable = [user for user in users if not refusals[user.pk]]
        if request.method == "POST" and request.POST.get("post") == "yes":
            erased = 0
            for user in erasable:
                try:
                    actions.delete_account(user, by=staff)
                except actions.AccountDeletionRefused as refused:
                    refusals[user.pk] = refused.reasons
                else:
                    erased += 1
            self._report_refusals(request, refusals)
            if erased:
                message = ngettext(
                    "%(count)d account erased with its personal data.",
                    "%(count)d accounts erased with their personal data.",
                    erased,
                )
                self.message_user(request, message % {"count": erased}, messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:accounts_user_changelist") if erased else back)
        self._report_refusals(request, refusals)
        if not erasable:
            return HttpResponseRedirect(back)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Erase personal data"),
            "subtitle": None,
            "opts": self.opts,
            "people": erasable,
            "parts": _parts_erased(erasable),
            "action": action,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "back": back,
        }
        return TemplateResponse(request, "admin/accounts/user/erase_confirmation.html", context)

    def _report_refusals(self, request: HttpRequest, refusals: dict[int, list[str]]) -> None:
        for reasons in refusals.values():
            for reason in reasons:
                self.message_user(request, reason, messages.ERROR)


def _parts_erased(users: list[User]) -> list[dict[str, Any]]:
    """Each part of the registry with the number of records it holds about ``users`` and what erasure does to them."""
    counts: dict[str, int] = {}
    for user in users:
        for summary in personal_data.summary(user):
            counts[summary.source.label] = counts.get(summary.source.label, 0) + summary.count
    return [{"source": source, "count": counts.get(source.label, 0)} for source in personal_data.sources()]


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


# --- The background worker's task results (django_tasks_db) ------------------------------------------------------
# The package marks its model's names, its field labels and the task statuses (django_tasks) for translation but ships
# no catalogue: they are translated in essmed's own (essmed/locale). Listed here so that `make messages`, which drops
# what essmed's code does not use, keeps them.
TASK_RESULT_MESSAGES = (
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("status"),
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("args kwargs"),
    gettext_noop("priority"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
    gettext_noop("queue name"),
    gettext_noop("backend name"),
    gettext_noop("run after"),
    gettext_noop("return value"),
    gettext_noop("exception class path"),
    gettext_noop("traceback"),
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
)

# The application's name is a plain string in the package: translated here, for the admin that shows it.
apps.get_app_config("django_tasks_database").verbose_name = _("Tasks Database Backend")


class TaskResultAdmin(DBTaskResultAdmin):
    """The package's admin, with translated labels where it writes plain strings: the identifier column (the field's
    label is its name), the task's name and the traceback and "run after" of a result's page."""

    list_display = ("result_id", *DBTaskResultAdmin.list_display[1:])

    def get_readonly_fields(self, request: HttpRequest, obj: DBTaskResult[Any, Any] | None = None) -> list[str]:
        fields = super().get_readonly_fields(request, obj)
        fields[fields.index("id")] = "result_id"
        return fields

    @admin.display(description=_("ID"), ordering="id")
    def result_id(self, obj: DBTaskResult[Any, Any]) -> str:
        return str(obj.pk)

    @admin.display(description=_("task name"))
    def task_name(self, obj: DBTaskResult[Any, Any]) -> str:
        return obj.task_name

    @admin.display(description=_("traceback"))
    def formatted_traceback(self, obj: DBTaskResult[Any, Any]) -> str:
        return super().formatted_traceback(obj)

    @admin.display(description=_("run after"))
    def display_run_after(self, obj: DBTaskResult[Any, Any]) -> Any:
        return super().display_run_after(obj)


admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TaskResultAdmin)
