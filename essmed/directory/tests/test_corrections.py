"""Corrections proposed by anyone signed in, decided by programme staff."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext

from essmed.accounts.models import OrganisationKind
from essmed.directory.models import Actor, Correction, CorrectionStatus, Vocabulary
from essmed.directory.tests.factories import ActorFactory, TermFactory
from essmed.territories.tests.factories import CountryFactory, RegionFactory

pytestmark = pytest.mark.django_db

EVERYONE = ["amina", "sophie", "youssef", "fatima", "karim", "omar", "dimitris", "thomas", "pauline"]
STAFF = ["amina", "sophie"]


@pytest.fixture
def oriental():
    return RegionFactory(slug="oriental", name="Oriental", country=CountryFactory(code="MA"))


@pytest.fixture
def zaytoun(coop, oriental):
    actor = ActorFactory(
        name="Coopérative Zaytoun",
        organisation=coop,
        region=oriental,
        locality="Berkane",
        description_fr="Huile d'olive",
        website="https://zaytoun.example.org",
        languages="fr, ar",
    )
    actor.sectors.add(TermFactory(vocabulary=Vocabulary.ACTIVITY, code="ICA140", label="Agriculture"))
    return actor


@pytest.fixture
def correction(zaytoun, pauline):
    TermFactory(vocabulary=Vocabulary.ACTIVITY, code="ICA150", label="Fishing")
    return Correction.objects.create(
        actor=zaytoun,
        proposed_by=pauline,
        changes={"name_ar": "تعاونية الزيتون", "sectors": ["ICA140", "ICA150"], "locality": "Ahfir"},
        comment="Vu sur leur site",
    )


def form_data(actor, **changes):
    """What the correction form posts when nothing is touched, with ``changes``."""
    data = {
        "name_fr": actor.name_fr or "",
        "name_ar": actor.name_ar or "",
        "name_en": actor.name_en or "",
        "actor_type": actor.actor_type,
        "country": actor.country.code,
        "region": actor.region.slug if actor.region else "",
        "locality": actor.locality,
        "description_fr": actor.description_fr or "",
        "website": actor.website,
        "languages": actor.languages,
        "sectors": [term.code for term in actor.sectors.all()],
    }
    data.update(changes)
    return data


def login_redirect(response):
    return response.status_code == 302 and "/accounts/login/" in response.url


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def french(message, **values):
    with translation.override("fr"):
        return gettext(message) % values if values else gettext(message)


# --- Proposing ------------------------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_log_in_to_propose_a_correction(client, zaytoun):
    assert login_redirect(client.get(f"/fr/actors/{zaytoun.pk}/correction/"))
    assert login_redirect(client.post(f"/fr/actors/{zaytoun.pk}/correction/", form_data(zaytoun, locality="X")))
    assert not Correction.objects.exists()


@pytest.mark.parametrize("who", EVERYONE)
def test_anyone_signed_in_may_propose_a_correction_to_a_published_actor(client, cast, zaytoun, who):
    client.force_login(cast[who])
    response = client.get(f"/fr/actors/{zaytoun.pk}/correction/")
    assert response.status_code == 200
    assert response.context["form"]["locality"].value() == "Berkane"
    assert response.context["form"]["country"].value() == "MA"
    response = client.post(f"/fr/actors/{zaytoun.pk}/correction/", form_data(zaytoun, locality="Ahfir"))
    correction = Correction.objects.get()
    assert response.url == f"/fr/actors/corrections/{correction.pk}/"
    assert correction.proposed_by == cast[who]


@pytest.mark.parametrize("who", EVERYONE)
def test_no_correction_to_a_draft_or_archived_actor(client, cast, coop, who):
    client.force_login(cast[who])
    for actor in (ActorFactory(organisation=coop, draft=True), ActorFactory(archived=True)):
        assert client.get(f"/fr/actors/{actor.pk}/correction/").status_code == 404


def test_only_the_changed_values_are_stored_as_plain_codes(client, pauline, zaytoun, cim_region):
    TermFactory(vocabulary=Vocabulary.ACTIVITY, code="ICA150", label="Fishing")
    TermFactory(vocabulary=Vocabulary.LEGAL_FORM, code="MA-COOP", label="Coopérative (loi 112-12)")
    network = ActorFactory(name="REMESS", actor_type=OrganisationKind.NETWORK)
    client.force_login(pauline)
    data = form_data(
        zaytoun,
        name_ar="تعاونية الزيتون",
        sectors=["ICA140", "ICA150"],
        legal_form="MA-COOP",
        founded="2012-05-01",
        members_total="25",
        add_networks="REMESS",
        comment="Vu sur leur site",
    )
    client.post(f"/fr/actors/{zaytoun.pk}/correction/", data)
    correction = Correction.objects.get()
    assert correction.changes == {
        "name_ar": "تعاونية الزيتون",
        "legal_form": "MA-COOP",
        "sectors": ["ICA140", "ICA150"],
        "founded": "2012-05-01",
        "members_total": 25,
        "networks": [network.pk],
    }
    assert correction.comment == "Vu sur leur site"
    assert correction.status == CorrectionStatus.PENDING
    zaytoun.refresh_from_db()
    assert zaytoun.name_ar is None  # nothing changes until staff accept


def test_a_value_left_as_it_is_is_not_proposed_even_if_the_form_would_tidy_it(client, pauline, zaytoun):
    Actor.objects.filter(pk=zaytoun.pk).update(languages="fr,ar")  # as an import wrote it
    zaytoun.refresh_from_db()
    client.force_login(pauline)
    client.post(f"/fr/actors/{zaytoun.pk}/correction/", form_data(zaytoun, locality="Ahfir"))
    assert Correction.objects.get().changes == {"locality": "Ahfir"}


def test_a_correction_must_change_something(client, pauline, zaytoun):
    client.force_login(pauline)
    response = client.post(f"/fr/actors/{zaytoun.pk}/correction/", form_data(zaytoun))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        french("Change at least one value before sending your correction.")
    ]
    assert not Correction.objects.exists()


def test_a_proposed_value_is_validated_like_an_edit(client, pauline, zaytoun, cim_region):
    client.force_login(pauline)
    response = client.post(f"/fr/actors/{zaytoun.pk}/correction/", form_data(zaytoun, region="occitanie"))
    assert response.context["form"].errors["region"] == [french("This region is not in the chosen country.")]
    page = response.content.decode()
    assert "Coopérative Zaytoun" in page  # the page still names the actor as it is
    assert not Correction.objects.exists()


def test_the_correction_form_does_not_offer_the_organisation_link(client, omar, zaytoun):
    client.force_login(omar)
    assert "organisation" not in client.get(f"/fr/actors/{zaytoun.pk}/correction/").context["form"].fields


# --- Reviewing ------------------------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_log_in_to_read_a_correction(client, correction):
    assert login_redirect(client.get(f"/fr/actors/corrections/{correction.pk}/"))
    assert login_redirect(client.post(f"/fr/actors/corrections/{correction.pk}/", {"decision": "accept"}))


@pytest.mark.parametrize("who", EVERYONE)
def test_a_correction_is_read_by_its_author_and_staff_only(client, cast, correction, who):
    client.force_login(cast[who])
    response = client.get(f"/fr/actors/corrections/{correction.pk}/")
    assert response.status_code == (200 if who in [*STAFF, "pauline"] else 404)


@pytest.mark.parametrize("who", EVERYONE)
def test_only_staff_decide_a_correction(client, cast, correction, who):
    client.force_login(cast[who])
    response = client.post(f"/fr/actors/corrections/{correction.pk}/", {"decision": "accept"})
    assert response.status_code == (302 if who in STAFF else 404)
    correction.refresh_from_db()
    assert (correction.status == CorrectionStatus.ACCEPTED) == (who in STAFF)


def test_the_author_sees_the_proposal_but_no_decision_form(client, pauline, correction):
    client.force_login(pauline)
    response = client.get(f"/fr/actors/corrections/{correction.pk}/")
    assert response.context["form"] is None
    page = response.content.decode()
    assert "تعاونية الزيتون" in page
    assert "Ahfir" in page


def test_staff_see_the_proposed_values_beside_the_current_ones(client, sophie, correction):
    client.force_login(sophie)
    response = client.get(f"/fr/actors/corrections/{correction.pk}/")
    with translation.override("fr"):
        town, sectors = capfirst(gettext("town")), gettext("Sectors of activity")
    rows = {row["label"]: row for row in response.context["rows"]}
    assert len(rows) == 3
    assert (rows[town]["current"], rows[town]["proposed"]) == ("Berkane", "Ahfir")
    assert (rows[sectors]["current"], rows[sectors]["proposed"]) == ("Agriculture", "Agriculture, Fishing")
    [arabic] = [row for row in rows.values() if row["proposed"] == "تعاونية الزيتون"]
    assert (arabic["current"], arabic["lang"]) == ("", "ar")
    assert 'lang="ar"' in response.content.decode()


def test_accepting_applies_the_values_and_tells_the_author(
    client, sophie, pauline, correction, zaytoun, django_capture_on_commit_callbacks
):
    client.force_login(sophie)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/fr/actors/corrections/{correction.pk}/", {"decision": "accept", "reason": ""})
    assert response.url == "/fr/actors/moderation/"
    zaytoun.refresh_from_db()
    assert zaytoun.name_ar == "تعاونية الزيتون"
    assert zaytoun.locality == "Ahfir"
    assert sorted(term.code for term in zaytoun.sectors.all()) == ["ICA140", "ICA150"]
    # the values the correction did not touch are kept
    assert (zaytoun.name_fr, zaytoun.description_fr, zaytoun.region.slug) == (
        "Coopérative Zaytoun",
        "Huile d'olive",
        "oriental",
    )
    assert zaytoun.organisation.slug == "zaytoun"
    correction.refresh_from_db()
    assert (correction.status, correction.reviewed_by) == (CorrectionStatus.ACCEPTED, sophie)
    assert correction.reviewed_at is not None
    [email] = mail.outbox
    assert email.to == ["pauline@example.org"]
    assert "Coopérative Zaytoun" in email.subject
    assert f"/fr/actors/corrections/{correction.pk}/" in email.body
    assert messages_of(response) == [
        french("The correction is accepted and applied to “%(name)s”.", name="Coopérative Zaytoun")
    ]


def test_rejecting_needs_a_reason_changes_nothing_and_tells_the_author(
    client, sophie, pauline, correction, zaytoun, django_capture_on_commit_callbacks
):
    pauline.preferred_language = "en"
    pauline.save()
    client.force_login(sophie)
    response = client.post(f"/fr/actors/corrections/{correction.pk}/", {"decision": "reject", "reason": ""})
    assert response.context["form"].errors["reason"] == [french("Give the reason for rejecting the correction.")]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/fr/actors/corrections/{correction.pk}/", {"decision": "reject", "reason": "Ahfir is wrong."})
    zaytoun.refresh_from_db()
    assert zaytoun.locality == "Berkane"
    assert zaytoun.name_ar is None
    correction.refresh_from_db()
    assert (correction.status, correction.review_note) == (CorrectionStatus.REJECTED, "Ahfir is wrong.")
    [email] = mail.outbox
    assert email.to == ["pauline@example.org"]
    assert email.subject == "Your correction to “Coopérative Zaytoun” is not accepted"
    assert "Ahfir is wrong." in email.body
    assert f"/en/actors/corrections/{correction.pk}/" in email.body


def test_a_value_that_no_longer_fits_is_not_applied(client, sophie, zaytoun, pauline):
    correction = Correction.objects.create(
        actor=zaytoun, proposed_by=pauline, changes={"legal_form": "NO-SUCH-FORM", "locality": "Ahfir"}
    )
    client.force_login(sophie)
    response = client.post(f"/fr/actors/corrections/{correction.pk}/", {"decision": "accept"})
    assert response.status_code == 200
    assert messages_of(response) == [french("This correction cannot be applied as it is.")]
    [error] = response.context["apply_errors"]
    assert error.startswith(french("Legal form") + ": ")
    assert error in response.content.decode()
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.PENDING
    zaytoun.refresh_from_db()
    assert zaytoun.locality == "Berkane"


def test_a_decided_correction_cannot_be_decided_again(client, sophie, correction, zaytoun):
    client.force_login(sophie)
    client.post(f"/fr/actors/corrections/{correction.pk}/", {"decision": "reject", "reason": "No."})
    response = client.post(f"/fr/actors/corrections/{correction.pk}/", {"decision": "accept"})
    assert response.status_code == 200
    assert messages_of(response)[-1] == french("This correction has already been decided.")
    assert response.context["form"] is None
    zaytoun.refresh_from_db()
    assert zaytoun.locality == "Berkane"
    assert Correction.objects.get().status == CorrectionStatus.REJECTED


def test_accepting_a_correction_of_the_networks_links_them(client, sophie, pauline, zaytoun):
    network = ActorFactory(name="REMESS", actor_type=OrganisationKind.NETWORK)
    correction = Correction.objects.create(actor=zaytoun, proposed_by=pauline, changes={"networks": [network.pk]})
    client.force_login(sophie)
    client.post(f"/fr/actors/corrections/{correction.pk}/", {"decision": "accept"})
    assert list(Actor.objects.get(pk=zaytoun.pk).networks.all()) == [network]


@pytest.mark.parametrize(
    ("field", "value"),
    [("division", "²"), ("division", "9" * 5001), ("division", "99999999999999999999999"), ("add_networks", "²")],
)
def test_an_odd_number_in_a_proposed_place_or_network_is_an_error_not_a_crash(client, pauline, zaytoun, field, value):
    client.force_login(pauline)
    response = client.post(f"/fr/actors/{zaytoun.pk}/correction/", form_data(zaytoun, **{field: value}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Correction.objects.exists()
