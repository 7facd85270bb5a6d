"""Duplicate detection (a pure rule, then its records) and the merge that staff decide."""

import importlib
import random
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.contrib.messages import get_messages
from django.db import connection
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from hypothesis import given
from hypothesis import strategies as st

from essmed.accounts.models import OrganisationKind
from essmed.directory.duplicates import (
    SAME_NAME_COMMUNE,
    SAME_NAME_COUNTRY,
    SAME_NAME_TOWN,
    SAME_WEBSITE,
    ActorKeys,
    detect_duplicates,
    duplicate_reason,
    find_duplicate_pairs,
)
from essmed.directory.models import (
    Actor,
    ActorStatus,
    Correction,
    DuplicateCandidate,
    DuplicateStatus,
    ExpressionOfInterest,
    Vocabulary,
)
from essmed.directory.tests.factories import ActorFactory, OfferFactory, TermFactory
from essmed.events.tests.factories import RegistrationFactory
from essmed.funding.models import PartnerRole, PartnerType, ProjectPartner
from essmed.funding.tests.factories import PartnerFactory, ProjectFactory
from essmed.incubator.tests.factories import ProjectFactory as IncubatedProjectFactory
from essmed.territories.tests.factories import CountryFactory, RegionFactory

EVERYONE = ["amina", "sophie", "youssef", "fatima", "karim", "omar", "dimitris", "thomas", "pauline"]
STAFF = ["amina", "sophie"]

# --- The rule, on plain values --------------------------------------------------------------------------------

keys = st.builds(
    ActorKeys,
    id=st.integers(min_value=1, max_value=30),
    name_key=st.sampled_from(["", "cooperative nour", "zaytoun", "نور"]),
    website_key=st.sampled_from(["", "nour.ma", "zaytoun.org"]),
    country=st.sampled_from([None, "MA", "FR"]),
    locality=st.sampled_from(["", "Oujda", "OUJDA", "Berkane"]),
    commune=st.sampled_from([None, 1, 2]),
)


def unordered(pairs):
    return {(frozenset((a, b)), reason) for a, b, reason in pairs}


@given(keys, keys)
def test_the_rule_is_symmetric(a, b):
    assert duplicate_reason(a, b) == duplicate_reason(b, a)
    assert unordered(find_duplicate_pairs([a], [b])) == unordered(find_duplicate_pairs([b], [a]))


@given(st.lists(keys, max_size=12), st.lists(keys, max_size=12))
def test_pairs_are_sorted_distinct_and_never_an_actor_with_itself(candidates, existing):
    pairs = find_duplicate_pairs(candidates, existing)
    assert all(a < b for a, b, _reason in pairs)
    assert len({(a, b) for a, b, _reason in pairs}) == len(pairs)
    assert pairs == sorted(pairs)


@given(st.lists(keys, max_size=12))
def test_an_actor_both_new_and_existing_is_not_its_own_duplicate(actors):
    unique = list({actor.id: actor for actor in actors}.values())
    for a, b, _reason in find_duplicate_pairs(unique, unique):
        assert a != b


@given(st.lists(keys, max_size=12, unique_by=lambda k: k.id), st.lists(keys, max_size=12, unique_by=lambda k: k.id))
def test_every_pair_involves_a_candidate_and_its_order_does_not_matter(candidates, existing):
    new_ids = {actor.id for actor in candidates}
    pairs = find_duplicate_pairs(candidates, existing)
    assert all(a in new_ids or b in new_ids for a, b, _reason in pairs)
    shuffled = candidates[:]
    random.Random(0).shuffle(shuffled)
    assert find_duplicate_pairs(shuffled, list(reversed(existing))) == pairs


@given(st.lists(keys, max_size=12, unique_by=lambda k: k.id), st.lists(keys, max_size=12, unique_by=lambda k: k.id))
def test_the_pairs_found_are_exactly_the_pairs_the_rule_accepts(candidates, existing):
    everyone = {actor.id: actor for actor in existing} | {actor.id: actor for actor in candidates}
    new_ids = {actor.id for actor in candidates}
    expected = {
        (min(a.id, b.id), max(a.id, b.id), duplicate_reason(a, b))
        for a in everyone.values()
        for b in everyone.values()
        if (a.id in new_ids or b.id in new_ids) and duplicate_reason(a, b) is not None
    }
    assert set(find_duplicate_pairs(candidates, existing)) == expected


