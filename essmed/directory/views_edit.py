"""Editing pages of the directory: actors, offers and requests, expressions of interest, corrections, moderation
and duplicates. Every object is fetched through ``access.py``; the operations are in ``actions.py``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from essmed.accounts.models import User
from essmed.directory import actions
from essmed.directory.access import (
    get_actor_for_user,
    get_correction_for_user,
    get_duplicate_for_user,
    get_offer_for_user,
)
from essmed.directory.duplicates import reason_label
from essmed.directory.forms import (
    ACTOR_FIELDS,
    ActorForm,
    CorrectionForm,
    CorrectionReviewForm,
    DuplicateReviewForm,
    InterestForm,
    OfferForm,
    actor_values,
    describe_value,
    field_labels,
)
from essmed.directory.models import (
    Actor,
    ActorStatus,
    Correction,
    CorrectionStatus,
    DuplicateCandidate,
    DuplicateStatus,
    Offer,
    OfferKind,
)

PAGE_SIZE = 20
STATUS_ACTIONS: dict[str, Promise] = {
    ActorStatus.PUBLISHED: gettext_lazy("Publish"),
    ActorStatus.ARCHIVED: gettext_lazy("Archive"),
}


def _is_staff(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_programme_staff)


def _next_url(request: HttpRequest, default: str) -> str:
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return next_url
    return default


def edit_context(request: HttpRequest, actor: Actor) -> dict[str, Any]:
    """What the person may do with ``actor``, for ``directory/includes/edit_actor_tools.html`` on the actor page."""
    user = request.user
    staff = _is_staff(user)
    return {
        "actor": actor,
        "can_edit": Actor.objects.editable_by(user).filter(pk=actor.pk).exists(),
        "can_propose": user.is_authenticated and actor.status == ActorStatus.PUBLISHED,
        "status_actions": [
            (status, STATUS_ACTIONS[status]) for status in sorted(actions.ALLOWED_TRANSITIONS[actor.status])
        ]
        if staff
        else [],
    }


# --- Actors ---------------------------------------------------------------------------------------------------


def _render_actor_form(request: HttpRequest, form: ActorForm, actor: Actor | None) -> HttpResponse:
    if actor is not None and form.is_bound:
        actor = Actor.objects.get(pk=actor.pk)  # validating wrote the posted values on the form's instance
    return render(request, "directory/actor_form.html", {"form": form, "actor": actor})


@login_required
def actor_create(request: HttpRequest) -> HttpResponse:
    """Anyone signed in adds an organisation: a draft that staff publish."""
    form = ActorForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if "refresh_places" in request.POST:
            form.show_without_errors()
        elif form.is_valid():
            actor = actions.create_actor(form)
            messages.success(
                request,
                _("Thank you: “%(name)s” is saved as a draft. It will appear in the directory once checked by staff.")
                % {"name": actor},
            )
            if Actor.objects.visible_to(request.user).filter(pk=actor.pk).exists():
                return redirect(actor)
            return redirect("actors:list")
    return _render_actor_form(request, form, None)


@login_required
def actor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The members of the actor's organisation and programme staff edit it."""
    actor = get_actor_for_user(request, pk, write=True)
    form = ActorForm(request.POST or None, instance=actor, user=request.user)
    if request.method == "POST":
        if "refresh_places" in request.POST:
            form.show_without_errors()
        elif form.is_valid():
            actions.update_actor(form)
            messages.success(request, _("Your changes to “%(name)s” are saved.") % {"name": actor})
            return redirect(actor)
    return _render_actor_form(request, form, actor)


@login_required
@require_POST
def actor_set_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff publish, archive or publish again; the actor's own members may edit it but not moderate it."""
    actor = get_actor_for_user(request, pk, write=True)
    if not _is_staff(request.user):
        raise PermissionDenied
    try:
        messages.success(request, actions.set_status(actor, request.POST.get("status", "")))
    except actions.TransitionError as error:
        messages.error(request, str(error))
    return redirect(_next_url(request, actor.get_absolute_url()))


# --- Corrections ----------------------------------------------------------------------------------------------


