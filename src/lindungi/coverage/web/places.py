"""What every page of coverage for signed-in readers shares: the region asked for with
`?region=CODE` (the reader's own by default), the month with `?month=YYYY-MM` (the latest taken
by default), the trail of regions above, and a page's tables as a workbook (`?format=xlsx`).

A region outside the reader's scope, or a month not taken, is a 404 like a missing page (the
selectors' NotFound).
"""

from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lindungi.core.errors import NotFound
from lindungi.core.months import parse_month
from lindungi.core.scopes import Scope
from lindungi.coverage.models import NATIONAL
from lindungi.coverage.selectors import Area, coverage_area, coverage_months
from lindungi.coverage.web.exports import tables_xlsx
from lindungi.coverage.web.tables import Table
from lindungi.regions.codes import district_of, province_of, regency_of
from lindungi.web.helpers import XLSX, download

SHOWN_ROWS = 100


def month_asked(value: str | None) -> date | None:
    """`2026-01` as the first of January 2026; None when not asked; a 404 for anything else."""
    if not value:
        return None
    found = parse_month(value)
    if found is None:
        raise Http404(_("Choose a month as YYYY-MM"))
    return found


def home_code(scope: Scope) -> str | None:
    """The region a reader's pages open on: the country for nationwide readers, else theirs."""
    if scope.is_nationwide:
        return NATIONAL
    return scope.region_codes[0] if scope.region_codes else None


def area_of(request: HttpRequest, scope: Scope) -> Area | None:
    """The region asked for with `?region=`, or the reader's own; 404 outside their scope."""
    code = request.GET.get("region", "").strip() or home_code(scope)
    if code is None:
        return None
    try:
        return coverage_area(scope=scope, region=code)
    except NotFound as error:
        raise Http404(error.message) from error


def codes_above(code: str) -> list[str]:
    """The country and the province, regency and district a region lies in, from the top.

    >>> codes_above("32.11.15.2001"), codes_above("32.11"), codes_above("")
    (['', '32', '32.11', '32.11.15'], ['', '32'], [])
    """
    if code == NATIONAL:
        return []
    above = (province_of(code), regency_of(code), district_of(code))
    return [NATIONAL, *(part for part in above if part and part != code)]


def trail(scope: Scope, area: Area) -> list[Area]:
    """The regions above an area that the reader may open, the country first."""
    above = []
    for code in codes_above(area.code):
        try:
            above.append(coverage_area(scope=scope, region=code))
        except NotFound:
            continue
    return above


def month_of(request: HttpRequest, scope: Scope, area: Area) -> tuple[date | None, list[date]]:
    months = coverage_months(scope=scope, region=area.code)
    return month_asked(request.GET.get("month")) or (months[0] if months else None), months


def xlsx_response(tables: list[Table], heading: list[str], name: str) -> HttpResponse:
    return download(tables_xlsx(tables, heading), XLSX, f"{name}.xlsx")


def query(code: str, month: date | None) -> str:
    values = {"region": code or "ID"}
    if month:
        values["month"] = f"{month:%Y-%m}"
    return urlencode(values)


def common(
    url: str, scope: Scope, area: Area, month: date | None, months: list[date]
) -> dict[str, Any]:
    return {
        "area": area,
        "trail": [
            {"name": above.name, "url": f"{url}?{query(above.code, month)}"}
            for above in trail(scope, area)
        ],
        "month": month,
        "months": months,
        "query": query(area.code, month),
    }
