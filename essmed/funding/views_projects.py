"""Project ideas and their consortium: create, edit, add partners from the directory, check against a call,
list the calls the project is eligible for."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from essmed.core.text import isolated
from essmed.funding import actions
from essmed.funding.access import get_call_for_user, get_partner_for_user, get_project_for_user
from essmed.funding.forms import CheckForm, PartnerEditForm, PartnerForm, ProjectForm
from essmed.funding.models import Call

ACTOR_RESULTS = 20
MAX_SEARCH = 200


@login_required
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    projects = actions.visible_projects(request.user).prefetch_related("partners")
    page = Paginator(projects, 20).get_page(request.GET.get("page"))
    return render(request, "funding/project_list.html", {"page_obj": page})


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        project = form.save(commit=False)
        project.owner = request.user
        project.save()
        messages.success(request, _("The project is created: now add its partners."))
        return redirect(project)
    return render(request, "funding/project_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk, write=True)
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The project is saved."))
        return redirect(project)
    return render(request, "funding/project_form.html", {"form": form, "project": project})


@login_required
@require_http_methods(["GET", "POST"])
def project_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A page asking for confirmation; the POST deletes."""
    project = get_project_for_user(request, pk, write=True)
    if request.method == "GET":
        return render(request, "funding/project_confirm_delete.html", {"project": project})
    project.delete()
    messages.success(request, _("The project is deleted."))
    return redirect("funding:projects")


@login_required
@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk)
    partners = project.partners.select_related("actor__country", "actor__region")
    # Without NUL characters (PostgreSQL refuses them in a query); a name is never longer.
    search = request.GET.get("actor", "").replace("\x00", "").strip()[:MAX_SEARCH]
    found = []
    if search:
        found = list(actions.actors_matching(search, [p.actor_id for p in partners])[:ACTOR_RESULTS])
    calls = Call.objects.visible_to(request.user).with_rules().order_by("reference")
    check_form = CheckForm(
        initial={"project": project.pk},
        projects=actions.visible_projects(request.user).filter(pk=project.pk),
        calls=calls,
        fixed="project",
    )
    return render(
        request,
        "funding/project_detail.html",
        {
            "project": project,
            "partners": partners,
            "search": search,
            "found": found,
            "partner_form": PartnerForm(project=project),
            "check_form": check_form,
        },
    )


@login_required
@require_POST
def partner_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk, write=True)
    form = PartnerForm(request.POST, project=project)
    if form.is_valid():
        partner = form.save(commit=False)
        if not partner.partner_type:
            partner.partner_type = actions.partner_type_for(partner.actor)
        partner.save()
        name = isolated(partner.actor.name) if translation.get_language_bidi() else partner.actor.name
        messages.success(request, _("%(name)s is added to the consortium.") % {"name": name})
    else:
        for error in form.errors.values():
            for message in error:
                messages.error(request, str(message))
    back = request.POST.get("next", "")
    # A page of this site only: "/\\evil.example" is another site to a browser, as "//evil.example" is.
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect(project)


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_partner_for_user(request, pk, write=True)
    form = PartnerEditForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The partner is saved."))
        return redirect(partner.project)
    return render(request, "funding/partner_form.html", {"form": form, "partner": partner})


@login_required
@require_POST
def partner_remove(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_partner_for_user(request, pk, write=True)
    project = partner.project
    partner.delete()
    messages.success(request, _("The partner is removed."))
    return redirect(project)


@login_required
@require_GET
def check(request: HttpRequest) -> HttpResponse:
    """One project against one call: each rule, the checklist, and actors that would fix a failure."""
    projects = actions.visible_projects(request.user)
    calls = Call.objects.visible_to(request.user).with_rules().order_by("reference")
    form = CheckForm(request.GET or None, projects=projects, calls=calls)
    context: dict[str, object] = {"form": form}
    if form.is_bound and form.is_valid():
        project = get_project_for_user(request, form.cleaned_data["project"].pk)
        call = get_call_for_user(request, form.cleaned_data["call"].pk)
        verdict = actions.check_consortium(call, actions.project_consortium(project))
        context.update(
            {
                "project": project,
                "call": call,
                "verdict": verdict,
                "suggestions": actions.suggest(project, verdict) if verdict.failed else [],
                "can_edit": True,
            }
        )
    return render(request, "funding/check.html", context)


@login_required
@require_GET
def project_calls(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_project_for_user(request, pk)
    grouped = actions.eligible_calls(project, Call.objects.visible_to(request.user))
    return render(request, "funding/project_calls.html", {"project": project, "grouped": grouped})
