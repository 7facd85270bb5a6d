"""Benchmark the directory at scale: import, search, list, map and API on a generated directory.

Run (SQLite in a temporary folder):
    .venv/bin/python benchmarks/generate_actors.py 1000000 /tmp/actors-1m.csv
    .venv/bin/python benchmarks/directory.py /tmp/actors-1m.csv
PostgreSQL: add --database-url postgres://postgres@127.0.0.1:5432/NAME (an empty database you created).
To measure the queries again on a directory imported by an earlier run, give that run's folder (SQLite) or
database with --var-dir DIR and --skip-import (the first run with --var-dir DIR keeps its folder).
Prints figures; asserts nothing. The figures go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.machine import yardstick  # noqa: E402 - after the path

QUERIES = {
    "fr": ["coopérative", "coopérative agricole", "huile d'olive Oujda", "recyclage", "tourisme solidaire"],
    "ar": ["تعاونية", "التعاونيات", "زيت الزيتون", "النباتات العطرية", "السياحة التضامنية"],
    "en": ["cooperative", "olive oil cooperative", "honey", "waste recycling", "fair trade"],
}


class RssSampler(threading.Thread):
    """Samples the resident memory of this process every 0.2 s."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[tuple[float, int]] = []
        self.running = True
        self.start_time = time.perf_counter()

    def run(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE")
        while self.running:
            with open("/proc/self/statm") as statm:
                rss = int(statm.read().split()[1]) * page
            self.samples.append((time.perf_counter() - self.start_time, rss))
            time.sleep(0.2)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def measure_import(path: str) -> None:
    from django.core.management import call_command

    with open(path, encoding="utf-8") as lines:
        rows = sum(1 for _ in lines) - 1
    sampler = RssSampler()
    sampler.start()
    start = time.perf_counter()
    call_command("import_actors", path, source="benchmark", publish=True, stdout=StringIO(), stderr=StringIO())
    elapsed = time.perf_counter() - start
    sampler.running = False
    sampler.join()
    rss = [r for _t, r in sampler.samples]
    tenth = max(1, len(rss) // 10)
    print(f"import: {rows} rows in {elapsed:.1f} s = {rows / elapsed:,.0f} rows/s")
    mib = [value / 2**20 for value in (rss[tenth], rss[len(rss) // 2], rss[-1], max(rss))]
    print("import memory (RSS MiB): at 10 %, 50 %, 100 % of the run and max:", " ".join(f"{m:.0f}" for m in mib))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("csv")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--var-dir", default="", help="folder for the SQLite database (default: a temporary one)")
    parser.add_argument("--skip-import", action="store_true", help="measure the queries on the directory as it is")
    args = parser.parse_args()
    print(yardstick(), flush=True)

    if args.var_dir:
        Path(args.var_dir).mkdir(parents=True, exist_ok=True)
    os.environ["ESSMED_VAR_DIR"] = args.var_dir or tempfile.mkdtemp(prefix="essmed-bench-")
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "benchmark")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_SETTINGS_MODULE"] = "essmed.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    engine = connection.vendor
    print(f"database: {engine}")
    call_command("migrate", verbosity=0)
    call_command("load_territories", stdout=StringIO())
    call_command("load_taxonomies", stdout=StringIO())

    if not args.skip_import:
        measure_import(args.csv)

    from essmed.core.server import freeze_after_first_request
    from essmed.directory.models import Actor
    from essmed.directory.search import search

    # As a web process does (essmed/wsgi.py): what the first request loaded is then out of the collector's reach.
    client = Client()
    freeze_after_first_request()
    client.get("/fr/actors/")
    print(f"actors in the database: {Actor.objects.count():,}")
    for lang, queries in QUERIES.items():
        timings = []
        for _ in range(args.repeat):
            for query in queries:
                began = time.perf_counter()
                list(search(Actor.objects.published(), query)[:20])
                timings.append((time.perf_counter() - began) * 1000)
        print(f"search {lang}: median {statistics.median(timings):.1f} ms, p95 {p95(timings):.1f} ms ({len(timings)})")

    endpoints = [
        ("list", "/fr/actors/"),
        ("list, search", "/fr/actors/?q=coop%C3%A9rative+agricole"),
        ("list, country filter", "/ar/actors/?country=MA"),
        ("list, page 50", "/fr/actors/?page=50"),
        ("list, search + country", "/fr/actors/?q=huile&country=MA"),
        ("list, search + region", "/fr/actors/?q=coop%C3%A9rative&region=oriental"),
        ("list, rarer word + region", "/fr/actors/?q=tourisme+solidaire&region=oriental"),
        ("list, Arabic word + region", "/ar/actors/?q=%D8%AA%D8%B9%D8%A7%D9%88%D9%86%D9%8A%D8%A9&region=oriental"),
        ("list, common word + country", "/fr/actors/?q=coop%C3%A9rative&country=MA"),
        ("map page, common word", "/fr/actors/map/?q=coop%C3%A9rative"),
        ("map points, Oriental bbox", "/fr/actors/map/points.json?bbox=-3,32,0,35.5"),
        ("map points, whole map", "/fr/actors/map/points.json"),
        ("API list", "/api/actors"),
        ("API search", "/api/actors?q=olive+oil+cooperative"),
        ("API country", "/api/actors?country=FR&page=3"),
    ]
    for name, url in endpoints:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        timings = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - began) * 1000)
        print(f"{name:<28} median {statistics.median(timings):6.1f} ms, p95 {p95(timings):6.1f} ms")


if __name__ == "__main__":
    main()
