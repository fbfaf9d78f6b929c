"""The six-monthly Inpres 2/2021 report page: choose a half-year, download it as XLSX or PDF."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.exports import inpres_report_pdf, inpres_report_xlsx
from lindungi.compliance.permissions import names_its_regency
from lindungi.compliance.web.common import page_regency, readers_only
from lindungi.web.helpers import XLSX, download, or_404, signed_in, year_number


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """Choose a half-year; `?format=xlsx|pdf` downloads the report (recorded)."""
    scope = scope_for_user(request.user)
    readers_only(scope)
    today = timezone.localdate()
    region = page_regency(request, scope)
    year_text, half_text = request.GET.get("year", ""), request.GET.get("half", "")
    year = year_number(year_text, today.year)
    half = int(half_text) if half_text in ("1", "2") else (1 if today.month <= 6 else 2)
    file_format = request.GET.get("format", "")
    if file_format:
        if file_format not in ("xlsx", "pdf") or region is None:
            raise Http404
        write = inpres_report_xlsx if file_format == "xlsx" else inpres_report_pdf
        content = or_404(
            write, actor=signed_in(request), scope=scope, region=region, half=(year, half)
        )
        return download(
            content,
            XLSX if file_format == "xlsx" else "application/pdf",
            f"laporan-inpres-{region.code}-{year}-s{half}.{file_format}",
        )
    return render(
        request,
        "compliance/inpres_report.html",
        {
            "region": region,
            "year": year,
            "half": half,
            "years": list(range(today.year - 3, today.year + 1)),
            "names_regency": names_its_regency(scope),
        },
    )
