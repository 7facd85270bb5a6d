"""Mentor suggestions: a pure function, without database access (tested in tests/test_matching.py).

A project is described by its sector, the languages of its team and the scores of its latest diagnostic; a
mentor by their sectors, languages, dimensions of expertise, capacity and current number of mentees. Mentors at
their cap are never suggested. Points: 3 for the same sector, 2 for a shared language, and for each of the
project's weakest dimensions (its needs) that the mentor knows, 5 minus the project's score on it. Each
suggestion carries the reasons that gave it points, so that the page can say why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

SECTOR_POINTS = 3
LANGUAGE_POINTS = 2
NEED_THRESHOLD = 3  # a dimension scored 3 or less is a need
MAX_NEEDS = 3


@dataclass(frozen=True)
class MentorCandidate:
    key: int
    name: str
    sectors: frozenset[str]
    languages: frozenset[str]
    expertise: frozenset[str]
    capacity: int
    mentees: int

    @property
    def remaining(self) -> int:
        return max(self.capacity - self.mentees, 0)


@dataclass(frozen=True)
class ProjectNeeds:
    sector: str
    languages: frozenset[str]
    scores: Mapping[str, int]  # dimension → score 0–5 of the latest diagnostic


@dataclass(frozen=True)
class Suggestion:
    key: int
    name: str
    points: int
    same_sector: bool
    shared_languages: tuple[str, ...]
    needs_met: tuple[str, ...]
    remaining: int


def is_full(capacity: int, mentees: int) -> bool:
    """Whether a mentor already has as many mentees as their cap allows."""
    return mentees >= capacity


def weakest_dimensions(scores: Mapping[str, int], order: Iterable[str] = ()) -> tuple[str, ...]:
    """The project's needs: up to three dimensions scored 3 or less, the lowest first (ties in ``order``)."""
    rank = {dimension: index for index, dimension in enumerate(order)}
    weak = [dimension for dimension, score in scores.items() if score <= NEED_THRESHOLD]
    weak.sort(key=lambda dimension: (scores[dimension], rank.get(dimension, len(rank)), dimension))
    return tuple(weak[:MAX_NEEDS])


def suggest_mentors(
    needs: ProjectNeeds, candidates: Iterable[MentorCandidate], order: Iterable[str] = ()
) -> list[Suggestion]:
    """Mentors with room for a mentee, best first (points, then most room left, then name)."""
    weak = weakest_dimensions(needs.scores, order)
    suggestions = []
    for mentor in candidates:
        if is_full(mentor.capacity, mentor.mentees):
            continue
        same_sector = needs.sector in mentor.sectors
        shared = tuple(sorted(needs.languages & mentor.languages))
        met = tuple(dimension for dimension in weak if dimension in mentor.expertise)
        points = (
            (SECTOR_POINTS if same_sector else 0)
            + (LANGUAGE_POINTS if shared else 0)
            + sum(5 - needs.scores[dimension] for dimension in met)
        )
        suggestions.append(
            Suggestion(
                key=mentor.key,
                name=mentor.name,
                points=points,
                same_sector=same_sector,
                shared_languages=shared,
                needs_met=met,
                remaining=mentor.remaining,
            )
        )
    suggestions.sort(key=lambda s: (-s.points, -s.remaining, s.name, s.key))
    return suggestions
