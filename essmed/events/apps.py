from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "essmed.events"
    label = "events"
    verbose_name = _("Events and B2B meetings")

    def ready(self) -> None:
        import essmed.events.personal_data  # noqa: F401 - registers what it keeps about a person
        from essmed.events import receivers  # noqa: F401 - connects the receivers of the directory's signals
