"""The programme dashboard's aggregates: pure functions, without database access (tests/test_dashboard.py).

Each project counts once, with the figures of its latest follow-up. Jobs are counted in full-time equivalents
(a part-time job counts for its share of full time). Shares are computed from summed numerators and
denominators, never averaged. A breakdown cell covering fewer than ``MIN_PROJECTS_PER_CELL`` projects is hidden,
and so are larger ones until the hidden cells cover that many projects together, so that no project's figures can
be read from the dashboard, not even by subtracting the cells shown from the total.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MIN_PROJECTS_PER_CELL = 5


@dataclass(frozen=True)
class ProjectFigures:
    project: int
    province: str
    sector: str
    full_time_jobs: int
    part_time_jobs: int
    part_time_fraction: Decimal
    women: int
    men: int
    under_30: int
    turnover: Decimal
    funds_raised: Decimal
    still_active: bool


def fte(full_time_jobs: int, part_time_jobs: int, part_time_fraction: Decimal) -> Decimal:
    """Jobs in full-time equivalents: two half-time jobs make one."""
    return Decimal(full_time_jobs) + Decimal(part_time_jobs) * part_time_fraction


def share(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in per cent, to one decimal; None when there is nothing to divide."""
    if whole == 0:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Totals:
    projects: int
    fte: Decimal
    women: int
    men: int
    under_30: int
    turnover: Decimal
    funds_raised: Decimal
    still_active: int

    @property
    def members(self) -> int:
        return self.women + self.men

    @property
    def women_share(self) -> Decimal | None:
        return share(self.women, self.members)

    @property
    def under_30_share(self) -> Decimal | None:
        return share(self.under_30, self.members)

    @property
    def active_share(self) -> Decimal | None:
        return share(self.still_active, self.projects)


def totals(figures: Iterable[ProjectFigures]) -> Totals:
    rows = list(figures)
    return Totals(
        projects=len(rows),
        fte=sum((fte(r.full_time_jobs, r.part_time_jobs, r.part_time_fraction) for r in rows), Decimal(0)),
        women=sum(r.women for r in rows),
        men=sum(r.men for r in rows),
        under_30=sum(r.under_30 for r in rows),
        turnover=sum((r.turnover for r in rows), Decimal(0)),
        funds_raised=sum((r.funds_raised for r in rows), Decimal(0)),
        still_active=sum(1 for r in rows if r.still_active),
    )


@dataclass(frozen=True)
class Cell:
    """One row of a breakdown: ``totals`` is None when the row is hidden, either because it covers too few
    projects, or (``suppressed``) so that a smaller hidden row cannot be computed as the total minus the others."""

    label: str
    projects: int
    totals: Totals | None
    suppressed: bool = False

    @property
    def hidden(self) -> bool:
        return self.totals is None


def breakdown(figures: Iterable[ProjectFigures], key: Callable[[ProjectFigures], str]) -> list[Cell]:
    """Rows by ``key`` (province, sector), sorted by label. A row of fewer than 5 projects is hidden; then, the
    smallest rows first, as many other rows as it takes for the hidden rows to cover 5 projects together: the
    total minus the rows shown gives only the sum of at least 5 projects, never one project's figures."""
    groups: dict[str, list[ProjectFigures]] = {}
    for row in figures:
        groups.setdefault(key(row), []).append(row)
    small = {label for label, rows in groups.items() if len(rows) < MIN_PROJECTS_PER_CELL}
    covered = sum(len(groups[label]) for label in small)
    larger = sorted((label for label in groups if label not in small), key=lambda label: (len(groups[label]), label))
    suppressed = set()
    for label in larger:
        if not 0 < covered < MIN_PROJECTS_PER_CELL:
            break
        suppressed.add(label)
        covered += len(groups[label])
    return [
        Cell(
            label,
            len(rows),
            None if label in small or label in suppressed else totals(rows),
            suppressed=label in suppressed,
        )
        for label, rows in sorted(groups.items())
    ]


@dataclass(frozen=True)
class PeopleRow:
    """A row of the breakdown of members by sex or by age; ``count`` is None when hidden."""

    key: str
    count: int | None
    share: Decimal | None


def people_breakdown(total: Totals) -> dict[str, list[PeopleRow]]:
    """Members by sex and by age, over all projects; hidden altogether under 5 projects."""
    visible = total.projects >= MIN_PROJECTS_PER_CELL

    def row(key: str, count: int) -> PeopleRow:
        return PeopleRow(key, count if visible else None, share(count, total.members) if visible else None)

    return {
        "sex": [row("women", total.women), row("men", total.men)],
        "age": [row("under_30", total.under_30), row("30_and_over", total.members - total.under_30)],
    }
