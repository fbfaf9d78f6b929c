"""Pages of coverage for signed-in readers: the dashboard of their region (drilling down with
`?region=CODE`, a month with `?month=YYYY-MM`), the rankings, the budget planner, the regent's
monthly PDF report, and the admin's page of figures (imports and the monthly snapshot).

Every table of a page downloads as a workbook with `?format=xlsx`. A region outside the
reader's scope, or a month not taken, is a 404 like a missing page (the selectors' NotFound).
The public page and its open data are in `public_views.py`.
"""

import tempfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.core import months
from lindungi.core.errors import DomainError, NotFound, ValidationFailed
from lindungi.core.months import add_months, month_start
from lindungi.core.roles import Role
from lindungi.core.scopes import Scope
from lindungi.core.uploads import upload_name
from lindungi.coverage.budget import budget_plan, cost_to_reach
from lindungi.coverage.importing import RULES
from lindungi.coverage.models import NATIONAL, SnapshotLevel
from lindungi.coverage.rankings import agency_ranking, regency_ranking, village_ranking
from lindungi.coverage.selectors import Area, coverage_area, coverage_months
from lindungi.coverage.services import (
    IMPORTERS,
    Imported,
    denominators_import,
    participants_import,
    snapshot_take,
    targets_import,
)
from lindungi.web.coverage_exports import report_pdf, tables_xlsx
from lindungi.web.coverage_pages import (
    agency_table,
    budget_table,
    dashboard_parts,
    reach_table,
    regency_table,
    village_table,
)
from lindungi.web.coverage_tables import Table
from lindungi.web.helpers import XLSX, download, signed_in, whole_number

SHOWN_ROWS = 100
IMPORTS: dict[str, Callable[..., Imported]] = {
    "denominators": denominators_import,
    "targets": targets_import,
    "participants": participants_import,
}
UPLOAD_SUFFIXES = (".csv", ".xlsx", ".xls", ".txt")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def parse_month(value: str | None) -> date | None:
    """`2026-01` as the first of January 2026; a 404 for anything else."""
    if not value:
        return None
    found = months.parse_month(value)
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


def trail(scope: Scope, area: Area) -> list[Area]:
    """The regions above an area that the reader may open, the country first."""
    above = []
    for length in (0, 2, 5, 8):
        if length < len(area.code):
            try:
                above.append(coverage_area(scope=scope, region=area.code[:length]))
            except NotFound:
                continue
    return above


def month_of(request: HttpRequest, scope: Scope, area: Area) -> tuple[date | None, list[date]]:
    months = coverage_months(scope=scope, region=area.code)
    return parse_month(request.GET.get("month")) or (months[0] if months else None), months


def xlsx_response(tables: list[Table], heading: list[str], name: str) -> HttpResponse:
    return download(tables_xlsx(tables, heading), XLSX, f"{name}.xlsx")


def _query(code: str, month: date | None) -> str:
    values = {"region": code or "ID"}
    if month:
        values["month"] = f"{month:%Y-%m}"
    return urlencode(values)


def _common(
    url: str, scope: Scope, area: Area, month: date | None, months: list[date]
) -> dict[str, Any]:
    return {
        "area": area,
        "trail": [
            {"name": above.name, "url": f"{url}?{_query(above.code, month)}"}
            for above in trail(scope, area)
        ],
        "month": month,
        "months": months,
        "query": _query(area.code, month),
    }


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = scope_for_user(request.user)
    area = area_of(request, scope)
    if area is None:
        return render(request, "web/coverage.html", {"area": None})
    month, months = month_of(request, scope, area)
    url = reverse("web:coverage")
    context = _common(url, scope, area, month, months)
    if month is not None:
        try:
            parts = dashboard_parts(
                scope=scope,
                area=area,
                month=month,
                link=lambda code: f"{url}?{_query(code, month)}",
            )
        except NotFound as error:
            raise Http404(error.message) from error
        if request.GET.get("format") == "xlsx":
            return xlsx_response(
                list(parts["tables"].values()),
                [parts["figure"].sentence],
                f"cakupan-{area.code or 'ID'}-{month:%Y-%m}",
            )
        context.update(parts)
    return render(request, "web/coverage.html", context)


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """The month's printable report of the reader's region (or `?region=`)."""
    scope = scope_for_user(request.user)
    area = area_of(request, scope)
    if area is None:
        raise Http404(_("Your account has no area yet"))
    month, _months = month_of(request, scope, area)
    if month is None:
        raise Http404(_("No coverage snapshot yet"))
    try:
        parts = dashboard_parts(scope=scope, area=area, month=month)
    except NotFound as error:
        raise Http404(error.message) from error
    content = report_pdf(figure=parts["figure"], tables=parts["tables"], bases=parts["bases"])
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="laporan-cakupan-{area.code or "ID"}-{month:%Y-%m}.pdf"'
    )
    return response


