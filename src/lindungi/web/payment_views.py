"""Pages of payments: the payments list and recording one by hand, BPJS payment statements
(upload, their unmatched rows), and continuity (enrolments whose sponsored period ends soon).

As everywhere: views parse input, call the billing selectors and services with the user's
scope; `NotFound` is a 404, an action the role may not take a 403.
"""

import tempfile
from pathlib import Path
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
from lindungi.billing.models import Bill, PaymentStatus
from lindungi.billing.permissions import may_confirm_payment, may_record_payments
from lindungi.billing.rules import add_months
from lindungi.billing.selectors import (
    REGION_ROLES,
    expiring_enrolments,
    payment_allocations,
    payment_get,
    payment_list,
    statement_get,
    statement_list,
    statement_unmatched,
)
from lindungi.billing.services import (
    PaymentResult,
    Resumed,
    enrolment_continue,
    payment_record,
    payment_review,
    statement_import,
)
from lindungi.billing.statements import RULES, STATEMENT_ROLES
from lindungi.core.errors import DomainError, ValidationFailed
from lindungi.core.money import format_rupiah
from lindungi.core.scopes import Scope
from lindungi.programs.models import Program, SponsorKind
from lindungi.programs.selectors import program_get, program_list, sponsor_get, sponsor_list
from lindungi.web.billing_forms import (
    CONTINUE_CHOICES,
    ContinueForm,
    PaymentForm,
    StatementUploadForm,
)
from lindungi.web.helpers import PAGE_SIZE, number, or_404, paged, report, signed_in

MAX_STATEMENT_BYTES = 20 * 1024 * 1024
SHOWN_UNMATCHED = 500
MAX_CHOICES = 2000


# Payments


def _paying_sponsors(scope: Scope, chosen: int | None) -> list[tuple[int, str]]:
    """The sponsors a payment may be recorded for: those in scope with a bill (and the one the
    page was opened for)."""
    sponsors = sponsor_list(scope=scope).filter(pk__in=Bill.objects.values("sponsor_id"))
    found = list(sponsors[:MAX_CHOICES])
    if chosen is not None and chosen not in {sponsor.pk for sponsor in found}:
        found.insert(0, sponsor_get(scope=scope, sponsor_id=chosen))
    return [(sponsor.pk, f"{sponsor.name} ({sponsor.get_kind_display()})") for sponsor in found]


@login_required
@require_http_methods(["GET", "POST"])
def payments(request: HttpRequest) -> HttpResponse:
    """Payments of the sponsors the reader sees; the regional admin and BPJS officers record
    one, which is spread over the sponsor's oldest open bills at once."""
    scope = scope_for_user(request.user)
    may_pay = may_record_payments(scope)
    if request.method == "POST" and not may_pay:
        return HttpResponseForbidden(_("Only the regional admin or BPJS records payments"))
    if request.method == "POST" and "review" in request.POST:
        _review(request, scope)
        return redirect(request.path)
    chosen = number(request.GET.get("sponsor"))
    if chosen is not None:
        or_404(sponsor_get, scope=scope, sponsor_id=chosen)
    form = None
    if may_pay:
        form = PaymentForm(
            request.POST or None,
            initial={"sponsor": chosen},
            sponsors=_paying_sponsors(scope, chosen),
        )
    if request.method == "POST" and form is not None and form.is_valid():
        result = _record(request, scope, form)
        if result is not None:
            return redirect(f"{request.path}?payment={result.payment.pk}")
    shown = number(request.GET.get("payment"))
    recorded = or_404(payment_get, scope=scope, payment_id=shown) if shown else None
    context = {
        "form": form,
        "may_pay": may_pay,
        "recorded": recorded,
        "allocations": (
            list(payment_allocations(scope=scope, payment=recorded)) if recorded else []
        ),
        **paged(request, payment_list(scope=scope)),
    }
    context["reviewable"] = {
        payment.pk
        for payment in context["rows"]
        if payment.status == PaymentStatus.PENDING
        and may_confirm_payment(scope, payment.recorded_by_id)
    }
    return render(request, "web/payment_list.html", context)


