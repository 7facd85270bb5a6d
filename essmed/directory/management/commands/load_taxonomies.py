"""``manage.py load_taxonomies``: load or refresh the legal forms, activities and themes of the directory."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from essmed.directory.taxonomies import TAXONOMY_FILE, load_taxonomies


class Command(BaseCommand):
    help = (
        "Load the directory's taxonomies (ESSGlobal legal forms with national forms, ICA activities, themes) from "
        "essmed/directory/data/taxonomies.csv, in one transaction. Safe to run again: terms are matched on "
        "(vocabulary, code) and only updated. Needs the countries (manage.py load_territories)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--file", type=Path, default=TAXONOMY_FILE, help=f"Taxonomy file (default: {TAXONOMY_FILE})."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_taxonomies(options["file"])
        self.stdout.write(f"taxonomy terms: {counts}")
