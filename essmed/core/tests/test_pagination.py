"""The one pagination of the platform (core/includes/pagination.html)."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import translation


class CappedAtAThousand(Paginator):  # type: ignore[type-arg]
    """What directory.search.CappedPaginator says of a list of more than 1,000."""

    cap = 1_000
    capped = True


@pytest.mark.parametrize(("language", "number"), [("en", "1,000"), ("fr", "1\xa0000")])
def test_the_note_on_capped_pages_writes_the_cap_as_the_count_is_written(rf, language, number):
    paginator = CappedAtAThousand(list(range(1_000)), 20)
    with translation.override(language):
        html = render_to_string(
            "core/includes/pagination.html", {"page_obj": paginator.page(1)}, request=rf.get("/actors/")
        )
    assert f"{number} " in html and "50" in html
    assert "1000" not in html
