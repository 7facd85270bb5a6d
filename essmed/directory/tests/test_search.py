"""Search and facets (essmed/directory/search.py): the pure query parser, then the same searches on the engine the
suite runs on (SQLite by default; PostgreSQL when DATABASE_URL is set, as in CI)."""

from __future__ import annotations

import datetime as dt
import importlib
import re
import sqlite3
import string
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from essmed.accounts.models import OrganisationKind
from essmed.directory import search as search_module
from essmed.directory.models import Actor, OfferKind, Vocabulary
from essmed.directory.search import (
    BoundingBox,
    CappedPaginator,
    Order,
    ParsedQuery,
    QueryTerm,
    apply_search,
    document_test_sql,
    filter_actors,
    fts5_expression,
    matches_document,
    parse_bbox,
    parse_query,
    search,
    tsquery_expression,
    visible_pages,
)
from essmed.directory.tests.factories import ActorFactory, OfferFactory, TermFactory
from essmed.directory.text import search_document, stem
from essmed.territories.models import Region
from essmed.territories.tests.factories import CountryFactory, RegionFactory

ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوية" + "ىأإآؤئء"
HARAKAT = "".join(chr(c) for c in range(0x064B, 0x0653))
LATIN = string.ascii_lowercase + "éèêàâçôûüïÉÀÇ"
words = st.text(alphabet=ARABIC_LETTERS + LATIN + string.digits, min_size=1, max_size=12)
texts = st.lists(words, min_size=1, max_size=8).map(" ".join)


def term_texts(query):
    return [(term.text, term.prefix) for term in query.terms]


# ---------------------------------------------------------------------------------------------------------
# The query parser: pure functions
# ---------------------------------------------------------------------------------------------------------


def test_french_query_is_folded_and_stemmed_with_the_last_word_as_a_prefix():
    assert term_texts(parse_query("Coopératives AGRICOLES")) == [("cooperative", False), ("agricole", True)]
    assert term_texts(parse_query("coopérative agricole")) == term_texts(parse_query("cooperatives agricoles"))


def test_english_query_drops_stop_words():
    assert term_texts(parse_query("the olive oil of cooperatives")) == [
        ("olive", False),
        ("oil", False),
        ("cooperative", True),
    ]


def test_arabic_singular_plural_article_and_diacritics_give_the_same_prefix():
    expected = [("تعاون", True)]
    for query in ("تعاونية", "التعاونيات", "تَعَاوُنِيَّة", "التعاونية", "للتعاونيات", "تعاونيات"):
        assert term_texts(parse_query(query)) == expected, query


def test_arabic_particles_only_narrow_a_query_and_are_left_out():
    assert term_texts(parse_query("تعاونية في وجدة")) == [("تعاون", True), ("وجده", True)]
    assert term_texts(parse_query("coopérative pour femmes")) == [("cooperative", False), ("femme", True)]


def test_light_stemming_joins_plurals_in_ies_ie_aux_and_keeps_eaux():
    assert stem("communities") == stem("community") == "community"
    assert stem("economie") == stem("economies") == stem("economy") == "economy"
    assert stem("sociaux") == stem("social") == "social"
    assert stem("reseaux") == stem("reseau") == "reseau"
    assert stem("taux") == "tau"  # too short for -aux: only the final x goes


def test_a_repeated_word_is_one_term_matched_exactly():
    assert term_texts(parse_query("olive olive")) == [("olive", False)]


def test_short_last_words_are_not_prefixes():
    assert term_texts(parse_query("coop x")) == [("coop", False), ("x", False)]
    assert term_texts(parse_query("ال")) == [("ال", False)]


def test_queries_keep_at_most_eight_terms():
    query = parse_query(" ".join(f"mot{n}" for n in range(20)))
    assert [term.text for term in query.terms] == [f"mot{n}" for n in range(8)]


def test_a_query_without_words_is_empty():
    for text in ("", "   ", '"*()', "؟!", "de la et"):
        assert not parse_query(text), text


def test_engine_expressions_quote_every_term():
    query = ParsedQuery((QueryTerm("olive", False), QueryTerm("تعاون", True)))
    assert fts5_expression(query) == '"olive" "تعاون"*'
    assert tsquery_expression(query) == "'olive' & 'تعاون':*"


def test_underscores_split_terms_as_the_engines_do():
    assert term_texts(parse_query("foo_bar baz")) == [("foo", False), ("bar", False), ("baz", True)]


def test_matches_document_follows_prefix_and_exact_terms():
    document = "cooperative agricole olive"
    assert matches_document(parse_query("coopératives agri"), document)
    assert not matches_document(parse_query("agri coopérative"), document)
    assert not matches_document(parse_query("association"), document)


@given(st.text())
def test_parsing_any_text_gives_safe_terms(text):
    query = parse_query(text)
    assert len(query.terms) <= search_module.MAX_TERMS
    assert len({term.text for term in query.terms}) == len(query.terms)
    for term in query.terms:
        assert re.fullmatch(r"[^\W_]+", term.text)
    piece = r'"[^\W_"]+"\*?'
    assert re.fullmatch(rf"({piece}( {piece})*)?", fts5_expression(query))
    assert "\\" not in tsquery_expression(query)


