from modeltranslation.translator import TranslationOptions, register

from essmed.events.models import Event, Registration, TimeSlot


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description", "venue")


@register(TimeSlot)
class TimeSlotTranslation(TranslationOptions):
    fields = ("label",)


@register(Registration)
class RegistrationTranslation(TranslationOptions):
    fields = ("offers", "seeks")
