from modeltranslation.translator import TranslationOptions, register

from essmed.directory.models import Actor, Offer, Term


@register(Term)
class TermTranslation(TranslationOptions):
    fields = ("label",)


@register(Actor)
class ActorTranslation(TranslationOptions):
    fields = ("name", "description", "mission")


@register(Offer)
class OfferTranslation(TranslationOptions):
    fields = ("title", "description")
