"""Import calls from the EU Funding & Tenders portal snapshot (CSV or normalised JSON); see importing.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from essmed.funding.importing import import_file


class Command(BaseCommand):
    help = "Create or update calls from a portal snapshot (keyed on the call's address); run again on a newer file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="eu_calls_snapshot.csv or eu_calls_snapshot.normalized.json")
        parser.add_argument("--show-rejected", action="store_true", help="List every rejected row with its reason.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            with path.open("rb") as stream:
                summary = import_file(stream, path.name)
        except (ValueError, UnicodeDecodeError) as error:
            raise CommandError(f"{path.name}: {error}") from error
        self.stdout.write(f"{path.name}: {summary}")
        if options["verbosity"] >= 2:
            for row, outcome, detail in summary.rows:
                self.stdout.write(f"  row {row}: {outcome}: {detail}")
            return
        rejections = summary.rejections if options["show_rejected"] else summary.rejections[:10]
        for row, reason in rejections:
            self.stdout.write(f"  row {row}: rejected: {reason}")
        if len(summary.rejections) > len(rejections):
            self.stdout.write(f"  … and {len(summary.rejections) - len(rejections)} more (--show-rejected)")
