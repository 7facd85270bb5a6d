from modeltranslation.translator import TranslationOptions, register

from essmed.accounts.models import Organisation


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "description")
