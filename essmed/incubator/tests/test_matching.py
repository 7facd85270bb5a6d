"""Mentor suggestions and the committee ranking: pure functions, unit and property tests."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from essmed.incubator.matching import MentorCandidate, ProjectNeeds, is_full, suggest_mentors, weakest_dimensions
from essmed.incubator.models import Dimension
from essmed.incubator.ranking import RankedApplication, average, rank

DIMENSIONS = Dimension.values
SECTORS = ["agrifood", "crafts", "tourism", "digital"]
LANGS = ["fr", "ar", "en", "es"]


def mentor(key, sectors=(), languages=(), expertise=(), capacity=2, mentees=0, name=None):
    return MentorCandidate(
        key=key,
        name=name or f"Mentor {key}",
        sectors=frozenset(sectors),
        languages=frozenset(languages),
        expertise=frozenset(expertise),
        capacity=capacity,
        mentees=mentees,
    )


def test_weakest_dimensions_are_the_lowest_scored_up_to_three():
    scores = {"utility": 4, "governance": 1, "market": 2, "financing": 1, "human": 3, "roots": 5, "impact": 0}
    assert weakest_dimensions(scores, DIMENSIONS) == ("impact", "governance", "financing")
    assert weakest_dimensions({"utility": 4, "roots": 5}, DIMENSIONS) == ()


def test_suggestions_rank_sector_language_and_needs_with_reasons():
    needs = ProjectNeeds(sector="agrifood", languages=frozenset({"ar", "fr"}), scores={"financing": 1, "utility": 5})
    scop = mentor(1, sectors=["agrifood"], languages=["fr"], expertise=["financing"], name="SCOP")
    tourism = mentor(2, sectors=["tourism"], languages=["es"], name="Tourisme")
    full = mentor(3, sectors=["agrifood"], languages=["fr", "ar"], expertise=["financing"], capacity=1, mentees=1)
    suggestions = suggest_mentors(needs, [tourism, full, scop], DIMENSIONS)
    assert [s.key for s in suggestions] == [1, 2]  # the full mentor is never suggested
    best = suggestions[0]
    assert best.points == 3 + 2 + (5 - 1)
    assert best.same_sector and best.shared_languages == ("fr",) and best.needs_met == ("financing",)
    assert suggestions[1].points == 0


def test_is_full_at_the_cap():
    assert is_full(2, 2) and is_full(2, 3) and not is_full(2, 1)


mentors_strategy = st.lists(
    st.builds(
        mentor,
        key=st.integers(1, 10_000),
        sectors=st.sets(st.sampled_from(SECTORS)),
        languages=st.sets(st.sampled_from(LANGS)),
        expertise=st.sets(st.sampled_from(DIMENSIONS)),
        capacity=st.integers(1, 5),
        mentees=st.integers(0, 6),
    ),
    max_size=12,
    unique_by=lambda m: m.key,
)
needs_strategy = st.builds(
    ProjectNeeds,
    sector=st.sampled_from(SECTORS),
    languages=st.frozensets(st.sampled_from(LANGS)),
    scores=st.dictionaries(st.sampled_from(DIMENSIONS), st.integers(0, 5)),
)


@given(needs_strategy, mentors_strategy)
def test_suggestions_never_include_a_full_mentor_and_are_best_first(needs, mentors):
    suggestions = suggest_mentors(needs, mentors, DIMENSIONS)
    by_key = {m.key: m for m in mentors}
    assert all(not is_full(by_key[s.key].capacity, by_key[s.key].mentees) for s in suggestions)
    assert len(suggestions) == sum(1 for m in mentors if m.mentees < m.capacity)
    points = [s.points for s in suggestions]
    assert points == sorted(points, reverse=True)
    # every point has its reason
    for s in suggestions:
        expected = (3 if s.same_sector else 0) + (2 if s.shared_languages else 0)
        expected += sum(5 - needs.scores[d] for d in s.needs_met)
        assert s.points == expected


@given(needs_strategy, mentors_strategy)
def test_suggestions_do_not_depend_on_the_order_of_the_mentors(needs, mentors):
    assert suggest_mentors(needs, mentors, DIMENSIONS) == suggest_mentors(needs, list(reversed(mentors)), DIMENSIONS)


def test_average_leaves_not_applicable_out():
    assert average([5, 4, None]) == Decimal("4.50")
    assert average([None, None]) is None


def test_rank_puts_the_best_score_first_then_more_yes_and_unscored_last():
    a = RankedApplication(1, "A", Decimal("3.00"), 2, {"yes": 1})
    b = RankedApplication(2, "B", Decimal("3.00"), 2, {"yes": 2})
    c = RankedApplication(3, "C", None, 0, {})
    d = RankedApplication(4, "D", Decimal("4.10"), 1, {"no": 1})
    assert [x.key for x in rank([a, b, c, d])] == [4, 2, 1, 3]


@given(st.lists(st.one_of(st.none(), st.integers(0, 5))))
def test_average_stays_within_0_and_5(values):
    result = average(values)
    assert result is None or Decimal(0) <= result <= Decimal(5)
