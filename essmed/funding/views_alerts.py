"""Saved searches: save the current search with a frequency, list them, stop one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from essmed.funding import actions
from essmed.funding.access import get_saved_search_for_user
from essmed.funding.forms import CallSearchForm, SavedSearchForm

MAX_SEARCHES = 20


@login_required
@require_GET
def search_list(request: HttpRequest) -> HttpResponse:
    searches = [
        (search, f"?{urlencode(search.query)}" if search.query else "")
        for search in actions.searches_with_user(request.user)
    ]
    return render(request, "funding/search_list.html", {"searches": searches})


@login_required
@require_POST
def search_save(request: HttpRequest) -> HttpResponse:
    form = SavedSearchForm(request.POST)
    search_form = CallSearchForm(request.POST)
    search_form.is_valid()
    query = search_form.query()
    if actions.searches_with_user(request.user).count() >= MAX_SEARCHES:
        messages.error(
            request, _("You already have %(count)d saved searches: delete one first.") % {"count": MAX_SEARCHES}
        )
    elif form.is_valid():
        search = form.save(commit=False)
        search.user = request.user
        search.query = query
        search.save()
        messages.success(request, _("Search saved: you will receive its alerts by email."))
        return redirect("funding:searches")
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
    from django.urls import reverse

    return redirect(f"{reverse('funding:calls')}?{urlencode(query)}")


@login_required
@require_POST
def search_delete(request: HttpRequest, pk: int) -> HttpResponse:
    search = get_saved_search_for_user(request, pk, write=True)
    search.delete()
    messages.success(request, _("The saved search is deleted: no more alerts for it."))
    return redirect("funding:searches")
