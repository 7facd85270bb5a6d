from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "essmed.events"
    label = "events"
    verbose_name = _("Events and B2B meetings")

    def ready(self) -> None:
        from essmed.events import receivers  # noqa: F401 - connects the receivers of the directory's signals