def _record(request: HttpRequest, scope: Scope, form: PaymentForm) -> PaymentResult | None:
    data = form.cleaned_data
    sponsor = or_404(sponsor_get, scope=scope, sponsor_id=data["sponsor"])
    try:
        result = payment_record(
            actor=signed_in(request),
            scope=scope,
            sponsor=sponsor,
            amount=data["amount"],
            paid_on=data["paid_on"],
            channel=data["channel"],
            reference=data["reference"],
        )
    except DomainError as error:
        field = error.details.get("field")
        form.add_error(field if field in form.fields else None, error.message)
        return None
    if result.is_held:
        messages.warning(
            request,
            _(
                "Payment of %(amount)s from %(sponsor)s is held: it is more than the sponsor's "
                "bills make plausible (%(bound)s: what they still owe and 12 months of its "
                "latest month). It counts once a second officer confirms it."
            )
            % {
                "amount": format_rupiah(result.payment.amount),
                "sponsor": sponsor.name,
                "bound": format_rupiah(result.payment.plausible_up_to or 0),
            },
        )
        return result
    messages.success(
        request,
        _("Payment of %(amount)s from %(sponsor)s recorded: %(allocated)s applied to its bills")
        % {
            "amount": format_rupiah(result.payment.amount),
            "sponsor": sponsor.name,
            "allocated": format_rupiah(result.allocated),
        },
    )
    if result.unallocated:
        messages.info(
            request,
            _("%(amount)s waits for the sponsor's next bill")
            % {"amount": format_rupiah(result.unallocated)},
        )
    _resumed_message(request, result.resumed)
    return result


def _review(request: HttpRequest, scope: Scope) -> None:
    """A second officer confirms a held payment, or refuses it with a reason."""
    payment = or_404(payment_get, scope=scope, payment_id=number(request.POST.get("review")))
    confirm = request.POST.get("decision") == "confirm"
    try:
        result = payment_review(
            actor=signed_in(request),
            scope=scope,
            payment=payment,
            confirm=confirm,
            reason=request.POST.get("reason", "").replace("\x00", "")[:300],
        )
    except DomainError as error:
        report(request, error)
        return
    if not confirm:
        messages.success(request, _("Payment refused: it will not count"))
        return
    messages.success(
        request,
        _("Payment of %(amount)s confirmed: %(allocated)s applied to its bills")
        % {
            "amount": format_rupiah(result.payment.amount),
            "allocated": format_rupiah(result.allocated),
        },
    )
    _resumed_message(request, result.resumed)


def _resumed_message(request: HttpRequest, resumed: Resumed) -> None:
    """Lapsed enrolments the payment started again: a new enrolment each, from its month."""
    if not resumed.count:
        return
    months = sorted(set(resumed.first_months))
    messages.success(
        request,
        ngettext(
            "%(count)s lapsed enrolment started again as a new enrolment from %(month)s",
            "%(count)s lapsed enrolments started again as new enrolments from %(month)s",
            resumed.count,
        )
        % {
            "count": resumed.count,
            "month": ", ".join(date_format(month, "F Y") for month in months),
        },
    )


# BPJS payment statements


@login_required
@require_http_methods(["GET", "POST"])
def statements(request: HttpRequest) -> HttpResponse:
    """Upload a BPJS payment statement: rows naming a bill and its open amount become its
    payments; the rest wait for a human with their reasons. A broken file is refused whole,
    each problem with its line, column and rule."""
    scope = scope_for_user(request.user)
    if scope.role not in REGION_ROLES:
        return HttpResponseForbidden(_("Payment statements are for the regency's officers"))
    may_import = scope.role in STATEMENT_ROLES and scope.can_write
    if request.method == "POST" and not may_import:
        return HttpResponseForbidden(_("Only the regional admin or BPJS imports statements"))
    form = StatementUploadForm(request.POST or None, request.FILES or None)
    problems: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        statement_id = _import(request, scope, form, problems)
        if statement_id is not None:
            return redirect("web:statement", statement_id=statement_id)
    context = {
        "form": form,
        "may_import": may_import,
        "problems": problems,
        "statements": list(statement_list(scope=scope)[:PAGE_SIZE]),
    }
    return render(request, "web/statement_list.html", context)


