"""The staff's moderation queue and the status of actors (draft → published → archived → published)."""

import datetime
import itertools

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext, ngettext

from essmed.directory import actions
from essmed.directory.actions import TransitionError, check_transition
from essmed.directory.models import (
    Actor,
    ActorImport,
    ActorStatus,
    Correction,
    CorrectionStatus,
    DuplicateCandidate,
    DuplicateStatus,
)
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


# --- The admin follows the same rules -------------------------------------------------------------------------


def admin_form_data(client, url, **changes):
    """What the admin's change (or add) form would post as it is shown, with ``changes``."""
    response = client.get(url)
    assert response.status_code == 200
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.extend([inline.formset.management_form, *inline.formset.forms])
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = [str(item) for item in value] if isinstance(value, list) else value
    data.update(changes)
    return data


def admin_change(client, actor, django_capture_on_commit_callbacks, **changes):
    url = f"/fr/admin/directory/actor/{actor.pk}/change/"
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url, admin_form_data(client, url, **changes))


@pytest.mark.django_db
def test_the_admin_cannot_send_a_published_actor_back_to_draft(client, amina, django_capture_on_commit_callbacks):
    actor = ActorFactory(name="Nour")
    client.force_login(amina)
    response = admin_change(client, actor, django_capture_on_commit_callbacks, status="draft")
    assert response.status_code == 200
    with translation.override("fr"):
        expected = gettext("An entry cannot go from “%(current)s” to “%(target)s”.") % {
            "current": ActorStatus.PUBLISHED.label,
            "target": ActorStatus.DRAFT.label,
        }
    assert response.context["adminform"].form.errors["status"] == [expected]
    actor.refresh_from_db()
    assert actor.status == ActorStatus.PUBLISHED
    # an allowed change, or no change of status, is saved
    response = admin_change(client, actor, django_capture_on_commit_callbacks, status="archived")
    assert response.status_code == 302
    actor.refresh_from_db()
    assert actor.status == ActorStatus.ARCHIVED
    assert admin_change(client, actor, django_capture_on_commit_callbacks, locality="Oujda").status_code == 302
    actor.refresh_from_db()
    assert (actor.status, actor.locality) == (ActorStatus.ARCHIVED, "Oujda")


@pytest.mark.django_db
def test_an_actor_saved_in_the_admin_is_checked_for_duplicates(client, amina, django_capture_on_commit_callbacks):
    first = ActorFactory(name="Nour", locality="Oujda")
    second = ActorFactory(name="Zaytoun", locality="Oujda")
    client.force_login(amina)
    response = admin_change(client, second, django_capture_on_commit_callbacks, name_fr="Nour")
    assert response.status_code == 302
    candidate = DuplicateCandidate.objects.get()
    assert {candidate.actor_id, candidate.other_id} == {first.pk, second.pk}
    # and an actor added in the admin
    data = admin_form_data(client, "/fr/admin/directory/actor/add/")
    data.update(
        name_fr="Nour", actor_type="cooperative", country=first.country_id, status="published", locality="Oujda"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/fr/admin/directory/actor/add/", data).status_code == 302
    added = Actor.objects.get(source="", name_fr="Nour", pk__gt=second.pk)
    assert DuplicateCandidate.objects.filter(actor_id=first.pk, other_id=added.pk).exists()


@pytest.mark.django_db
def test_archiving_in_the_admin_closes_the_open_pairs(client, amina, django_capture_on_commit_callbacks):
    first = ActorFactory(name="Nour", locality="Oujda")
    second = ActorFactory(name="Nour", locality="Oujda")
    DuplicateCandidate.objects.create(actor=first, other=second, reason="same_name_town")
    client.force_login(amina)
    admin_change(client, second, django_capture_on_commit_callbacks, status="archived")
    assert not DuplicateCandidate.objects.exists()


@pytest.mark.django_db
def test_the_admin_actions_follow_the_status_rules_and_find_duplicates(
    client, amina, django_capture_on_commit_callbacks
):
    published = ActorFactory(name="Nour", locality="Oujda")
    archived = ActorFactory(name="Nour", locality="Oujda", archived=True)
    draft = ActorFactory(name="Zaytoun", draft=True)
    long_ago = timezone.now() - datetime.timedelta(days=1)
    Actor.objects.update(updated_at=long_ago)
    client.force_login(amina)
    selected = [published.pk, archived.pk, draft.pk]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/fr/admin/directory/actor/", {"action": "publish", "_selected_action": selected}, follow=True
        )
    assert response.status_code == 200
    with translation.override("fr"):
        done = ngettext("%(count)d actor is published.", "%(count)d actors are published.", 2) % {"count": 2}
    assert done in [str(message) for message in response.context["messages"]]
    statuses = dict(Actor.objects.values_list("pk", "status"))
    assert set(statuses.values()) == {ActorStatus.PUBLISHED}
    assert Actor.objects.get(pk=archived.pk).updated_at > long_ago
    assert Actor.objects.get(pk=published.pk).updated_at == long_ago  # already published: left as it was
    candidate = DuplicateCandidate.objects.get()  # the archived copy, published again, repeats the other
    assert {candidate.actor_id, candidate.other_id} == {published.pk, archived.pk}
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/fr/admin/directory/actor/", {"action": "archive", "_selected_action": [archived.pk]})
    assert Actor.objects.get(pk=archived.pk).status == ActorStatus.ARCHIVED
    assert not DuplicateCandidate.objects.exists()


