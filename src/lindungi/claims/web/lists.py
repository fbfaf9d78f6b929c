"""The claim register's list: claims in scope, the latest event first, filtered by status, type
and year; late work accidents flagged, their expiry shown."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lindungi.accounts.selectors import scope_for_user
from lindungi.claims.permissions import may_report
from lindungi.claims.selectors import claim_list
from lindungi.claims.web.forms import ClaimFilterForm, text
from lindungi.web.helpers import paged
from lindungi.workers.web.search import nik_searchable, searched


@login_required
@nik_searchable("claim list")
@require_GET
def claims(request: HttpRequest) -> HttpResponse:
    """Claims in scope, the latest event first, filtered by status, type and year; late work
    accidents flagged, their expiry shown."""
    scope = scope_for_user(request.user)
    form = ClaimFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    found = claim_list(
        scope=scope,
        status=data.get("status") or None,
        type=data.get("type") or None,
        search=text(searched(request)),
    )
    if data.get("year"):
        found = found.filter(event_date__year=data["year"])
    context = {
        "filters": form,
        "total": found.count(),
        "may_report": may_report(scope),
        **paged(request, found),
    }
    return render(request, "claims/claim_list.html", context)
