"""What the claims paid to families in a year, per region and scheme, for the regent."""

from dataclasses import asdict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lindungi.accounts.selectors import scope_for_user
from lindungi.claims.figures import impact_headline
from lindungi.claims.models import ClaimStatus, ClaimType
from lindungi.claims.selectors import claim_list, claims_impact
from lindungi.claims.web.forms import YEARS, text
from lindungi.core.scopes import Scope
from lindungi.regions.models import Region
from lindungi.regions.selectors import region_in_scope
from lindungi.web.helpers import or_404, signed_in, whole_number


def _impact_region(request: HttpRequest, scope: Scope) -> Region | None:
    """The region the figures are for: the one asked (within scope, else 404), else the
    reader's own."""
    code = text(request.GET.get("region", "")).strip()[:20]
    if code:
        return or_404(region_in_scope, scope=scope, code=code)
    return signed_in(request).region


def _year(request: HttpRequest) -> int:
    year = whole_number(request.GET.get("year"), low=YEARS[0], high=YEARS[1])
    return year or timezone.localdate().year


@login_required
@require_GET
def impact(request: HttpRequest) -> HttpResponse:
    """What the claims paid to families in a year, per region and scheme, for the regent."""
    scope = scope_for_user(request.user)
    year = _year(request)
    region = _impact_region(request, scope)
    context: dict[str, Any] = {"year": year, "region": region, "years": _years(scope)}
    if region is not None:
        found = or_404(claims_impact, scope=scope, region=region, year=year)
        types = dict(ClaimType.choices)
        context.update(
            impact=found,
            headline=impact_headline(found.amount, found.families, year),
            by_type=[
                {"type": types.get(kind, kind), "families": families, "amount": amount}
                for kind, (families, amount) in found.by_type.items()
            ],
            rows=[
                {**asdict(row), "type_label": types.get(row.type, row.type)} for row in found.rows
            ],
        )
    return render(request, "claims/claim_impact.html", context)


def _years(scope: Scope) -> list[int]:
    """The years to choose from: this one and those with a payment."""
    paid = (
        claim_list(scope=scope)
        .filter(status=ClaimStatus.PAID, paid_on__isnull=False)
        .dates("paid_on", "year")
    )
    years = {day.year for day in paid} | {timezone.localdate().year}
    return sorted(years, reverse=True)
