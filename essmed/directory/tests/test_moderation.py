"""The staff's moderation queue and the status of actors (draft → published → archived → published)."""

import itertools

import pytest
from django.contrib.messages import get_messages
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from essmed.directory.actions import TransitionError, check_transition
from essmed.directory.models import ActorStatus, Correction, CorrectionStatus, DuplicateCandidate, DuplicateStatus
from essmed.directory.tests.factories import ActorFactory

EVERYONE = ["amina", "sophie", "youssef", "fatima", "karim", "omar", "dimitris", "thomas", "pauline"]
STAFF = ["amina", "sophie"]
ZAYTOUN_MEMBERS = ["fatima", "karim"]
ALLOWED = {
    ("draft", "published"),
    ("draft", "archived"),
    ("published", "archived"),
    ("archived", "published"),
}


def login_redirect(response):
    return response.status_code == 302 and "/accounts/login/" in response.url


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def french(message, **values):
    with translation.override("fr"):
        return gettext(message) % values if values else gettext(message)


# --- Transitions ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("current", "target"), list(itertools.product(ActorStatus.values, repeat=2)))
def test_only_the_allowed_transitions_pass(current, target):
    if (current, target) in ALLOWED:
        check_transition(current, target)
    else:
        with pytest.raises(TransitionError):
            check_transition(current, target)


def test_an_unknown_status_is_refused():
    with pytest.raises(TransitionError):
        check_transition("draft", "deleted")


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_log_in_to_change_a_status(client, coop):
    actor = ActorFactory(draft=True)
    assert login_redirect(client.post(f"/fr/actors/{actor.pk}/status/", {"status": "published"}))
    actor.refresh_from_db()
    assert actor.status == ActorStatus.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize("who", EVERYONE)
def test_only_staff_publish_and_members_are_told_they_may_not(client, cast, coop, who):
    actor = ActorFactory(organisation=coop, draft=True)
    client.force_login(cast[who])
    response = client.post(f"/fr/actors/{actor.pk}/status/", {"status": "published"})
    expected = 302 if who in STAFF else 403 if who in ZAYTOUN_MEMBERS else 404
    assert response.status_code == expected
    actor.refresh_from_db()
    assert (actor.status == ActorStatus.PUBLISHED) == (who in STAFF)


@pytest.mark.django_db
def test_a_status_changes_by_post_only(client, sophie):
    actor = ActorFactory(draft=True)
    client.force_login(sophie)
    assert client.get(f"/fr/actors/{actor.pk}/status/").status_code == 405


@pytest.mark.django_db
def test_staff_publish_archive_and_publish_again(client, sophie):
    actor = ActorFactory(name="Nour", draft=True)
    client.force_login(sophie)
    url = f"/fr/actors/{actor.pk}/status/"
    for target, message in [
        ("published", "“%(name)s” is published."),
        ("archived", "“%(name)s” is archived."),
        ("published", "“%(name)s” is published."),
    ]:
        response = client.post(url, {"status": target})
        assert response.url == f"/fr/actors/{actor.pk}/"
        assert messages_of(response)[-1] == french(message, name="Nour")
        actor.refresh_from_db()
        assert actor.status == target


@pytest.mark.django_db
def test_an_invalid_transition_is_refused_with_a_message(client, sophie):
    actor = ActorFactory(name="Nour")
    client.force_login(sophie)
    response = client.post(f"/fr/actors/{actor.pk}/status/", {"status": "draft"})
    assert response.status_code == 302
    with translation.override("fr"):
        expected = gettext("An entry cannot go from “%(current)s” to “%(target)s”.") % {
            "current": ActorStatus.PUBLISHED.label,
            "target": ActorStatus.DRAFT.label,
        }
    assert messages_of(response) == [expected]
    actor.refresh_from_db()
    assert actor.status == ActorStatus.PUBLISHED
    response = client.post(f"/fr/actors/{actor.pk}/status/", {"status": "gone"})
    assert messages_of(response)[-1] == french("Unknown status.")


