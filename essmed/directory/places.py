"""The names of an actor's place in every language, for its search document.

An actor is found by the names of its country, region, province and commune in every language, not only by the
town its texts give: «تعاونية بركان» finds the cooperatives of Berkane whose texts are in French, and
«coopérative Maroc» those of Morocco whose texts never name the country. ``Actor.refresh_keys()`` reads the names
through the actor's links; the importer, which must not query the database from its worker processes, reads
them all once (``PlaceTerms.from_database()``: a few hundred territories) and gives them to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models

from essmed.directory.text import indexed_terms
from essmed.territories.models import Commune, Country, Division, Region

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
NAME_FIELDS = [f"name_{code}" for code in LANGUAGE_CODES]
# An actor's place from the widest to the narrowest: the attribute of its link, and the territory's model.
LEVELS: tuple[tuple[str, type[models.Model]], ...] = (
    ("country", Country),
    ("region", Region),
    ("division", Division),
    ("commune", Commune),
)

PlaceKey = tuple[int | None, int | None, int | None, int | None]  # the ids of country, region, division, commune


def names_of(territories: Iterable[models.Model | None]) -> list[str]:
    """The names of these territories in every language, widest first."""
    return [
        name
        for territory in territories
        if territory is not None
        for name in (getattr(territory, f) for f in NAME_FIELDS)
    ]


def place_terms(names: Iterable[str]) -> tuple[str, ...]:
    """The indexed terms of a place's names, each once."""
    found: list[str] = []
    for name in names:
        if name:
            found.extend(indexed_terms(name))
    return tuple(dict.fromkeys(found))


@dataclass
class PlaceTerms:
    """Every territory's names, read once; the terms of each place asked for, remembered."""

    names: dict[str, dict[int, tuple[str, ...]]]  # level → territory id → its names in every language
    remembered: dict[PlaceKey, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_database(cls) -> PlaceTerms:
        return cls(
            {
                level: {pk: tuple(names) for pk, *names in model._default_manager.values_list("pk", *NAME_FIELDS)}
                for level, model in LEVELS
            }
        )

    def of(self, key: PlaceKey) -> tuple[str, ...]:
        found = self.remembered.get(key)
        if found is None:
            found = self.remembered[key] = place_terms(
                name
                for (level, _model), pk in zip(LEVELS, key, strict=True)
                if pk is not None
                for name in self.names[level].get(pk, ())
            )
        return found
