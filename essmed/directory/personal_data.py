"""What the directory keeps about a person, for the accounts' registry (``essmed/accounts/personal_data.py``).

Nothing to do on deletion beyond the foreign keys: expressions of interest and corrections the person sent go with
the account (CASCADE); offers they wrote stay with their actor, and the corrections they reviewed and the imports
they uploaded stay in the directory's history, without their name (SET_NULL). An actor belongs to its organisation,
never to a person: it is not touched.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from essmed.accounts.models import User
from essmed.accounts.personal_data import Records, name_of, register, translations
from essmed.directory.models import ActorImport, Correction, ExpressionOfInterest, Offer


def collect(user: User) -> Records:
    offers = Offer.objects.filter(created_by=user).select_related("actor").order_by("created_at")
    interests = (
        ExpressionOfInterest.objects.filter(sender=user)
        .select_related("offer", "offer__actor", "sender_actor")
        .order_by("created_at")
    )
    proposed = Correction.objects.filter(proposed_by=user).select_related("actor").order_by("created_at")
    reviewed = Correction.objects.filter(reviewed_by=user).select_related("actor").order_by("reviewed_at")
    imports = ActorImport.objects.filter(created_by=user).order_by("created_at")
    return {
        "offers_written": [
            {
                "actor": name_of(offer.actor),
                "kind": offer.kind,
                "topic": offer.topic,
                "title": translations(offer, "title"),
                "description": translations(offer, "description"),
                "expires_on": offer.expires_on,
                "created_at": offer.created_at,
            }
            for offer in offers
        ],
        "expressions_of_interest_sent": [
            {
                "offer": name_of(interest.offer),
                "actor": name_of(interest.offer.actor),
                "on_behalf_of": name_of(interest.sender_actor),
                "message": interest.message,
                "sent_at": interest.created_at,
            }
            for interest in interests
        ],
        "corrections_proposed": [
            {
                "actor": name_of(correction.actor),
                "changes": correction.changes,
                "comment": correction.comment,
                "status": correction.status,
                "proposed_at": correction.created_at,
                "reviewed_at": correction.reviewed_at,
                "reason": correction.review_note,
            }
            for correction in proposed
        ],
        "corrections_reviewed": [
            {
                "actor": name_of(correction.actor),
                "status": correction.status,
                "reason": correction.review_note,
                "reviewed_at": correction.reviewed_at,
            }
            for correction in reviewed
        ],
        "imports_uploaded": [
            {"file_name": item.file_name, "source": item.source, "uploaded_at": item.created_at, "status": item.status}
            for item in imports
        ],
    }


register(
    "directory",
    collect,
    title=_("Directory of actors"),
    description=_(
        "The offers and requests you wrote for an actor, the expressions of interest and corrections you sent, "
        "and for staff the corrections you reviewed and the files you imported."
    ),
    deletion=_(
        "Your expressions of interest and corrections are deleted. Offers you wrote stay with their actor, and the "
        "corrections you reviewed and files you imported stay in the directory's history, without your name."
    ),
)
