"""The links of the offers and requests page are their words only: a space inside a link is underlined with it,
and the actor's link is followed by «·»."""

import pytest

from essmed.directory.tests.factories import ActorFactory, OfferFactory

pytestmark = pytest.mark.django_db


def test_an_offer_s_actor_link_ends_with_the_actor_s_name(client):
    actor = ActorFactory(name_fr="Coopérative Zaytoun", name_ar="تعاونية الزيتون")
    offer = OfferFactory(actor=actor, title_fr="Partenaires pour l'huile d'olive")
    html = client.get("/fr/actors/offers/").content.decode()
    assert f'<a href="{actor.get_absolute_url()}">Coopérative Zaytoun</a>' in html
    assert f'<a href="/fr/actors/offers/{offer.pk}/">Partenaires pour l&#x27;huile d&#x27;olive</a>' in html
    arabic = client.get("/ar/actors/offers/").content.decode()
    assert "تعاونية الزيتون</a>" in arabic


def test_a_name_in_another_language_is_marked_inside_the_link_with_no_space_around(client):
    actor = ActorFactory(name_fr="Coopérative Zaytoun", name_ar="")
    OfferFactory(actor=actor, title_fr="Partenaires")
    html = client.get("/ar/actors/offers/").content.decode()
    url = actor.get_absolute_url().replace("/fr/", "/ar/")
    assert f'<a href="{url}"><span lang="fr" dir="ltr">Coopérative Zaytoun</span></a>' in html
