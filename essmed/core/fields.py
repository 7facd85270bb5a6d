from __future__ import annotations

from typing import Any

from django.db import models


class URLField(models.URLField):  # type: ignore[type-arg]
    """A URL field whose form field assumes https for an address typed without a scheme."""

    def formfield(self, **kwargs: Any) -> Any:
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)
