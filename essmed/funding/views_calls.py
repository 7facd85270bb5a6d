"""The funding watch's home, the search of calls, a call's page, its publication, and the exports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from essmed.funding import actions
from essmed.funding.access import get_call_for_user
from essmed.funding.exports import calls_csv, deadlines_ical
from essmed.funding.forms import CallSearchForm, CheckForm, SavedSearchForm
from essmed.funding.models import Call, CallQuerySet, Project, Publication
from essmed.funding.status import CallStatus

PAGE_SIZE = 25
EXPORT_CAP = 5_000


def searched_calls(request: HttpRequest) -> tuple[CallSearchForm, CallQuerySet]:
    form = CallSearchForm(request.GET or None)
    if form.is_bound:
        form.is_valid()
    today = timezone.localdate()
    calls = form.apply(Call.objects.visible_to(request.user), today).with_dates(today)
    return form, calls


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    published = Call.objects.published()
    closing = (
        published.closing_soon(today)
        .select_related("programme")
        .prefetch_related("deadlines")
        .order_by("next_deadline")[:8]
    )
    projects = actions.visible_projects(request.user)[:5] if request.user.is_authenticated else []
    context = {
        "search_form": CallSearchForm(),
        "closing": closing,
        "counts": {
            "published": published.count(),
            "open": published.open_on(today).count(),
            "closing": published.closing_soon(today).count(),
        },
        "programmes": published.values("programme__slug").distinct().count(),
        "projects": projects,
        "with_rules": published.with_rules().select_related("programme").order_by("reference")[:10],
    }
    return render(request, "funding/home.html", context)


@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    form, calls = searched_calls(request)
    calls = (
        calls.select_related("programme__funder")
        .prefetch_related("deadlines")
        .order_by(F("next_deadline").asc(nulls_last=True), "reference")
    )
    page = Paginator(calls, PAGE_SIZE).get_page(request.GET.get("page"))
    query = form.query()
    return render(
        request,
        "funding/call_list.html",
        {
            "form": form,
            "page_obj": page,
            "today": timezone.localdate(),
            "query": f"?{urlencode(query)}" if query else "",
            "save_form": SavedSearchForm(),
            "statuses": CallStatus,
        },
    )


@require_GET
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request, pk)
    rules = call.rule_specs()
    projects = actions.visible_projects(request.user) if request.user.is_authenticated else Project.objects.none()
    check_form = None
    if rules and request.user.is_authenticated and projects.exists():
        only = list(projects[:2])
        initial = {"call": call.pk, "project": only[0].pk if len(only) == 1 else None}
        check_form = CheckForm(initial=initial, projects=projects, calls=Call.objects.filter(pk=call.pk), fixed="call")
    return render(
        request,
        "funding/call_detail.html",
        {
            "call": call,
            "status": call.status,
            "deadlines": call.deadlines.all(),
            "rules": [rule for rule in rules if rule.kind == "automatic"],
            "checklist": [rule for rule in rules if rule.kind == "manual"],
            "countries": call.effective_countries(),
            "types": call.effective_types(),
            "check_form": check_form,
        },
    )


@login_required
@require_POST
def call_publish(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request, pk, write=True)
    if call.publication == Publication.PUBLISHED:
        call.publication = Publication.DRAFT
        call.save(update_fields=["publication"])
        messages.success(request, _("The call is back to draft: only programme staff see it."))
    else:
        call.publish()
        call.save(update_fields=["publication", "published_at"])
        messages.success(request, _("The call is published."))
    return redirect(call)


@require_GET
def calls_csv_export(request: HttpRequest) -> HttpResponse:
    _form, calls = searched_calls(request)
    calls = calls.select_related("programme__funder").prefetch_related(
        "deadlines", "countries", "themes", "programme__countries"
    )
    response = HttpResponse(
        calls_csv(calls.order_by("reference")[:EXPORT_CAP], timezone.localdate()),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="funding-calls.csv"'
    return response


@require_GET
def calls_ical_export(request: HttpRequest) -> HttpResponse:
    _form, calls = searched_calls(request)
    calls = calls.select_related("programme").prefetch_related("deadlines").order_by("reference")[:EXPORT_CAP]
    response = HttpResponse(deadlines_ical(calls, _("Funding deadlines")), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="funding-deadlines.ics"'
    return response


@require_GET
def call_ical_export(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request, pk)
    response = HttpResponse(deadlines_ical([call], call.title), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{call.pk}-deadlines.ics"'
    return response