def test_the_same_website_is_a_duplicate_whatever_the_name():
    a = ActorKeys(1, "cooperative nour", "nour.ma", "MA", "Oujda")
    b = ActorKeys(2, "association lumiere", "nour.ma", "FR", "Paris")
    assert find_duplicate_pairs([a], [b]) == [(1, 2, SAME_WEBSITE)]


def test_the_same_name_in_different_towns_is_two_organisations():
    a = ActorKeys(1, "cooperative agricole", "", "MA", "Oujda")
    b = ActorKeys(2, "cooperative agricole", "", "MA", "Berkane")
    assert find_duplicate_pairs([a], [b]) == []


def test_the_place_is_compared_at_the_finest_level_both_know():
    a = ActorKeys(1, "nour", "", "MA", "Oujda", commune=10)
    assert duplicate_reason(a, ActorKeys(2, "nour", "", "MA", "oujda ", commune=10)) == SAME_NAME_COMMUNE
    assert duplicate_reason(a, ActorKeys(2, "nour", "", "MA", "Oujda", commune=11)) is None
    assert duplicate_reason(a, ActorKeys(2, "nour", "", "MA", "OUJDA")) == SAME_NAME_TOWN
    assert duplicate_reason(a, ActorKeys(2, "nour", "", "MA", "")) == SAME_NAME_COUNTRY
    assert duplicate_reason(a, ActorKeys(2, "nour", "", "FR", "")) is None
    assert duplicate_reason(ActorKeys(1, "", "", "MA"), ActorKeys(2, "", "", "MA")) is None


def test_new_records_are_compared_with_each_other_too():
    a = ActorKeys(1, "nour", "", "MA", "Oujda")
    b = ActorKeys(2, "nour", "", "MA", "Oujda")
    assert find_duplicate_pairs([a, b], []) == [(1, 2, SAME_NAME_TOWN)]


# --- Recording the pairs --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_detect_duplicates_records_each_pair_once_and_is_idempotent():
    first = ActorFactory(name="Coopérative Nour", locality="Oujda")
    second = ActorFactory(name="COOPERATIVE NOUR", locality="oujda")
    third = ActorFactory(name="Autre", website="https://www.nour.ma/")
    fourth = ActorFactory(name="Encore autre", website="http://nour.ma")
    ActorFactory(name="Coopérative Nour", locality="Berkane")
    assert detect_duplicates([second.pk, fourth.pk]) == 2
    assert detect_duplicates([second.pk, fourth.pk]) == 0
    assert detect_duplicates([first.pk, second.pk, third.pk, fourth.pk]) == 0
    pairs = set(DuplicateCandidate.objects.values_list("actor_id", "other_id", "reason"))
    assert pairs == {(first.pk, second.pk, SAME_NAME_TOWN), (third.pk, fourth.pk, SAME_WEBSITE)}
    assert set(DuplicateCandidate.objects.values_list("status", flat=True)) == {DuplicateStatus.OPEN}


@pytest.mark.django_db
def test_a_dismissed_pair_is_not_proposed_again():
    first = ActorFactory(name="Nour", locality="Oujda")
    second = ActorFactory(name="Nour", locality="Oujda")
    DuplicateCandidate.objects.create(actor=second, other=first, reason="by hand", status=DuplicateStatus.DISMISSED)
    assert detect_duplicates([first.pk, second.pk]) == 0
    assert DuplicateCandidate.objects.get().status == DuplicateStatus.DISMISSED


@pytest.mark.django_db
def test_archived_actors_take_no_part():
    ActorFactory(name="Nour", locality="Oujda", archived=True)
    new = ActorFactory(name="Nour", locality="Oujda")
    assert detect_duplicates([new.pk]) == 0


@pytest.mark.django_db
def test_detection_works_in_batches(django_assert_max_num_queries):
    actors = [ActorFactory(name=f"Nour {n % 3}", locality="Oujda") for n in range(9)]
    ids = [actor.pk for actor in actors]
    with django_assert_max_num_queries(4 * 5):  # a few queries per batch of two, not one per actor
        created = detect_duplicates(ids, batch_size=2)
    assert created == 9  # three names, three actors each: three pairs per name
    assert detect_duplicates(ids, batch_size=4) == 0


# --- Reviewing and merging ------------------------------------------------------------------------------------


