"""Pages of bills: the bills and their PDF, a sponsor's account, the arrears list
(docs/billing.md).

Each view parses input, calls the billing selectors (reads) and services (writes) with the
user's scope, and turns domain errors into messages; `NotFound` becomes a 404, exactly like a
missing page, and an action the role may not take (`billing.permissions`) a 403.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.exports import bill_pdf
from lindungi.billing.models import BillKind
from lindungi.billing.permissions import may_record_payments, reads_region_billing
from lindungi.billing.selectors.accounts import reminders_for, sponsor_account
from lindungi.billing.selectors.arrears import overdue_sponsors
from lindungi.billing.selectors.bills import bill_allocations, bill_get, bill_lines, bill_list
from lindungi.billing.selectors.payments import payment_list
from lindungi.billing.web.forms import BillFilterForm
from lindungi.core.errors import NotFound
from lindungi.programs.selectors import sponsor_get
from lindungi.web.helpers import PAGE_SIZE, download, number, or_404, paged, signed_in

LINES_PER_PAGE = 100


@login_required
@require_GET
def bills(request: HttpRequest) -> HttpResponse:
    """The bills (and credit notes) of the sponsors the reader sees, filtered by month, paid or
    open, and kind; htmx refreshes the rows in place."""
    scope = scope_for_user(request.user)
    form = BillFilterForm(request.GET)
    # `?sponsor=`: one sponsor's bills (the home page's count of a village's open bills).
    sponsor_id = number(request.GET.get("sponsor"))
    sponsor = or_404(sponsor_get, scope=scope, sponsor_id=sponsor_id) if sponsor_id else None
    found = bill_list(scope=scope, sponsor=sponsor, **form.values())
    context = {
        "filters": form,
        "sponsor": sponsor,
        "total": found.count(),
        **paged(request, found),
    }
    template = (
        "billing/_bill_rows.html" if request.headers.get("HX-Request") else "billing/bill_list.html"
    )
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
    return render(request, "billing/bill_detail.html", context)


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
    return render(request, "billing/sponsor_billing.html", context)


@login_required
@require_GET
def arrears(request: HttpRequest) -> HttpResponse:
    """For the regency's officers: every sponsor with a bill past its due date, the most
    overdue first, to call before their workers lapse."""
    scope = scope_for_user(request.user)
    if not reads_region_billing(scope):
        return HttpResponseForbidden(_("The arrears list is for the regency's officers"))
    rows = overdue_sponsors(scope=scope)
    return render(
        request, "billing/arrears.html", {"rows": rows, "owed": sum(row.owed for row in rows)}
    )
