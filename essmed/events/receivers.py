"""The events' answers to the directory's signals (connected in ``apps.EventsConfig.ready``)."""

from typing import Any

from django.dispatch import receiver

from essmed.directory.models import Actor
from essmed.directory.signals import actors_merged
from essmed.events.models import Registration


@receiver(actors_merged, dispatch_uid="events-registrations-follow-merged-actors")
def move_registrations(sender: Any, kept: Actor, other: Actor, **kwargs: Any) -> None:
    """Participants who represented ``other`` now represent ``kept``."""
    Registration.objects.filter(actor=other).update(actor=kept)
