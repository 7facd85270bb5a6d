"""A yardstick of the machine, printed by the benchmarks beside their figures.

The figures of docs/benchmarks.md come from virtual machines whose speed differs by two or three times from one
session to the next, and by up to half over minutes on one machine: a figure says little without how fast its
machine was when it was taken. Two fixed workloads, each on one core, the best of three runs:

- python: the importer's text work, ``text.search_document()`` on 20,000 generated actors' texts in French,
  Arabic and English (its cache of words emptied first);
- sqlite: 200,000 rows inserted into an in-memory SQLite table in one transaction, then indexed.

Lower is quicker. Run alone: .venv/bin/python benchmarks/machine.py (prints one line; asserts nothing).
"""

from __future__ import annotations

import os
import platform
import random
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from essmed.directory import text  # noqa: E402 - after the path

WORDS = [
    "coopérative",
    "agricole",
    "huile",
    "olive",
    "femmes",
    "artisanat",
    "tourisme",
    "solidaire",
    "recyclage",
    "formation",
    "jeunes",
    "économie",
    "sociale",
    "association",
    "mutuelle",
    "réseau",
    "cooperative",
    "women",
    "olive",
    "oil",
    "crafts",
    "social",
    "economy",
    "training",
    "youth",
    "تعاونية",
    "فلاحية",
    "زيت",
    "الزيتون",
    "النساء",
    "الصناعة",
    "التقليدية",
    "السياحة",
    "التضامنية",
    "إعادة",
    "التدوير",
    "التكوين",
    "الشباب",
]
DOCUMENTS = 20_000
ROWS = 200_000
RUNS = 3


def _texts() -> list[list[str]]:
    chance = random.Random(0)  # noqa: S311 - fixed texts, not secrets
    return [
        [" ".join(chance.choices(WORDS, k=12)) + f" {number}", " ".join(chance.choices(WORDS, k=30))]
        for number in range(DOCUMENTS)
    ]


def _python(texts: list[list[str]]) -> None:
    text._INDEXED_PIECES.clear()
    for actor_texts in texts:
        text.search_document(actor_texts)


def _sqlite() -> None:
    database = sqlite3.connect(":memory:")
    database.execute("CREATE TABLE actor (id INTEGER PRIMARY KEY, name TEXT, country INTEGER, status TEXT)")
    with database:
        database.executemany(
            "INSERT INTO actor (name, country, status) VALUES (?, ?, ?)",
            ((f"actor {number * 7919 % ROWS}", number % 16, "published") for number in range(ROWS)),
        )
    database.execute("CREATE INDEX actor_name ON actor (name)")
    database.close()


def _best(work: Callable[[], None]) -> float:
    timings = []
    for _ in range(RUNS):
        began = time.perf_counter()
        work()
        timings.append((time.perf_counter() - began) * 1000)
    return min(timings)


def _processor() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def yardstick() -> str:
    """One line: the processor, its count, and the two workloads' times in ms."""
    texts = _texts()
    python_ms = _best(lambda: _python(texts))
    sqlite_ms = _best(_sqlite)
    return (
        f"machine: {_processor()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}; yardstick (best of "
        f"{RUNS}, lower is quicker): python {python_ms:.0f} ms, sqlite {sqlite_ms:.0f} ms"
    )


if __name__ == "__main__":
    print(yardstick())
