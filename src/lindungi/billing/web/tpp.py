"""The TPP deduction lists of an agency's civil servants, for its finance office (BPKAD).

Each view parses input, calls the billing selectors (reads) and services (writes) with the
user's scope, and turns domain errors into messages; `NotFound` becomes a 404, exactly like a
missing page, and an action the role may not take (`billing.permissions`) a 403.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.exports import tpp_pdf, tpp_xlsx
from lindungi.billing.permissions import may_list_tpp
from lindungi.billing.selectors.tpp import tpp_agencies, tpp_agency_get, tpp_deductions
from lindungi.billing.web.forms import MonthField, TppForm
from lindungi.core.errors import NotFound
from lindungi.web.helpers import XLSX, download, or_404, signed_in


@login_required
@require_GET
def tpp(request: HttpRequest) -> HttpResponse:
    """An agency's deductions from its civil servants' TPP for a month: the agency operator
    their own agency, the regional admin any agency of the regency; with the files for the
    finance office (BPKAD)."""
    scope = scope_for_user(request.user)
    if not may_list_tpp(scope):
        return HttpResponseForbidden(_("TPP deductions are listed by agencies and the Disnaker"))
    agencies = list(tpp_agencies(scope=scope))
    data = request.GET.copy() if request.GET else None
    if data is not None and len(agencies) == 1:
        data.setdefault("agency", str(agencies[0].pk))
    form = TppForm(data, agencies=[(agency.pk, agency.name) for agency in agencies])
    context: dict[str, Any] = {"form": form, "agencies": agencies}
    if form.is_valid():
        agency = or_404(tpp_agency_get, scope=scope, agency_id=form.cleaned_data["agency"])
        month = form.cleaned_data["month"]
        context.update(
            deductions=or_404(tpp_deductions, scope=scope, agency=agency, month=month),
            month_value=month.strftime("%Y-%m"),
        )
    return render(request, "billing/tpp.html", context)


@login_required
@require_GET
def tpp_download(request: HttpRequest, agency_id: int) -> HttpResponse:
    """The month's list as a workbook (`?format=xlsx`) or a PDF to sign (`?format=pdf`)."""
    scope = scope_for_user(request.user)
    if not may_list_tpp(scope):
        return HttpResponseForbidden(_("TPP deductions are listed by agencies and the Disnaker"))
    agency = or_404(tpp_agency_get, scope=scope, agency_id=agency_id)
    try:
        month = MonthField().clean(request.GET.get("month", ""))
    except Exception as error:  # a ValidationError: no month, or not one
        raise Http404(_("Choose a month")) from error
    file_format = request.GET.get("format", "xlsx")
    if file_format not in ("xlsx", "pdf"):
        raise Http404
    write = tpp_xlsx if file_format == "xlsx" else tpp_pdf
    try:
        content = write(actor=signed_in(request), scope=scope, agency=agency, month=month)
    except NotFound as error:
        raise Http404(error.message) from error
    filename = f"potongan-tpp-{agency.code}-{month:%Y-%m}.{file_format}"
    return download(content, XLSX if file_format == "xlsx" else "application/pdf", filename)
