"""Each app's part of the registry: what it exports, and what deleting an account does to its records.

The accounts app never imports the apps above it; these tests do, to build their records.
"""

import ast
import importlib
import json
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.utils import timezone, translation

from essmed.accounts import actions, personal_data
from essmed.accounts.models import Invitation, Role, User
from essmed.accounts.tests.factories import PASSWORD, InvitationFactory, UserFactory
from essmed.directory.models import Correction, ExpressionOfInterest, Offer
from essmed.directory.tests.factories import ActorFactory, OfferFactory
from essmed.events.models import MeetingRequest, Registration, RegistrationStatus
from essmed.events.tests.factories import EventFactory, MeetingRequestFactory, RegistrationFactory
from essmed.funding.models import Project as FundingProject
from essmed.funding.models import SavedSearch
from essmed.funding.tests.factories import ProjectFactory as FundingProjectFactory
from essmed.funding.tests.factories import SavedSearchFactory
from essmed.incubator.models import (
    Application,
    ApplicationState,
    Attendance,
    Diagnostic,
    FollowUpReminder,
    MentorProfile,
    Review,
    SupportSession,
)
from essmed.incubator.tests.factories import (
    ApplicationFactory,
    DiagnosticFactory,
    MentorProfileFactory,
    ProjectFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

# Every link from a model of the platform to a person, and what deleting the account does to it. A new link fails
# test_every_link_to_a_person_is_decided until it is added here (and its app's personal_data.py exports it).
DECISIONS = {
    "accounts.Membership.user": "deleted (CASCADE)",
    "accounts.Invitation.invited_by": "kept for the organisation, emptied (SET_NULL)",
    "accounts.Invitation.accepted_by": "the invitations to the person's address are deleted",
    "directory.Offer.created_by": "kept with its actor, emptied (SET_NULL)",
    "directory.ExpressionOfInterest.sender": "deleted (CASCADE)",
    "directory.Correction.proposed_by": "deleted (CASCADE)",
    "directory.Correction.reviewed_by": "kept in the history, emptied (SET_NULL)",
    "directory.ActorImport.created_by": "kept in the history, emptied (SET_NULL)",
    "events.Event.organisers": "the person leaves the organisers",
    "events.Registration.user": "upcoming ones cancelled (waiting list moves up), then deleted (CASCADE)",
    "events.ScheduleRun.requested_by": "kept, emptied (SET_NULL)",
    "funding.Call.created_by": "kept, emptied (SET_NULL)",
    "funding.Project.owner": "shared with an organisation: placeholder; else deleted (CASCADE)",
    "funding.SavedSearch.user": "deleted (CASCADE)",
    "incubator.Call.reviewers": "the person leaves the reviewers",
    "incubator.Application.applicant": "PROTECT: own draft deleted, own in selection withdrawn, all to placeholder",
    "incubator.Application.team": "the person leaves the team",
    "incubator.Review.reviewer": "PROTECT: kept for the committee, placeholder",
    "incubator.Project.team": "the person leaves the team",
    "incubator.Project.advisor": "kept, emptied (SET_NULL)",
    "incubator.Project.mentor": "kept, emptied (SET_NULL)",
    "incubator.Diagnostic.created_by": "kept, emptied (SET_NULL)",
    "incubator.PlanAction.owner": "kept, emptied (SET_NULL)",
    "incubator.SupportSession.participants": "the person leaves the participants",
    "incubator.SupportSession.logged_by": "kept, emptied (SET_NULL)",
    "incubator.Attendance.person": "deleted (CASCADE)",
    "incubator.MentorProfile.user": "deleted (CASCADE)",
    "incubator.FollowUp.recorded_by": "kept, emptied (SET_NULL)",
}


def user_links() -> set[str]:
    links = set()
    for model in apps.get_models():
        if not model.__module__.startswith("essmed."):
            continue
        for field in model._meta.get_fields(include_hidden=True):
            if field.is_relation and not field.auto_created and field.related_model is User:
                links.add(f"{model._meta.app_label}.{model.__name__}.{field.name}")
    return links


def test_every_link_to_a_person_is_decided():
    assert user_links() == set(DECISIONS)


def test_every_app_with_people_registers_its_part():
    assert [source.label for source in personal_data.sources()] == [
        "account",
        "sign_ins",
        "emails",
        "directory",
        "events",
        "funding",
        "incubator",
    ]
    for source in personal_data.sources():
        assert str(source.title) and str(source.description) and str(source.deletion), source.label


def test_accounts_imports_none_of_the_apps_above_it():
    above = ("essmed.directory", "essmed.events", "essmed.funding", "essmed.incubator")
    root = Path(settings.BASE_DIR) / "essmed" / "accounts"
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not [name for name in names if name.startswith(above)], path


def export(user):
    return json.loads(personal_data.export_json(user))["records"]


def erase(user):
    email = user.email
    actions.delete_account(user)
    assert not User.objects.filter(email=email).exists()


def placeholders():
    return User.objects.filter(email__endswith=f"@{personal_data.PLACEHOLDER_DOMAIN}")


# --- The placeholder -------------------------------------------------------------------------------------------


def test_placeholder_is_a_deleted_user_who_can_neither_sign_in_nor_receive_email(karim):
    placeholder = personal_data.Erasure(karim).placeholder
    assert placeholder.is_placeholder
    assert placeholder.full_name == ""  # no name stored, in any language
    assert not placeholder.is_active
    assert not placeholder.has_usable_password()
    assert placeholder.email.endswith("@deleted.invalid")
    assert not placeholder.memberships.exists()
    assert not placeholder.check_password("")


@pytest.mark.parametrize(
    ("lang", "name"), [("fr", "Utilisateur supprimé"), ("ar", "مستخدم محذوف"), ("en", "Deleted user")]
)
def test_placeholder_is_named_in_the_readers_language(karim, lang, name):
    placeholder = personal_data.Erasure(karim).placeholder
    with translation.override(lang):
        assert str(placeholder) == placeholder.get_full_name() == placeholder.get_short_name() == name


def test_a_review_kept_from_a_deleted_reviewer_reads_deleted_user_in_the_pages_language(client, karim, sophie):
    application = ApplicationFactory(state=ApplicationState.REVIEW)
    Review.objects.create(application=application, reviewer=karim, recommendation="yes", comment="Solide")
    erase(karim)
    client.force_login(sophie)
    arabic = client.get(f"/ar/incubator/applications/{application.pk}/").content.decode()
    assert "مستخدم محذوف —" in arabic
    assert "Utilisateur supprimé" not in arabic
    assert "Deleted user —" in client.get(f"/en/incubator/applications/{application.pk}/").content.decode()


def test_placeholders_stored_with_a_french_name_forget_it(karim):
    """Migration 0002: placeholders made before stored "Utilisateur supprimé" as their name."""
    migration = importlib.import_module("essmed.accounts.migrations.0002_placeholders_without_name")
    old = UserFactory(email="deleted-0123456789abcdef@deleted.invalid", full_name="Utilisateur supprimé")
    migration.forget_stored_names(apps, None)
    old.refresh_from_db()
    karim.refresh_from_db()
    assert (old.full_name, karim.full_name) == ("", "Karim")
    with translation.override("ar"):
        assert str(old) == "مستخدم محذوف"


# --- Accounts ---------------------------------------------------------------------------------------------------


def test_invitations_sent_stay_with_the_organisation_and_those_received_are_deleted(fatima, karim, coop):
    sent = InvitationFactory(email="newcomer@example.org", organisation=coop, role=Role.MEMBER, invited_by=karim)
    received = InvitationFactory(email="KARIM@example.org", invited_by=fatima)
    records = export(karim)["account"]
    assert [row["email"] for row in records["invitations_sent"]] == ["newcomer@example.org"]
    assert [row["invited_by"] for row in records["invitations_received"]] == ["Fatima"]
    erase(karim)
    sent.refresh_from_db()
    assert sent.invited_by is None
    assert not Invitation.objects.filter(pk=received.pk).exists()


def test_sign_in_records_are_exported_then_deleted(client, karim, omar):
    for username in ("karim@example.org", "omar@example.org"):
        AccessLog.objects.create(username=username, ip_address="192.0.2.7", user_agent="Firefox", path_info="/")
    AccessAttempt.objects.create(
        username="Karim@example.org", ip_address="192.0.2.8", user_agent="Chrome", failures_since_start=2
    )
    records = export(karim)["sign_ins"]
    assert [row["browser"] for row in records["sign_ins"]] == ["Firefox"]
    assert [row["ip_address"] for row in records["failed_sign_ins"]] == ["192.0.2.8"]
    erase(karim)
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["omar@example.org"]
    assert not AccessAttempt.objects.exists()


def test_a_staff_members_administration_history_is_kept_under_the_placeholder(sophie, karim):
    user_type = ContentType.objects.get_for_model(User)
    LogEntry.objects.log_actions(sophie.pk, [karim], CHANGE, change_message="Changed full_name.")
    LogEntry.objects.create(
        user=karim, content_type=user_type, object_id=str(sophie.pk), object_repr="Sophie", action_flag=CHANGE
    )
    assert export(sophie)["account"]["administration_actions"][0]["object"] == "Karim"
    karim_id = karim.pk
    erase(karim)
    by_karim = LogEntry.objects.get(object_id=str(sophie.pk))
    assert by_karim.user.is_placeholder
    about_karim = LogEntry.objects.get(object_id=str(karim_id))
    assert about_karim.user == sophie
    assert about_karim.object_repr == "Utilisateur supprimé"


# --- Directory -------------------------------------------------------------------------------------------------


def test_deleting_account_deletes_interests_and_corrections_and_keeps_offers_without_a_name(karim, sophie):
    actor = ActorFactory()
    offer = OfferFactory(actor=actor, created_by=karim, title_fr="Huile d'olive bio")
    other_offer = OfferFactory()
    ExpressionOfInterest.objects.create(offer=other_offer, sender=karim, message="Intéressé par vos produits.")
    Correction.objects.create(actor=actor, proposed_by=karim, changes={"locality": "Oujda"}, comment="Nouvelle ville")
    reviewed = Correction.objects.create(
        actor=actor, proposed_by=sophie, changes={"locality": "Nador"}, reviewed_by=karim, status="accepted"
    )
    records = export(karim)["directory"]
    assert records["offers_written"][0]["title"]["fr"] == "Huile d'olive bio"
    assert records["expressions_of_interest_sent"][0]["message"] == "Intéressé par vos produits."
    assert records["corrections_proposed"][0]["changes"] == {"locality": "Oujda"}
    assert records["corrections_reviewed"][0]["status"] == "accepted"
    erase(karim)
    offer.refresh_from_db()
    assert offer.created_by is None
    assert not ExpressionOfInterest.objects.exists()
    assert list(Correction.objects.all()) == [reviewed]
    reviewed.refresh_from_db()
    assert reviewed.reviewed_by is None


# --- Events ----------------------------------------------------------------------------------------------------


def test_deleting_account_cancels_upcoming_registration_so_the_waiting_list_moves_up(
    karim, omar, pauline, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=2)
    RegistrationFactory(event=event, user=karim)
    omar_registration = RegistrationFactory(event=event, user=omar)
    waiting = RegistrationFactory(event=event, user=pauline, status=RegistrationStatus.WAITING)
    request = MeetingRequestFactory(requester=omar_registration, recipient=Registration.objects.get(user=karim))
    with django_capture_on_commit_callbacks(execute=True):
        erase(karim)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.REGISTERED
    assert not Registration.objects.filter(user_id=karim.pk).exists()
    assert not MeetingRequest.objects.filter(pk=request.pk).exists()
    assert [message.to for message in mail.outbox] == [["pauline@example.org"], ["karim@example.org"]]


def test_past_registrations_are_deleted_without_touching_the_event(karim):
    past = EventFactory(
        starts_on=timezone.localdate() - timedelta(days=30), ends_on=timezone.localdate() - timedelta(days=30)
    )
    past.organisers.add(karim)
    RegistrationFactory(event=past, user=karim)
    assert export(karim)["events"]["events_organised"][0]["event"] == str(past)
    erase(karim)
    assert not Registration.objects.exists()
    assert not past.organisers.exists()


# --- Funding ---------------------------------------------------------------------------------------------------


def test_deleting_account_keeps_an_organisations_project_under_a_deleted_user_and_deletes_the_rest(karim, coop):
    shared = FundingProjectFactory(owner=karim, organisation=coop, title="Consortium olive")
    FundingProjectFactory(owner=karim, title="Idée personnelle")
    SavedSearchFactory(user=karim, name="Appels Interreg")
    records = export(karim)["funding"]
    assert sorted(row["title"] for row in records["projects_created"]) == ["Consortium olive", "Idée personnelle"]
    assert records["saved_searches"][0]["name"] == "Appels Interreg"
    erase(karim)
    assert list(FundingProject.objects.all()) == [shared]
    shared.refresh_from_db()
    assert shared.owner.is_placeholder
    assert str(shared.owner) == "Utilisateur supprimé"
    assert not SavedSearch.objects.exists()


# --- Incubator -------------------------------------------------------------------------------------------------


def test_deleting_account_anonymises_mentor_logs(youssef, karim):
    project = ProjectFactory(advisor=youssef, mentor=youssef)
    project.team.add(karim)
    session = SupportSession.objects.create(
        project=project,
        held_on=timezone.localdate(),
        duration_minutes=60,
        topics="Plan de trésorerie",
        logged_by=youssef,
    )
    session.participants.add(karim, youssef)
    diagnostic = DiagnosticFactory(project=project, created_by=youssef)
    MentorProfileFactory(user=youssef, bio_fr="Vingt ans de coopératives")
    records = export(youssef)["incubator"]
    assert records["support_sessions"][0] == {
        **records["support_sessions"][0],
        "logged_by_me": True,
        "took_part": True,
        "topics": "Plan de trésorerie",
    }
    assert records["projects"][0]["my_roles"] == ["advisor", "mentor"]
    assert records["mentor_profile"][0]["presentation"]["fr"] == "Vingt ans de coopératives"
    erase(youssef)
    session.refresh_from_db()
    assert session.logged_by is None
    assert list(session.participants.all()) == [karim]
    assert Diagnostic.objects.get(pk=diagnostic.pk).created_by is None
    project.refresh_from_db()
    assert project.advisor is None and project.mentor is None
    assert not MentorProfile.objects.exists()


def test_applications_protect_their_applicant_and_are_deleted_withdrawn_or_kept(karim, fatima, coop):
    own_draft = ApplicationFactory(applicant=karim)
    own_sent = ApplicationFactory(applicant=karim, state=ApplicationState.REVIEW)
    with_organisation = ApplicationFactory(applicant=karim, organisation=coop, state=ApplicationState.DRAFT)
    with_team = ApplicationFactory(applicant=karim, state=ApplicationState.SUBMITTED)
    with_team.team.add(fatima)
    decided = ApplicationFactory(applicant=karim, state=ApplicationState.DECLINED)
    assert len(export(karim)["incubator"]["applications"]) == 5
    erase(karim)
    assert not Application.objects.filter(pk=own_draft.pk).exists()
    assert Application.objects.get(pk=own_sent.pk).state == ApplicationState.WITHDRAWN
    assert Application.objects.get(pk=with_team.pk).state == ApplicationState.SUBMITTED
    assert Application.objects.get(pk=decided.pk).state == ApplicationState.DECLINED
    kept = Application.objects.filter(pk__in=[own_sent.pk, with_organisation.pk, with_team.pk, decided.pk])
    [placeholder] = placeholders()
    assert {application.applicant for application in kept} == {placeholder}


def test_reviews_protect_their_reviewer_and_stay_for_the_committee_one_placeholder_per_deleted_reviewer(karim, pauline):
    application = ApplicationFactory(state=ApplicationState.REVIEW)
    for reviewer in (karim, pauline):
        Review.objects.create(application=application, reviewer=reviewer, recommendation="yes", comment="Solide")
    assert export(karim)["incubator"]["reviews"][0]["comment"] == "Solide"
    erase(karim)
    erase(pauline)
    assert application.reviews.count() == 2
    assert {review.reviewer for review in application.reviews.all()} == set(placeholders())
    assert placeholders().count() == 2


def test_attendance_and_reminders_do_not_keep_the_person(youssef):
    workshop = WorkshopFactory()
    Attendance.objects.create(workshop=workshop, person=youssef)
    project = ProjectFactory(advisor=youssef)
    FollowUpReminder.objects.create(project=project, point="entry", sent_to="youssef@example.org")
    records = export(youssef)["incubator"]
    assert records["workshops"][0]["workshop"] == str(workshop)
    assert records["follow_up_reminders"][0]["point"] == "entry"
    erase(youssef)
    assert not Attendance.objects.exists()
    assert FollowUpReminder.objects.get().sent_to == ""


# --- All at once, through the page -----------------------------------------------------------------------------


def test_deleting_an_account_linked_everywhere_succeeds_through_the_page(client, karim, coop, omar):
    """Every app's records at once, with both PROTECT links: the page deletes the account in one go."""
    event = EventFactory()
    RegistrationFactory(event=event, user=karim)
    OfferFactory(created_by=karim)
    FundingProjectFactory(owner=karim, organisation=coop)
    application = ApplicationFactory(applicant=karim, state=ApplicationState.SUBMITTED)
    Review.objects.create(application=ApplicationFactory(applicant=omar), reviewer=karim, recommendation="no")
    MentorProfileFactory(user=karim)
    client.force_login(karim)
    response = client.post("/fr/accounts/profile/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(email="karim@example.org").exists()
    assert Application.objects.get(pk=application.pk).applicant.is_placeholder
    assert Offer.objects.get().created_by is None


def test_a_person_with_nothing_but_an_account_leaves_no_placeholder(client):
    user = UserFactory(email="solo@example.org")
    person_count = User.objects.count()
    erase(user)
    assert User.objects.count() == person_count - 1
    assert not placeholders().exists()