@login_required
def correction_propose(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone signed in proposes corrected values for a published actor; only the changed ones are kept."""
    actor = get_actor_for_user(request, pk)
    if actor.status != ActorStatus.PUBLISHED:
        raise Http404
    form = CorrectionForm(request.POST or None, instance=actor)
    if request.method == "POST":
        if "refresh_places" in request.POST:
            form.show_without_errors()
        elif form.is_valid():
            user: User = request.user  # type: ignore[assignment]
            correction = actions.propose_correction(actor, user, form.changes(), form.cleaned_data["comment"])
            messages.success(request, _("Thank you: your correction is sent to the staff, who will review it."))
            return redirect("actors:correction", correction.pk)
    # The form changed the instance while validating; show the actor as it is.
    actor = get_actor_for_user(request, pk)
    context = {"form": form, "actor": actor, "can_edit": Actor.objects.editable_by(request.user).filter(pk=pk).exists()}
    return render(request, "directory/correction_form.html", context)


def describe_changes(correction: Correction) -> list[dict[str, str]]:
    """The proposed values beside the current ones, as readers see them, field by field."""
    labels = field_labels()
    changes = {name: value for name, value in correction.changes.items() if name in ACTOR_FIELDS}
    current = actor_values(correction.actor, changes, ActorForm.base_fields)
    rows = []
    for name, value in changes.items():
        language = name.rsplit("_", 1)[-1] if name.rsplit("_", 1)[-1] in ("fr", "ar", "en") else ""
        rows.append(
            {
                "label": labels.get(name, name),
                "current": describe_value(name, current[name]),
                "proposed": describe_value(name, value),
                "lang": language,
            }
        )
    return rows


@login_required
def correction_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Its author follows a correction here; staff accept it (the values are applied) or reject it with a reason."""
    correction = get_correction_for_user(request, pk, write=request.method == "POST")
    user: User = request.user  # type: ignore[assignment]
    staff = _is_staff(user)
    form = (
        CorrectionReviewForm(request.POST or None) if staff and correction.status == CorrectionStatus.PENDING else None
    )
    errors: list[str] = []
    if request.method == "POST" and form is None:
        messages.error(request, _("This correction has already been decided."))
    elif request.method == "POST" and form is not None and form.is_valid():
        reason = form.cleaned_data["reason"]
        try:
            if form.cleaned_data["decision"] == "accept":
                actions.accept_correction(correction, user, reason)
                messages.success(
                    request, _("The correction is accepted and applied to “%(name)s”.") % {"name": correction.actor}
                )
            else:
                actions.reject_correction(correction, user, reason)
                messages.success(request, _("The correction is rejected."))
        except actions.CorrectionError as error:
            messages.error(request, str(error))
            errors = error.errors
        else:
            return redirect("actors:moderation")
    context = {"correction": correction, "rows": describe_changes(correction), "form": form, "apply_errors": errors}
    return render(request, "directory/correction_review.html", context)


# --- Offers and expressions of interest -----------------------------------------------------------------------


@login_required
def offer_create(request: HttpRequest, pk: int) -> HttpResponse:
    actor = get_actor_for_user(request, pk, write=True)
    user: User = request.user  # type: ignore[assignment]
    form = OfferForm(request.POST or None, instance=Offer(actor=actor, created_by=user))
    if request.method == "POST" and form.is_valid():
        offer = form.save()
        messages.success(request, _("“%(title)s” is saved.") % {"title": _shown(offer, "title")[0]})
        return redirect("actors:offer", offer.pk)
    return render(request, "directory/offer_form.html", {"form": form, "actor": actor, "offer": None})


@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_offer_for_user(request, pk, write=True)
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("“%(title)s” is saved.") % {"title": _shown(offer, "title")[0]})
        return redirect("actors:offer", offer.pk)
    return render(request, "directory/offer_form.html", {"form": form, "actor": offer.actor, "offer": offer})


def _shown(instance: Offer, field: str) -> tuple[str, str]:
    """The text of a translated field to show, and its language: the page's, then French, English, Arabic."""
    current = get_language() or "fr"
    for code in dict.fromkeys([current, "fr", "en", "ar"]):
        value = getattr(instance, f"{field}_{code}", None)
        if value:
            return str(value), code
    return "", current


def _is_current(offer: Offer) -> bool:
    return offer.is_published and not offer.is_expired() and offer.actor.status == ActorStatus.PUBLISHED


def _interest_refusal(user: Any, offer: Offer) -> str:
    """Why ``user`` may not write about ``offer`` ("" when they may)."""
    if not _is_current(offer):
        return _("This offer is closed: it is no longer published, or it has expired.")
    if offer.actor.organisation_id and offer.actor.organisation_id in user.organisation_ids():
        return _("This offer is your own organisation's.")
    return ""


def _render_offer(request: HttpRequest, offer: Offer, interest_form: InterestForm | None = None) -> HttpResponse:
    user = request.user
    editable = Actor.objects.editable_by(user).filter(pk=offer.actor_id).exists()
    context: dict[str, Any] = {
        "offer": offer,
        "actor": offer.actor,
        "title": _shown(offer, "title"),
        "description": _shown(offer, "description"),
        "editable": editable,
        "current": _is_current(offer),
        "is_request": offer.kind == OfferKind.REQUEST,
    }
    if editable:
        interests = offer.interests.select_related("sender", "sender_actor").order_by("-created_at")
        context["interests"] = Paginator(interests, PAGE_SIZE).get_page(request.GET.get("page"))
    if user.is_authenticated:
        context["interest_refusal"] = _interest_refusal(user, offer)
        if not context["interest_refusal"]:
            context["interest_form"] = interest_form or InterestForm(offer=offer, sender=user)
    return render(request, "directory/offer_detail.html", context)