@pytest.fixture
def pair(db):
    CountryFactory(code="MA")
    kept = ActorFactory(name="Coopérative Nour", locality="Oujda", description_fr="Texte", members_total=None)
    other = ActorFactory(
        name="Cooperative Nour",
        locality="Oujda",
        name_ar="تعاونية النور",
        website="https://nour.ma",
        founded="2010-01-01",
        members_total=30,
        members_women=20,
        latitude=34.68,
        longitude=-1.91,
        geo_precision="locality",
        description_fr="Autre texte",
    )
    detect_duplicates([kept.pk, other.pk])
    return DuplicateCandidate.objects.get(), kept, other


def login_redirect(response):
    return response.status_code == 302 and "/accounts/login/" in response.url


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_log_in_to_review_duplicates(client, pair):
    candidate, _kept, _other = pair
    assert login_redirect(client.get(f"/fr/actors/duplicates/{candidate.pk}/"))
    assert login_redirect(client.post(f"/fr/actors/duplicates/{candidate.pk}/", {"decision": "dismiss"}))


@pytest.mark.django_db
@pytest.mark.parametrize("who", EVERYONE)
def test_only_staff_review_duplicates(client, cast, pair, who):
    candidate, _kept, _other = pair
    client.force_login(cast[who])
    assert client.get(f"/fr/actors/duplicates/{candidate.pk}/").status_code == (200 if who in STAFF else 404)
    response = client.post(f"/fr/actors/duplicates/{candidate.pk}/", {"decision": "dismiss"})
    assert response.status_code == (302 if who in STAFF else 404)
    candidate.refresh_from_db()
    assert (candidate.status == DuplicateStatus.DISMISSED) == (who in STAFF)


@pytest.mark.django_db
def test_staff_compare_the_two_entries_side_by_side(client, sophie, pair):
    candidate, _kept, _other = pair
    client.force_login(sophie)
    response = client.get(f"/fr/actors/duplicates/{candidate.pk}/")
    rows = {row["label"]: row for row in response.context["rows"]}
    with translation.override("fr"):
        website = gettext("website").capitalize()
    assert (rows[website]["actor"], rows[website]["other"], rows[website]["same"]) == ("", "https://nour.ma", False)
    page = response.content.decode()
    assert "تعاونية النور" in page
    assert 'name="decision"' in page


@pytest.mark.django_db
def test_merging_moves_everything_to_the_kept_actor_and_archives_the_other(client, sophie, pauline, omar, pair, coop):
    candidate, kept, other = pair
    offer = OfferFactory(actor=other)
    correction = Correction.objects.create(actor=other, proposed_by=pauline, changes={"locality": "Ahfir"})
    network = ActorFactory(name="REMESS", actor_type=OrganisationKind.NETWORK)
    member = ActorFactory(name="Member of other")
    sender_of = ExpressionOfInterest.objects.create(offer=OfferFactory(), sender=omar, sender_actor=other, message="x")
    other.networks.add(network)
    kept.networks.add(network)  # already there: not doubled
    other.sectors.add(TermFactory(vocabulary=Vocabulary.ACTIVITY, code="ICA140"))
    Actor.objects.filter(pk=other.pk).update(organisation=coop)
    member.networks.add(other)
    client.force_login(sophie)
    response = client.post(f"/fr/actors/duplicates/{candidate.pk}/", {"decision": "keep_actor"})
    assert response.url == "/fr/actors/moderation/"
    with translation.override("fr"):
        assert messages_of(response) == [
            gettext("The two entries are merged into “%(name)s”.") % {"name": "Coopérative Nour"}
        ]
    kept.refresh_from_db()
    other.refresh_from_db()
    assert other.status == ActorStatus.ARCHIVED
    assert other.organisation is None
    assert kept.organisation == coop
    assert list(kept.offers.all()) == [offer]
    assert list(kept.corrections.all()) == [correction]
    assert list(kept.networks.all()) == [network]
    assert list(kept.network_members.all()) == [member]
    assert not other.networks.exists()
    assert not other.network_members.exists()
    sender_of.refresh_from_db()
    assert sender_of.sender_actor == kept
    assert [term.code for term in kept.sectors.all()] == ["ICA140"]
    # empty fields are filled from the other; the kept values stay
    assert kept.name_ar == "تعاونية النور"
    assert kept.website == "https://nour.ma"
    assert str(kept.founded) == "2010-01-01"
    assert (kept.members_total, kept.members_women) == (30, 20)
    assert (kept.latitude, kept.longitude, kept.geo_precision) == (34.68, -1.91, "locality")
    assert kept.description_fr == "Texte"
    assert kept.website_key == "nour.ma"
    candidate.refresh_from_db()
    assert candidate.status == DuplicateStatus.MERGED