@given(texts)
def test_an_actor_is_found_by_its_own_words(text):
    assert matches_document(parse_query(text), search_document([text]))


@given(texts, st.data())
def test_an_actor_is_found_by_any_of_its_words_in_any_order(text, data):
    chosen = data.draw(st.lists(st.sampled_from(text.split()), min_size=1, max_size=4))
    assert matches_document(parse_query(" ".join(chosen)), search_document([text]))


@given(st.lists(st.text(alphabet=ARABIC_LETTERS, min_size=1, max_size=10), min_size=1, max_size=5), st.data())
def test_arabic_diacritics_and_tatweel_change_nothing(words_, data):
    plain = " ".join(words_)
    marked = "".join(
        letter + data.draw(st.text(alphabet=HARAKAT + "ـ", max_size=2)) if letter != " " else letter for letter in plain
    )
    assert parse_query(marked) == parse_query(plain)


@given(st.lists(st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=10), min_size=1, max_size=5))
def test_case_and_latin_accents_change_nothing(words_):
    plain = " ".join(words_)
    accented = plain.translate(str.maketrans("aeiouc", "àéîôûç")).upper()
    assert parse_query(accented) == parse_query(plain)


# ---------------------------------------------------------------------------------------------------------
# Map bounds and pages: pure functions
# ---------------------------------------------------------------------------------------------------------


def test_bbox_is_parsed_in_geojson_order():
    assert parse_bbox("-10,30,20.5,45") == BoundingBox(-10, 30, 20.5, 45)
    assert parse_bbox("") is None
    assert parse_bbox(" ") is None


@pytest.mark.parametrize(
    "text",
    ["1,2,3", "a,b,c,d", "1,2,3,4,5", "0,0,nan,1", "0,0,inf,1", "-181,0,0,1", "0,-91,1,0", "0,10,1,5", "1;2;3;4"],
)
def test_a_bad_bbox_is_refused_with_a_reason(text):
    with pytest.raises(ValueError, match=r"\S"):
        parse_bbox(text)


def test_a_bbox_across_the_antimeridian_contains_both_sides():
    box = parse_bbox("170,-20,-170,20")
    assert box.contains(175, 0) and box.contains(-175, 0)
    assert not box.contains(0, 0)


coordinates = st.tuples(st.floats(-180, 180), st.floats(-90, 90), st.floats(-180, 180), st.floats(-90, 90)).filter(
    lambda box: box[1] <= box[3]
)


@given(coordinates)
def test_a_bbox_survives_its_text(box):
    assert parse_bbox(",".join(repr(value) for value in box)) == BoundingBox(*box)


def test_page_numbers_show_the_ends_and_the_neighbours():
    class FakePage:
        def __init__(self, number, pages):
            self.number = number
            self.paginator = type("P", (), {"num_pages": pages})()

    assert visible_pages(FakePage(1, 1)) == [1]
    assert visible_pages(FakePage(6, 20)) == [1, None, 4, 5, 6, 7, 8, None, 20]
    assert visible_pages(FakePage(2, 5)) == [1, 2, 3, 4, 5]


# ---------------------------------------------------------------------------------------------------------
# Searching the database, on the engine of the suite
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def actors(db):
    """Texts in the three languages: singular and plural, with and without the article, diacritics, accents."""
    return {
        "zaytoun": ActorFactory(
            name_fr="Coopérative agricole Zaytoun",
            name_ar="تعاونية زيتون الفلاحية",
            description_en="An olive oil cooperative of farmers in the Oriental.",
            description_ar="تعاونية فلاحية لإنتاج زيت الزيتون",
        ),
        "union": ActorFactory(
            name_fr="Union des coopératives féminines",
            description_ar="اتحاد التعاونيات النسائية بجهة الشرق",
        ),
        "argan": ActorFactory(name_fr="Argan Tafraout", name_ar="تَعَاوُنِيَّةُ أَرْكَان تافراوت"),
        "oil": ActorFactory(name_fr="Huilerie Sud", description_en="Olive oil mill and press."),
        "culture": ActorFactory(
            name_fr="Association culturelle", name_ar="جمعية ثقافية", description_en="A cultural association."
        ),
        "draft": ActorFactory(name_fr="Coopérative agricole brouillon", draft=True),
    }


def found(query, queryset=None):
    queryset = Actor.objects.published() if queryset is None else queryset
    return set(search(queryset, query).values_list("name_fr", flat=True))


def names_of(actors_, *keys):
    return {actors_[key].name_fr for key in keys}


def test_arabic_singular_finds_singular_plural_and_vocalised_spellings(actors):
    assert found("تعاونية") == names_of(actors, "zaytoun", "union", "argan")


def test_arabic_plural_with_article_finds_the_same_actors(actors):
    assert found("التعاونيات") == names_of(actors, "zaytoun", "union", "argan")


def test_arabic_query_with_diacritics_finds_the_plain_text(actors):
    assert found("تَعَاوُنِيَّة") == names_of(actors, "zaytoun", "union", "argan")
    assert found("جمعيّة") == names_of(actors, "culture")


def test_arabic_words_with_and_without_article_meet(actors):
    assert found("زيت الزيتون") == names_of(actors, "zaytoun")


