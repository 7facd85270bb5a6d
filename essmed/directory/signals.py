"""What the directory tells the apps that point to its actors (events, funding, incubator), which the directory
does not import: the direction of the apps (docs/architecture.md)."""

from django.dispatch import Signal

actors_merged = Signal()
"""Sent by ``actions.merge_duplicates``, in its transaction, with ``kept`` and ``other`` (two ``Actor``): whatever an
app links to ``other`` must now link to ``kept`` (``other`` is archived). Each app's ``receivers.py`` does it."""