@pytest.mark.django_db
def test_the_other_one_may_be_kept(client, sophie, pair):
    candidate, first, second = pair
    client.force_login(sophie)
    client.post(f"/fr/actors/duplicates/{candidate.pk}/", {"decision": "keep_other"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ActorStatus.ARCHIVED, ActorStatus.PUBLISHED)
    assert second.description_fr == "Autre texte"


@pytest.mark.django_db
def test_place_is_filled_only_within_the_same_country(client, sophie):
    kept = ActorFactory(name="Nour", website="https://nour.ma", country=CountryFactory(code="FR"))
    region = RegionFactory(country=CountryFactory(code="MA"))
    other = ActorFactory(name="Nour MA", website="https://nour.ma", region=region, locality="Oujda")
    detect_duplicates([kept.pk])
    client.force_login(sophie)
    client.post(f"/fr/actors/duplicates/{DuplicateCandidate.objects.get().pk}/", {"decision": "keep_actor"})
    kept.refresh_from_db()
    assert (kept.region, kept.locality) == (None, "")
    other.refresh_from_db()
    assert other.status == ActorStatus.ARCHIVED


@pytest.mark.django_db
def test_two_entries_of_two_platform_organisations_are_not_merged(client, sophie, pair, coop, other_coop):
    candidate, kept, other = pair
    Actor.objects.filter(pk=kept.pk).update(organisation=coop)
    Actor.objects.filter(pk=other.pk).update(organisation=other_coop)
    client.force_login(sophie)
    response = client.post(f"/fr/actors/duplicates/{candidate.pk}/", {"decision": "keep_actor"})
    assert response.status_code == 200
    with translation.override("fr"):
        expected = gettext(
            "Both entries are linked to an organisation of the platform: unlink one in the administration first."
        )
    assert messages_of(response) == [expected]
    other.refresh_from_db()
    assert other.status == ActorStatus.PUBLISHED
    candidate.refresh_from_db()
    assert candidate.status == DuplicateStatus.OPEN


@pytest.mark.django_db
def test_a_reviewed_pair_cannot_be_merged_again(client, sophie, pair):
    candidate, _kept, other = pair
    client.force_login(sophie)
    client.post(f"/fr/actors/duplicates/{candidate.pk}/", {"decision": "dismiss"})
    response = client.post(f"/fr/actors/duplicates/{candidate.pk}/", {"decision": "keep_actor"})
    assert response.status_code == 200
    assert 'name="decision"' not in response.content.decode()
    other.refresh_from_db()
    assert other.status == ActorStatus.PUBLISHED
    with translation.override("fr"):
        assert messages_of(response)[-1] == gettext("This pair has already been reviewed.")


@pytest.mark.django_db
def test_the_other_open_pairs_of_a_merged_entry_move_to_the_kept_one(
    client, sophie, pair, django_capture_on_commit_callbacks
):
    candidate, kept, _other = pair
    third = ActorFactory(name="Something", website="https://nour.ma")
    detect_duplicates([third.pk])
    assert DuplicateCandidate.objects.filter(status=DuplicateStatus.OPEN).count() == 2
    client.force_login(sophie)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/fr/actors/duplicates/{candidate.pk}/", {"decision": "keep_actor"})
    # the website came over to the kept entry, which now meets the third one
    remaining = DuplicateCandidate.objects.filter(status=DuplicateStatus.OPEN).get()
    assert {remaining.actor_id, remaining.other_id} == {kept.pk, third.pk}


# --- What a merge must not hide or lose -----------------------------------------------------------------------


def merge(client, candidate, decision, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(f"/fr/actors/duplicates/{candidate.pk}/", {"decision": decision})


@pytest.mark.django_db
def test_merging_into_an_archived_entry_is_refused(client, sophie, django_capture_on_commit_callbacks):
    archived = ActorFactory(name="Nour", locality="Oujda", archived=True)
    published = ActorFactory(name="Nour", locality="Oujda")
    offer = OfferFactory(actor=published)
    candidate = DuplicateCandidate.objects.create(actor=archived, other=published, reason=SAME_NAME_TOWN)
    client.force_login(sophie)
    response = merge(client, candidate, "keep_actor", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    with translation.override("fr"):
        expected = gettext(
            "“%(name)s” is archived and cannot be kept: keep the other entry, or publish this one again first."
        ) % {"name": "Nour"}
    assert messages_of(response) == [expected]
    published.refresh_from_db()
    offer.refresh_from_db()
    candidate.refresh_from_db()
    assert published.status == ActorStatus.PUBLISHED
    assert offer.actor == published
    assert candidate.status == DuplicateStatus.OPEN
    # nor is an archived entry merged into a live one
    response = merge(client, candidate, "keep_other", django_capture_on_commit_callbacks)
    with translation.override("fr"):
        assert messages_of(response)[-1] == gettext("“%(name)s” is archived already.") % {"name": "Nour"}
    candidate.refresh_from_db()
    assert candidate.status == DuplicateStatus.OPEN


@pytest.mark.django_db
def test_archiving_an_actor_closes_its_open_pairs(client, sophie, pair):
    candidate, _kept, other = pair
    dismissed = ActorFactory(name="Encore", website="https://nour.ma")
    DuplicateCandidate.objects.create(
        actor=other, other=dismissed, reason=SAME_WEBSITE, status=DuplicateStatus.DISMISSED
    )
    client.force_login(sophie)
    client.post(f"/fr/actors/{other.pk}/status/", {"status": "archived"})
    assert not DuplicateCandidate.objects.filter(pk=candidate.pk).exists()
    assert DuplicateCandidate.objects.get().status == DuplicateStatus.DISMISSED  # a decision is kept
    page = client.get("/fr/actors/moderation/").content.decode()
    assert f"/fr/actors/duplicates/{candidate.pk}/" not in page


@pytest.mark.django_db
def test_publishing_an_archived_actor_again_finds_its_duplicates_again(
    client, sophie, pair, django_capture_on_commit_callbacks
):
    _candidate, kept, other = pair
    client.force_login(sophie)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/fr/actors/{other.pk}/status/", {"status": "archived"})
    assert not DuplicateCandidate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/fr/actors/{other.pk}/status/", {"status": "published"})
    candidate = DuplicateCandidate.objects.get()
    assert {candidate.actor_id, candidate.other_id} == {kept.pk, other.pk}
    assert candidate.status == DuplicateStatus.OPEN


@pytest.mark.django_db
def test_publishing_a_copy_of_an_archived_entry_opens_a_pair(
    client, sophie, pauline, django_capture_on_commit_callbacks
):
    """The audit's path: the copy is written while the original is archived (no pair), then both are published."""
    original = ActorFactory(name="Coopérative Nour", locality="Oujda", archived=True)
    client.force_login(pauline)
    data = {"name_fr": "Coopérative Nour", "actor_type": "cooperative", "country": "MA", "locality": "Oujda"}
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/fr/actors/new/", data).status_code == 302
    copy = Actor.objects.exclude(pk=original.pk).get()
    assert not DuplicateCandidate.objects.exists()
    client.force_login(sophie)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/fr/actors/{original.pk}/status/", {"status": "published"})
        client.post(f"/fr/actors/{copy.pk}/status/", {"status": "published"})
    candidate = DuplicateCandidate.objects.get()
    assert {candidate.actor_id, candidate.other_id} == {original.pk, copy.pk}
    assert candidate.reason == SAME_NAME_TOWN


@pytest.mark.django_db
def test_merging_a_published_entry_into_a_draft_publishes_the_kept_one(
    client, sophie, django_capture_on_commit_callbacks
):
    draft = ActorFactory(name="Nour", locality="Oujda", draft=True)
    published = ActorFactory(name="Nour", locality="Oujda")
    offer = OfferFactory(actor=published)
    detect_duplicates([draft.pk, published.pk])
    candidate = DuplicateCandidate.objects.get()
    decision = "keep_actor" if candidate.actor_id == draft.pk else "keep_other"
    client.force_login(sophie)
    response = merge(client, candidate, decision, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    with translation.override("fr"):
        assert messages_of(response) == [
            gettext("The two entries are merged into “%(name)s”.") % {"name": "Nour"},
            gettext("“%(name)s” is published.") % {"name": "Nour"},
        ]
    draft.refresh_from_db()
    published.refresh_from_db()
    assert (draft.status, published.status) == (ActorStatus.PUBLISHED, ActorStatus.ARCHIVED)
    client.logout()
    assert client.get(f"/fr/actors/{draft.pk}/").status_code == 200
    assert client.get(f"/fr/actors/offers/{offer.pk}/").status_code == 200


@pytest.mark.django_db
def test_merging_two_drafts_keeps_a_draft(client, sophie, django_capture_on_commit_callbacks):
    first = ActorFactory(name="Nour", locality="Oujda", draft=True)
    second = ActorFactory(name="Nour", locality="Oujda", draft=True)
    detect_duplicates([first.pk, second.pk])
    client.force_login(sophie)
    merge(client, DuplicateCandidate.objects.get(), "keep_actor", django_capture_on_commit_callbacks)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ActorStatus.DRAFT, ActorStatus.ARCHIVED)


@pytest.mark.django_db
def test_a_merge_moves_the_funding_project_partners(client, sophie, pair, django_capture_on_commit_callbacks):
    candidate, kept, other = pair
    alone, shared, led = (ProjectFactory(owner=sophie) for _ in range(3))
    moved = PartnerFactory(project=alone, actor=other, role=PartnerRole.ASSOCIATED)
    PartnerFactory(project=shared, actor=kept, role=PartnerRole.LEAD, partner_type=PartnerType.COOPERATIVE)
    PartnerFactory(project=shared, actor=other, role=PartnerRole.PARTNER, partner_type=PartnerType.ASSOCIATION)
    PartnerFactory(project=led, actor=kept, role=PartnerRole.ASSOCIATED, partner_type=PartnerType.COOPERATIVE)
    PartnerFactory(project=led, actor=other, role=PartnerRole.LEAD, partner_type=PartnerType.ASSOCIATION)
    PartnerFactory(project=led, actor=ActorFactory(name="Third"), role=PartnerRole.PARTNER)
    client.force_login(sophie)
    assert merge(client, candidate, "keep_actor", django_capture_on_commit_callbacks).status_code == 302
    assert not ProjectPartner.objects.filter(actor=other).exists()
    rows = {row.project_id: (row.role, row.partner_type) for row in ProjectPartner.objects.filter(actor=kept)}
    assert rows == {
        alone.pk: (PartnerRole.ASSOCIATED, PartnerType.COOPERATIVE),  # moved as it was
        shared.pk: (PartnerRole.LEAD, PartnerType.COOPERATIVE),  # the kept row, its lead role kept
        led.pk: (PartnerRole.LEAD, PartnerType.COOPERATIVE),  # the project keeps its lead
    }
    moved.refresh_from_db()
    assert moved.actor == kept
    assert ProjectPartner.objects.filter(project=led).count() == 2


def test_a_merge_moves_the_event_registrations_and_incubated_projects(
    client, sophie, pair, django_capture_on_commit_callbacks
):
    candidate, kept, other = pair
    registration = RegistrationFactory(actor=other)
    project = IncubatedProjectFactory(actor=other)
    untouched = RegistrationFactory(actor=ActorFactory(name="Third"))
    client.force_login(sophie)
    assert merge(client, candidate, "keep_actor", django_capture_on_commit_callbacks).status_code == 302
    registration.refresh_from_db()
    project.refresh_from_db()
    untouched.refresh_from_db()
    assert (registration.actor, project.actor) == (kept, kept)
    assert untouched.actor.name == "Third"


@pytest.mark.django_db
def test_the_merge_page_says_which_entry_may_be_kept_and_what_is_published(client, sophie, pair):
    candidate, _kept, _other = pair
    client.force_login(sophie)
    page = client.get(f"/fr/actors/duplicates/{candidate.pk}/").content.decode()
    with translation.override("fr"):
        note = gettext(
            "An archived entry cannot be kept. A draft kept in place of a published entry is published, so that "
            "what readers could see stays in the directory."
        )
    assert note != gettext("An archived entry cannot be kept.")
    assert escape(note) in " ".join(page.split())


def test_the_migration_forgets_open_pairs_found_before_archiving_closed_them(db):
    close = importlib.import_module("essmed.directory.migrations.0010_close_archived_pairs").close_archived_pairs
    kept, archived, other = ActorFactory(), ActorFactory(), ActorFactory()
    Actor.objects.filter(pk=archived.pk).update(status=ActorStatus.ARCHIVED)  # as before archiving closed pairs
    stale = DuplicateCandidate.objects.create(actor=archived, other=kept, reason="same website")
    stale_other_way = DuplicateCandidate.objects.create(actor=other, other=archived, reason="same website")
    live = DuplicateCandidate.objects.create(actor=kept, other=other, reason="same name and place")
    decided = DuplicateCandidate.objects.create(
        actor=kept, other=archived, reason="same name and place", status=DuplicateStatus.DISMISSED
    )
    close(django_apps, SimpleNamespace(connection=connection))
    remaining = set(DuplicateCandidate.objects.values_list("pk", flat=True))
    assert remaining == {live.pk, decided.pk}
    assert stale.pk not in remaining and stale_other_way.pk not in remaining
