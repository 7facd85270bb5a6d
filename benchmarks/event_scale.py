"""Benchmark the meeting scheduler at event scale: a seeded random B2B fair with a realistic structure.

Run:
    .venv/bin/python benchmarks/event_scale.py                       # 5,000 participants, 50,000 requests
    .venv/bin/python benchmarks/event_scale.py --participants 1000 --requests 8000 --tables 400 --seed 2

The fair: about a third of the participants are "hosts" (funders, buyers, support structures) that the others
ask to meet, with a skewed popularity (a few hosts are asked by many); a fifth of the requests join two
ordinary participants; requests accepted both ways are mutual and get a higher priority. Some participants are
there only in the morning or the afternoon or miss a few slots, some cap their meetings, a few meetings are
fixed by the organiser or ordered. Prints the figures; asserts nothing. They go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.machine import yardstick  # noqa: E402 - after the path
from essmed.events.scheduling import Instance, Participant, Request, schedule, verify  # noqa: E402
from essmed.events.scheduling.model import Session  # noqa: E402


def generate(participants: int, requests: int, slots: int, tables: int, seed: int) -> Instance:
    rng = random.Random(seed)  # noqa: S311 - a reproducible benchmark, not security
    morning = slots // 2
    people = []
    for i in range(participants):
        unavailable: set[int] = set()
        draw = rng.random()
        if draw < 0.08:
            unavailable = set(range(morning + 1, slots + 1))  # morning only
        elif draw < 0.14:
            unavailable = set(range(1, morning + 1))  # afternoon only
        elif draw < 0.30:
            unavailable = set(rng.sample(range(1, slots + 1), rng.randint(1, 3)))
        cap = rng.randint(6, 12) if rng.random() < 0.2 else None
        people.append(Participant(f"p{i}", frozenset(unavailable), cap))
    hosts = list(range(participants // 3))
    others = list(range(participants // 3, participants))
    weights = [1.0 / (rank + 10) ** 0.8 for rank in range(len(hosts))]  # skewed popularity of hosts
    pairs: set[tuple[int, int]] = set()
    made: list[Request] = []
    while len(made) < requests:
        if rng.random() < 0.8:
            a = rng.choice(others)
            b = rng.choices(hosts, weights)[0]
        else:
            a, b = rng.sample(others, 2)
        key = (min(a, b), max(a, b))
        if key in pairs:
            continue
        pairs.add(key)
        mutual = rng.random() < 0.25
        session: Session = "any"
        draw = rng.random()
        if draw < 0.05:
            session = "morning"
        elif draw < 0.10:
            session = "afternoon"
        made.append(
            Request(
                f"r{len(made)}",
                f"p{a}",
                f"p{b}",
                priority=(2 if mutual else 1) + (1 if rng.random() < 0.05 else 0),
                session=session,
                fixed_slot=rng.randint(1, slots) if rng.random() < 0.002 else None,
            )
        )
    # a few order constraints between requests of the same participant (a visit before a follow-up)
    by_participant: dict[str, list[int]] = {}
    for index, request in enumerate(made):
        by_participant.setdefault(request.a, []).append(index)
    for indices in list(by_participant.values())[: participants // 50]:
        if len(indices) >= 2 and made[indices[1]].fixed_slot is None and made[indices[0]].fixed_slot is None:
            later = made[indices[1]]
            made[indices[1]] = Request(
                later.id, later.a, later.b, later.priority, later.session, later.fixed_slot, (made[indices[0]].id,)
            )
    return Instance(slots, morning, tables, tuple(people), tuple(made))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--participants", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=50000)
    parser.add_argument("--slots", type=int, default=16)
    parser.add_argument("--tables", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    print(yardstick(), flush=True)

    started = time.perf_counter()
    instance = generate(args.participants, args.requests, args.slots, args.tables, args.seed)
    generated = time.perf_counter() - started
    print(
        f"# {args.participants} participants, {args.requests} requests, {args.slots} slots, {args.tables} tables, "
        f"seed {args.seed}; generated in {generated:.1f} s; load {os.getloadavg()}"
    )
    result = schedule(instance, time_limit=args.time_limit)
    held = len(result.scheduled)
    bound = result.bound_meetings or 0
    problems = verify(instance, result)
    meetings: dict[str, int] = {p.id: 0 for p in instance.participants}
    requested: set[str] = set()
    by_id = {r.id: r for r in instance.requests}
    for request in instance.requests:
        requested.update((request.a, request.b))
    for placement in result.scheduled:
        meetings[by_id[placement.request].a] += 1
        meetings[by_id[placement.request].b] += 1
    without = sum(1 for p in requested if meetings[p] == 0)
    codes: dict[str, int] = {}
    for left in result.unscheduled:
        codes[left.code] = codes.get(left.code, 0) + 1
    counts = sorted(meetings[p] for p in requested)
    print(f"status {result.status}; {result.seconds:.1f} s (time limit {args.time_limit:g} s)")
    print(
        f"meetings held {held} of {len(instance.requests)} requested; upper bound {bound}; "
        f"held/bound {held / bound:.2%}"
    )
    print(f"breaks {result.breaks} (lower bound {result.bound_breaks}); verify: {len(problems)} problems")
    print(
        f"participants with requests: {len(requested)}; without any meeting: {without}; meetings per participant: "
        f"min {counts[0]}, median {counts[len(counts) // 2]}, max {counts[-1]}"
    )
    print("left out by reason: " + ", ".join(f"{code} {n}" for code, n in sorted(codes.items())))
    print(f"# load {os.getloadavg()}")


if __name__ == "__main__":
    main()
