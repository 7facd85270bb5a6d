"""Load the demo data of every app: ``python manage.py load_demo``.

Each app may have a ``demo`` module with a ``load(stdout)`` function; they run in the order of
INSTALLED_APPS, in one transaction, and can be run again without duplicating anything. Refused
when DEBUG is off, so that demo accounts never reach a production database.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Load the territories and the demo data (demo accounts, organisations…). Refused when DEBUG is off."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Demo data is refused when DEBUG is off: it creates accounts with a published password. "
                "Load the reference data with 'manage.py load_territories' instead."
            )
        call_command("load_territories", stdout=self.stdout)
        with transaction.atomic():
            for app in apps.get_app_configs():
                module_name = f"{app.name}.demo"
                if app.name.startswith("essmed.") and find_spec(module_name):
                    import_module(module_name).load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
