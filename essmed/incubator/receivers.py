"""The incubator's answers to the directory's signals (connected in ``apps.IncubatorConfig.ready``)."""

from typing import Any

from django.dispatch import receiver

from essmed.directory.models import Actor
from essmed.directory.signals import actors_merged
from essmed.incubator.models import Project


@receiver(actors_merged, dispatch_uid="incubator-projects-follow-merged-actors")
def move_supported_projects(sender: Any, kept: Actor, other: Actor, **kwargs: Any) -> None:
    """A supported project that became ``other`` became ``kept``."""
    Project.objects.filter(actor=other).update(actor=kept)