def _import(
    request: HttpRequest, scope: Scope, form: StatementUploadForm, problems: list[dict[str, Any]]
) -> int | None:
    upload = form.cleaned_data["file"]
    if upload.size > MAX_STATEMENT_BYTES:
        form.add_error("file", _("The file is larger than 20 MB"))
        return None
    name = Path(upload.name).name[:100] or "statement.csv"
    with tempfile.TemporaryDirectory(prefix="rekening-koran-") as folder:
        path = Path(folder) / name
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            result = statement_import(actor=signed_in(request), scope=scope, path=path)
        except ValidationFailed as error:
            problems.extend(
                {**problem, "rule_text": RULES.get(problem["rule"], problem["rule"])}
                for problem in error.details.get("problems", [])[:200]
            )
            form.add_error("file", error.message)
            return None
        except DomainError as error:
            form.add_error("file", error.message)
            return None
    messages.success(
        request,
        _("%(matched)s rows matched a bill (%(amount)s); %(unmatched)s rows wait for a check")
        % {
            "matched": result.matched,
            "amount": format_rupiah(result.matched_amount),
            "unmatched": result.unmatched,
        },
    )
    _resumed_message(request, result.resumed)
    return result.statement.pk


@login_required
@require_GET
def statement_detail(request: HttpRequest, statement_id: int) -> HttpResponse:
    """A statement's rows that matched no bill, in file order, with their reasons."""
    scope = scope_for_user(request.user)
    statement = or_404(statement_get, scope=scope, statement_id=statement_id)
    lines = statement_unmatched(scope=scope, statement=statement).select_related("bill")
    return render(
        request,
        "web/statement_detail.html",
        {
            "statement": statement,
            "lines": list(lines[:SHOWN_UNMATCHED]),
            "more": max(statement.unmatched - SHOWN_UNMATCHED, 0),
        },
    )


# Continuity


@login_required
@require_http_methods(["GET", "POST"])
def expiring(request: HttpRequest) -> HttpResponse:
    """Active enrolments whose sponsored period ends within 60 days and that nothing continues
    yet; each continued in one step: renewed, moved to another sponsor, or self-paid."""
    scope = scope_for_user(request.user)
    if request.method == "POST" and not scope.can_write:
        return HttpResponseForbidden(_("Your role does not continue enrolments"))
    programs = [program for program in program_list(scope=scope) if program.is_active]
    sponsors = [
        (sponsor.pk, sponsor.name)
        for sponsor in sponsor_list(scope=scope).exclude(kind=SponsorKind.MANDIRI)[:MAX_CHOICES]
    ]
    if request.method == "POST":
        form = ContinueForm(
            request.POST,
            programs=[(program.pk, program.name) for program in programs],
            sponsors=sponsors,
        )
        _continue(request, scope, form)
        return redirect("web:expiring")
    found = expiring_enrolments(scope=scope).select_related("worker", "sponsor", "program")
    rows = [
        {
            "enrolment": enrolment,
            "next_month": add_months(enrolment.last_month, 1),
            "program": _next_program(enrolment.program, programs),
        }
        for enrolment in found[:PAGE_SIZE]
    ]
    return render(
        request,
        "programs/expiring.html",
        {
            "rows": rows,
            "total": found.count(),
            "may_continue": scope.can_write,
            "choices": CONTINUE_CHOICES,
            "programs": programs,
            "sponsors": sponsors,
        },
    )


def _next_program(current: Program, programs: list[Program]) -> Program:
    """The program a renewal most likely continues in: the same scheme's next one in the same
    region (next year's), else the current program."""
    later = [
        program
        for program in programs
        if program.region_id == current.region_id
        and program.template == current.template
        and program.start_month > current.start_month
    ]
    return min(later, key=lambda program: program.start_month) if later else current


def _continue(request: HttpRequest, scope: Scope, form: ContinueForm) -> None:
    if not form.is_valid():
        messages.error(request, _("Choose how to continue, and the program or sponsor it needs"))
        return
    data = form.cleaned_data
    enrolment = expiring_enrolments(scope=scope).filter(pk=data["enrolment"]).first()
    if enrolment is None:
        raise Http404
    program = (
        or_404(program_get, scope=scope, program_id=data["program"]) if data["program"] else None
    )
    sponsor = (
        or_404(sponsor_get, scope=scope, sponsor_id=data["sponsor"]) if data["sponsor"] else None
    )
    try:
        follow_on = enrolment_continue(
            actor=signed_in(request),
            scope=scope,
            enrolment=enrolment,
            choice=data["choice"],
            program=program,
            sponsor=sponsor if data["choice"] == "move" else None,
        )
    except DomainError as error:
        report(request, error)
        return
    messages.success(
        request,
        _("%(name)s continues from %(month)s with %(sponsor)s: a draft, to submit for verification")
        % {
            "name": enrolment.worker.name,
            "month": date_format(follow_on.first_month, "F Y"),
            "sponsor": follow_on.sponsor.name,
        },
    )
