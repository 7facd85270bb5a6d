from modeltranslation.translator import TranslationOptions, register

from essmed.incubator.models import Call, Criterion, MentorProfile, Programme, Question, Workshop


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Call)
class CallTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text", "choices")


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name",)


@register(Workshop)
class WorkshopTranslation(TranslationOptions):
    fields = ("title", "description")


@register(MentorProfile)
class MentorProfileTranslation(TranslationOptions):
    fields = ("bio",)
