"""The sponsors the reader sees, and one sponsor's page."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lindungi.accounts.selectors import scope_for_user
from lindungi.programs.models import RELEASED, SponsorKind
from lindungi.programs.permissions import is_civil_servant
from lindungi.programs.selectors import (
    enrolment_list,
    monthly_deduction,
    program_list,
    quota_fill,
    sponsor_get,
    sponsor_list,
    status_counts,
)
from lindungi.programs.web.asn import asn_participation
from lindungi.programs.web.common import PAGE_SIZE, status_rows
from lindungi.web.helpers import or_404, page_number
from lindungi.web.parts import panels


@login_required
@require_GET
def sponsors(request: HttpRequest) -> HttpResponse:
    scope = scope_for_user(request.user)
    kind = request.GET.get("kind", "")
    query = request.GET.get("q", "")
    found = sponsor_list(
        scope=scope, kind=kind if kind in SponsorKind.values else None, search=query
    )
    page = page_number(request)
    rows = list(found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    held = dict(
        enrolment_list(scope=scope)
        .filter(sponsor__in=rows[:PAGE_SIZE])
        .exclude(status__in=RELEASED)
        .order_by()
        .values_list("sponsor_id")
        .annotate(n=Count("id"))
        .values_list("sponsor_id", "n")
    )
    return render(
        request,
        "programs/sponsor_list.html",
        {
            "rows": [(sponsor, held.get(sponsor.pk, 0)) for sponsor in rows[:PAGE_SIZE]],
            "total": found.count(),
            "kinds": SponsorKind.choices,
            "kind": kind,
            "query": query,
            "page": page,
            "has_next": len(rows) > PAGE_SIZE,
        },
    )


@login_required
@require_GET
def sponsor_detail(request: HttpRequest, sponsor_id: int) -> HttpResponse:
    scope = scope_for_user(request.user)
    sponsor = or_404(sponsor_get, scope=scope, sponsor_id=sponsor_id)
    fills = [
        {"program": program, "fill": quota_fill(program=program, sponsor=sponsor)}
        for program in program_list(scope=scope)
        if sponsor.kind in program.sponsor_kinds
    ]
    context: dict[str, Any] = {
        "sponsor": sponsor,
        "fills": fills,
        "statuses": status_rows(status_counts(enrolment_list(scope=scope, sponsor=sponsor))),
        "panels": panels("sponsor", scope, sponsor),
    }
    if sponsor.kind == SponsorKind.ASN:
        context["deduction"] = monthly_deduction(sponsor=sponsor, month=timezone.localdate())
    if sponsor.kind == SponsorKind.OPD and not is_civil_servant(scope):
        context["participation"] = asn_participation(scope, agency_id=sponsor.agency_id)
    return render(request, "programs/sponsor_detail.html", context)
