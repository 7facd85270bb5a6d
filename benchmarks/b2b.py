"""Benchmark the meeting scheduler on the 140 instances of Bofill et al. (JAIR 2022), beside the paper's Table 5.

Run:
    .venv/bin/python benchmarks/b2b.py                          # the 20 originals, d = 2, 60 s each
    .venv/bin/python benchmarks/b2b.py --set all                # all 140 instances
    .venv/bin/python benchmarks/b2b.py --set originals --fairness 0 --time-limit 60
    .venv/bin/python benchmarks/b2b.py --only forum-13 --csv /tmp/b2b.csv

Prints a table (our status, breaks, lower bound, seconds; the paper's optimum and MaxSAT time) and totals; every
schedule is checked with the independent ``verify``. Asserts nothing. The figures go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.machine import yardstick  # noqa: E402 - after the path
from essmed.events.scheduling import parse_dzn, schedule, verify  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "b2b"
VARIANTS = ("original", "forb0003", "forb0007", "fixed020-Forb", "fixed040-Forb", "prec15", "prec25")


def published() -> dict[str, dict[str, str]]:
    with (DATA / "published_jair2022_table5_d2.csv").open() as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["instance"]: row for row in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=("originals", "variants", "all"), default="originals")
    parser.add_argument("--fairness", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--only", default="", help="only instances whose name contains this")
    parser.add_argument("--csv", help="also write the rows to this CSV file")
    args = parser.parse_args()
    print(yardstick(), flush=True)

    variants = {"originals": VARIANTS[:1], "variants": VARIANTS[1:], "all": VARIANTS}[args.set]
    paper = published()
    files = sorted(
        path
        for path in DATA.glob("*.dzn")
        if path.name.split(".", 1)[1].removesuffix(".dzn") in variants and args.only in path.name
    )
    print(f"# {len(files)} instances, fairness d = {args.fairness}, time limit {args.time_limit:g} s, 2 workers")
    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()}")
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    header = f"{'instance':30} {'P':>4} {'M':>4} {'T':>3} {'L':>3} {'status':>10} {'breaks':>6} {'bound':>5}"
    print(header + f" {'seconds':>8} {'paper opt':>9} {'MaxSAT s':>8}  check")
    rows = []
    solved = 0
    total = 0.0
    paper_total = 0.0
    for path in files:
        instance = parse_dzn(path.read_text())
        result = schedule(instance, fairness=args.fairness, time_limit=args.time_limit)
        problems = verify(instance, result, fairness=args.fairness)
        base = path.name.split(".", 1)[0]
        variant = path.name.split(".", 1)[1].removesuffix(".dzn")
        reference = paper.get(base, {}) if variant == "original" and args.fairness == 2 else {}
        proven = result.status in ("optimal", "infeasible")
        solved += proven
        total += result.seconds
        if reference:
            paper_total += float(reference["maxsat_time"])
        row = {
            "instance": path.name.removesuffix(".dzn"),
            "P": len(instance.participants),
            "M": len(instance.requests),
            "T": instance.slots,
            "L": instance.tables,
            "status": result.status,
            "breaks": "" if result.breaks is None else result.breaks,
            "bound": "" if result.bound_breaks is None else result.bound_breaks,
            "seconds": f"{result.seconds:.1f}",
            "paper_opt": reference.get("opt", ""),
            "paper_maxsat_s": reference.get("maxsat_time", ""),
            "check": "ok" if not problems else "; ".join(problems[:2]),
        }
        rows.append(row)
        print(
            f"{row['instance']:30} {row['P']:>4} {row['M']:>4} {row['T']:>3} {row['L']:>3} {row['status']:>10} "
            f"{row['breaks']!s:>6} {row['bound']!s:>5} {row['seconds']:>8} {row['paper_opt']:>9} "
            f"{row['paper_maxsat_s']:>8}  {row['check']}",
            flush=True,
        )
        if result.conflicts and result.status == "infeasible":
            print(f"{'':30} conflicts: {'; '.join(result.conflicts[:3])}", flush=True)
    print(f"# proven (optimal or infeasible): {solved}/{len(files)}; total {total:.1f} s", end="")
    if paper_total:
        print(f"; paper's MaxSAT total on the same instances {paper_total:.1f} s", end="")
    print(f"; load {os.getloadavg()}")
    if args.csv:
        with open(args.csv, "w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]) if rows else ["instance"])
            writer.writeheader()
            writer.writerows(rows)


if __name__ == "__main__":
    main()
