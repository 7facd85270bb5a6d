"""Load the programmes, their calls and eligibility rules of data/programmes.py (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from essmed.funding.loading import load_programmes


class Command(BaseCommand):
    help = "Create or update Interreg NEXT MED, Interreg Euro-MED, AFD FICOL and Erasmus for Young Entrepreneurs."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = load_programmes()
        except ValidationError as error:  # data/programmes.py holds a rule or a call the models refuse
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(gettext("Programmes loaded: %(summary)s") % {"summary": summary})
