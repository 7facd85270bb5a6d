from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncubatorConfig(AppConfig):
    name = "essmed.incubator"
    label = "incubator"
    verbose_name = _("ESS incubator")

    def ready(self) -> None:
        import essmed.incubator.personal_data  # noqa: F401 - registers what it keeps about a person
        from essmed.incubator import receivers  # noqa: F401 - connects the receivers of the directory's signals
