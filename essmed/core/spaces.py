"""The spaces of the platform, as presented on the home page and in the main navigation.

A space is linked only once its app is installed and its URL resolves: a space not built yet
is listed as "coming" without a link.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Space:
    slug: str
    title: str | Promise
    summary: str | Promise
    url_name: str

    def url(self) -> str | None:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return None


SPACES: tuple[Space, ...] = (
    Space(
        "actors",
        _("Directory and map of actors"),
        _("Cooperatives, associations, support structures and authorities on both shores, with their offers."),
        "actors:list",
    ),
    Space(
        "incubator",
        _("ESS incubator"),
        _("Calls for applications, support journeys, diagnostics and mentoring of the Oujda incubator."),
        "incubator:home",
    ),
    Space(
        "trainings",
        _("Trainings"),
        _("Social-entrepreneurship training for young people and capacity-building for ESS actors."),
        "trainings:home",
    ),
    Space(
        "events",
        _("Events and B2B meetings"),
        _("The Salon régional de l'ESS in Oujda, the Rencontres in Montpellier, and one-to-one meetings."),
        "events:list",
    ),
    Space(
        "funding",
        _("Funding watch"),
        _("Calls for funding, who is eligible and why, and help to build an eligible consortium."),
        "funding:home",
    ),
    Space(
        "working-group",
        _("CIM working group"),
        _("Co-drafting the common position of Mediterranean regions on the ESS towards EU policy."),
        "working_group:home",
    ),
    Space(
        "library",
        _("Library and news"),
        _("Documents, practices and news shared among the members."),
        "library:home",
    ),
    Space(
        "programme",
        _("Programme and indicators"),
        _("The action plan of the cooperation and its indicators."),
        "programme:home",
    ),
)


def available_spaces() -> list[tuple[Space, str]]:
    """The spaces that are built, with their URL in the active language."""
    return [(space, url) for space in SPACES if (url := space.url())]
