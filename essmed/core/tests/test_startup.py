"""What every process of the platform loads when it starts (each web worker, the background worker, a command)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

HEAVY = ("ortools", "pandas", "weasyprint")


def test_starting_django_does_not_load_the_scheduler_or_pdf_libraries():
    """The meeting scheduler (OR-Tools, pandas) and the PDF printer are loaded by the views and tasks that use them:
    loaded by an app's ``ready()``, they cost each process ~70 MiB and 0.4 s (an import of events' actions by
    ``events/personal_data.py`` did)."""
    code = (
        "import django, sys; django.setup(); "
        f"print(','.join(sorted(name for name in {HEAVY!r} if name in sys.modules)))"
    )
    env = {"DJANGO_SETTINGS_MODULE": "essmed.settings", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(  # noqa: S603 - this interpreter, a constant program
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == ""


def test_a_web_process_freezes_its_objects_once_its_first_request_is_answered(tmp_path):
    """``essmed/wsgi.py``: after the first request, what the process loaded is out of the garbage collector's reach
    (``core/server.py``), once; a process that serves nothing freezes nothing."""
    code = (
        "import gc, essmed.wsgi; from django.test import Client; "
        "before = gc.get_freeze_count(); Client().get('/favicon.ico'); first = gc.get_freeze_count(); "
        "Client().get('/favicon.ico'); print(before, first, gc.get_freeze_count())"
    )
    env = {"ESSMED_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(  # noqa: S603 - this interpreter, a constant program
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    before, first, second = (int(count) for count in done.stdout.split())
    assert before == 0
    assert first > 50_000  # Django, the apps and what the first request loaded
    assert second <= first  # not again (frozen objects freed since leave the count)
