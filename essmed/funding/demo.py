"""The funding watch's demo, loaded by ``manage.py load_demo`` after the accounts and the directory:

- the programmes, calls and rules of ``data/programmes.py`` (NEXT MED's second call is ``interreg-next-med-call-2``);
- the EU Funding & Tenders portal snapshot (``data/eu_calls_snapshot.normalized.json``) through the importer;
- five real organisations of NEXT MED's Mediterranean partner countries, added to the directory (published) so that
  the platform has someone to propose: the directory's own demo has none on that side;
- the demo project "Occitanie + Oriental ESS incubators" of programme staff and the Occitanie Region: Région
  Occitanie (lead), Région de l'Oriental, the union of the Oriental's cooperatives, URSCOP Occitanie. Checked
  against NEXT MED's second call it fails: Morocco is not a NEXT MED country and the partnership has a single
  participating country.

Everything is matched on natural keys: loading twice changes nothing.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext, ngettext

from essmed.accounts.models import Organisation, User
from essmed.directory.importing import import_actors
from essmed.directory.models import Actor
from essmed.funding.importing import import_file
from essmed.funding.loading import load_programmes
from essmed.funding.models import PartnerRole, PartnerType, Project, ProjectPartner

DATA_DIR = Path(__file__).resolve().parent / "data"
SNAPSHOT = DATA_DIR / "eu_calls_snapshot.normalized.json"
PARTNER_ACTORS = DATA_DIR / "actors_partner_countries.csv"
PARTNER_SOURCE = "essmed-funding-demo"
DIRECTORY_SOURCE = "essmed-demo"
DEMO_PROJECT = "Occitanie + Oriental ESS incubators"
DEMO_PARTNERS = [
    ("occitanie-region", PartnerRole.LEAD, PartnerType.REGIONAL_AUTHORITY),
    ("oriental-region", PartnerRole.PARTNER, PartnerType.REGIONAL_AUTHORITY),
    ("oriental-union-cooperatives", PartnerRole.PARTNER, PartnerType.NETWORK),
    ("occitanie-urscop", PartnerRole.PARTNER, PartnerType.SUPPORT_STRUCTURE),
]


def load(stdout: Any) -> None:
    stdout.write(gettext("Funding programmes: %(summary)s") % {"summary": load_programmes()})
    with SNAPSHOT.open("rb") as stream:
        stdout.write(gettext("EU portal snapshot: %(summary)s") % {"summary": import_file(stream, SNAPSHOT.name)})
    with PARTNER_ACTORS.open("rb") as stream:
        summary = import_actors(stream, source=PARTNER_SOURCE, publish=True)
    if summary.rejected:
        message = ngettext(
            "%(file)s: %(count)s row rejected; the demo files must be clean.",
            "%(file)s: %(count)s rows rejected; the demo files must be clean.",
            summary.rejected,
        )
        raise CommandError(message % {"file": PARTNER_ACTORS.name, "count": summary.rejected})
    stdout.write(gettext("Actors of NEXT MED partner countries: %(summary)s") % {"summary": summary})
    project = load_project()
    count = project.partners.count()
    message = ngettext(
        "Demo project: %(title)s (%(count)s partner)", "Demo project: %(title)s (%(count)s partners)", count
    )
    stdout.write(message % {"title": project.title, "count": count})


def load_project() -> Project:
    owner = User.objects.filter(email="staff@example.org").first()
    if owner is None:
        raise CommandError(gettext("The demo project needs the demo accounts: load the accounts demo first."))
    project, _created = Project.objects.get_or_create(
        title=DEMO_PROJECT,
        defaults={
            "owner": owner,
            "organisation": Organisation.objects.filter(slug="region-occitanie").first(),
            "summary": "Two regional ESS incubators, in Montpellier and Oujda, exchange methods and coach young "
            "cooperatives of both shores together.",
            "total_budget": Decimal(1_200_000),
            "grant_requested": Decimal(1_000_000),
            "duration_months": 30,
        },
    )
    for key, role, partner_type in DEMO_PARTNERS:
        actor = Actor.objects.filter(source=DIRECTORY_SOURCE, source_key=key).first()
        if actor is None:
            message = gettext("The demo project needs the directory's demo actor '%(key)s': load the directory first.")
            raise CommandError(message % {"key": key})
        ProjectPartner.objects.get_or_create(
            project=project, actor=actor, defaults={"role": role, "partner_type": partner_type}
        )
    return project
