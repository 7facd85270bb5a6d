"""The admin's import page follows the background worker: progress first, then the report, without a reload."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from playwright.sync_api import Page, expect

from essmed.accounts.models import Role
from essmed.accounts.tests.factories import person
from essmed.directory.models import ActorImport, ImportStatus
from essmed.directory.tasks import progress_key
from tests.e2e.accessibility import assert_accessible
from tests.e2e.session import log_in

pytestmark = pytest.mark.e2e


def test_the_status_page_shows_the_progress_then_the_report_of_the_worker(page: Page, db) -> None:
    sophie = person(Role.STAFF, email="sophie@example.org", full_name="Sophie")
    actor_import = ActorImport.objects.create(
        file=ContentFile(b"Identifier,Name,Country\n", name="actors.csv"),
        file_name="actors.csv",
        size=120,
        source="upload-test",
        created_by=sophie,
    )
    log_in(page, "en", "sophie@example.org")
    page.goto(f"/en/admin/directory/actor/import/{actor_import.pk}/")
    status = page.get_by_role("status")
    expect(status).to_contain_text("The file waits for the background worker.")
    assert_accessible(page)

    # The worker starts: the page shows its progress at its next look, without being reloaded.
    ActorImport.objects.filter(pk=actor_import.pk).update(status=ImportStatus.RUNNING)
    caches["progress"].set(progress_key(actor_import.pk), {"phase": "import", "rows": 1500, "bytes": 60, "size": 120})
    page.evaluate("window.stillTheSamePage = true")
    expect(status).to_contain_text("Importing: 1500 rows done.")
    expect(page.locator("progress")).to_have_attribute("value", "50")

    # The worker ends: the report replaces the progress.
    ActorImport.objects.filter(pk=actor_import.pk).update(
        status=ImportStatus.DONE,
        created=2,
        rejected=1,
        report=[
            {"line": 4, "identifier": "oc-3", "status": "rejected", "reasons": ["Country: unknown"], "actor_id": None}
        ],
    )
    expect(page.locator("#import-report")).to_contain_text("Country: unknown")
    expect(page.locator("#import-status")).to_have_text("done")
    assert page.evaluate("window.stillTheSamePage") is True
    expect(page.get_by_role("status")).to_have_count(0)
    assert_accessible(page)
