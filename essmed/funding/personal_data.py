"""What the funding watch keeps about a person, for the accounts' registry (``essmed/accounts/personal_data.py``).

On deletion, saved searches (and the alerts they sent) go with the account (CASCADE). A project idea the person
created alone goes too; one shared with an organisation belongs to its consortium, whose members see and edit it:
it stays, its "created by" handed to the "deleted user" placeholder (the foreign key cannot be empty). Calls for
proposals the person entered stay, without their name (SET_NULL).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from essmed.accounts.models import User
from essmed.accounts.personal_data import Erasure, Records, name_of, register
from essmed.funding.models import Call, Project, SavedSearch


def collect(user: User) -> Records:
    projects = (
        Project.objects.filter(owner=user)
        .select_related("organisation")
        .prefetch_related("partners__actor")
        .order_by("created_at")
    )
    searches = SavedSearch.objects.filter(user=user).prefetch_related("sent__call").order_by("created_at")
    calls = Call.objects.filter(created_by=user).order_by("created_at")
    return {
        "projects_created": [
            {
                "title": project.title,
                "summary": project.summary,
                "total_budget": project.total_budget,
                "grant_requested": project.grant_requested,
                "duration_months": project.duration_months,
                "organisation": name_of(project.organisation),
                "partners": [
                    {"actor": name_of(partner.actor), "role": partner.role, "type": partner.partner_type}
                    for partner in project.partners.all()
                ],
                "created_at": project.created_at,
                "updated_at": project.updated_at,
            }
            for project in projects
        ],
        "saved_searches": [
            {
                "name": search.name,
                "search": search.query,
                "frequency": search.frequency,
                "active": search.is_active,
                "last_digest_at": search.last_sent_at,
                "created_at": search.created_at,
                "alerts_sent": [
                    {"call": name_of(alert.call), "kind": alert.kind, "sent_at": alert.sent_at}
                    for alert in search.sent.all()
                ],
            }
            for search in searches
        ],
        "calls_entered": [
            {"reference": call.reference, "title": name_of(call), "created_at": call.created_at} for call in calls
        ],
    }


def erase(user: User, erasure: Erasure) -> None:
    """Keep the projects shared with an organisation, under the placeholder; the others go with the account."""
    shared = Project.objects.filter(owner=user, organisation__isnull=False)
    if shared.exists():
        shared.update(owner=erasure.placeholder)


register(
    "funding",
    collect,
    erase,
    title=_("Funding watch"),
    description=_(
        "The project ideas you created with their consortium, your saved searches and the alerts they sent you, "
        "and for staff the calls for proposals you entered."
    ),
    deletion=_(
        "Your saved searches and the project ideas you kept to yourself are deleted. A project idea shared with an "
        "organisation stays for its members, marked as created by a deleted user."
    ),
)
