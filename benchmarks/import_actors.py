"""Benchmark the import alone: ``manage.py import_actors`` on a generated file, rows/s and memory.

Run (SQLite in a temporary folder):
    .venv/bin/python benchmarks/generate_actors.py 1000000 /tmp/actors-1m.csv
    .venv/bin/python benchmarks/import_actors.py /tmp/actors-1m.csv
PostgreSQL: add --database-url postgres://postgres@127.0.0.1:5432/NAME (an empty database you created).
--again imports the same file a second time (every row unchanged); --profile FILE writes a cProfile of the
(first) import. Memory is the resident memory (RSS) of this process, and the proportional memory (PSS) of it and
its child processes (the importer's parsing workers, forked: they share most pages), sampled every 0.2 s and
given at 10 %, 50 % and 100 % of the file read, and at its highest.
CPU is this process's and its children's (the database server's is not counted on PostgreSQL). The load
average is printed before and after: the figures mean little on a busy machine. Prints figures; asserts
nothing. The figures go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from io import StringIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.machine import yardstick  # noqa: E402 - after the path


def memory_of_tree() -> tuple[int, int]:
    """The resident memory of this process, and the proportional memory (PSS: shared pages divided among
    their sharers) of this process and its children (the forked workers share most of their pages), in bytes."""
    pids = [os.getpid()]
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        try:
            pids.extend(int(pid) for pid in (task / "children").read_text().split())
        except OSError:
            continue
    rss = int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    pss = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    pss += int(line.split()[1]) * 1024
        except OSError:
            continue
    return rss, pss


class RssSampler(threading.Thread):
    """Samples the resident memory of the process tree every 0.2 s, with the share of the file read then."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[tuple[float, int, int]] = []  # (share of the file read, RSS here, PSS of all)
        self.share = 0.0
        self.running = True

    def run(self) -> None:
        while self.running:
            self.samples.append((self.share, *memory_of_tree()))
            time.sleep(0.2)

    def at(self, share: float) -> tuple[int, int]:
        """The highest samples taken before ``share`` of the file was read (or the last ones)."""
        reached = [(rss, pss) for done, rss, pss in self.samples if done <= share] or [self.samples[-1][1:]]
        return max(rss for rss, _pss in reached), max(pss for _rss, pss in reached)


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure_import(path: str, rows: int, label: str, profile: str = "") -> None:
    from django.core.management import call_command

    from essmed.directory.management.commands import import_actors

    sampler = RssSampler()
    size = os.path.getsize(path)

    class Progress(import_actors.ProgressBar):
        def __call__(self, phase: str, rows: int, done: int, size_: int | None) -> None:
            sampler.share = done / size

    original = import_actors.ProgressBar
    import_actors.ProgressBar = Progress  # type: ignore[misc]
    print(f"{label}: load average before {load()}")
    sampler.start()
    cpu = cpu_seconds()
    start = time.perf_counter()
    options: dict[str, Any] = {"source": "benchmark", "publish": True, "stdout": StringIO(), "stderr": StringIO()}
    try:
        if profile:
            import cProfile

            cProfile.runctx("call_command('import_actors', path, **options)", globals(), locals(), profile)
        else:
            call_command("import_actors", path, **options)
    finally:
        import_actors.ProgressBar = original  # type: ignore[misc]
    elapsed = time.perf_counter() - start
    cpu = cpu_seconds() - cpu
    sampler.running = False
    sampler.join()
    print(options["stdout"].getvalue().strip().splitlines()[-1])
    print(f"{label}: {rows:,} rows in {elapsed:.1f} s = {rows / elapsed:,.0f} rows/s (CPU here {cpu:.1f} s)")
    for name, index in (("RSS of the importing process", 0), ("PSS of it and its workers", 1)):
        mib = [sampler.at(share)[index] / 2**20 for share in (0.1, 0.5, 1.0)]
        mib.append(max(sample[index + 1] for sample in sampler.samples) / 2**20)
        print(f"{label}: {name}, MiB, at 10 %, 50 %, 100 % of the file and max: " + " ".join(f"{m:.0f}" for m in mib))
    print(f"{label}: load average after {load()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("csv")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--var-dir", default="", help="folder for the SQLite database (default: a temporary one)")
    parser.add_argument("--again", action="store_true", help="then import the same file again (all unchanged)")
    parser.add_argument("--profile", default="", help="write a cProfile of the first import to this file")
    args = parser.parse_args()
    print(yardstick(), flush=True)

    if args.var_dir:
        Path(args.var_dir).mkdir(parents=True, exist_ok=True)
    os.environ["ESSMED_VAR_DIR"] = args.var_dir or tempfile.mkdtemp(prefix="essmed-import-")
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "benchmark")
    os.environ["DJANGO_SETTINGS_MODULE"] = "essmed.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    print(f"database: {connection.vendor}, {os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d %H:%M')}")
    call_command("migrate", verbosity=0)
    call_command("load_territories", stdout=StringIO())
    call_command("load_taxonomies", stdout=StringIO())
    with open(args.csv, "rb") as lines:
        rows = sum(1 for _ in lines) - 1
    measure_import(args.csv, rows, "import", args.profile)
    if args.again:
        measure_import(args.csv, rows, "again")


if __name__ == "__main__":
    main()
