from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "essmed.directory"
    label = "directory"
    verbose_name = _("Directory of actors")

    def ready(self) -> None:
        import essmed.directory.personal_data
        import essmed.directory.receivers  # noqa: F401 - search documents follow the names of places
