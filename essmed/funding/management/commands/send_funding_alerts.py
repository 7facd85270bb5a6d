"""Queue the digest of every saved search that is due, one background task each.

Cron, once a day (the worker, ``manage.py db_worker``, sends them):

    15 6 * * *  cd /srv/essmed && .venv/bin/python manage.py send_funding_alerts
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import ngettext

from essmed.funding.actions import due_searches
from essmed.funding.tasks import send_saved_search_digest


class Command(BaseCommand):
    help = "Queue one digest task per saved search that is due (daily or weekly)."

    def handle(self, *args: Any, **options: Any) -> None:
        ids = list(due_searches(timezone.now()).values_list("pk", flat=True))
        for pk in ids:
            transaction.on_commit(partial(send_saved_search_digest.enqueue, pk))
        message = ngettext("%(count)s digest queued.", "%(count)s digests queued.", len(ids))
        self.stdout.write(message % {"count": len(ids)})
