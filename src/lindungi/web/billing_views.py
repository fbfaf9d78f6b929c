"""Pages of billing: bills and their PDF, a sponsor's account, the arrears list, the TPP
deduction lists and the monthly billing run (docs/billing.md). Payments, BPJS statements and
continuity are in `payment_views.py`.

Each view parses input, calls the billing selectors (reads) and services (writes) with the
user's scope, and turns domain errors into messages; `NotFound` becomes a 404, exactly like a
missing page, and an action the role may not take a 403.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.exports import bill_pdf, tpp_pdf, tpp_xlsx
from lindungi.billing.models import BillingRun, BillKind
from lindungi.billing.permissions import may_list_tpp, may_record_payments
from lindungi.billing.selectors import (
    REGION_ROLES,
    bill_allocations,
    bill_get,
    bill_lines,
    bill_list,
    overdue_sponsors,
    payment_list,
    reminders_for,
    run_list,
    sponsor_account,
    tpp_agencies,
    tpp_agency_get,
    tpp_deductions,
)
from lindungi.billing.services import BILLING_ROLES, billing_corrections, billing_run
from lindungi.core.errors import DomainError, NotFound
from lindungi.core.scopes import Scope
from lindungi.programs.selectors import sponsor_get
from lindungi.regions.models import Level, Region
from lindungi.web.billing_forms import (
    BillFilterForm,
    BillingRunForm,
    CorrectionsForm,
    MonthField,
    TppForm,
)
from lindungi.web.helpers import (
    PAGE_SIZE,
    XLSX,
    download,
    or_404,
    paged,
    signed_in,
)

LINES_PER_PAGE = 100

# Bills


@login_required
@require_GET
def bills(request: HttpRequest) -> HttpResponse:
    """The bills (and credit notes) of the sponsors the reader sees, filtered by month, paid or
    open, and kind; htmx refreshes the rows in place."""
    scope = scope_for_user(request.user)
    form = BillFilterForm(request.GET)
    found = bill_list(scope=scope, **form.values())
    context = {"filters": form, "total": found.count(), **paged(request, found)}
    template = "web/_bill_rows.html" if request.headers.get("HX-Request") else "web/bill_list.html"
    return render(request, template, context)


@login_required
@require_GET
def bill_detail(request: HttpRequest, bill_id: int) -> HttpResponse:
    scope = scope_for_user(request.user)
    bill = or_404(bill_get, scope=scope, bill_id=bill_id)
    lines = bill_lines(scope=scope, bill=bill)
    context = {
        "bill": bill,
        "is_credit": bill.kind == BillKind.CREDIT,
        "line_count": lines.count(),
        "allocations": list(bill_allocations(scope=scope, bill=bill)),
        **paged(request, lines, LINES_PER_PAGE),
    }
    return render(request, "web/bill_detail.html", context)


@login_required
@require_GET
def bill_download(request: HttpRequest, bill_id: int) -> HttpResponse:
    """The bill as a PDF to send to the sponsor or print (recorded)."""
    scope = scope_for_user(request.user)
    bill = or_404(bill_get, scope=scope, bill_id=bill_id)
    try:
        content = bill_pdf(scope=scope, actor=signed_in(request), bill=bill)
    except NotFound as error:
        raise Http404(error.message) from error
    return download(content, "application/pdf", f"{bill.number}.pdf")


# A sponsor's billing


@login_required
@require_GET
def sponsor_billing(request: HttpRequest, sponsor_id: int) -> HttpResponse:
    """A sponsor's account (billed, credited, paid, open, waiting), its bills, its payments and
    the reminders sent to it."""
    scope = scope_for_user(request.user)
    sponsor = or_404(sponsor_get, scope=scope, sponsor_id=sponsor_id)
    context = {
        "sponsor": sponsor,
        "account": sponsor_account(scope=scope, sponsor=sponsor),
        "bills": list(bill_list(scope=scope, sponsor=sponsor)[:PAGE_SIZE]),
        "payments": list(payment_list(scope=scope, sponsor=sponsor)[:PAGE_SIZE]),
        "reminders": list(reminders_for(scope=scope, sponsor=sponsor)[:20]),
        "may_pay": may_record_payments(scope),
    }
    return render(request, "web/sponsor_billing.html", context)


# Arrears


@login_required
@require_GET
def arrears(request: HttpRequest) -> HttpResponse:
    """For the regency's officers: every sponsor with a bill past its due date, the most
    overdue first, to call before their workers lapse."""
    scope = scope_for_user(request.user)
    if scope.role not in REGION_ROLES:
        return HttpResponseForbidden(_("The arrears list is for the regency's officers"))
    rows = overdue_sponsors(scope=scope)
    return render(
        request,
        "web/arrears.html",
        {"rows": rows, "owed": sum(row.owed for row in rows)},
    )


# TPP deductions


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
    return render(request, "web/tpp.html", context)


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


# Billing runs


def _billing_region(request: HttpRequest, scope: Scope, code: str | None) -> Region | None:
    """The region billed: the regional admin's own regency, or the one a superuser names."""
    if scope.role != "superuser":
        region = signed_in(request).region
        return region if region is not None and region.level == Level.REGENCY else None
    return Region.objects.filter(
        code=(code or "").strip(), level__in=(Level.REGENCY, Level.PROVINCE)
    ).first()


