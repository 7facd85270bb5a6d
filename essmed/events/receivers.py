"""The events' answers to other apps' signals (connected in ``apps.EventsConfig.ready``): the directory's merges,
and the new names of a person or an actor, which the search of participants keeps folded with each of their
registrations (``Registration.search_source``; ``RegistrationQuerySet.refresh_search`` catches up with the
changes made without a signal)."""

from collections.abc import Iterable
from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from essmed.accounts.models import User
from essmed.directory.models import Actor
from essmed.directory.signals import actors_merged
from essmed.events.models import ACTOR_NAMES, Registration


@receiver(actors_merged, dispatch_uid="events-registrations-follow-merged-actors")
def move_registrations(sender: Any, kept: Actor, other: Actor, **kwargs: Any) -> None:
    """Participants who represented ``other`` now represent ``kept``, and are found by its names."""
    Registration.objects.filter(actor=other).update(actor=kept)
    Registration.objects.filter(actor=kept).refresh_search()


@receiver(post_save, sender=User, dispatch_uid="events-search-follows-person-names")
def follow_person_name(
    sender: Any, instance: User, created: bool, update_fields: Iterable[str] | None = None, **kwargs: Any
) -> None:
    """A person is found under their new name (a sign-in, which saves ``last_login`` only, changes nothing)."""
    if created or kwargs.get("raw"):
        return
    if update_fields is None or "full_name" in update_fields:
        Registration.objects.filter(user=instance).refresh_search()


@receiver(post_save, sender=Actor, dispatch_uid="events-search-follows-actor-names")
def follow_actor_names(
    sender: Any, instance: Actor, created: bool, update_fields: Iterable[str] | None = None, **kwargs: Any
) -> None:
    """Participants are found under their actor's new names."""
    if created or kwargs.get("raw"):
        return
    if update_fields is None or set(ACTOR_NAMES).intersection(update_fields):
        Registration.objects.filter(actor=instance).refresh_search()
