"""Import calls from the EU Funding & Tenders portal snapshot (CSV or normalised JSON); see importing.py.

What it says is in the active language (the site's, French, unless a caller sets another).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext, ngettext

from essmed.funding.importing import ImportFileError, import_file, outcome_label


class Command(BaseCommand):
    help = "Create or update calls from a portal snapshot (keyed on the call's address); run again on a newer file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="eu_calls_snapshot.csv or eu_calls_snapshot.normalized.json")
        parser.add_argument("--show-rejected", action="store_true", help="List every rejected row with its reason.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(gettext("%(path)s: no such file") % {"path": path})
        if not path.is_file():
            raise CommandError(gettext("%(path)s: a folder, not a file") % {"path": path})
        try:
            with path.open("rb") as stream:
                summary = import_file(stream, path.name)
        except PermissionError as error:
            raise CommandError(gettext("%(path)s: you have no right to read this file") % {"path": path}) from error
        except ImportFileError as error:
            raise CommandError(f"{path.name}: {error}") from error
        self.stdout.write(f"{path.name}: {summary}")
        if options["verbosity"] >= 2:
            for row, outcome, detail in summary.rows:
                self.stdout.write(self.row_line(row, outcome_label(outcome), detail))
            return
        rejections = summary.rejections if options["show_rejected"] else summary.rejections[:10]
        for row, reason in rejections:
            self.stdout.write(self.row_line(row, outcome_label("rejected"), reason))
        more = len(summary.rejections) - len(rejections)
        if more > 0:
            message = ngettext(
                "… and %(count)s more rejected row (--show-rejected lists it)",
                "… and %(count)s more rejected rows (--show-rejected lists them)",
                more,
            )
            self.stdout.write("  " + message % {"count": more})

    @staticmethod
    def row_line(row: int, outcome: str, detail: str) -> str:
        return "  " + gettext("row %(row)s: %(outcome)s: %(detail)s") % {
            "row": row,
            "outcome": outcome,
            "detail": detail,
        }