@login_required
@require_GET
def rankings(request: HttpRequest) -> HttpResponse:
    """Villages by their quota filled, agencies by their civil servants who protect a worker,
    regencies of the province by coverage: each as far as the reader's scope and the area's
    level allow (a note says why a ranking is missing)."""
    scope = scope_for_user(request.user)
    area = area_of(request, scope)
    if area is None:
        return render(request, "web/coverage_rankings.html", {"area": None})
    month, months = month_of(request, scope, area)
    context = _common(reverse("web:coverage_rankings"), scope, area, month, months)
    tables: list[Table] = []
    notes: list[str] = []
    if month is not None:
        readings: list[Callable[[], Table]] = [
            lambda: village_table(village_ranking(scope=scope, region=area.code, month=month)),
            lambda: agency_table(agency_ranking(scope=scope, region=area.code, month=month)),
            lambda: regency_table(_regencies(scope, area, month)),
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
    return render(request, "web/coverage_rankings.html", context)


def _regencies(scope: Scope, area: Area, month: date) -> Any:
    """The regencies of the area's province (NotFound when the reader's scope is smaller)."""
    if area.level == SnapshotLevel.NATIONAL:
        raise ValidationFailed(_("Choose a province to rank its regencies"), field="region")
    return regency_ranking(scope=scope, region=area.code[:2], month=month)


@login_required
@require_GET
def budget(request: HttpRequest) -> HttpResponse:
    """A village's APBDes line or a regency's APBD lines for a year (next year unless
    `?year=`), and what reaching `?percent=` coverage costs."""
    scope = scope_for_user(request.user)
    area = area_of(request, scope)
    if area is None:
        return render(request, "web/coverage_budget.html", {"area": None})
    today = timezone.localdate()
    year = _year(request.GET.get("year"), today.year + 1)
    context = _common(reverse("web:coverage_budget"), scope, area, None, [])
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
    return render(request, "web/coverage_budget.html", context)


def _year(value: str | None, default: int) -> int:
    if not value:
        return default
    year = whole_number(value, low=2000, high=2100)
    if year is None:
        raise Http404(_("Choose a year"))
    return year


# The figures a region is measured by: imports and the monthly snapshot


def _may_import(scope: Scope) -> bool:
    return scope.is_nationwide or (
        scope.can_write and any(scope.role in roles for roles in IMPORTERS.values())
    )


@login_required
@require_http_methods(["GET", "POST"])
def data(request: HttpRequest) -> HttpResponse:
    scope = scope_for_user(request.user)
    if not _may_import(scope):
        return HttpResponseForbidden(_("Coverage figures are imported by the Disnaker and BPJS"))
    problems: list[dict[str, Any]] = []
    last_month = add_months(month_start(timezone.localdate()), -1)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "snapshot":
            if _snapshot(request, scope, last_month):
                return redirect("web:coverage_data")
        elif action in IMPORTS:
            problems = _import(request, scope, action)
            if problems is None:
                return redirect("web:coverage_data")
        else:
            raise Http404
    kinds = [
        (key, label)
        for key, label in (
            ("denominators", _("Bases (eligible workers, working population)")),
            ("targets", _("Coverage targets")),
            ("participants", _("BPJS registered participants")),
        )
        if scope.is_nationwide or scope.role in IMPORTERS[key]
    ]
    return render(
        request,
        "web/coverage_data.html",
        {
            "kinds": kinds,
            "problems": problems or [],
            "last_month": last_month,
            "may_snapshot": scope.role in ("superuser", Role.ADMIN_PEMDA),
        },
    )


def _import(request: HttpRequest, scope: Scope, action: str) -> Any:
    """Import the uploaded file; None once written, else the problems (line, column, rule)."""
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file"))
        return []
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in UPLOAD_SUFFIXES or upload.size is None or upload.size > MAX_UPLOAD_BYTES:
        messages.error(request, _("Upload a CSV or Excel file of at most 20 MB"))
        return []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / upload_name(upload.name, f"{action}{suffix}")
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            imported = IMPORTS[action](path=path, actor=signed_in(request), scope=scope)
        except DomainError as error:
            messages.error(request, error.message.split(". ")[0])
            return [
                {**problem, "rule": RULES.get(problem["rule"], problem["rule"])}
                for problem in error.details.get("problems") or []
            ]
    messages.success(
        request,
        _("%(rows)s rows imported: %(created)s new, %(updated)s replaced")
        % {"rows": imported.rows, "created": imported.created, "updated": imported.updated},
    )
    return None


def _snapshot(request: HttpRequest, scope: Scope, month: date) -> bool:
    user = signed_in(request)
    prefix = None if user.is_superuser else user.region_id
    try:
        taken = snapshot_take(month=month, actor=user, region_prefix=prefix)
    except DomainError as error:
        messages.error(request, error.message)
        return False
    when = date_format(month, "F Y")
    if taken.is_new:
        messages.success(
            request,
            _("Snapshot of %(month)s taken: %(protected)s protected workers")
            % {"month": when, "protected": taken.run.protected},
        )
    else:
        messages.info(request, _("%(month)s was already taken; nothing changed") % {"month": when})
    return True