def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone sees a current offer; its actor's editors see it always, with the messages it received."""
    return _render_offer(request, get_offer_for_user(request, pk))


@login_required
@require_POST
def interest_send(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_offer_for_user(request, pk)
    user: User = request.user  # type: ignore[assignment]
    refusal = _interest_refusal(user, offer)
    if refusal:
        messages.error(request, refusal)
        return redirect("actors:offer", offer.pk)
    form = InterestForm(request.POST, offer=offer, sender=user)
    if form.is_valid():
        try:
            actions.send_interest(offer, user, form.cleaned_data["message"], form.cleaned_data.get("sender_actor"))
        except actions.InterestLimitReached as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your message is sent to “%(name)s”. It is up to them to answer you.") % {"name": offer.actor},
            )
            return redirect("actors:offer", offer.pk)
    return _render_offer(request, offer, form)


# --- Moderation -----------------------------------------------------------------------------------------------


@dataclass
class Section:
    """One of the lists of the moderation page, paginated on its own query parameter."""

    key: str
    title: str | Promise
    page: Page[Any]
    parameter: str


def _section(request: HttpRequest, key: str, title: str | Promise, items: QuerySet[Any]) -> Section:
    parameter = f"{key}_page"
    return Section(key, title, Paginator(items, PAGE_SIZE).get_page(request.GET.get(parameter)), parameter)


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    """Staff's queue: new entries to publish or archive, corrections to decide, possible duplicates to review."""
    if not _is_staff(request.user):
        raise Http404
    drafts = Actor.objects.filter(status=ActorStatus.DRAFT).select_related("country").order_by("pk")
    corrections = (
        Correction.objects.filter(status=CorrectionStatus.PENDING).select_related("actor", "proposed_by").order_by("pk")
    )
    duplicates = (
        DuplicateCandidate.objects.filter(status=DuplicateStatus.OPEN).select_related("actor", "other").order_by("pk")
    )
    sections = {
        "drafts": _section(request, "drafts", gettext_lazy("New entries to publish"), drafts),
        "corrections": _section(request, "corrections", gettext_lazy("Corrections to decide"), corrections),
        "duplicates": _section(request, "duplicates", gettext_lazy("Possible duplicates"), duplicates),
    }
    duplicate_rows = [
        {"candidate": candidate, "reason": reason_label(candidate.reason)}
        for candidate in sections["duplicates"].page.object_list
    ]
    draft_actions = [(status, STATUS_ACTIONS[status]) for status in (ActorStatus.PUBLISHED, ActorStatus.ARCHIVED)]
    context = {"sections": sections, "duplicate_rows": duplicate_rows, "draft_actions": draft_actions}
    return render(request, "directory/moderation.html", context)


# --- Duplicates -----------------------------------------------------------------------------------------------

COMPARED = [name for name in ACTOR_FIELDS if name not in ("networks",)]


def compare(actor: Actor, other: Actor) -> list[dict[str, Any]]:
    """The two entries side by side, for the fields where at least one has a value."""
    labels = field_labels()
    fields = ActorForm.base_fields
    values = actor_values(actor, COMPARED, fields), actor_values(other, COMPARED, fields)
    rows = []
    for name in COMPARED:
        left, right = (describe_value(name, side[name]) for side in values)
        if left or right:
            rows.append({"label": labels.get(name, name), "actor": left, "other": right, "same": left == right})
    return rows


@login_required
def duplicate_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff compare two entries that look alike, then merge them (choosing the one to keep) or set them apart."""
    candidate = get_duplicate_for_user(request, pk, write=request.method == "POST")
    actor, other = candidate.actor, candidate.other
    form = DuplicateReviewForm(request.POST or None, actor=actor, other=other)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            if decision == "dismiss":
                actions.dismiss_duplicates(candidate)
                messages.success(request, _("Noted: these are different organisations."))
            else:
                chosen = actor if decision == "keep_actor" else other
                status_before = chosen.status
                kept = actions.merge_duplicates(candidate, chosen)
                messages.success(request, _("The two entries are merged into “%(name)s”.") % {"name": kept})
                if kept.status != status_before:  # published in place of the published entry it absorbed
                    messages.success(request, str(actions.STATUS_DONE[kept.status]) % {"name": kept})
        except actions.MergeError as error:
            messages.error(request, str(error))
        else:
            return redirect("actors:moderation")
    context = {
        "candidate": candidate,
        "reason": reason_label(candidate.reason),
        "rows": compare(actor, other),
        "offers": (actor.offers.count(), other.offers.count()),
        "form": form,
        "open": candidate.status == DuplicateStatus.OPEN,
    }
    return render(request, "directory/duplicate_review.html", context)
