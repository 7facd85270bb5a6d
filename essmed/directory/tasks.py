"""The directory's background work: imports uploaded in the admin (see ``ActorImport``)."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache import caches
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from essmed.directory.actions import refresh_search_documents
from essmed.directory.importing import ImportFileError, RowReport, RowStatus, import_actors
from essmed.directory.models import Actor, ActorImport, ImportStatus

REPORT_ROWS_KEPT = 1000  # rows of the report kept with the import: rejected rows first
PROGRESS_EVERY = 0.5  # seconds between two progress updates

logger = logging.getLogger(__name__)


def progress_key(pk: int) -> str:
    return f"actor-import-{pk}"


def read_progress(actor_import: ActorImport) -> dict[str, Any] | None:
    """The progress of a running import: phase, rows, bytes read and size; None before the first batch."""
    progress: dict[str, Any] | None = caches["progress"].get(progress_key(actor_import.pk))
    return progress


def enqueue_import(actor_import: ActorImport, language: str) -> None:
    """Hand the import to the background worker once the upload is committed; its report is written in
    ``language`` (the uploader's)."""
    transaction.on_commit(lambda: run_actor_import.enqueue(actor_import.pk, language))


@task()
def run_actor_import(pk: int, language: str) -> str:
    """Import the uploaded file of ActorImport ``pk``; the outcome and the report are saved on it."""
    with translation.override(language):
        return _run_import(pk)


def _run_import(pk: int) -> str:
    actor_import = ActorImport.objects.get(pk=pk)
    if actor_import.status != ImportStatus.QUEUED:
        return actor_import.status
    actor_import.status, actor_import.started_at = ImportStatus.RUNNING, timezone.now()
    actor_import.save(update_fields=["status", "started_at"])  # kept: the instance is saved again at the end
    rejected: list[RowReport] = []
    others: list[RowReport] = []
    last = 0.0

    def keep(report: RowReport) -> None:
        kept = rejected if report.status == RowStatus.REJECTED else others
        if len(kept) < REPORT_ROWS_KEPT:
            kept.append(report)

    def progress(phase: str, rows: int, done: int, size: int | None) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY:
            last = now
            caches["progress"].set(
                progress_key(pk), {"phase": phase, "rows": rows, "bytes": done, "size": size}, timeout=24 * 3600
            )

    try:
        with actor_import.file.open("rb") as stream:
            summary = import_actors(
                stream,
                source=actor_import.source,
                strict=actor_import.strict,
                publish=actor_import.publish,
                on_row=keep,
                on_progress=progress,
                size=actor_import.size,
            )
    except (ImportFileError, OSError) as error:
        actor_import.status = ImportStatus.FAILED
        actor_import.error = str(error) if isinstance(error, ImportFileError) else _("The file cannot be read.")
    except Exception:  # a defect: the import must not stay "running" with a page that waits for it forever
        logger.exception("Import of actors %s failed", pk)
        actor_import.status = ImportStatus.FAILED
        actor_import.error = _(
            "The import failed because of an error of the platform. The technical team has the details: import "
            "the file again later, or ask them."
        )
    else:
        actor_import.status = ImportStatus.DONE
        for name in ("created", "updated", "unchanged", "rejected", "rolled_back", "ignored_columns"):
            setattr(actor_import, name, getattr(summary, name))
        shown = sorted(rejected + others[: max(REPORT_ROWS_KEPT - len(rejected), 0)], key=lambda r: r.line)
        actor_import.report = [
            {
                "line": r.line,
                "identifier": r.identifier,
                "status": r.status,
                "reasons": list(r.reasons),
                "actor_id": r.actor_id,
            }
            for r in shown
        ]
    actor_import.finished_at = timezone.now()
    actor_import.save()
    caches["progress"].delete(progress_key(pk))
    return actor_import.status


@task()
def refresh_place_documents(level: str, pk: int) -> int:
    """Compute again the search documents of the actors of a territory whose names changed (``receivers.py``):
    ``level`` is the actor's link (``country``, ``region``, ``division`` or ``commune``)."""
    return refresh_search_documents(Actor.objects.filter(**{f"{level}_id": pk}))
