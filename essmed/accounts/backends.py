"""Model permissions (used by the admin site) derived from roles, so that roles are the one source of truth."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

# Programme staff manage every model of the platform's own apps, except these.
STAFF_DENIED_PERMISSIONS = frozenset(
    {
        "accounts.add_signuppolicy",
        "accounts.change_signuppolicy",
        "accounts.delete_signuppolicy",
        "accounts.delete_user",
    }
)
PLATFORM_APP_LABELS = frozenset({"core", "accounts", "territories", "directory", "events", "funding", "incubator"})


class RoleBackend(BaseBackend):
    """Platform administrators hold every permission; programme staff those of the platform's apps."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if not getattr(user_obj, "is_active", False) or not hasattr(user_obj, "is_platform_admin"):
            return False
        if user_obj.is_platform_admin:
            return True
        if not user_obj.is_programme_staff:
            return False
        app_label = perm.split(".", 1)[0]
        return app_label in PLATFORM_APP_LABELS and perm not in STAFF_DENIED_PERMISSIONS

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        if not getattr(user_obj, "is_active", False) or not hasattr(user_obj, "is_platform_admin"):
            return False
        if user_obj.is_platform_admin:
            return True
        return user_obj.is_programme_staff and app_label in PLATFORM_APP_LABELS
