"""Background tasks of the events app (run by the django-tasks worker, ``manage.py db_worker``)."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from essmed.events.actions import execute_run
from essmed.events.models import RunStatus, ScheduleRun

logger = logging.getLogger(__name__)


@task()
def run_schedule(run_id: int) -> str:
    """Run the scheduler for one queued ``ScheduleRun``; returns its final status."""
    run = ScheduleRun.objects.select_related("event").filter(pk=run_id, status=RunStatus.QUEUED).first()
    if run is None:
        return "skipped"
    try:
        run = execute_run(run)
    except Exception as error:  # the run records why it failed; the page shows it instead of waiting forever
        logger.exception("Scheduler run %s failed", run_id)
        ScheduleRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, error=f"{type(error).__name__}: {error}", finished_at=timezone.now()
        )
        return RunStatus.FAILED
    return str(run.status)