@login_required
@require_http_methods(["GET", "POST"])
def billing_runs(request: HttpRequest) -> HttpResponse:
    """The regional admin bills a month (or 3, 6, 12 months ahead) to the regency's sponsors,
    and credits what enrolments no longer hold (corrections); with the runs so far."""
    scope = scope_for_user(request.user)
    if not (scope.role in BILLING_ROLES and scope.can_write):
        return HttpResponseForbidden(_("Only the regional admin runs billing"))
    choose = scope.role == "superuser"
    action = request.POST.get("action", "")
    run_form = BillingRunForm(
        request.POST if action == "run" else None, choose_region=choose, prefix="run"
    )
    corrections_form = CorrectionsForm(
        request.POST if action == "corrections" else None, choose_region=choose, prefix="fix"
    )
    if request.method == "POST":
        if action == "run" and run_form.is_valid():
            data = run_form.cleaned_data
            if _billing_action(request, scope, run_form, data.get("region"), data):
                return redirect("web:billing_runs")
        elif action == "corrections" and corrections_form.is_valid():
            region_code = corrections_form.cleaned_data.get("region")
            if _billing_action(request, scope, corrections_form, region_code, None):
                return redirect("web:billing_runs")
        elif action not in ("run", "corrections"):
            raise Http404
    return render(
        request,
        "web/billing_runs.html",
        {
            "run_form": run_form,
            "corrections_form": corrections_form,
            "region": None if choose else _billing_region(request, scope, None),
            "runs": list(run_list(scope=scope)[:30]),
        },
    )


def _billing_action(
    request: HttpRequest,
    scope: Scope,
    form: Any,
    region_code: str | None,
    data: dict[str, Any] | None,
) -> bool:
    """Run billing (`data` given) or the corrections; say what it did, or why not."""
    region = _billing_region(request, scope, region_code)
    if region is None:
        form.add_error(None, _("Billing runs for a regency or city: your account has none"))
        return False
    try:
        if data is not None:
            run = billing_run(
                actor=signed_in(request),
                scope=scope,
                region=region,
                month=data["month"],
                months_ahead=data["months_ahead"],
            )
        else:
            run = billing_corrections(actor=signed_in(request), scope=scope, region=region)
    except DomainError as error:
        form.add_error(None, error.message)
        return False
    messages.success(request, _run_summary(run, corrections=data is None))
    return True


def _run_summary(run: BillingRun, *, corrections: bool) -> str:
    if corrections:
        text = ngettext(
            "Corrections: %(count)s credit note for %(lines)s months given back",
            "Corrections: %(count)s credit notes for %(lines)s months given back",
            run.bills,
        )
    else:
        text = ngettext(
            "%(month)s billed: %(count)s bill with %(lines)s lines",
            "%(month)s billed: %(count)s bills with %(lines)s lines",
            run.bills,
        )
    return text % {
        "month": date_format(run.month, "F Y"),
        "count": run.bills,
        "lines": run.lines,
    }
