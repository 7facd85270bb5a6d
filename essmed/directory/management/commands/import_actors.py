"""``manage.py import_actors FILE --source NAME [--strict] [--publish] [--report FILE]``: import actors from the
standard CSV of the solidarity-economy open-data tools or from GeoJSON (see ``directory/importing.py``)."""

from __future__ import annotations

import csv
import time
from argparse import ArgumentParser
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.utils.translation import gettext, ngettext

from essmed.directory.importing import ImportFileError, RowReport, RowStatus, import_actors

REPORT_COLUMNS = ["line", "identifier", "status", "reasons", "actor_id"]


class ProgressBar:
    """A one-line progress bar on stderr, redrawn with a carriage return after each batch."""

    width = 30

    def __init__(self, stream: OutputWrapper) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.drawn = False

    def __call__(self, phase: str, rows: int, done: int, size: int | None) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        share = min(done / size, 1.0) if size else 0.0
        filled = int(share * self.width)
        label = gettext("checking") if phase == "check" else gettext("importing")
        bar = "#" * filled + "." * (self.width - filled)
        counts = gettext("%(rows)s rows, %(speed)s rows/s") % {"rows": f"{rows:,}", "speed": f"{rows / elapsed:,.0f}"}
        self.stream.write(f"\r{label} [{bar}] {share:4.0%} {counts}", ending="")
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("")
            self.drawn = False


class Command(BaseCommand):
    help = (
        "Import actors from a CSV file (columns Identifier, Name, Description, Organisational Structure, "
        "Activities, Street Address, Locality, Region, Postcode, Country, Website, Phone, Email, Latitude, "
        "Longitude, and language columns such as Name:ar or Description:fr) or a GeoJSON FeatureCollection. "
        "Rows are matched on (source, Identifier): importing the same file again changes nothing. New actors are "
        "drafts for staff to moderate unless --publish. Rejected rows are listed with the reason; -v 2 lists "
        "every row, --report writes the report of every row as CSV."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV or GeoJSON file (UTF-8).")
        parser.add_argument("--source", required=True, help="The name of the source, e.g. 'susy-transformap'.")
        parser.add_argument(
            "--strict", action="store_true", help="Write nothing if any row is rejected (the rows are listed)."
        )
        parser.add_argument("--publish", action="store_true", help="Publish new actors instead of drafts.")
        parser.add_argument("--report", type=Path, help="Write the report of every row to this CSV file.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(gettext("%(path)s: file not found") % {"path": path})
        verbosity = int(options["verbosity"])
        progress = ProgressBar(self.stderr)
        with ExitStack() as stack:
            report_writer = None
            if options["report"]:
                try:
                    handle = stack.enter_context(options["report"].open("w", encoding="utf-8", newline=""))
                except OSError as error:  # before anything is imported
                    message = gettext("%(path)s: the report cannot be written there (no such folder, or no right to)")
                    raise CommandError(message % {"path": options["report"]}) from error
                report_writer = csv.writer(handle)
                report_writer.writerow(REPORT_COLUMNS)

            def on_row(report: RowReport) -> None:
                if report.status == RowStatus.REJECTED or report.reasons or verbosity >= 2:  # notes too
                    progress.finish()
                    self.stdout.write(str(report))
                if report_writer is not None:
                    report_writer.writerow(
                        [report.line, report.identifier, report.status, "; ".join(report.reasons), report.actor_id]
                    )

            stream = stack.enter_context(path.open("rb"))
            try:
                summary = import_actors(
                    stream,
                    source=options["source"],
                    strict=options["strict"],
                    publish=options["publish"],
                    on_row=on_row,
                    on_progress=progress if verbosity >= 1 else None,
                    size=path.stat().st_size,
                )
            except ImportFileError as error:
                progress.finish()
                raise CommandError(f"{path}: {error}") from error
        progress.finish()
        if summary.ignored_columns:
            self.stdout.write(gettext("Columns ignored: %(columns)s") % {"columns": ", ".join(summary.ignored_columns)})
        self.stdout.write(str(summary))
        if summary.rolled_back:
            message = ngettext(
                "Strict mode: %(count)s row rejected, nothing was written. Correct it and import again.",
                "Strict mode: %(count)s rows rejected, nothing was written. Correct them and import again.",
                summary.rejected,
            )
            raise CommandError(message % {"count": summary.rejected})