def test_french_query_needs_every_word_whatever_the_accents(actors):
    assert found("coopérative agricole") == names_of(actors, "zaytoun")
    assert found("COOPERATIVES AGRICOLES") == names_of(actors, "zaytoun")
    assert found("coopératives") == names_of(actors, "zaytoun", "union")


def test_english_query_finds_the_olive_oil_cooperative(actors):
    assert found("olive oil cooperative") == names_of(actors, "zaytoun")
    assert found("olive oil") == names_of(actors, "zaytoun", "oil")


def test_an_arabic_word_is_found_after_a_one_letter_proclitic(db):
    berkane = ActorFactory(name_fr="Coopérative Al Amal", name_ar="تعاونية الأمل ببركان")
    sewing = ActorFactory(name_fr="Atelier de couture", description_ar="ورشة للخياطة وإنتاج الملابس")
    oujda = ActorFactory(name_fr="Maison de l'ESS", name_ar="دار الاقتصاد الاجتماعي بوجدة")
    assert found("بركان") == {berkane.name_fr}
    assert found("إنتاج الملابس") == {sewing.name_fr}
    assert found("وجدة") == {oujda.name_fr}
    assert found("ببركان") == {berkane.name_fr}
    assert found("جدة") == set()  # Jeddah: «بوجدة» is indexed as «وجدة», never as «جدة»


def test_ligatures_and_plurals_in_ies_aux_and_ie_meet_their_singular(db):
    oeuvre = ActorFactory(name_fr="Main-d'œuvre solidaire")
    rural = ActorFactory(name_fr="Énergie rurale", description_en="Renewable energies for rural communities.")
    social = ActorFactory(name_fr="Centres sociaux du Gard")
    assert found("oeuvre") == found("Œuvres") == {oeuvre.name_fr}
    assert found("community") == found("communities") == {rural.name_fr}
    assert found("energy") == found("énergies") == {rural.name_fr}
    assert found("social") == found("sociaux") == {social.name_fr}


def test_arabic_presentation_forms_find_the_plain_letters(actors):
    assert found("ﺗﻌﺎﻭﻧﻴﺔ") == names_of(actors, "zaytoun", "union", "argan")


def test_the_last_word_is_matched_as_a_prefix_while_typing(actors):
    assert found("agricole coop") == names_of(actors, "zaytoun")
    assert found("coop agricole") == set()


def test_search_stays_within_the_queryset(actors):
    assert names_of(actors, "draft") <= found("brouillon", Actor.objects.all())
    assert found("brouillon") == set()


def test_a_query_without_words_leaves_the_queryset_as_it_is(actors):
    queryset = Actor.objects.published().order_by("pk")
    assert list(search(queryset, "؟ ! de la")) == list(queryset)


@pytest.mark.parametrize("query", ['"', "*", "AND", "a OR b", "NEAR(", "(", "'; DROP TABLE x; --", ":*", "&|!"])
def test_search_syntax_in_a_query_is_only_text(actors, query):
    list(search(Actor.objects.all(), query))


def test_results_are_ordered_by_relevance(db):
    long = ActorFactory(name_fr="Moulin", description_en="olive " + " ".join(f"word{n}" for n in range(60)))
    short = ActorFactory(name_fr="Olive", description_en="olive")
    ranked, order = apply_search(Actor.objects.all(), parse_query("olive"))
    assert order == Order.RELEVANCE
    assert list(ranked) == [short, long]


def test_many_matches_come_newest_first_without_ranking(db, monkeypatch):
    monkeypatch.setattr(search_module, "SORT_LIMIT", 1)
    first = ActorFactory(name_fr="Olive une")
    second = ActorFactory(name_fr="Olive deux")
    ranked, order = apply_search(Actor.objects.all(), parse_query("olive"))
    assert order == Order.NEWEST
    assert list(ranked) == [second, first]


def test_without_words_a_short_list_is_by_name_and_a_long_one_newest_first(db, monkeypatch):
    for name in ("Atlas", "Le Zénith", "Médina"):
        ActorFactory(name_fr=name)
    actors, active = filter_actors(Actor.objects.all(), {})
    assert [actor.name_fr for actor in actors] == ["Atlas", "Médina", "Le Zénith"]  # the article is left out
    assert active.order == Order.NAME
    monkeypatch.setattr(search_module, "SORT_LIMIT", 2)
    actors, active = filter_actors(Actor.objects.all(), {})
    assert [actor.name_fr for actor in actors] == ["Médina", "Le Zénith", "Atlas"]
    assert active.order == Order.NEWEST


def test_the_index_follows_changes_and_deletions(db):
    actor = ActorFactory(name_fr="Coopérative Atlas")
    assert found("atlas") == {"Coopérative Atlas"}
    actor.name_fr = "Coopérative Rif"
    actor.save()
    assert found("atlas") == set()
    assert found("rif") == {"Coopérative Rif"}
    Actor.objects.filter(pk=actor.pk).update(search_document="renomme")
    assert found("renomme") == {"Coopérative Rif"}
    actor.delete()
    assert found("rif") == set()


