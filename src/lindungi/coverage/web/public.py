"""The public coverage page and its open data, for anyone without signing in: a region's
figures and trend from the aggregate snapshots (counts per region, bases, targets), never a
worker, a sponsor or a user."""

from datetime import date

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from lindungi.core.errors import NotFound
from lindungi.coverage.awards import period_label, public_awards
from lindungi.coverage.models import NATIONAL
from lindungi.coverage.public import (
    PUBLIC_SCOPE,
    public_children,
    public_coverage,
    public_months,
    public_trend,
)
from lindungi.coverage.selectors import coverage_area, months_until
from lindungi.coverage.web.awards import public_categories
from lindungi.coverage.web.exports import coverage_csv, data_dictionary_csv
from lindungi.coverage.web.parts import TREND_MONTHS, figure_parts
from lindungi.coverage.web.places import month_asked, trail

CSV_MONTHS = 36


def _code(value: str | None) -> str:
    code = (value or "").strip()
    return NATIONAL if code.upper() == "ID" else code


def _page_url(code: str, month: date | None = None) -> str:
    url = (
        reverse("web:public_coverage_region", args=[code])
        if code
        else reverse("web:public_coverage")
    )
    return f"{url}?{urlencode({'month': f'{month:%Y-%m}'})}" if month else url


@require_GET
def public_coverage_page(request: HttpRequest, code: str | None = None) -> HttpResponse:
    code = _code(code)
    try:
        months = public_months(code)
        area = coverage_area(scope=PUBLIC_SCOPE, region=code)
    except NotFound as error:
        raise Http404(error.message) from error
    month = month_asked(request.GET.get("month")) or (months[0] if months else None)
    context: dict[str, object] = {
        "area": area,
        "trail": [
            {"name": above.name, "url": _page_url(above.code, month)}
            for above in trail(PUBLIC_SCOPE, area)
        ],
        "month": month,
        "months": months,
        "csv_query": urlencode({"region": area.code or "ID"}),
        "awards": [
            {"award": award, "period": period_label(award), "categories": public_categories(award)}
            for award in public_awards(area.code)
        ],
    }
    if month is not None:
        try:
            figure = public_coverage(code, month)
            points = public_trend(code, months_until(month, TREND_MONTHS))
            children = public_children(code, month)
        except NotFound as error:
            raise Http404(error.message) from error
        context.update(
            figure_parts(figure, points, children, lambda child: _page_url(child, month))
        )
    return render(request, "coverage/public_coverage.html", context)


@require_GET
def public_coverage_csv(request: HttpRequest) -> HttpResponse:
    """Open data: the region's headline figure for each month taken (up to three years), and
    each region directly below it in the latest (or `?month=`) month."""
    code = _code(request.GET.get("region"))
    try:
        months = public_months(code)
        area = coverage_area(scope=PUBLIC_SCOPE, region=code)
    except NotFound as error:
        raise Http404(error.message) from error
    rows: list[tuple[object, ...]] = []
    if months:
        month = month_asked(request.GET.get("month")) or months[0]
        try:
            points = public_trend(code, sorted(months)[-CSV_MONTHS:])
            children = public_children(code, month)
        except NotFound as error:
            raise Http404(error.message) from error
        for point in points:
            base = point.base
            rows.append(
                (
                    area.code or "ID",
                    area.name,
                    str(area.level),
                    point.month,
                    point.protected,
                    base.kind if base else None,
                    base.value if base else None,
                    base.year if base else None,
                    base.source if base else None,
                    base.as_of if base else None,
                    point.percent,
                    point.target_percent,
                )
            )
        for child in children:
            base = child.base
            rows.append(
                (
                    child.code,
                    child.name,
                    str(child.level),
                    month,
                    child.protected,
                    base.kind if base else None,
                    base.value if base else None,
                    base.year if base else None,
                    base.source if base else None,
                    base.as_of if base else None,
                    child.percent,
                    child.target_percent,
                )
            )
    response = HttpResponse(coverage_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cakupan-{area.code or "ID"}.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def public_coverage_dictionary(request: HttpRequest) -> HttpResponse:
    """The open data's data dictionary: each column of `cakupan-….csv` with what it holds, in
    Indonesian and in English."""
    response = HttpResponse(data_dictionary_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="cakupan-kamus-data.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
