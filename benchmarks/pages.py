"""Time the platform's pages and the territories loader; prints figures, asserts nothing.

Run: DEBUG=true .venv/bin/python benchmarks/pages.py [--repeat N]
Uses a throw-away SQLite database in a temporary folder; the figures go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.machine import yardstick  # noqa: E402 - after the path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    print(yardstick(), flush=True)

    os.environ.setdefault("DEBUG", "true")
    os.environ["ESSMED_VAR_DIR"] = tempfile.mkdtemp(prefix="essmed-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "essmed.settings"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("load_territories", stdout=StringIO())
    print(f"load_territories (empty database): {time.perf_counter() - start:.2f} s")
    start = time.perf_counter()
    call_command("load_territories", stdout=StringIO())
    print(f"load_territories (again, nothing to change): {time.perf_counter() - start:.2f} s")
    call_command("load_demo", stdout=StringIO())
    from essmed.core.server import freeze_after_first_request

    freeze_after_first_request()  # as a web process does (essmed/wsgi.py)
    client = Client()
    staff = Client()
    from essmed.accounts.models import User

    staff.force_login(User.objects.get(email="staff@example.org"))
    pages = [
        ("home", client, "/{lang}/"),
        ("territories", client, "/{lang}/territories/"),
        ("region (Oriental, 124 communes)", client, "/{lang}/territories/regions/oriental/"),
        ("login", client, "/{lang}/accounts/login/"),
        ("profile (staff)", staff, "/{lang}/accounts/profile/"),
        ("invitations (staff)", staff, "/{lang}/accounts/invitations/"),
    ]
    print(f"\n{'page':<36} {'lang':<4} {'median ms':>9} {'p95 ms':>7} {'queries':>7} {'peak KiB':>8}")
    for name, who, pattern in pages:
        for lang in ("fr", "ar"):
            url = pattern.format(lang=lang)
            assert who.get(url).status_code == 200, url
            timings = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                who.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            reset_queries()  # DEBUG keeps a bounded log of queries: empty it before counting
            with CaptureQueriesContext(connection) as queries:
                who.get(url)
            tracemalloc.start()
            who.get(url)
            peak = tracemalloc.get_traced_memory()[1] / 1024
            tracemalloc.stop()
            p95 = statistics.quantiles(timings, n=20)[-1]
            print(
                f"{name:<36} {lang:<4} {statistics.median(timings):>9.1f} {p95:>7.1f} "
                f"{len(queries.captured_queries):>7} {peak:>8.0f}"
            )


if __name__ == "__main__":
    main()