@pytest.mark.django_db
def test_the_admin_list_of_duplicates_shows_the_reason_in_the_readers_language_and_links_to_the_merge(client, amina):
    first, second = ActorFactory(name="Nour"), ActorFactory(name="Nour")
    candidate = DuplicateCandidate.objects.create(actor=first, other=second, reason="same_name_town")
    client.force_login(amina)
    page = client.get("/ar/admin/directory/duplicatecandidate/").content.decode()
    with translation.override("ar"):
        label = gettext("same name and town")
    assert label != "same name and town"
    assert label in page
    assert "same_name_town" not in page
    assert f'href="/ar/actors/duplicates/{candidate.pk}/"' in page


@pytest.mark.django_db
def test_the_status_of_a_pair_is_not_set_by_hand_in_the_admin(client, amina):
    first, second = ActorFactory(name="Nour"), ActorFactory(name="Nour")
    candidate = DuplicateCandidate.objects.create(actor=first, other=second, reason="same_name_town")
    client.force_login(amina)
    url = f"/fr/admin/directory/duplicatecandidate/{candidate.pk}/change/"
    response = client.get(url)
    assert 'name="status"' not in response.content.decode()
    assert f'href="/fr/actors/duplicates/{candidate.pk}/"' in response.content.decode()
    data = {"actor": first.pk, "other": second.pk, "reason": "same_name_town", "status": "merged"}
    assert client.post(url, data).status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == DuplicateStatus.OPEN
    assert Actor.objects.filter(status=ActorStatus.PUBLISHED).count() == 2


@pytest.mark.django_db
def test_an_upload_with_a_file_name_too_long_to_store_is_refused_with_a_message(client, sophie):
    client.force_login(sophie)
    upload = SimpleUploadedFile("a." + "x" * 150, b"Identifier,Name,Country\n1,Nour,MA\n", content_type="text/csv")
    response = client.post("/fr/admin/directory/actor/import/", {"file": upload, "source": "test"})
    assert response.status_code == 200
    expected = french(
        "The name of this file is too long to be stored: rename it (e.g. actors.csv) and upload it again."
    )
    assert response.context["form"].errors["file"] == [expected]
    assert not ActorImport.objects.exists()
    # a long name that can be shortened is accepted as before
    upload = SimpleUploadedFile("x" * 150 + ".csv", b"Identifier,Name,Country\n1,Nour,MA\n", content_type="text/csv")
    response = client.post("/fr/admin/directory/actor/import/", {"file": upload, "source": "test"})
    assert response.status_code == 302
    assert ActorImport.objects.get().file_name == "x" * 150 + ".csv"


@pytest.mark.django_db
def test_the_admin_actions_refuse_what_the_status_rules_refuse(client, amina, monkeypatch):
    monkeypatch.setitem(actions.ALLOWED_TRANSITIONS, ActorStatus.ARCHIVED, frozenset())  # were archives final
    archived = ActorFactory(name="Nour", archived=True)
    draft = ActorFactory(name="Zaytoun", draft=True)
    client.force_login(amina)
    response = client.post(
        "/fr/admin/directory/actor/", {"action": "publish", "_selected_action": [archived.pk, draft.pk]}, follow=True
    )
    reason = french(
        "An entry cannot go from “%(current)s” to “%(target)s”.",
        current=ActorStatus.ARCHIVED.label,
        target=ActorStatus.PUBLISHED.label,
    )
    with translation.override("fr"):
        done = ngettext("%(count)d actor is published.", "%(count)d actors are published.", 1) % {"count": 1}
    shown = [str(message) for message in response.context["messages"]]
    assert shown == [done, french("“%(name)s” is not changed: %(reason)s", name="Nour", reason=reason)]
    assert dict(Actor.objects.values_list("name", "status")) == {"Nour": "archived", "Zaytoun": "published"}
