"""The portal importer: the real snapshot, idempotence, a newer file, rejected rows, the CSV format, the command."""

from __future__ import annotations

import importlib
import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.html import escape

from essmed.funding.data.programmes import PORTAL_PROGRAMMES
from essmed.funding.importing import (
    SOURCE_NAME,
    import_calls,
    import_file,
    parse_csv_row,
    read_rows,
    themes_for,
    to_record,
)
from essmed.funding.models import Call, CallSource, Deadline, DeadlineStage, Programme
from essmed.funding.tests.factories import FunderFactory, ProgrammeFactory

DATA = Path(__file__).resolve().parent.parent / "data"
JSON_SNAPSHOT = DATA / "eu_calls_snapshot.normalized.json"
CSV_SNAPSHOT = DATA / "eu_calls_snapshot.csv"

ROW = {
    "identifier": "ESF-2026-SE-INCUBATION",
    "title": "Social economy incubation",
    "identifier_prefix": "ESF",
    "start_date": "2026-05-01",
    "deadline_dates": ["2026-09-30"],
    "deadline_model": "single-stage",
    "url": "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/opportunities/topic-details/ESF-X",
}


@pytest.fixture(autouse=True)
def _english():
    """The reasons and reports below are read in English, the source language; test_command_messages.py reads
    them in French and Arabic."""
    with translation.override("en"):
        yield


def rows(*items):
    return list(enumerate(items, start=1))


@pytest.fixture
def snapshot(programmes):
    with JSON_SNAPSHOT.open("rb") as stream:
        return import_file(stream, JSON_SNAPSHOT.name)


def test_the_snapshot_imports_keyed_on_the_address_and_rejects_repeated_addresses(snapshot):
    assert (snapshot.created, snapshot.updated, snapshot.unchanged, snapshot.rejected) == (657, 0, 0, 68)
    assert all("same address as row" in reason for _row, reason in snapshot.rejections)
    assert Call.objects.filter(origin=CallSource.FT_PORTAL).count() == 657
    # identifiers repeat: references stay unique by adding the portal's page number
    assert Call.objects.filter(source_identifier="CREA-CULT-2025-COOP-UA-2").count() >= 1
    social = Call.objects.get(source_identifier="PPPA-2026-SOCIAL-ECONOMY-TOURISM")
    assert {"social-economy", "tourism"} <= set(social.themes.values_list("slug", flat=True))
    morocco = Call.objects.get(source_identifier="EuropeAid/186002/DD/ACT/MA")
    assert [c.code for c in morocco.countries.all()] == ["MA"]


def test_importing_the_same_file_again_changes_nothing(snapshot):
    with JSON_SNAPSHOT.open("rb") as stream:
        again = import_file(stream, JSON_SNAPSHOT.name)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 657, 68)
    assert Call.objects.filter(origin=CallSource.FT_PORTAL).count() == 657


def test_a_newer_file_updates_changed_calls_and_adds_new_ones(countries, tmp_path):
    records = json.loads(JSON_SNAPSHOT.read_text())
    with JSON_SNAPSHOT.open("rb") as stream:
        import_file(stream, JSON_SNAPSHOT.name)
    target = next(r for r in records if r["identifier"] == "ESF-2026-SE-INCUBATION")
    target["deadline_dates"] = [*target["deadline_dates"], "2027-03-31"]
    target["deadline_model"] = "multiple cut-off"
    records.append({**ROW, "url": "https://example.org/new-call", "identifier": "NEW-2027"})
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps(records))
    with newer.open("rb") as stream:
        summary = import_file(stream, newer.name)
    assert (summary.created, summary.updated, summary.unchanged) == (1, 1, 656)
    call = Call.objects.get(source_url=target["url"])
    assert date(2027, 3, 31) in call.deadline_dates()
    assert set(call.deadlines.values_list("stage", flat=True)) == {DeadlineStage.CUTOFF}
    assert Call.objects.filter(origin=CallSource.FT_PORTAL).count() == 658


def test_the_raw_csv_gives_the_same_calls_as_the_json(countries):
    with CSV_SNAPSHOT.open("rb") as stream:
        summary = import_file(stream, CSV_SNAPSHOT.name)
    assert (summary.created, summary.rejected) == (657, 68)
    with JSON_SNAPSHOT.open("rb") as stream:
        again = import_file(stream, JSON_SNAPSHOT.name)
    assert again.unchanged == 657


def test_a_csv_cell_of_python_lists_is_read():
    raw = parse_csv_row(
        {
            "metadata.identifier": "['HORIZON-X']",
            "metadata.title": "['A title']",
            "metadata.deadlineDate": "['2026-10-06T13:00:00.000+0000', '2027-01-06T13:00:00.000+0000']",
            "metadata.startDate": "['2026-05-01T00:00:00.000+0000']",
            "metadata.deadlineModel": "['two-stage']",
            "metadata.type": "['1']",
            "url": "https://example.org/x",
        }
    )
    record = to_record(raw)
    assert record.deadlines == ((date(2026, 10, 6), "first_stage"), (date(2027, 1, 6), "second_stage"))
    assert record.programme_prefix == "HORIZON"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"url": ""}, "no address"),
        ({"identifier": ""}, "no identifier"),
        ({"title": " "}, "no title"),
        ({"deadline_dates": ["2026-13-01"]}, "not a date"),
        ({"deadline_dates": ["2026-04-01"]}, "deadline 2026-04-01 before the opening date 2026-05-01"),
    ],
)
def test_a_bad_row_is_rejected_with_its_reason(db, change, reason):
    summary = import_calls(rows({**ROW, **change}))
    assert summary.rejected == 1
    assert reason in summary.rejections[0][1]
    assert not Call.objects.exists()


