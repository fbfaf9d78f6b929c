"""The rankings page: villages by their quota filled, agencies by their civil servants who
protect a worker, regencies of the province by coverage (`?format=xlsx` for a workbook)."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_GET

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import NotFound, ValidationFailed
from lindungi.coverage.rankings import agency_ranking, regency_standing, village_ranking
from lindungi.coverage.web.parts import agency_table, regency_table, village_table
from lindungi.coverage.web.places import SHOWN_ROWS, area_of, common, month_of, xlsx_response
from lindungi.coverage.web.tables import Table


@login_required
@require_GET
def rankings(request: HttpRequest) -> HttpResponse:
    """Villages by their quota filled, agencies by their civil servants who protect a worker,
    regencies of the province by coverage: each as far as the reader's scope and the area's
    level allow (a note says why a ranking is missing)."""
    scope = scope_for_user(request.user)
    area = area_of(request, scope)
    if area is None:
        return render(request, "coverage/coverage_rankings.html", {"area": None})
    month, months = month_of(request, scope, area)
    context = common(reverse("web:coverage_rankings"), scope, area, month, months)
    tables: list[Table] = []
    notes: list[str] = []
    if month is not None:
        readings: list[Callable[[], Table]] = [
            lambda: village_table(village_ranking(scope=scope, region=area.code, month=month)),
            lambda: agency_table(agency_ranking(scope=scope, region=area.code, month=month)),
            lambda: regency_table(regency_standing(scope=scope, region=area.code, month=month)),
        ]
        for read in readings:
            try:
                table = read()
            except (ValidationFailed, NotFound) as error:
                notes.append(error.message)
                continue
            table.shown_limit = SHOWN_ROWS
            tables.append(table)
        if request.GET.get("format") == "xlsx":
            heading = [f"{area.name}, {date_format(month, 'M Y')}"]
            return xlsx_response(tables, heading, f"peringkat-{area.code or 'ID'}-{month:%Y-%m}")
    context.update(tables=tables, notes=notes)
    return render(request, "coverage/coverage_rankings.html", context)
