from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from essmed.funding.models import (
    Call,
    Deadline,
    EligibilityRule,
    Funder,
    PartnerRole,
    PartnerType,
    Programme,
    Project,
    ProjectPartner,
    Publication,
    SavedSearch,
)


class FunderFactory(DjangoModelFactory):
    class Meta:
        model = Funder
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"funder-{n}")
    name = factory.Sequence(lambda n: f"Funder {n}")
    name_fr = factory.LazyAttribute(lambda o: o.name)
    name_en = factory.LazyAttribute(lambda o: o.name)


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("slug",)

    funder = factory.SubFactory(FunderFactory)
    slug = factory.Sequence(lambda n: f"programme-{n}")
    name = factory.Sequence(lambda n: f"Programme {n}")
    name_fr = factory.LazyAttribute(lambda o: o.name)
    name_en = factory.LazyAttribute(lambda o: o.name)
    source = "test"


class CallFactory(DjangoModelFactory):
    class Meta:
        model = Call
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    reference = factory.Sequence(lambda n: f"CALL-{n}")
    title = factory.Sequence(lambda n: f"Call for proposals {n}")
    title_fr = factory.LazyAttribute(lambda o: o.title)
    title_en = factory.LazyAttribute(lambda o: o.title)
    publication = Publication.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(publication=Publication.DRAFT, published_at=None)

    @factory.post_generation
    def deadlines(self, create, extracted, **kwargs):
        for day in extracted or []:
            Deadline.objects.create(call=self, date=day)


class RuleFactory(DjangoModelFactory):
    class Meta:
        model = EligibilityRule

    rule_id = factory.Sequence(lambda n: f"rule-{n}")
    label = factory.Sequence(lambda n: f"Rule {n}")
    label_fr = factory.LazyAttribute(lambda o: o.label)
    label_en = factory.LazyAttribute(lambda o: o.label)
    expression = {">=": [{"var": "partners_count"}, 2]}
    source = "test source"


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Project {n}")


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = ProjectPartner

    role = PartnerRole.PARTNER
    partner_type = PartnerType.COOPERATIVE


class SavedSearchFactory(DjangoModelFactory):
    class Meta:
        model = SavedSearch

    name = factory.Sequence(lambda n: f"Search {n}")
    query = {}
