"""The administration's history (``django.contrib.admin``'s ``LogEntry``) in the reader's language.

``LogEntry`` stores its texts as they were written, in one language: ``object_repr`` (the object's name) and a
plain ``change_message``. What accounts writes there is one of a few known texts — the "deleted user" name that
erasure leaves in the entries about an erased account (``personal_data.erase_account``), and the messages of the
erasure and of the export by staff — so an entry holding one of them, in any language (or the French name that
the placeholders stored before migration 0002), is shown in the reader's language instead: the text is replaced,
when the entry is loaded, by its lazy translation (``AccountsConfig.ready`` connects ``show_in_readers_language``).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from essmed.accounts.models import DELETED_USER_NAME

ERASED = _("Account and personal data erased at the person's request.")
EXPORTED = _("Personal data exported.")

# The name the placeholders stored before migration 0002, whatever the French catalogue says today.
LEGACY_DELETED_USER_NAMES = ("Utilisateur supprimé",)


@cache
def known_texts() -> dict[str, Promise]:
    """Each known text as stored in any language, with its lazy translation."""
    texts: dict[str, Promise] = dict.fromkeys(LEGACY_DELETED_USER_NAMES, DELETED_USER_NAME)
    for text in (DELETED_USER_NAME, ERASED, EXPORTED):
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                texts[str(text)] = text
    return texts


def show_in_readers_language(sender: Any, instance: Any, **kwargs: Any) -> None:
    """``post_init`` of ``LogEntry``: a known text becomes its lazy translation, rendered in the reader's language."""
    for field in ("object_repr", "change_message"):
        value = instance.__dict__.get(field)  # never a deferred field's query
        if isinstance(value, str) and value in known_texts():
            instance.__dict__[field] = known_texts()[value]
