"""Upper bounds on the number of meetings that can be held (issue 4 §3a; docs/scheduling.md)."""

from __future__ import annotations

from .problem import Problem


def matching_upper_bound(edges: list[tuple[int, int]]) -> int:
    """An upper bound on the largest matching of a (multi)graph: the smallest of twice a maximal matching,
    a greedy vertex cover, and half the vertices."""
    if not edges:
        return 0
    used: set[int] = set()
    maximal = 0
    for a, b in edges:
        if a not in used and b not in used:
            used.update((a, b))
            maximal += 1
    neighbours: dict[int, set[int]] = {}
    for a, b in edges:
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    vertices = len(neighbours)
    cover = 0
    degree = {v: len(n) for v, n in neighbours.items()}
    remaining = sum(degree.values()) // 2
    buckets: dict[int, set[int]] = {}
    for v, d in degree.items():
        buckets.setdefault(d, set()).add(v)
    top = max(buckets)
    while remaining > 0:
        while top > 0 and not buckets.get(top):
            top -= 1
        v = buckets[top].pop()
        cover += 1
        remaining -= degree[v]
        degree[v] = 0
        for w in neighbours[v]:
            if degree[w] > 0:
                buckets[degree[w]].discard(w)
                degree[w] -= 1
                buckets.setdefault(degree[w], set()).add(w)
    return min(2 * maximal, cover, vertices // 2)


def meetings_upper_bound(problem: Problem) -> int:
    """A true upper bound on the meetings that can be held: the smallest of (1) Σ_t min(tables, ν(G_t)) where
    G_t joins the participants of the requests that may take slot t, (2) half the sum over participants of
    min(their possible meetings, the meetings they can attend), (3) the requests that have a possible slot."""
    instance = problem.instance
    possible = [m for m in range(len(problem.requests)) if problem.allowed[m]]
    per_slot: list[list[tuple[int, int]]] = [[] for _ in range(instance.slots + 1)]
    degree = [0] * len(problem.incident)
    for m in possible:
        a, b = problem.ends[m]
        degree[a] += 1
        degree[b] += 1
        for t in problem.allowed[m]:
            per_slot[t].append((a, b))
    by_slot = sum(min(instance.tables, matching_upper_bound(edges)) for edges in per_slot[1:])
    by_participant = sum(min(degree[p], problem.capacity[p]) for p in range(len(degree))) // 2
    return min(by_slot, by_participant, len(possible))
