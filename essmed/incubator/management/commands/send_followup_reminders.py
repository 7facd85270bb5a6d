"""Remind advisors of the follow-ups that are due (entry, 6 months, 1 year, 3 years), by email through the
background worker; a follow-up is never reminded twice. Run it daily from cron, e.g.:

    15 7 * * *  cd /srv/essmed && .venv/bin/python manage.py send_followup_reminders
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from essmed.incubator.actions import send_follow_up_reminders


class Command(BaseCommand):
    help = "Queue an email to each advisor for each follow-up of their projects that is due and not reminded yet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="The date to check against (YYYY-MM-DD); today by default.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError(f"--today: not a date in the form YYYY-MM-DD: {options['today']}") from error
        sent = send_follow_up_reminders(today)
        self.stdout.write(f"Follow-up reminders queued: {sent}")
