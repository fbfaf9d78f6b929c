"""The budget planner: a village's APBDes line or a regency's APBD lines for a year (next year
unless `?year=`), and what reaching `?percent=` coverage costs (`?format=xlsx` for a workbook)."""

from decimal import Decimal, InvalidOperation

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import NotFound, ValidationFailed
from lindungi.coverage.budget import budget_plan, cost_to_reach
from lindungi.coverage.web.parts import budget_table, reach_table
from lindungi.coverage.web.places import SHOWN_ROWS, area_of, common, xlsx_response
from lindungi.coverage.web.tables import Table
from lindungi.web.helpers import whole_number


@login_required
@require_GET
def budget(request: HttpRequest) -> HttpResponse:
    """A village's APBDes line or a regency's APBD lines for a year (next year unless
    `?year=`), and what reaching `?percent=` coverage costs."""
    scope = scope_for_user(request.user)
    area = area_of(request, scope)
    if area is None:
        return render(request, "coverage/coverage_budget.html", {"area": None})
    today = timezone.localdate()
    year = _year(request.GET.get("year"), today.year + 1)
    context = common(reverse("web:coverage_budget"), scope, area, None, [])
    context.update(year=year, percent=request.GET.get("percent", ""), errors=[])
    tables: list[Table] = []
    try:
        plan = budget_plan(scope=scope, region=area.code, year=year)
    except (ValidationFailed, NotFound) as error:
        context["errors"].append(error.message)
    else:
        context["plan"] = plan
        tables.append(budget_table(plan))
    if context["percent"]:
        try:
            percent = Decimal(context["percent"].replace(",", ".").rstrip("% "))
            reach = cost_to_reach(scope=scope, region=area.code, percent=percent, year=year)
        except (InvalidOperation, ValueError):
            context["errors"].append(_("A coverage target lies above 0 and at most 100 %"))
        except (ValidationFailed, NotFound) as error:
            context["errors"].append(error.message)
        else:
            context["reach"] = reach
            villages = reach_table(reach)
            villages.shown_limit = SHOWN_ROWS
            tables.append(villages)
    if request.GET.get("format") == "xlsx":
        name = f"anggaran-{area.code or 'ID'}-{year}"
        return xlsx_response(tables, [f"{area.name}, {year}"], name)
    context["tables"] = tables
    return render(request, "coverage/coverage_budget.html", context)


def _year(value: str | None, default: int) -> int:
    if not value:
        return default
    year = whole_number(value, low=2000, high=2100)
    if year is None:
        raise Http404(_("Choose a year"))
    return year
