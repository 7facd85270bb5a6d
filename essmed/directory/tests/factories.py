from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from essmed.accounts.models import OrganisationKind
from essmed.directory.models import Actor, ActorStatus, Offer, OfferKind, OfferTopic, Term, Vocabulary
from essmed.territories.tests.factories import CountryFactory


class TermFactory(DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("vocabulary", "code")

    vocabulary = Vocabulary.ACTIVITY
    code = factory.Sequence(lambda n: f"ICA{n}")
    label = factory.Sequence(lambda n: f"Activity {n}")


class ActorFactory(DjangoModelFactory):
    class Meta:
        model = Actor
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Coopérative {n}")
    actor_type = OrganisationKind.COOPERATIVE
    country = factory.SubFactory(CountryFactory, code="MA")
    status = ActorStatus.PUBLISHED

    class Params:
        draft = factory.Trait(status=ActorStatus.DRAFT)
        archived = factory.Trait(status=ActorStatus.ARCHIVED)
        located = factory.Trait(latitude=34.68, longitude=-1.91, geo_precision="locality")


class OfferFactory(DjangoModelFactory):
    class Meta:
        model = Offer

    actor = factory.SubFactory(ActorFactory)
    kind = OfferKind.OFFER
    topic = OfferTopic.PARTNERS
    title = factory.Sequence(lambda n: f"Offer {n}")
    description = "We look for partners to sell olive oil across the Mediterranean."
