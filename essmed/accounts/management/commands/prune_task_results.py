"""Delete the background worker's finished task results older than ``TASK_RESULT_RETENTION_DAYS``; run it daily.

A task result keeps the task's arguments: for a finished email (``core.emails.queue_email``), the recipient's address,
the template and the language (the text is forgotten once sent, ``core.emails.forget_email_text``). django-tasks-db's
own ``prune_db_task_results`` does the deletion; this command gives it the platform's retention period and every
queue, so that cron needs no option.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Delete the results of background tasks finished more than TASK_RESULT_RETENTION_DAYS days ago."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command(
            "prune_db_task_results",
            queue_name="*",
            min_age_days=settings.TASK_RESULT_RETENTION_DAYS,
            verbosity=options["verbosity"],
            stdout=self.stdout,
            stderr=self.stderr,
        )