def test_the_directory_has_no_index_that_another_covers_nor_like_copies(db):
    """Each index is work for every actor written: the foreign keys' own indexes on country and region were
    covered by the (country, status) and (region, status) ones, and no query uses LIKE copies (migration 0007)."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "directory_actor")
    indexes = {
        name: tuple(info["columns"])
        for name, info in constraints.items()
        if info["index"] and not info["primary_key"] and info["columns"]
    }
    assert not [name for name in indexes if name.endswith("_like")]
    single = {columns[0] for columns in indexes.values() if len(columns) == 1}
    assert not single & {"country_id", "region_id"}
    assert {("country_id", "status"), ("region_id", "status"), ("name_key",), ("website_key",)} <= set(indexes.values())


def test_the_full_text_index_is_installed(db):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s", ["%fts%"]
            )
            names = {row[0] for row in cursor.fetchall()}
            triggers = {f"directory_actor_fts_{event}" for event in ("insert", "update", "delete")}
            assert {"directory_actor_fts", *triggers} <= names
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'directory_actor_fts'")
            assert "tokenize='ascii'" in cursor.fetchone()[0]
        else:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'directory_actor_search_gin'")
            (definition,) = cursor.fetchone()
            assert "gin" in definition and "(search_vector)" in definition
            cursor.execute(
                "SELECT generation_expression FROM information_schema.columns "
                "WHERE table_name = 'directory_actor' AND column_name = 'search_vector'"
            )
            (expression,) = cursor.fetchone()
            assert "to_tsvector('simple'::regconfig, search_document)" in expression


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, st.data())
def test_the_engine_finds_an_actor_by_any_of_its_words(text, data):
    chosen = " ".join(data.draw(st.lists(st.sampled_from(text.split()), min_size=1, max_size=3)))
    actor = ActorFactory(name_fr="Sujet", description_fr=text)
    other = ActorFactory(name_fr="Autre", description_fr="zzzz")
    try:
        results = set(search(Actor.objects.all(), chosen))
        assert actor in results
        assert (other in results) == matches_document(parse_query(chosen), other.search_document)
    finally:
        actor.delete()
        other.delete()


# ---------------------------------------------------------------------------------------------------------
# Facets
# ---------------------------------------------------------------------------------------------------------


def filtered(params, queryset=None):
    queryset = Actor.objects.published() if queryset is None else queryset
    actors, active = filter_actors(queryset, params)
    return {actor.name_fr for actor in actors}, active


def test_filters_by_country_region_and_type(db):
    oriental = RegionFactory(slug="oriental", country=CountryFactory(code="MA"))
    ActorFactory(name_fr="Zaytoun", region=oriental)
    ActorFactory(name_fr="Souss", actor_type=OrganisationKind.ASSOCIATION)
    ActorFactory(name_fr="Scop", country=CountryFactory(code="FR"))
    assert filtered({"country": "fr"})[0] == {"Scop"}
    assert filtered({"region": "oriental"})[0] == {"Zaytoun"}
    assert filtered({"country": "MA", "type": "association"})[0] == {"Souss"}
    _found, active = filtered({"country": "ma", "type": "association"})
    assert active.values == {"country": "MA", "type": "association"}
    assert not active.ignored


def test_a_legal_form_includes_the_national_forms_beneath_it(db):
    cooperative = TermFactory(vocabulary=Vocabulary.LEGAL_FORM, code="L2", label="Coopérative")
    scop = TermFactory(vocabulary=Vocabulary.LEGAL_FORM, code="FR-SCOP", label="SCOP", broader=cooperative)
    association = TermFactory(vocabulary=Vocabulary.LEGAL_FORM, code="L4", label="Association")
    ActorFactory(name_fr="Générale", legal_form=cooperative)
    ActorFactory(name_fr="Nationale", legal_form=scop)
    ActorFactory(name_fr="Autre", legal_form=association)
    assert filtered({"legal_form": "L2"})[0] == {"Générale", "Nationale"}
    assert filtered({"legal_form": "fr-scop"})[0] == {"Nationale"}


def test_filters_by_sector_and_theme_without_duplicates(db):
    agriculture = TermFactory(vocabulary=Vocabulary.ACTIVITY, code="ICA140", label="Agriculture")
    food = TermFactory(vocabulary=Vocabulary.ACTIVITY, code="ICA141", label="Food", broader=agriculture)
    women = TermFactory(vocabulary=Vocabulary.THEME, code="T11", label="Women")
    both = ActorFactory(name_fr="Les deux")
    both.sectors.set([agriculture, food])
    both.themes.set([women])
    ActorFactory(name_fr="Aucun")
    actors, _active = filter_actors(Actor.objects.published(), {"sector": "ICA140"})
    assert [actor.name_fr for actor in actors] == ["Les deux"]
    assert filtered({"theme": "T11"})[0] == {"Les deux"}


def test_filters_by_current_offers_and_requests(db):
    today = timezone.localdate()
    offering = ActorFactory(name_fr="Offre")
    OfferFactory(actor=offering, kind=OfferKind.OFFER)
    asking = ActorFactory(name_fr="Demande")
    OfferFactory(actor=asking, kind=OfferKind.REQUEST)
    expired = ActorFactory(name_fr="Expirée")
    OfferFactory(actor=expired, kind=OfferKind.OFFER, expires_on=today - dt.timedelta(days=1))
    assert filtered({"offers": "1"})[0] == {"Offre"}
    assert filtered({"requests": "on"})[0] == {"Demande"}
    assert filtered({"offers": "0"})[0] == {"Offre", "Demande", "Expirée"}


def test_search_and_filters_combine(actors):
    CountryFactory(code="FR")
    results, active = filtered({"q": "coopérative", "country": "MA"})
    assert results == names_of(actors, "zaytoun", "union")
    assert active.order == Order.RELEVANCE
    assert filtered({"q": "coopérative", "country": "FR"})[0] == set()


@pytest.mark.parametrize(
    "params",
    [
        {"country": "XX"},
        {"country": "Maroc"},
        {"region": "nowhere"},
        {"type": "multinational"},
        {"legal_form": "L9"},
        {"sector": "x" * 500},
        {"theme": "T99"},
        {"offers": "maybe"},
    ],
)
def test_invalid_values_are_ignored_with_a_note(actors, params):
    results, active = filtered(params)
    assert results == {actor.name_fr for actor in Actor.objects.published()}
    assert not active.applied
    (note,) = active.ignored
    value = next(iter(params.values()))
    assert value[:80] in note


def test_a_query_without_words_is_noted_and_shows_everything(actors):
    results, active = filtered({"q": "?!"})
    assert results == {actor.name_fr for actor in Actor.objects.published()}
    assert active.ignored and not active.query


def test_the_count_stops_at_the_cap(db):
    ActorFactory.create_batch(5)
    with connection.cursor() as cursor:  # PostgreSQL estimates before counting: from these rows, not earlier tests'
        cursor.execute("ANALYZE directory_actor")
    paginator = CappedPaginator(Actor.objects.order_by("pk"), per_page=2, cap=3)
    assert paginator.count == 3
    assert paginator.capped
    assert paginator.num_pages == 2
    assert len(paginator.page(2).object_list) == 1
    whole = CappedPaginator(Actor.objects.order_by("pk"), per_page=2, cap=10)
    assert (whole.count, whole.capped, whole.num_pages) == (5, False, 3)


# ---------------------------------------------------------------------------------------------------------
# Many matches: the index's own order, with and without other filters, and capped counts
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def olive_actors(db, monkeypatch):
    """Eight actors that say "olive", in two countries, and one that does not; ranking is for two at most."""
    monkeypatch.setattr(search_module, "SORT_LIMIT", 2)
    morocco = CountryFactory(code="MA")
    france = CountryFactory(code="FR")
    olive = [ActorFactory(name_fr=f"Olive {n}", country=morocco if n % 2 else france) for n in range(8)]
    ActorFactory(name_fr="Miel", country=morocco)
    return olive


def test_a_common_word_lists_newest_first_alone_and_with_a_country(olive_actors):
    alone, active = filter_actors(Actor.objects.published(), {"q": "olive"})
    assert active.order == Order.NEWEST
    assert list(alone) == olive_actors[::-1]
    in_morocco, active = filter_actors(Actor.objects.published(), {"q": "olive", "country": "MA"})
    assert active.order == Order.NEWEST
    assert list(in_morocco) == [actor for actor in olive_actors[::-1] if actor.country.code == "MA"]
    assert list(search(Actor.objects.published(), "olive", narrowed=True)) == list(alone)


def test_an_unfiltered_search_reads_actors_in_the_order_of_the_page(olive_actors):
    found, _active = filter_actors(Actor.objects.published(), {"q": "olive"})
    sql = str(found.query)
    if connection.vendor == "sqlite":
        assert "directory_actor_fts" in sql and '"_rowid_" DESC' in sql
    else:
        # PostgreSQL reads actors by id and tests the stored vector, which the GIN index cannot answer.
        assert "search_vector" in sql and "IS TRUE" in sql


def test_counts_of_a_search_are_right_below_and_above_the_cap(olive_actors):
    found, _active = filter_actors(Actor.objects.published(), {"q": "olive"})
    assert search_module.capped_count(found, 100) == 8
    assert search_module.capped_count(found, 3) == 4
    narrowed, _active = filter_actors(Actor.objects.published(), {"q": "olive", "country": "FR"})
    assert search_module.capped_count(narrowed, 100) == 4


def test_many_sampled_matches_are_reported_beyond_the_cap_without_counting(db, monkeypatch):
    monkeypatch.setattr(search_module, "SAMPLE_PERCENT", 100)  # the whole (tiny) table: the sample is exact
    ActorFactory.create_batch(60, name_fr="Olive")
    queryset = Actor.objects.published().filter(name_fr="Olive")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE directory_actor")
    with CaptureQueriesContext(connection) as queries:
        assert search_module.capped_count(queryset, 5) == 6
    statements = [query["sql"] for query in queries.captured_queries]
    if connection.vendor == "postgresql":
        # The planner expects about sixty rows and the sample finds sixty, more than twice the cap: no count.
        assert search_module.estimated_count(queryset) > 2 * 5
        assert [statement.split()[0] for statement in statements] == ["EXPLAIN", "SELECT"]
        assert "TABLESAMPLE" in statements[1]
        # Far above the cap, the planner's estimate alone answers.
        monkeypatch.setattr(search_module, "TRUSTED_ESTIMATE", 20)
        with CaptureQueriesContext(connection) as queries:
            assert search_module.capped_count(queryset, 5) == 6
        assert [query["sql"].split()[0] for query in queries.captured_queries] == ["EXPLAIN"]
    else:
        assert len(statements) == 1 and "LIMIT 6" in statements[0]


def test_a_planner_that_expects_many_matches_is_checked_by_the_sample_before_the_count_is_skipped(db, monkeypatch):
    monkeypatch.setattr(search_module, "SAMPLE_PERCENT", 100)
    olives = ActorFactory.create_batch(60, name_fr="Olive")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE directory_actor")
    Actor.objects.filter(pk__in=[actor.pk for actor in olives[3:]]).update(name_fr="Miel")  # statistics now stale
    queryset = Actor.objects.published().filter(name_fr="Olive")
    if connection.vendor == "postgresql":
        assert search_module.estimated_count(queryset) > 2 * 5
    assert search_module.capped_count(queryset, 5) == 3  # counted: the sample found three


def test_a_sample_of_the_whole_table_counts_a_search_exactly(olive_actors, monkeypatch):
    found, _active = filter_actors(Actor.objects.published(), {"q": "olive"})
    if connection.vendor == "postgresql":
        monkeypatch.setattr(search_module, "SAMPLE_PERCENT", 100)
        assert search_module.sampled_count(found) == 8
        assert search_module.sampled_count(found.filter(country__code="FR")) == 4
    else:
        # SQLite has no sampling; its counts read the index in order and stop at the cap.
        assert search_module.capped_count(found, 5) == 6


@pytest.fixture
def located_olives(olive_actors):
    """The olive actors (and the other one), all with a position, so that the map shows them."""
    for actor in Actor.objects.all():
        actor.latitude, actor.longitude = 34.68, -1.91
        actor.save()
    return olive_actors


def test_the_map_counts_the_countries_of_a_search(located_olives, client):
    response = client.get("/fr/actors/map/", {"q": "olive"})
    assert response.context["countries"] == 2
    response = client.get("/fr/actors/map/", {"q": "miel"})
    assert response.context["countries"] == 1


def test_the_map_of_one_country_or_region_does_not_read_the_actors_again_for_their_countries(located_olives, client):
    region = RegionFactory(country=located_olives[1].country)
    Actor.objects.filter(country=region.country).update(region=region)
    client.get("/fr/actors/map/")  # the filters' options, which list countries, are then kept in the cache

    def counts_countries(sql: str) -> bool:
        return "COUNT(DISTINCT country_id)" in sql or ('FROM "territories_country"' in sql and "EXISTS" in sql)

    for params, countries in (
        ({"q": "olive", "country": "MA"}, 1),
        ({"q": "olive", "region": region.slug}, 1),
        ({"country": "FR"}, 1),
        ({"q": "miel", "country": "FR"}, 0),
    ):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/fr/actors/map/", params)
        assert response.context["countries"] == countries, params
        assert not [query for query in queries if counts_countries(query["sql"])]
    assert "1 pays" in client.get("/fr/actors/map/", {"q": "olive", "country": "MA"}).content.decode()


def test_the_map_of_one_country_says_its_country_exactly_even_past_the_cap(located_olives, client, monkeypatch):
    monkeypatch.setattr(search_module, "COUNT_CAP", 2)
    html = client.get("/en/actors/map/", {"q": "olive", "country": "MA"}).content.decode()
    assert "More than 2 actors on the map, in 1 country." in html
    html = client.get("/en/actors/map/", {"q": "olive"}).content.decode()
    assert "More than 2 actors on the map, in at least" in html
    html = client.get("/ar/actors/map/", {"q": "olive", "country": "MA"}).content.decode()
    assert "في بلد واحد." in html and "على الأقل" not in html


def test_a_page_of_a_search_in_a_country_reads_the_index_matches_once(olive_actors, client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/fr/actors/", {"q": "olive", "country": "MA", "page": "2"})
    page = response.context["page_obj"]
    in_morocco = [actor.pk for actor in olive_actors[::-1] if actor.country.code == "MA"]
    assert (page.paginator.count, page.paginator.num_pages) == (4, 1)  # page 2 does not exist: the last one
    assert [card.actor.pk for card in response.context["cards"]] == in_morocco
    statements = [query["sql"] for query in queries.captured_queries]
    if connection.vendor == "sqlite":
        # Actors are tested (against the list of matches, or here each one's document: Morocco's five actors are
        # fewer than the eight matches) by one statement, which gives the count and the page's ids; the page's
        # actors are then read by id.
        assert sum("instr(" in sql or "IN (SELECT rowid FROM directory_actor_fts" in sql for sql in statements) == 1
    else:
        assert sum("search_vector" in sql for sql in statements) >= 1


def test_a_page_leaves_out_an_actor_deleted_after_the_count(olive_actors):
    found, _active = filter_actors(Actor.objects.published(), {"q": "olive"})
    paginator = search_module.CappedPaginator(found, per_page=3)
    assert paginator.count == 8
    newest = [actor.pk for actor in olive_actors[::-1]]
    Actor.objects.filter(pk=newest[1]).delete()  # the second newest, on the first page
    first = [actor.pk for actor in paginator.page(1)]
    if connection.vendor == "sqlite":  # its id was read with the count: the page has the two others
        assert first == [newest[0], newest[2]]
    else:  # the page is read from the list itself
        assert first == [newest[0], newest[2], newest[3]]


def test_a_search_among_few_actors_tests_each_of_them_and_finds_the_same(olive_actors, monkeypatch):
    """On PostgreSQL, when the other filters leave few actors (the planner's estimate), their stored vectors are
    tested one by one, counts included, instead of reading the GIN index; beyond the limit, the index."""
    in_morocco = [actor for actor in olive_actors[::-1] if actor.country.code == "MA"]
    for limit in (1_000_000, 0):
        monkeypatch.setattr(search_module, "ROW_TEST_LIMIT", limit)
        found, _active = filter_actors(Actor.objects.published(), {"q": "olive", "country": "MA"})
        with CaptureQueriesContext(connection) as queries:
            assert list(found) == in_morocco
            assert search_module.capped_count(found, 100) == 4
        counted = [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"].upper()]
        if connection.vendor == "postgresql":
            tested_one_by_one = all("IS TRUE" in sql for sql in counted)
            assert counted and tested_one_by_one == (limit > 0)
        else:  # SQLite: Morocco's five actors are fewer than the word's eight matches, each document is tested
            assert counted and all("instr(" in sql and "directory_actor_fts" not in sql for sql in counted)


def test_the_migration_computes_the_documents_of_existing_actors_again(db):
    refresh = importlib.import_module("essmed.directory.migrations.0008_refresh_search_documents").refresh
    berkane = ActorFactory(name_fr="Coopérative Al Amal", name_ar="تعاونية الأمل ببركان")
    untouched = ActorFactory(name_fr="Huilerie")
    Actor.objects.filter(pk=berkane.pk).update(search_document="stale", name_key="stale")
    assert found("بركان") == set()
    with CaptureQueriesContext(connection) as queries:
        refresh(django_apps, SimpleNamespace(connection=connection))
    assert found("بركان") == found("Amal") == {berkane.name_fr}
    assert Actor.objects.get(pk=berkane.pk).name_key == "cooperative al amal"
    updates = [query["sql"] for query in queries if query["sql"].startswith("UPDATE")]
    assert len(updates) == 1  # the one stale actor; the others' documents are already right
    assert found("Huilerie") == {untouched.name_fr}


def _fts5_tokens(tokenizer: str, document: str) -> list[tuple[str, int]]:
    """The tokens FTS5 makes of ``document`` with ``tokenizer``, with their positions."""
    database = sqlite3.connect(":memory:")
    try:
        database.execute(f"CREATE VIRTUAL TABLE fts USING fts5(body, tokenize='{tokenizer}')")
        database.execute("CREATE VIRTUAL TABLE vocabulary USING fts5vocab(fts, instance)")
        database.execute("INSERT INTO fts(body) VALUES (?)", [document])
        return database.execute("SELECT term, offset FROM vocabulary ORDER BY offset").fetchall()
    finally:
        database.close()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=30), max_size=4))
def test_the_ascii_tokenizer_reads_any_document_as_unicode61_did_and_as_python_does(texts):
    """Migration 0011: documents are space-separated ``\\w+`` terms, which both tokenizers split alike; and the
    tokens are the pieces ``matches_document()`` reads (an underscore splits a term on either side)."""
    document = search_document(texts)
    tokens = _fts5_tokens("ascii", document)
    assert tokens == _fts5_tokens("unicode61 remove_diacritics 0", document)
    assert [term for term, _offset in tokens] == re.findall(r"[^\W_]+", document)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(min_size=1, max_size=30) | st.lists(words, min_size=2, max_size=3).map("_".join), max_size=3),
    st.text(max_size=20),
    st.data(),
)
def test_the_document_test_of_sqlite_finds_what_matches_document_finds(texts, typed, data):
    """``_DocumentTest`` (a region's actors tested one by one on SQLite) answers as ``matches_document()``, and so
    as the full-text index: for queries typed at random and for queries made of the document's own words, whole or
    cut short, underscores and Arabic included."""
    document = search_document(texts)
    pieces = re.findall(r"[^\W_]+", document)
    own = " ".join(data.draw(st.lists(st.sampled_from(pieces), max_size=3))) if pieces else ""
    shortened = own[: data.draw(st.integers(0, len(own)))] if own else ""
    database = sqlite3.connect(":memory:")
    try:
        for text in (typed, own, shortened):
            query = parse_query(text)
            if not query:
                continue
            sql, params = document_test_sql("?", query)
            arguments = [argument for pattern in params for argument in (document, pattern)]
            (found,) = database.execute(f"SELECT {sql.replace('%s', '?')}", arguments).fetchone()
            assert bool(found) == matches_document(query, document), (text, document)
    finally:
        database.close()


@pytest.fixture
def oriental_olive(db, monkeypatch):
    """A region of five actors (three say "olive") in a directory where "olive" matches eight; ranking is for two
    at most, and a region "of few actors" has at most six."""
    monkeypatch.setattr(search_module, "SORT_LIMIT", 2)
    monkeypatch.setattr(search_module, "SQLITE_ROW_TEST_LIMIT", 6)
    oriental = RegionFactory(slug="oriental")
    elsewhere = RegionFactory(slug="occitanie")
    olive = [ActorFactory(name_fr=f"Olive {n}", region=oriental if n < 3 else elsewhere) for n in range(8)]
    ActorFactory(name_fr="Miel_olive", region=oriental)  # an underscore splits a word, as the index does
    ActorFactory(name_fr="Miel", region=oriental)
    return olive


def _region_search(text):
    found, active = filter_actors(Actor.objects.published(), {"q": text, "region": "oriental"})
    with CaptureQueriesContext(connection) as queries:
        listed = [actor.name_fr for actor in found]
        counted = search_module.capped_count(found, 100)
    return listed, counted, active.order, [query["sql"] for query in queries.captured_queries]


def test_a_region_of_fewer_actors_than_the_matches_tests_each_of_their_documents_on_sqlite(oriental_olive):
    listed, counted, order, statements = _region_search("olive")
    assert listed == ["Miel_olive", "Olive 2", "Olive 1", "Olive 0"]  # newest first
    assert counted == 4 and order == Order.NEWEST
    if connection.vendor == "sqlite":
        assert all("instr(" in sql and "directory_actor_fts" not in sql for sql in statements)
    prefix, _counted, _order, _statements = _region_search("oli")
    assert prefix == listed


def test_a_region_beyond_the_limit_or_with_more_actors_than_matches_filters_by_the_index(oriental_olive, monkeypatch):
    expected = ["Miel_olive", "Olive 2", "Olive 1", "Olive 0"]
    monkeypatch.setattr(search_module, "SQLITE_ROW_TEST_LIMIT", 4)  # the Oriental's five actors are too many
    listed, counted, _order, statements = _region_search("olive")
    assert (listed, counted) == (expected, 4)
    if connection.vendor == "sqlite":
        assert all("directory_actor_fts" in sql and "instr(" not in sql for sql in statements)
    monkeypatch.setattr(search_module, "SQLITE_ROW_TEST_LIMIT", 100)
    ActorFactory.create_batch(4, name_fr="Figue", region=Region.objects.get(slug="oriental"))
    listed, counted, _order, statements = _region_search("olive")  # nine actors, eight matches: the index
    assert (listed, counted) == (expected, 4)
    if connection.vendor == "sqlite":
        assert all("instr(" not in sql for sql in statements)


def test_a_region_search_for_words_matching_few_actors_is_still_ranked(oriental_olive, monkeypatch):
    monkeypatch.setattr(search_module, "SORT_LIMIT", 100)
    listed, counted, order, statements = _region_search("olive")
    assert order == Order.RELEVANCE and counted == 4
    assert sorted(listed) == ["Miel_olive", "Olive 0", "Olive 1", "Olive 2"]
    if connection.vendor == "sqlite":
        assert all("instr(" not in sql for sql in statements)


def _morocco_olive_page(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/fr/actors/", {"q": "olive", "country": "MA"})
    page = response.context["page_obj"]
    cards = [card.actor.name_fr for card in response.context["cards"]]
    return cards, page.paginator, [query["sql"] for query in queries.captured_queries]


def test_a_country_whose_newest_actors_hold_a_full_list_is_listed_from_them(olive_actors, client, monkeypatch):
    """On SQLite, beyond the region-sized limit, the newest actors of the country are tested first: when they hold
    more matches than a list reaches, the count ("more than") and the pages are theirs, as they would be from the
    whole search; when they do not, the list of the index's matches is made after all. Same pages either way."""
    monkeypatch.setattr(search_module, "SQLITE_ROW_TEST_LIMIT", 2)  # Morocco's five actors are too many for it
    monkeypatch.setattr(search_module, "COUNT_CAP", 1)
    monkeypatch.setattr(search_module, "SQLITE_PROBE", 3)  # Miel, Olive 7, Olive 5: two matches, more than 1
    cards, paginator, statements = _morocco_olive_page(client)
    assert cards == ["Olive 7"] and (paginator.count, paginator.capped) == (1, True)
    if connection.vendor == "sqlite":
        assert any("instr(" in sql for sql in statements)
        assert not any("IN (SELECT rowid FROM directory_actor_fts" in sql for sql in statements)
    monkeypatch.setattr(search_module, "SQLITE_PROBE", 2)  # Miel, Olive 7: one match, not more than the cap
    cards, paginator, statements = _morocco_olive_page(client)
    assert cards == ["Olive 7"] and (paginator.count, paginator.capped) == (1, True)
    if connection.vendor == "sqlite":
        assert any("IN (SELECT rowid FROM directory_actor_fts" in sql for sql in statements)


def test_a_country_with_fewer_actors_than_the_probe_is_listed_from_the_index(olive_actors, client, monkeypatch):
    monkeypatch.setattr(search_module, "SQLITE_ROW_TEST_LIMIT", 2)
    monkeypatch.setattr(search_module, "SQLITE_PROBE", 50)
    cards, paginator, statements = _morocco_olive_page(client)
    assert cards == ["Olive 7", "Olive 5", "Olive 3", "Olive 1"] and paginator.count == 4
    if connection.vendor == "sqlite":
        assert any("IN (SELECT rowid FROM directory_actor_fts" in sql for sql in statements)
