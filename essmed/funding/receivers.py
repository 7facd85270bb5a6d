"""The funding watch's answers to the directory's signals (connected in ``apps.FundingConfig.ready``)."""

from typing import Any

from django.dispatch import receiver

from essmed.directory.models import Actor
from essmed.directory.signals import actors_merged
from essmed.funding.models import PartnerRole, ProjectPartner

PARTNER_ROLE_RANK: dict[str, int] = {PartnerRole.LEAD: 0, PartnerRole.PARTNER: 1, PartnerRole.ASSOCIATED: 2}


@receiver(actors_merged, dispatch_uid="funding-partners-follow-merged-actors")
def move_project_partners(sender: Any, kept: Actor, other: Actor, **kwargs: Any) -> None:
    """The funding projects ``other`` takes part in get ``kept`` instead. Where ``kept`` is already a partner of
    the same project (a project counts an organisation once), its own row stays, with the stronger role of the
    two (lead, then partner, then associated partner): a project never loses its lead partner in a merge."""
    moving = ProjectPartner.objects.filter(actor=other)
    already = {row.project_id: row for row in ProjectPartner.objects.filter(actor=kept, project__partners__actor=other)}
    moving.exclude(project_id__in=already).update(actor=kept)
    for row in moving.filter(project_id__in=already):
        kept_row = already[row.project_id]
        row.delete()  # first: the project may have one lead only, and it may be this row
        if PARTNER_ROLE_RANK[row.role] < PARTNER_ROLE_RANK[kept_row.role]:
            kept_row.role = row.role
            kept_row.save(update_fields=["role"])
