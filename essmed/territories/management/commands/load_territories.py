"""``manage.py load_territories``: load or refresh the countries, regions, divisions and communes."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from essmed.territories.loader import DATA_DIR, load_territories


class Command(BaseCommand):
    help = (
        "Load the countries, regions, prefectures, provinces, departments and communes from the files of "
        "essmed/territories/data. Safe to run again: records are matched on their codes and only updated."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--data-dir", type=Path, default=DATA_DIR, help=f"Folder of the data files (default: {DATA_DIR})."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = load_territories(options["data_dir"])
        for name, counts in summary.items():
            self.stdout.write(f"{name}: {counts}")
