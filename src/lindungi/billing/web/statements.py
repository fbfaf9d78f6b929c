"""BPJS payment statements: upload one, read its rows that matched no bill.

Each view parses input, calls the billing selectors (reads) and services (writes) with the
user's scope, and turns domain errors into messages; `NotFound` becomes a 404, exactly like a
missing page, and an action the role may not take (`billing.permissions`) a 403.
"""

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.models import LineOutcome
from lindungi.billing.permissions import (
    may_import_statements,
    may_resolve_statement_lines,
    reads_region_billing,
)
from lindungi.billing.selectors.payments import (
    statement_get,
    statement_line_get,
    statement_list,
    statement_unmatched,
    statements_to_resolve,
)
from lindungi.billing.services.statements import statement_import, statement_line_resolve
from lindungi.billing.statement_format import RULES
from lindungi.billing.web.forms import StatementLineResolveForm, StatementUploadForm
from lindungi.billing.web.payments import resumed_message
from lindungi.core.errors import DomainError, ValidationFailed
from lindungi.core.money import format_rupiah
from lindungi.core.scopes import Scope
from lindungi.web.helpers import PAGE_SIZE, or_404, report, signed_in

MAX_STATEMENT_BYTES = 20 * 1024 * 1024
SHOWN_UNMATCHED = 500


@login_required
@require_http_methods(["GET", "POST"])
def statements(request: HttpRequest) -> HttpResponse:
    """Upload a BPJS payment statement: rows naming a bill and its open amount become its
    payments; the rest wait for a human with their reasons. A broken file is refused whole,
    each problem with its line, column and rule."""
    scope = scope_for_user(request.user)
    if not reads_region_billing(scope):
        return HttpResponseForbidden(_("Payment statements are for the regency's officers"))
    may_import = may_import_statements(scope)
    if request.method == "POST" and not may_import:
        return HttpResponseForbidden(_("Only the regional admin or BPJS imports statements"))
    form = StatementUploadForm(request.POST or None, request.FILES or None)
    problems: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid():
        statement_id = _import(request, scope, form, problems)
        if statement_id is not None:
            return redirect("web:statement", statement_id=statement_id)
    # `?unresolved=1`: only the statements with a line still to resolve (the home page's queue).
    to_resolve = request.GET.get("unresolved") == "1"
    listed = statements_to_resolve(scope=scope) if to_resolve else statement_list(scope=scope)
    context = {
        "form": form,
        "may_import": may_import,
        "problems": problems,
        "statements": list(
            listed.annotate(open_lines=Count("lines", filter=Q(lines__resolved_at__isnull=True)))[
                :PAGE_SIZE
            ]
        ),
        "to_resolve": to_resolve,
    }
    return render(request, "billing/statement_list.html", context)


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
    resumed_message(request, result.resumed)
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
        "billing/statement_detail.html",
        {
            "statement": statement,
            "lines": list(lines[:SHOWN_UNMATCHED]),
            "more": max(statement.unmatched - SHOWN_UNMATCHED, 0),
            "open_lines": lines.filter(resolved_at__isnull=True).count(),
            "may_resolve": may_resolve_statement_lines(scope),
            "outcomes": LineOutcome.choices,
        },
    )


@login_required
@require_POST
def statement_line_resolution(request: HttpRequest, statement_id: int, line: int) -> HttpResponse:
    """Resolve one line that matched no bill: allocate it to a bill, record it as a refund or
    as not ours, with a reason (`services.statements.statement_line_resolve`)."""
    scope = scope_for_user(request.user)
    found = or_404(statement_line_get, scope=scope, statement_id=statement_id, line=line)
    if not may_resolve_statement_lines(scope):
        return HttpResponseForbidden(_("Only the regional admin or BPJS resolves statement lines"))
    form = StatementLineResolveForm(request.POST)
    back = redirect(f"{reverse('web:statement', args=[statement_id])}#baris-{found.line}")
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(str(e) for e in errors)}")
        return back
    try:
        done = statement_line_resolve(
            actor=signed_in(request),
            scope=scope,
            statement_id=statement_id,
            line=found.line,
            outcome=form.cleaned_data["outcome"],
            reason=form.cleaned_data["reason"],
            bill_number=form.cleaned_data["bill"],
        )
    except DomainError as error:
        report(request, error)
        return back
    messages.success(
        request,
        _("Line %(line)s resolved: %(outcome)s")
        % {"line": found.line, "outcome": LineOutcome(done.line.outcome).label},
    )
    if done.payment is not None:
        resumed_message(request, done.payment.resumed)
    return back
