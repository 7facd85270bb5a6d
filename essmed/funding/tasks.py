"""Background tasks of the funding watch (django-tasks; run by ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task

from essmed.funding import actions
from essmed.funding.models import SavedSearch


@task()
def send_saved_search_digest(saved_search_id: int) -> int:
    """Send the digest of one saved search (``actions.send_digest``); the number of calls sent."""
    search = SavedSearch.objects.select_related("user").filter(pk=saved_search_id, is_active=True).first()
    if search is None:
        return 0
    return actions.send_digest(search)
