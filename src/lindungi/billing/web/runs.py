"""The monthly billing run and the corrections, run by the regional admin (docs/billing.md).

Each view parses input, calls the billing selectors (reads) and services (writes) with the
user's scope, and turns domain errors into messages; `NotFound` becomes a 404, exactly like a
missing page, and an action the role may not take (`billing.permissions`) a 403.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.models import BillingRun
from lindungi.billing.permissions import chooses_billing_region, may_bill
from lindungi.billing.selectors.bills import run_list
from lindungi.billing.services.runs import billing_corrections, billing_run
from lindungi.billing.web.forms import BillingRunForm, CorrectionsForm
from lindungi.core.errors import DomainError
from lindungi.core.scopes import Scope
from lindungi.regions.models import Level, Region
from lindungi.web.helpers import signed_in


def _billing_region(request: HttpRequest, scope: Scope, code: str | None) -> Region | None:
    """The region billed: the regional admin's own regency, or the one a superuser names."""
    if not chooses_billing_region(scope):
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
    if not may_bill(scope):
        return HttpResponseForbidden(_("Only the regional admin runs billing"))
    choose = chooses_billing_region(scope)
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
        "billing/billing_runs.html",
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
    return text % {"month": date_format(run.month, "F Y"), "count": run.bills, "lines": run.lines}
