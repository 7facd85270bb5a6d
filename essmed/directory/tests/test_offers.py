"""Offers and requests of cooperation, and the expressions of interest that reach the actor's members."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from essmed.accounts.models import Role
from essmed.accounts.tests.factories import person
from essmed.directory.models import ExpressionOfInterest, Offer, OfferKind, OfferTopic
from essmed.directory.tests.factories import ActorFactory, OfferFactory

pytestmark = pytest.mark.django_db

EVERYONE = ["amina", "sophie", "youssef", "fatima", "karim", "omar", "dimitris", "thomas", "pauline"]
ZAYTOUN_EDITORS = ["amina", "sophie", "fatima", "karim"]
OUTSIDE_ZAYTOUN = [who for who in EVERYONE if who not in ("fatima", "karim")]  # staff included


@pytest.fixture
def zaytoun(coop):
    return ActorFactory(name="Coopérative Zaytoun", organisation=coop)


@pytest.fixture
def offer(zaytoun):
    return OfferFactory(
        actor=zaytoun,
        title_fr="Partenaires pour l'huile d'olive",
        title_ar="شركاء لزيت الزيتون",
        description_fr="Nous cherchons des partenaires pour vendre notre huile d'olive.",
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )


def in_future(days=60):
    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def offer_data(**overrides):
    data = {
        "kind": OfferKind.REQUEST,
        "topic": OfferTopic.FUNDING,
        "title_fr": "Cofinancement d'un pressoir",
        "description_fr": "Nous cherchons un cofinancement pour un pressoir collectif.",
        "expires_on": in_future(),
        "is_published": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def login_redirect(response):
    return response.status_code == 302 and "/accounts/login/" in response.url


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def french(message, **values):
    with translation.override("fr"):
        return gettext(message) % values if values else gettext(message)


# --- Publishing offers ----------------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_log_in_to_publish_or_edit_an_offer(client, zaytoun, offer):
    assert login_redirect(client.get(f"/fr/actors/{zaytoun.pk}/offers/new/"))
    assert login_redirect(client.post(f"/fr/actors/{zaytoun.pk}/offers/new/", offer_data()))
    assert login_redirect(client.get(f"/fr/actors/offers/{offer.pk}/edit/"))
    assert Offer.objects.count() == 1


@pytest.mark.parametrize("who", EVERYONE)
def test_only_the_actors_editors_publish_its_offers(client, cast, zaytoun, who):
    client.force_login(cast[who])
    allowed = who in ZAYTOUN_EDITORS
    assert client.get(f"/fr/actors/{zaytoun.pk}/offers/new/").status_code == (200 if allowed else 404)
    response = client.post(f"/fr/actors/{zaytoun.pk}/offers/new/", offer_data())
    assert response.status_code == (302 if allowed else 404)
    assert Offer.objects.filter(actor=zaytoun).exists() == allowed


@pytest.mark.parametrize("who", EVERYONE)
def test_only_the_actors_editors_edit_its_offers(client, cast, offer, who):
    client.force_login(cast[who])
    allowed = who in ZAYTOUN_EDITORS
    assert client.get(f"/fr/actors/offers/{offer.pk}/edit/").status_code == (200 if allowed else 404)
    response = client.post(f"/fr/actors/offers/{offer.pk}/edit/", offer_data(title_fr="Changed"))
    assert response.status_code == (302 if allowed else 404)
    offer.refresh_from_db()
    assert (offer.title_fr == "Changed") == allowed


def test_a_member_publishes_a_request_in_arabic_only(client, karim, zaytoun):
    client.force_login(karim)
    data = offer_data(title_fr="", description_fr="", title_ar="تمويل معصرة", description_ar="نبحث عن تمويل مشترك")
    response = client.post(f"/fr/actors/{zaytoun.pk}/offers/new/", data)
    offer = Offer.objects.get()
    assert response.url == f"/fr/actors/offers/{offer.pk}/"
    assert (offer.actor, offer.created_by, offer.kind) == (zaytoun, karim, OfferKind.REQUEST)
    assert offer.title_ar == "تمويل معصرة"
    page = client.get(response.url).content.decode()
    assert 'lang="ar"' in page
    assert "تمويل معصرة" in page


def test_an_offer_needs_a_title_and_description_in_one_language_at_least(client, karim, zaytoun):
    client.force_login(karim)
    response = client.post(f"/fr/actors/{zaytoun.pk}/offers/new/", offer_data(title_fr="", description_fr=""))
    assert response.status_code == 200
    assert response.context["form"].errors["title_fr"] == [
        french("Write the title and description in at least one language.")
    ]
    response = client.post(f"/fr/actors/{zaytoun.pk}/offers/new/", offer_data(description_fr="", title_en="Funding"))
    errors = response.context["form"].errors
    assert errors["description_fr"] == [french("Write the description in this language too.")]
    assert errors["description_en"] == [french("Write the description in this language too.")]
    assert not Offer.objects.exists()


def test_the_expiry_must_be_after_today(client, karim, zaytoun):
    client.force_login(karim)
    for day in (timezone.localdate(), timezone.localdate() - datetime.timedelta(days=3)):
        response = client.post(f"/fr/actors/{zaytoun.pk}/offers/new/", offer_data(expires_on=day.isoformat()))
        assert response.context["form"].errors["expires_on"] == [french("Choose an expiry date after today.")]
    response = client.post(f"/fr/actors/{zaytoun.pk}/offers/new/", offer_data(expires_on=""))
    assert "expires_on" in response.context["form"].errors
    assert not Offer.objects.exists()


def test_an_expired_offer_is_renewed_by_moving_its_expiry(client, karim, offer):
    Offer.objects.filter(pk=offer.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(karim)
    expired = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    # Unpublishing keeps the past expiry: no need to invent a new one.
    response = client.post(f"/fr/actors/offers/{offer.pk}/edit/", offer_data(expires_on=expired, is_published=None))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert not offer.is_published
    response = client.post(f"/fr/actors/offers/{offer.pk}/edit/", offer_data(expires_on=in_future(90)))
    offer.refresh_from_db()
    assert offer.is_published
    assert not offer.is_expired()


# --- The offer page -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", *EVERYONE])
def test_a_current_offer_is_seen_by_everyone(client, cast, offer, who):
    if who != "anonymous":
        client.force_login(cast[who])
    response = client.get(f"/fr/actors/offers/{offer.pk}/")
    assert response.status_code == 200
    assert "Partenaires pour l&#x27;huile d&#x27;olive" in response.content.decode()


@pytest.mark.parametrize("state", ["expired", "unpublished", "draft actor"])
@pytest.mark.parametrize("who", ["anonymous", *EVERYONE])
def test_an_offer_that_is_not_current_is_seen_by_its_editors_only(client, cast, offer, state, who):
    if state == "expired":
        Offer.objects.filter(pk=offer.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    elif state == "unpublished":
        Offer.objects.filter(pk=offer.pk).update(is_published=False)
    else:
        type(offer.actor).objects.filter(pk=offer.actor_id).update(status="draft")
    if who != "anonymous":
        client.force_login(cast[who])
    response = client.get(f"/fr/actors/offers/{offer.pk}/")
    assert response.status_code == (200 if who in ZAYTOUN_EDITORS else 404)


def test_anonymous_visitor_is_invited_to_log_in_to_answer(client, offer):
    page = client.get(f"/fr/actors/offers/{offer.pk}/").content.decode()
    assert f"/fr/accounts/login/?next=/fr/actors/offers/{offer.pk}/" in page
    assert 'name="message"' not in page


# --- Expressions of interest ----------------------------------------------------------------------------------


def test_anonymous_visitor_cannot_express_interest(client, offer):
    assert login_redirect(client.post(f"/fr/actors/offers/{offer.pk}/interest/", {"message": "Hello"}))
    assert not ExpressionOfInterest.objects.exists()


def test_expressing_interest_is_a_post(client, pauline, offer):
    client.force_login(pauline)
    assert client.get(f"/fr/actors/offers/{offer.pk}/interest/").status_code == 405


@pytest.mark.parametrize("who", OUTSIDE_ZAYTOUN)
def test_anyone_signed_in_outside_the_organisation_expresses_interest(
    client, cast, offer, who, fatima, karim, django_capture_on_commit_callbacks
):
    client.force_login(cast[who])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/fr/actors/offers/{offer.pk}/interest/", {"message": "Nous sommes intéressés."})
    assert response.status_code == 302
    assert response.url == f"/fr/actors/offers/{offer.pk}/"
    interest = ExpressionOfInterest.objects.get()
    assert (interest.sender, interest.offer) == (cast[who], offer)
    assert sorted(message.to[0] for message in mail.outbox) == ["fatima@example.org", "karim@example.org"]
    assert messages_of(response) == [
        french("Your message is sent to “%(name)s”. It is up to them to answer you.", name="Coopérative Zaytoun")
    ]


@pytest.mark.parametrize("who", ["fatima", "karim"])
def test_members_do_not_write_to_their_own_organisation(client, cast, offer, who):
    client.force_login(cast[who])
    page = client.get(f"/fr/actors/offers/{offer.pk}/").content.decode()
    assert 'name="message"' not in page
    response = client.post(f"/fr/actors/offers/{offer.pk}/interest/", {"message": "Hello"})
    assert response.status_code == 302
    assert messages_of(response) == [french("This offer is your own organisation's.")]
    assert not ExpressionOfInterest.objects.exists()


def test_each_member_gets_their_own_email_in_their_language_without_anyones_address(
    client, pauline, fatima, karim, offer, django_capture_on_commit_callbacks
):
    karim.preferred_language = "en"
    karim.save()
    client.force_login(pauline)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/fr/actors/offers/{offer.pk}/interest/", {"message": "Nous vendons des bouteilles en verre."})
    emails = {message.to[0]: message for message in mail.outbox}
    assert set(emails) == {"fatima@example.org", "karim@example.org"}
    for message in emails.values():
        assert len(message.to) == 1
        assert not message.cc
        assert not message.bcc
        assert not message.reply_to
        assert "Nous vendons des bouteilles en verre." in message.body
        assert "Pauline" in message.body
        assert "pauline@example.org" not in message.body
        assert "fatima@example.org" not in message.body
        assert "karim@example.org" not in message.body
    assert re.search(rf"http\S+/fr/actors/offers/{offer.pk}/", emails["fatima@example.org"].body)
    assert re.search(rf"http\S+/en/actors/offers/{offer.pk}/", emails["karim@example.org"].body)
    assert emails["karim@example.org"].subject == "Interest in “Partenaires pour l'huile d'olive”"


def test_the_interest_in_an_actor_without_organisation_reaches_programme_staff(
    client, pauline, amina, sophie, thomas, django_capture_on_commit_callbacks
):
    offer = OfferFactory(actor=ActorFactory(name="Sans organisation"))
    client.force_login(pauline)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/fr/actors/offers/{offer.pk}/interest/", {"message": "Hello"})
    assert sorted(message.to[0] for message in mail.outbox) == ["amina@example.org", "sophie@example.org"]


def test_no_email_is_sent_before_the_message_is_saved(
    client, pauline, fatima, offer, django_capture_on_commit_callbacks
):
    client.force_login(pauline)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(f"/fr/actors/offers/{offer.pk}/interest/", {"message": "Hello"})
    assert mail.outbox == []
    assert len(callbacks) >= 1


def test_one_message_per_person_per_offer_per_day(client, pauline, offer, django_capture_on_commit_callbacks):
    client.force_login(pauline)
    url = f"/fr/actors/offers/{offer.pk}/interest/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"message": "First"})
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": "Second"})
    assert response.status_code == 200
    limit = french("You have already written about this offer today. You can write again tomorrow.")
    assert response.context["interest_form"].non_field_errors() == [limit]
    assert limit in response.content.decode()
    assert "Second" in response.content.decode()  # what was typed is kept
    assert ExpressionOfInterest.objects.count() == 1
    assert len(mail.outbox) == sent
    # The next day, a new message is welcome.
    ExpressionOfInterest.objects.update(created_at=timezone.now() - datetime.timedelta(days=1))
    assert client.post(url, {"message": "Third"}).status_code == 302
    assert ExpressionOfInterest.objects.count() == 2


def test_the_daily_limit_is_per_offer(client, pauline, offer):
    other = OfferFactory(actor=offer.actor)
    client.force_login(pauline)
    client.post(f"/fr/actors/offers/{offer.pk}/interest/", {"message": "First"})
    assert client.post(f"/fr/actors/offers/{other.pk}/interest/", {"message": "Other"}).status_code == 302
    assert ExpressionOfInterest.objects.count() == 2


def test_the_message_is_required(client, pauline, offer):
    client.force_login(pauline)
    response = client.post(f"/fr/actors/offers/{offer.pk}/interest/", {"message": "  "})
    assert response.status_code == 200
    assert "message" in response.context["interest_form"].errors
    assert not ExpressionOfInterest.objects.exists()


def test_a_member_writes_on_behalf_of_their_own_organisations_actor_only(
    client, omar, fatima, other_coop, offer, django_capture_on_commit_callbacks
):
    argan = ActorFactory(name="Coopérative Argan", organisation=other_coop)
    stranger = ActorFactory(name="Someone else's")
    client.force_login(omar)
    url = f"/fr/actors/offers/{offer.pk}/interest/"
    response = client.post(url, {"message": "Hello", "sender_actor": stranger.pk})
    assert "sender_actor" in response.context["interest_form"].errors
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"message": "Hello", "sender_actor": argan.pk})
    assert ExpressionOfInterest.objects.get().sender_actor == argan
    assert "Coopérative Argan" in mail.outbox[0].body


def test_without_an_organisation_the_on_behalf_choice_is_not_offered(client, pauline, offer):
    client.force_login(pauline)
    form = client.get(f"/fr/actors/offers/{offer.pk}/").context["interest_form"]
    assert "sender_actor" not in form.fields


def test_a_closed_offer_takes_no_more_messages(client, karim, pauline, offer):
    Offer.objects.filter(pk=offer.pk).update(is_published=False)
    client.force_login(pauline)
    assert client.post(f"/fr/actors/offers/{offer.pk}/interest/", {"message": "Hello"}).status_code == 404
    assert not ExpressionOfInterest.objects.exists()


@pytest.mark.parametrize("who", EVERYONE)
def test_only_the_actors_editors_read_the_messages_received(client, cast, offer, who):
    sender = person(Role.PARTICIPANT, email="sender@example.org", full_name="Nadia Sender")
    ExpressionOfInterest.objects.create(offer=offer, sender=sender, message="Secret proposal")
    client.force_login(cast[who])
    page = client.get(f"/fr/actors/offers/{offer.pk}/").content.decode()
    assert ("Secret proposal" in page) == (who in ZAYTOUN_EDITORS)
    assert "sender@example.org" not in page


def test_the_sender_does_not_see_the_messages_of_others(client, pauline, offer):
    other = person(Role.PARTICIPANT, email="other@example.org", full_name="Other")
    ExpressionOfInterest.objects.create(offer=offer, sender=other, message="Other proposal")
    client.force_login(pauline)
    client.post(f"/fr/actors/offers/{offer.pk}/interest/", {"message": "My proposal"})
    page = client.get(f"/fr/actors/offers/{offer.pk}/").content.decode()
    assert "Other proposal" not in page
    assert "My proposal" not in page


def test_editors_read_the_messages_with_the_senders_organisation(client, fatima, omar, other_coop, offer):
    argan = ActorFactory(name="Coopérative Argan", organisation=other_coop)
    ExpressionOfInterest.objects.create(offer=offer, sender=omar, sender_actor=argan, message="Let us talk")
    client.force_login(fatima)
    response = client.get(f"/fr/actors/offers/{offer.pk}/")
    page = response.content.decode()
    assert "Let us talk" in page
    assert "Omar" in page
    assert f'href="/fr/actors/{argan.pk}/"' in page
    assert "omar@example.org" not in page
    assert response.context["interests"].paginator.count == 1


def test_an_offer_text_too_long_is_told_once_not_as_missing(client, karim, zaytoun):
    client.force_login(karim)
    response = client.post(f"/fr/actors/{zaytoun.pk}/offers/new/", offer_data(title_fr="T" * 500))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert len(errors["title_fr"]) == 1
    assert "200" in errors["title_fr"][0]
    assert french("Write the title in this language too.") not in errors["title_fr"]
    assert set(errors) == {"title_fr"}
    assert not Offer.objects.exists()


def test_a_message_longer_than_4000_characters_is_refused(client, pauline, offer, django_capture_on_commit_callbacks):
    client.force_login(pauline)
    url = f"/fr/actors/offers/{offer.pk}/interest/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": "x" * 100_000})
    assert response.status_code == 200
    assert "4000" in response.context["interest_form"].errors["message"][0]
    assert not ExpressionOfInterest.objects.exists()
    assert mail.outbox == []
    assert 'maxlength="4000"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"message": "x" * 4000}).status_code == 302
    assert len(ExpressionOfInterest.objects.get().message) == 4000


def test_staff_receiving_the_interest_in_an_actor_without_members_are_told_why(
    client, pauline, sophie, fatima, offer, django_capture_on_commit_callbacks
):
    lonely = OfferFactory(actor=ActorFactory(name="Sans organisation"))
    client.force_login(pauline)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/fr/actors/offers/{lonely.pk}/interest/", {"message": "Hello"})
        client.post(f"/fr/actors/offers/{offer.pk}/interest/", {"message": "Bonjour"})
    emails = {message.to[0]: message.body for message in mail.outbox}
    with translation.override("fr"):
        member_line = gettext("All the messages about it are on its page (log in as a member of %(actor)s):")
        staff_line = gettext(
            "You receive this message as programme staff: %(actor)s has no member on essmed to read it. "
            "The offer and all the messages about it are on its page:"
        )
    assert staff_line % {"actor": "Sans organisation"} in emails["sophie@example.org"]
    assert "log in as a member" not in emails["sophie@example.org"]
    assert "Sans organisation" in emails["sophie@example.org"]
    assert member_line % {"actor": "Coopérative Zaytoun"} in emails["fatima@example.org"]
    assert "programme staff" not in emails["fatima@example.org"]
