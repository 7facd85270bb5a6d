from __future__ import annotations

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from essmed.accounts.tests.factories import UserFactory
from essmed.incubator.models import (
    Application,
    Call,
    Criterion,
    Diagnostic,
    DiagnosticScore,
    FollowUp,
    MentorProfile,
    PlanAction,
    Programme,
    Project,
    Question,
    QuestionKind,
    Workshop,
)


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"programme-{n}")
    name = factory.Sequence(lambda n: f"Programme {n}")


class CallFactory(DjangoModelFactory):
    class Meta:
        model = Call

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Appel {n}")
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    is_published = True


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    call = factory.SubFactory(CallFactory)
    text = factory.Sequence(lambda n: f"Question {n} ?")
    kind = QuestionKind.SHORT_TEXT
    required = True


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = Criterion

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"Critère {n}")


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    project_name = factory.Sequence(lambda n: f"Projet {n}")
    applicant = factory.SubFactory(UserFactory)


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Coopérative suivie {n}")
    languages = ["fr", "ar"]


class DiagnosticFactory(DjangoModelFactory):
    class Meta:
        model = Diagnostic
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    held_on = factory.LazyFunction(timezone.localdate)

    @factory.post_generation
    def scores(self, create, extracted, **kwargs):
        if not create or extracted is None:
            return
        for dimension, score in extracted.items():
            DiagnosticScore.objects.create(diagnostic=self, dimension=dimension, score=score)


class PlanActionFactory(DjangoModelFactory):
    class Meta:
        model = PlanAction

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    kind = "internal"


class MentorProfileFactory(DjangoModelFactory):
    class Meta:
        model = MentorProfile

    user = factory.SubFactory(UserFactory)
    sectors = ["agrifood"]
    languages = ["fr"]
    expertise = ["financing"]
    capacity = 2


class WorkshopFactory(DjangoModelFactory):
    class Meta:
        model = Workshop
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Atelier {n}")
    held_on = factory.LazyFunction(timezone.localdate)


class FollowUpFactory(DjangoModelFactory):
    class Meta:
        model = FollowUp

    project = factory.SubFactory(ProjectFactory)
    point = "entry"
    reported_on = factory.LazyFunction(timezone.localdate)
