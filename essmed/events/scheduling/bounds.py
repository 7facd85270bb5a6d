"""Upper bounds on the number of meetings that can be held (issue 4 §3a; docs/scheduling.md)."""

from __future__ import annotations

from ortools.graph.python import max_flow  # type: ignore[import-untyped]

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
    G_t joins the participants of the requests that may take slot t, (2) the largest fractional b-matching where
    each participant has at most as many meetings as free slots (and its maximum), (3) the requests that have a
    possible slot."""
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
    by_participant = fractional_b_matching(problem, possible) // 2
    return min(by_slot, by_participant, len(possible))


def fractional_b_matching(problem: Problem, possible: list[int]) -> int:
    """Twice the largest fractional b-matching (each participant p in at most ``capacity[p]`` meetings): a
    maximum flow in the bipartite double cover, where each request joins a's left copy to b's right copy and
    b's left copy to a's right copy. Half of it bounds the meetings that can be held (exact when two-sided)."""
    return b_matching_flow(problem, possible)[0]


def b_matching_flow(problem: Problem, possible: list[int]) -> tuple[int, dict[int, int]]:
    """The double-cover flow value and, per request, the flow it carries (0, 1 or 2)."""
    n = len(problem.incident)
    source, sink = 2 * n, 2 * n + 1
    flow = max_flow.SimpleMaxFlow()
    for p in range(n):
        if problem.capacity[p] > 0:
            flow.add_arc_with_capacity(source, p, problem.capacity[p])
            flow.add_arc_with_capacity(n + p, sink, problem.capacity[p])
    arcs: list[tuple[int, int, int]] = []
    for m in possible:
        a, b = problem.ends[m]
        arcs.append((m, flow.add_arc_with_capacity(a, n + b, 1), flow.add_arc_with_capacity(b, n + a, 1)))
    if flow.solve(source, sink) != flow.OPTIMAL:  # pragma: no cover - integral capacities always solve
        return 2 * len(possible), {}
    carried = {m: int(flow.flow(one)) + int(flow.flow(two)) for m, one, two in arcs}
    return int(flow.optimal_flow()), carried
