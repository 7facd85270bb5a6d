from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "essmed.funding"
    label = "funding"
    verbose_name = _("Funding watch")

    def ready(self) -> None:
        import essmed.funding.personal_data  # noqa: F401 - registers what it keeps about a person
        from essmed.funding import receivers  # noqa: F401 - connects the receivers of the directory's signals