def test_the_status_comes_from_the_dates_not_from_the_file(db):
    import_calls(rows({**ROW, "status": "open", "deadline_dates": ["2026-05-02"]}))
    call = Call.objects.get()
    assert call.status_on(date(2026, 11, 26)) == "closed"
    assert Deadline.objects.count() == 1


def test_themes_come_from_the_title():
    assert "social-economy" in themes_for("Smart Social Economy Model in Tourism")
    assert "tourism" in themes_for("Smart Social Economy Model in Tourism")


def test_a_file_that_is_not_the_snapshot_is_refused():
    with pytest.raises(ValueError, match="no 'url' column"):
        list(read_rows(io.BytesIO(b"a,b\n1,2\n"), "x.csv"))


def test_the_command_reports_created_updated_unchanged_rejected(countries):
    out = io.StringIO()
    call_command("import_calls", str(JSON_SNAPSHOT), stdout=out)
    assert "created 657, updated 0, unchanged 0, rejected 68" in out.getvalue()
    assert "same address as row" in out.getvalue()
    rows = io.StringIO()
    call_command("import_calls", str(JSON_SNAPSHOT), verbosity=2, stdout=rows)
    assert "row 1: unchanged: CREA-CULT-2025-COOP-UA-2" in rows.getvalue()
    assert rows.getvalue().count(": unchanged: ") == 657 and rows.getvalue().count(": rejected: ") == 68
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_calls", "/nonexistent.json", stdout=io.StringIO())


UNNAMED = {**ROW, "identifier": "EUBA-2026-AGENCIES", "identifier_prefix": "EUBA", "url": f"{ROW['url']}-EUBA"}


@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("fr", "Programme de l'UE (code EUBA)"),
        ("ar", "برنامج للاتحاد الأوروبي (الرمز EUBA)"),
        ("en", "EU programme (code EUBA)"),
    ],
)
def test_a_portal_programme_our_data_does_not_name_is_named_in_the_readers_language(client, countries, lang, label):
    """A code of the portal that ``PORTAL_PROGRAMMES`` does not name (EUBA, I3, RFCS…) was the programme's name in
    every language: pages showed «EUBA» bare."""
    import_calls(rows(UNNAMED))
    call = Call.objects.get(source_identifier="EUBA-2026-AGENCIES")
    assert (call.programme.portal_code, call.programme.name_fr, call.programme.name_ar) == ("EUBA", "", "")
    shown = escape(label)
    page = client.get(f"/{lang}/funding/calls/{call.pk}/").content.decode()
    assert f"<bdi>{shown}</bdi>" in page
    listing = client.get(f"/{lang}/funding/calls/").content.decode()
    assert f"<bdi>{shown}</bdi>" in listing  # beside the call's reference
    assert f">{shown}</option>" in listing  # the programme filter
    export = client.get(f"/{lang}/funding/calls/export.csv").content.decode("utf-8-sig")
    assert f"EUBA-2026-AGENCIES,Social economy incubation,{label}," in export


def test_a_portal_programme_named_later_in_the_data_gets_its_name(countries, monkeypatch):
    import_calls(rows(UNNAMED))
    names = ("Organes et agences de l'UE", "هيئات الاتحاد الأوروبي ووكالاته", "EU bodies and agencies")
    monkeypatch.setitem(PORTAL_PROGRAMMES, "EUBA", names)
    import_calls(rows(UNNAMED))
    programme = Programme.objects.get(portal_code="EUBA")
    assert (programme.name_fr, programme.name_ar, programme.name_en) == names
    assert str(programme) == "EU bodies and agencies"


def test_the_migration_stores_the_code_of_a_portal_programme_named_after_it_and_no_name(countries):
    """Before migration 0003 the importer stored an unnamed code as the programme's name in every language."""
    migration = importlib.import_module("essmed.funding.migrations.0003_programmes_without_a_name")
    funder = FunderFactory()
    old = {"funder": funder, "source": SOURCE_NAME}
    unnamed = ProgrammeFactory(slug="eu-innovfund", name="InnovFund", name_ar="InnovFund", **old)  # every language
    named = ProgrammeFactory(slug="eu-europeaid", name_fr="Action extérieure de l'UE (EuropeAid)", **old)
    ours = ProgrammeFactory(slug="interreg-next-med-2", name="Interreg NEXT MED", name_fr="Interreg NEXT MED")
    migration.store_codes_not_names(django_apps, None)
    for programme in (unnamed, named, ours):
        programme.refresh_from_db()
    assert (unnamed.portal_code, unnamed.name_fr, unnamed.name_ar, unnamed.name_en) == ("InnovFund", "", "", "")
    assert (named.portal_code, named.name_fr) == ("EuropeAid", "Action extérieure de l'UE (EuropeAid)")
    assert (ours.portal_code, ours.name_fr) == ("", "Interreg NEXT MED")
    assert str(unnamed) == "EU programme (code InnovFund)"
