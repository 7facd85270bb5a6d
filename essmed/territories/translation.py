from modeltranslation.translator import TranslationOptions, register

from essmed.territories.models import Commune, Country, Division, Region


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name", "capital", "cim_evidence")


@register(Division)
class DivisionTranslation(TranslationOptions):
    fields = ("name",)


@register(Commune)
class CommuneTranslation(TranslationOptions):
    fields = ("name",)
