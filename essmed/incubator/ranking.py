"""The committee's ranking of applications by their reviews: pure functions, without database access.

An application's score is the mean of every criterion score its submitted reviews gave (a criterion marked not
applicable is left out, not counted as 0). Ties are broken by the number of "yes" recommendations, then by the
fewest "no", then by name, so that the ranking is stable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


def average(values: Iterable[int | None]) -> Decimal | None:
    """Mean of the scores given (None, "not applicable", left out), to two decimals; None when none given."""
    given = [value for value in values if value is not None]
    if not given:
        return None
    return (Decimal(sum(given)) / len(given)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RankedApplication:
    key: int
    name: str
    score: Decimal | None
    reviews: int
    recommendations: Mapping[str, int]

    @property
    def yes(self) -> int:
        return self.recommendations.get("yes", 0)

    @property
    def no(self) -> int:
        return self.recommendations.get("no", 0)


def rank(applications: Iterable[RankedApplication]) -> list[RankedApplication]:
    """Best score first; applications without any score last."""
    return sorted(
        applications,
        key=lambda a: (a.score is None, -(a.score or 0), -a.yes, a.no, a.name, a.key),
    )
