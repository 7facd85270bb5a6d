"""Load the programmes, their calls and eligibility rules of data/programmes.py (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from essmed.funding.loading import load_programmes


class Command(BaseCommand):
    help = "Create or update Interreg NEXT MED, Interreg Euro-MED, AFD FICOL and Erasmus for Young Entrepreneurs."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Programmes: {load_programmes()}")
