"""What the funding commands say, errors and report lines alike, is in the reader's language: French, Arabic or
English (``check_eligibility`` follows ``--language``, the others the active language)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from essmed.funding.models import Call
from essmed.funding.tests.factories import CallFactory

pytestmark = pytest.mark.django_db

ROW = {
    "identifier": "ESF-2026-SE-INCUBATION",
    "title": "Social economy incubation",
    "identifier_prefix": "ESF",
    "start_date": "2026-05-01",
    "deadline_dates": ["2026-09-30"],
    "deadline_model": "single-stage",
    "url": "https://example.org/call-1",
}
UNNAMED = {"partners": [{"country": "FR", "type": "regional_authority", "role": "lead"}, {"country": "MA"}]}


def check(tmp_path: Path, data: object, *options: str, reference: str = "interreg-next-med-call-2") -> dict:
    path = tmp_path / "consortium.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    out = io.StringIO()
    call_command("check_eligibility", reference, str(path), *options, stdout=out)
    return json.loads(out.getvalue())


def refusal(*args: str, language: str = "fr") -> str:
    with translation.override(language), pytest.raises(CommandError) as raised:
        call_command(*args, stdout=io.StringIO())
    return str(raised.value)


# --- partners without a name, in the reasons of the verdict


@pytest.mark.parametrize(
    ("language", "failing", "missing", "other"),
    [
        ("fr", "partenaire 2 (MA)", "partenaire 2: type d’organisation", "partner 2"),
        ("ar", "الشريك 2 (MA)", "\u2068الشريك 2\u2069: صنف المنظمة", "partner 2"),
        ("en", "partner 2 (MA)", "partner 2: type of organisation", "partenaire 2"),
    ],
)
def test_a_partner_without_a_name_is_called_by_its_number_in_the_language_asked(
    programmes, tmp_path, language, failing, missing, other
):
    with translation.override("en" if language == "fr" else "fr"):  # another language than the one asked
        result = check(tmp_path, UNNAMED, "--language", language)
    reasons = {rule["id"]: rule["reason"] for rule in result["rules"]}
    assert failing in reasons["participating-countries"]
    assert missing in reasons["min-3-countries"]
    assert other not in " ".join(reasons.values())


# --- check_eligibility: every error in the language of --language


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "appel inconnu « no-such-call »"),
        ("ar", "طلب مشاريع غير معروف «no-such-call»"),
        ("en", "unknown call 'no-such-call'"),
    ],
)
def test_an_unknown_call_is_named_in_the_language_asked(programmes, tmp_path, language, expected):
    with pytest.raises(CommandError) as raised:
        check(tmp_path, UNNAMED, "--language", language, reference="no-such-call")
    assert str(raised.value) == expected


@pytest.mark.parametrize(
    ("language", "missing_file", "folder", "not_json"),
    [
        ("fr", "fichier introuvable", "un dossier, pas un fichier", "JSON non valide: erreur à la ligne 1, colonne 2"),
        ("ar", "الملف غير موجود", "مجلد وليس ملفا", "ليس JSON صالحا: خطأ في السطر 1، العمود 2"),
        ("en", "no such file", "a folder, not a file", "not valid JSON: error at line 1, column 2"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_in_the_language_asked(
    programmes, tmp_path, language, missing_file, folder, not_json
):
    reference = "interreg-next-med-call-2"
    absent = tmp_path / "absent.json"
    with pytest.raises(CommandError) as raised:
        call_command("check_eligibility", reference, str(absent), "--language", language, stdout=io.StringIO())
    assert str(raised.value) == f"{absent}: {missing_file}"
    with pytest.raises(CommandError) as raised:
        call_command("check_eligibility", reference, str(tmp_path), "--language", language, stdout=io.StringIO())
    assert str(raised.value) == f"{tmp_path}: {folder}"
    with pytest.raises(CommandError) as raised:
        check(tmp_path, "{not json", "--language", language)
    assert str(raised.value) == f"consortium.json: {not_json}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "l’appel « bare » n’a aucune règle d’éligibilité"),
        ("ar", "ليست لطلب المشاريع «bare» أي قاعدة أهلية"),
        ("en", "the call 'bare' has no eligibility rule"),
    ],
)
def test_a_call_without_rules_is_named_in_the_language_asked(countries, tmp_path, language, expected):
    CallFactory(reference="bare")
    with pytest.raises(CommandError) as raised:
        check(tmp_path, UNNAMED, "--language", language, reference="bare")
    assert str(raised.value) == expected


# --- import_calls: report lines and errors in the active language


@pytest.mark.parametrize(
    ("language", "summary", "line"),
    [
        (
            "fr",
            "calls.json: créés 1, mis à jour 0, inchangés 0, rejetés 1",
            "  ligne 2: rejetée: pas de titre",
        ),
        (
            "ar",
            "calls.json: أُنشئ 1، حُدِّث 0، دون تغيير 0، رُفض 1",
            "  السطر 2: مرفوض: لا يوجد عنوان",
        ),
        (
            "en",
            "calls.json: created 1, updated 0, unchanged 0, rejected 1",
            "  row 2: rejected: no title",
        ),
    ],
)
def test_the_import_report_is_in_the_active_language(db, tmp_path, language, summary, line):
    path = tmp_path / "calls.json"
    path.write_text(json.dumps([ROW, {**ROW, "url": "https://example.org/call-2", "title": " "}]))
    out = io.StringIO()
    with translation.override(language):
        call_command("import_calls", str(path), stdout=out)
    assert out.getvalue().splitlines() == [summary, line]


@pytest.mark.parametrize(
    ("language", "created", "rejected"),
    [
        ("fr", "  ligne 1: créée: ESF-2026-SE-INCUBATION", "  ligne 2: rejetée: même adresse que la ligne 1"),
        ("ar", "  السطر 1: تم الإنشاء: ESF-2026-SE-INCUBATION", "  السطر 2: مرفوض: العنوان نفسه الوارد في السطر 1"),
    ],
)
def test_every_row_of_the_verbose_report_is_in_the_active_language(db, tmp_path, language, created, rejected):
    path = tmp_path / "calls.json"
    path.write_text(json.dumps([ROW, ROW]))
    out = io.StringIO()
    with translation.override(language):
        call_command("import_calls", str(path), verbosity=2, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[1] == created
    assert lines[2].startswith(rejected)


@pytest.mark.parametrize(
    ("language", "more"),
    [
        ("fr", "  … et 2 autres lignes rejetées (--show-rejected les liste)"),
        ("ar", "  … وسطران مرفوضان آخران (2) يعرضهما الخيار --show-rejected"),
        ("en", "  … and 2 more rejected rows (--show-rejected lists them)"),
    ],
)
def test_rejections_beyond_ten_are_counted_in_the_active_language(db, tmp_path, language, more):
    path = tmp_path / "calls.json"
    path.write_text(json.dumps([{**ROW, "url": f"https://example.org/{n}", "title": ""} for n in range(12)]))
    out = io.StringIO()
    with translation.override(language):
        call_command("import_calls", str(path), stdout=out)
    assert out.getvalue().splitlines()[-1] == more


@pytest.mark.parametrize(
    ("language", "missing_file", "not_json", "not_utf8"),
    [
        ("fr", "fichier introuvable", "JSON non valide: erreur à la ligne 1, colonne 1", "pas un texte en UTF-8"),
        ("ar", "الملف غير موجود", "ليس JSON صالحا: خطأ في السطر 1، العمود 1", "ليس نصا بترميز UTF-8"),
        ("en", "no such file", "not valid JSON: error at line 1, column 1", "not a text in UTF-8"),
    ],
)
def test_a_file_the_importer_cannot_read_is_refused_in_the_active_language(
    db, tmp_path, language, missing_file, not_json, not_utf8
):
    absent = tmp_path / "absent.json"
    assert refusal("import_calls", str(absent), language=language) == f"{absent}: {missing_file}"
    broken = tmp_path / "broken.json"
    broken.write_text("nonsense")
    assert refusal("import_calls", str(broken), language=language) == f"broken.json: {not_json}"
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes("url,titre\nhttps://example.org,Économie\n".encode("latin-1"))
    assert refusal("import_calls", str(latin1), language=language) == f"latin1.csv: {not_utf8}"


def test_a_csv_field_beyond_the_csv_modules_limit_is_refused_naming_the_row_not_a_traceback(db, tmp_path):
    path = tmp_path / "calls.csv"
    # The limit is the process's (the directory's importer raises it): one character beyond it, whatever it is now.
    too_long = "x" * (csv.field_size_limit() + 1)
    path.write_text("url,metadata.title\nhttps://example.org/a,A\nhttps://example.org/b," + too_long + "\n")
    message = refusal("import_calls", str(path), language="fr")
    assert message.startswith("calls.csv: la ligne 3 ne peut pas être lue en CSV")
    assert not Call.objects.exists()  # one transaction: nothing of the file is kept


def test_a_row_with_a_nul_character_is_rejected_with_its_reason(db, tmp_path):
    path = tmp_path / "calls.json"
    path.write_text(json.dumps([{**ROW, "title": "Social\x00economy"}]))
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_calls", str(path), stdout=out)
    assert "row 1: rejected: title: must not contain a NUL character" in out.getvalue()
    assert not Call.objects.exists()


# --- load_programmes and send_funding_alerts


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Programmes chargés: programmes 4, appels 5, règles 32"),
        ("ar", "البرامج المحمّلة: البرامج 4، طلبات المشاريع 5، القواعد 32"),
        ("en", "Programmes loaded: programmes 4, calls 5, rules 32"),
    ],
)
def test_loading_the_programmes_reports_in_the_active_language(countries, language, expected):
    out = io.StringIO()
    with translation.override(language):
        call_command("load_programmes", stdout=out)
    assert out.getvalue() == expected + "\n"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "0 récapitulatif mis en file d’attente."),
        ("ar", "لم يوضع أي موجز في قائمة الانتظار (0)."),
        ("en", "0 digests queued."),
    ],
)
def test_the_alerts_command_reports_in_the_active_language(db, language, expected):
    out = io.StringIO()
    with translation.override(language):
        call_command("send_funding_alerts", stdout=out)
    assert out.getvalue() == expected + "\n"
