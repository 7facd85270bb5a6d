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
