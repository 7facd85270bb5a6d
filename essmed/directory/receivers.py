"""What the directory does when a territory is renamed: the search documents of its actors hold its names in
every language (``places.py``), so the background worker computes them again."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_save, pre_save

from essmed.directory.places import LEVELS, NAME_FIELDS
from essmed.directory.tasks import refresh_place_documents

LEVEL_OF = {model: level for level, model in LEVELS}


def remember_names(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    stored = sender._default_manager.filter(pk=instance.pk).values_list(*NAME_FIELDS).first() if instance.pk else None
    instance._names_before = stored  # type: ignore[attr-defined]


def refresh_when_renamed(sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_names_before", None)
    if created or before is None or tuple(getattr(instance, name) for name in NAME_FIELDS) == before:
        return
    level, pk = LEVEL_OF[sender], instance.pk
    transaction.on_commit(lambda: refresh_place_documents.enqueue(level, pk))


for _model in LEVEL_OF:
    pre_save.connect(remember_names, sender=_model, dispatch_uid=f"directory-names-before-{_model.__name__}")
    post_save.connect(refresh_when_renamed, sender=_model, dispatch_uid=f"directory-renamed-{_model.__name__}")