@pytest.mark.django_db
def test_the_status_change_returns_to_the_page_it_came_from_if_it_is_ours(client, sophie):
    actor = ActorFactory(draft=True)
    client.force_login(sophie)
    response = client.post(f"/fr/actors/{actor.pk}/status/", {"status": "published", "next": "/fr/actors/moderation/"})
    assert response.url == "/fr/actors/moderation/"
    response = client.post(f"/fr/actors/{actor.pk}/status/", {"status": "archived", "next": "https://evil.example/"})
    assert response.url == f"/fr/actors/{actor.pk}/"


# --- The moderation page --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_log_in_to_moderate(client):
    assert login_redirect(client.get("/fr/actors/moderation/"))


@pytest.mark.django_db
@pytest.mark.parametrize("who", EVERYONE)
def test_the_moderation_page_is_for_staff_only(client, cast, who):
    client.force_login(cast[who])
    assert client.get("/fr/actors/moderation/").status_code == (200 if who in STAFF else 404)


@pytest.mark.django_db
def test_moderation_lists_drafts_pending_corrections_and_open_duplicates_with_counts(client, sophie, pauline):
    draft = ActorFactory(name="Brouillon Nour", draft=True)
    published = ActorFactory(name="Publiée Zaytoun")
    ActorFactory(name="Archivée", archived=True)
    pending = Correction.objects.create(actor=published, proposed_by=pauline, changes={"locality": "Oujda"})
    Correction.objects.create(
        actor=published, proposed_by=pauline, changes={"locality": "X"}, status=CorrectionStatus.REJECTED
    )
    open_pair = DuplicateCandidate.objects.create(actor=draft, other=published, reason="same_website")
    DuplicateCandidate.objects.create(
        actor=published, other=draft, reason="same_name_town", status=DuplicateStatus.DISMISSED
    )
    client.force_login(sophie)
    response = client.get("/fr/actors/moderation/")
    sections = response.context["sections"]
    assert list(sections["drafts"].page.object_list) == [draft]
    assert list(sections["corrections"].page.object_list) == [pending]
    assert list(sections["duplicates"].page.object_list) == [open_pair]
    assert [section.page.paginator.count for section in sections.values()] == [1, 1, 1]
    page = response.content.decode()
    assert "Brouillon Nour" in page
    assert "Archivée" not in page
    assert f'href="/fr/actors/corrections/{pending.pk}/"' in page
    assert f'href="/fr/actors/duplicates/{open_pair.pk}/"' in page
    assert french("same website") in page
    assert f'action="/fr/actors/{draft.pk}/status/"' in page
    assert 'name="next" value="/fr/actors/moderation/"' in page


@pytest.mark.django_db
def test_each_list_has_its_own_pages(client, sophie, pauline, django_assert_max_num_queries):
    actors = [ActorFactory(draft=True) for _ in range(23)]
    published = ActorFactory()
    for _ in range(3):
        Correction.objects.create(actor=published, proposed_by=pauline, changes={"locality": "Oujda"})
    client.force_login(sophie)
    with django_assert_max_num_queries(15):
        response = client.get("/fr/actors/moderation/?corrections_page=1")
    drafts = response.context["sections"]["drafts"]
    assert len(drafts.page.object_list) == 20
    page = response.content.decode()
    assert 'href="?corrections_page=1&amp;drafts_page=2#drafts">Suivante</a>' in page
    title = gettext("New entries to publish")
    assert escape(gettext("Pages of “%(title)s”") % {"title": title}) in page
    assert "drafts_page=0" not in page  # no "previous" link on the first page
    response = client.get("/fr/actors/moderation/?corrections_page=1&drafts_page=2")
    drafts = response.context["sections"]["drafts"]
    assert list(drafts.page.object_list) == actors[20:]
    page = response.content.decode()
    assert 'href="?corrections_page=1&amp;drafts_page=1#drafts">Précédente</a>' in page
    assert len(response.context["sections"]["corrections"].page.object_list) == 3


@pytest.mark.django_db
def test_an_empty_queue_says_so(client, amina):
    client.force_login(amina)
    page = client.get("/fr/actors/moderation/").content.decode()
    assert french("No new entry is waiting.") in page
    assert french("No correction is waiting.") in page
    assert french("No possible duplicate to review.") in page
