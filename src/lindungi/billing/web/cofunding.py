"""Co-funding from the sponsor and program pages: the regional admin sets a co-sponsor's share
of an enrolment or ends it (`services.cofunding`); both pages show the shares through
`sponsor_panels` and `program_panels`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.permissions import may_share_costs
from lindungi.billing.services.cofunding import cost_share_end, cost_share_set
from lindungi.billing.web.forms import CostShareEndForm, CostShareForm
from lindungi.core.errors import DomainError
from lindungi.programs.selectors import enrolment_get, sponsor_get
from lindungi.web.helpers import report, signed_in


def percent_text(basis_points: int) -> str:
    """A share as Indonesians write it: 5000 -> "50", 3333 -> "33,33".

    >>> percent_text(5000), percent_text(3333), percent_text(1250)
    ('50', '33,33', '12,5')
    """
    whole, rest = divmod(basis_points, 100)
    return f"{whole},{rest:02d}".rstrip("0").rstrip(",") if rest else str(whole)


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("web:sponsors")


@login_required
@require_POST
def cost_share_add(request: HttpRequest) -> HttpResponse:
    """Set a co-sponsor's share of an enrolment's months not billed yet."""
    scope = scope_for_user(request.user)
    if not may_share_costs(scope):
        return HttpResponseForbidden(_("Only the regional admin sets up co-funding"))
    form = CostShareForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(str(e) for e in errors)}")
        return _back(request)
    try:
        share = cost_share_set(
            actor=signed_in(request),
            scope=scope,
            enrolment=enrolment_get(scope=scope, enrolment_id=form.cleaned_data["enrolment"]),
            sponsor=sponsor_get(scope=scope, sponsor_id=form.cleaned_data["sponsor"]),
            basis_points=form.basis_points(),
        )
    except DomainError as error:
        report(request, error)
        return _back(request)
    messages.success(
        request,
        _("%(sponsor)s pays %(percent)s%% of each month of %(worker)s not billed yet")
        % {
            "sponsor": share.sponsor.name,
            "percent": percent_text(share.basis_points),
            "worker": share.enrolment.worker.name,
        },
    )
    return _back(request)


@login_required
@require_POST
def cost_share_remove(request: HttpRequest) -> HttpResponse:
    """End a co-sponsor's share: the own sponsor pays the months not billed yet in full."""
    scope = scope_for_user(request.user)
    if not may_share_costs(scope):
        return HttpResponseForbidden(_("Only the regional admin sets up co-funding"))
    form = CostShareEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the share to end"))
        return _back(request)
    try:
        cost_share_end(
            actor=signed_in(request),
            scope=scope,
            enrolment=enrolment_get(scope=scope, enrolment_id=form.cleaned_data["enrolment"]),
            sponsor=sponsor_get(scope=scope, sponsor_id=form.cleaned_data["sponsor"]),
        )
    except DomainError as error:
        report(request, error)
        return _back(request)
    messages.success(
        request, _("The share ended: the enrolment's own sponsor pays the months not billed yet")
    )
    return _back(request)
