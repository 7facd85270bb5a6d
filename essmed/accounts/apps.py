from django.apps import AppConfig
from django.db.models.signals import post_init
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "essmed.accounts"
    label = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from django.contrib.admin.models import LogEntry

        import essmed.accounts.personal_data  # noqa: F401 - registers the accounts' own personal data
        from essmed.accounts.history import show_in_readers_language

        post_init.connect(show_in_readers_language, sender=LogEntry, dispatch_uid="essmed.accounts.history")
