from modeltranslation.translator import TranslationOptions, register

from essmed.funding.models import Call, EligibilityRule, Funder, Programme, Theme


@register(Funder)
class FunderTranslation(TranslationOptions):
    fields = ("name",)


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)


@register(Programme)
class ProgrammeTranslation(TranslationOptions):
    fields = ("name", "summary")


@register(Call)
class CallTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(EligibilityRule)
class EligibilityRuleTranslation(TranslationOptions):
    fields = ("label", "reason")
