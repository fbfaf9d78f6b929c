"""The civil servant's own household workers (register, protect, withdraw a consent), and
who among the civil servants takes part."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindungi.accounts.selectors import scope_for_user, user_list
from lindungi.core.errors import DomainError
from lindungi.core.months import add_months, month_start
from lindungi.core.roles import Role
from lindungi.core.scopes import Scope
from lindungi.programs.models import Enrolment, EnrolmentStatus, Program, SponsorKind
from lindungi.programs.permissions import is_civil_servant
from lindungi.programs.selectors import (
    enrolment_list,
    monthly_amount,
    monthly_deduction,
    program_first_month,
    program_last_month,
    program_list,
)
from lindungi.programs.services.asn import asn_protect, consent_withdraw
from lindungi.programs.web.common import month_label, own_sponsor
from lindungi.programs.web.forms import HOUSEHOLD_OCCUPATIONS, HouseholdWorkerForm
from lindungi.regions.models import Level, Region
from lindungi.web.helpers import number, signed_in
from lindungi.workers.models import Category
from lindungi.workers.nik import compact
from lindungi.workers.selectors import worker_list
from lindungi.workers.services import worker_create

# Statuses in which a civil servant counts as protecting a worker.
PROTECTING = (
    EnrolmentStatus.SUBMITTED,
    EnrolmentStatus.VERIFIED,
    EnrolmentStatus.SENT,
    EnrolmentStatus.ACTIVE,
)


def asn_participation(scope: Scope, agency_id: int | None = None) -> dict[str, Any]:
    """The civil servants the reader sees (an agency operator: their agency's) and which of
    them protect at least one worker."""
    servants = user_list(scope=scope, role=Role.ASN).order_by("agency__name", "full_name", "id")
    if agency_id is not None:
        servants = servants.filter(agency_id=agency_id)
    protecting = set(
        enrolment_list(scope=scope)
        .filter(sponsor__kind=SponsorKind.ASN, status__in=PROTECTING)
        .order_by()
        .values_list("sponsor__user_id", flat=True)
        .distinct()
    )
    shown = list(servants[:500])
    return {
        "servants": [(servant, servant.pk in protecting) for servant in shown],
        "total": servants.count(),
        "protecting": servants.filter(pk__in=protecting).count(),
        "more": servants.count() > len(shown),
    }


def open_asn_program(scope: Scope) -> Program | None:
    """The ASN program of the reader's regency that is open this month (or starts later)."""
    this_month = month_start(timezone.localdate())
    found = [
        program
        for program in program_list(scope=scope).order_by("year", "start_month", "id")
        if program.is_active
        and SponsorKind.ASN in program.sponsor_kinds
        and program_last_month(program) >= this_month
    ]
    return found[0] if found else None


@login_required
@require_http_methods(["GET", "POST"])
def asn(request: HttpRequest) -> HttpResponse:
    """A civil servant's household workers: register and protect one in a step, see each one's
    status and the monthly TPP deduction, withdraw a consent. Other roles see who takes part."""
    scope = scope_for_user(request.user)
    if not is_civil_servant(scope):
        if request.method == "POST":
            raise Http404
        return render(
            request,
            "programs/asn_participation.html",
            {"participation": asn_participation(scope, agency_id=scope.agency_id)},
        )
    program = open_asn_program(scope)
    form = HouseholdWorkerForm(request.POST if request.POST.get("action") == "protect" else None)
    if request.method == "POST":
        if request.POST.get("action") == "withdraw":
            _consent_withdraw(request, scope)
            return redirect("web:asn")
        if program is not None and _protect(request, scope, program, form):
            return redirect("web:asn")
    sponsor = own_sponsor(scope)
    today = timezone.localdate()
    enrolments = list(enrolment_list(scope=scope).order_by("worker__name", "-first_month"))
    latest: dict[int, Enrolment] = {}
    for enrolment in enrolments:
        latest.setdefault(enrolment.worker_id, enrolment)
    consents = (
        list(sponsor.consents.select_related("worker").order_by("-given_at", "-id"))
        if sponsor
        else []
    )
    rows = [
        {"consent": consent, "enrolment": latest.get(consent.worker_id)} for consent in consents
    ]
    next_month = add_months(month_start(today), 1)
    return render(
        request,
        "programs/asn_workers.html",
        {
            "program": program,
            "monthly": monthly_amount(program) if program else None,
            "form": form,
            "occupations": HOUSEHOLD_OCCUPATIONS,
            "rows": rows,
            "sponsor": sponsor,
            "deduction": monthly_deduction(sponsor=sponsor, month=today) if sponsor else 0,
            "next_deduction": (
                monthly_deduction(sponsor=sponsor, month=next_month) if sponsor else 0
            ),
            "this_month": today,
            "next_month": next_month,
        },
    )


def _protect(
    request: HttpRequest, scope: Scope, program: Program, form: HouseholdWorkerForm
) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    village = Region.objects.filter(
        code=data["village_code"].strip(), level=Level.VILLAGE, is_active=True
    ).first()
    if village is None:
        form.add_error("village_code", _("No village has this code"))
        return False
    try:
        with transaction.atomic():  # registered and protected together, or neither
            worker = worker_list(scope=scope).filter(nik=compact(data["nik"])).first()
            if worker is None:
                worker = worker_create(
                    actor=signed_in(request),
                    scope=scope,
                    nik=data["nik"],
                    name=data["name"],
                    village=village,
                    occupation=data["occupation"].strip(),
                    category=Category.BPU,
                )
            asn_protect(actor=signed_in(request), scope=scope, program=program, worker=worker)
    except DomainError as error:
        field = error.details.get("field")
        refused = error.details.get("refused")
        if refused:
            form.add_error(None, "; ".join(", ".join(item["reasons"]) for item in refused))
        else:
            form.add_error(field if field in form.fields else None, error.message)
        return False
    messages.success(
        request,
        _("%(name)s is protected from %(month)s; the contribution is deducted from your TPP")
        % {"name": worker.name, "month": month_label(program_first_month(program))},
    )
    return True


def _consent_withdraw(request: HttpRequest, scope: Scope) -> None:
    sponsor = own_sponsor(scope)
    consent_id = number(request.POST.get("consent"))
    consent = sponsor.consents.filter(pk=consent_id).first() if sponsor and consent_id else None
    if consent is None:
        raise Http404
    try:
        withdrawn = consent_withdraw(actor=signed_in(request), scope=scope, consent=consent)
    except DomainError as error:
        messages.error(request, error.message)
        return
    last_month = withdrawn.last_month or withdrawn.first_month  # set when withdrawn
    messages.success(
        request,
        _("The deduction for %(name)s stops after %(month)s")
        % {"name": consent.worker.name, "month": month_label(last_month)},
    )
