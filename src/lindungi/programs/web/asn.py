"""The civil servant's own household workers (register, protect, withdraw a consent), and
who among the civil servants takes part."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindungi.accounts.selectors import scope_for_user, user_list
from lindungi.core.errors import DomainError
from lindungi.core.months import month_start
from lindungi.core.roles import Role
from lindungi.core.scopes import Scope
from lindungi.programs.models import Enrolment, EnrolmentStatus, Program, SponsorKind
from lindungi.programs.permissions import is_civil_servant
from lindungi.programs.selectors import (
    enrolment_list,
    monthly_amount,
    program_last_month,
    program_list,
)
from lindungi.programs.services.asn import asn_protect_by_nik, consent_withdraw
from lindungi.programs.web.common import month_label, own_sponsor
from lindungi.programs.web.forms import HOUSEHOLD_OCCUPATIONS, HouseholdWorkerForm
from lindungi.web.helpers import number, signed_in
from lindungi.web.parts import panels

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
    enrolments = list(enrolment_list(scope=scope).order_by("worker_id", "-first_month", "-id"))
    latest: dict[int, Enrolment] = {}
    for enrolment in enrolments:
        latest.setdefault(enrolment.worker_id, enrolment)
    consents = (
        list(sponsor.consents.select_related("worker").order_by("-given_at", "-id"))
        if sponsor
        else []
    )
    rows = [
        {
            "consent": consent,
            "enrolment": latest.get(consent.worker_id),
            "status": (
                status_line(latest[consent.worker_id]) if consent.worker_id in latest else "—"
            ),
            # A worker found by NIK shows only what she typed (name, NIK masked).
            "own": consent.worker.added_by_id == scope.user_id,
        }
        for consent in consents
    ]
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
            # This month's deduction as billing computes it for the agency's TPP list.
            "panels": panels("asn", scope, sponsor, today),
            "this_month": today,
        },
    )


def _protect(
    request: HttpRequest, scope: Scope, program: Program, form: HouseholdWorkerForm
) -> bool:
    if not form.is_valid():
        return False
    data = form.cleaned_data
    try:
        enrolment = asn_protect_by_nik(
            actor=signed_in(request),
            scope=scope,
            program=program,
            nik=data["nik"],
            name=data["name"],
            village=data["village"],
            occupation=data["occupation"],
        )
    except DomainError as error:
        field = error.details.get("field")
        refused = error.details.get("refused")
        if refused:
            # The reasons only: the refusal names the worker as registered, which a civil
            # servant who found the worker by NIK has not typed.
            form.add_error(None, "; ".join(", ".join(item["reasons"]) for item in refused))
        else:
            form.add_error(field if field in form.fields else None, error.message)
        return False
    messages.success(request, protected_message(enrolment, data["name"]))
    return True


def protected_message(enrolment: Enrolment, name: str) -> str:
    """What the page says once a civil servant has consented: where the enrolment stands,
    never more (it is active only once BPJS confirms it)."""
    if enrolment.status == EnrolmentStatus.ACTIVE:
        return _("%(name)s: %(status)s; the contribution is deducted from your TPP") % {
            "name": name,
            "status": status_line(enrolment),
        }
    return _(
        "%(name)s: %(status)s. Your TPP is deducted from the month the protection is active"
    ) % {"name": name, "status": status_line(enrolment)}


def status_line(enrolment: Enrolment) -> str:
    """Where a household worker's enrolment stands, in the civil servant's words."""
    status = enrolment.status
    if status == EnrolmentStatus.SUBMITTED:
        return _("submitted, awaiting verification")
    if status == EnrolmentStatus.VERIFIED:
        return _("verified, awaiting sending to BPJS")
    if status == EnrolmentStatus.SENT:
        return _("sent to BPJS, awaiting its confirmation")
    if status == EnrolmentStatus.ACTIVE:
        return _("active from %(month)s") % {"month": month_label(enrolment.first_month)}
    if status == EnrolmentStatus.LAPSED:
        return _("lapsed, unpaid after %(month)s") % {"month": month_label(enrolment.last_month)}
    if status == EnrolmentStatus.ENDED:
        return _("ended after %(month)s") % {"month": month_label(enrolment.last_month)}
    if status == EnrolmentStatus.REJECTED:
        reason = enrolment.rejected_reason or "—"
        return _("rejected by BPJS: %(reason)s") % {"reason": reason}
    return str(enrolment.get_status_display())


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
    ever_active = Enrolment.objects.filter(
        sponsor=consent.sponsor,
        worker=consent.worker,
        status__in=(EnrolmentStatus.ACTIVE, EnrolmentStatus.LAPSED, EnrolmentStatus.ENDED),
    ).exists()
    if not ever_active:
        # Never activated: cancelled, and nothing was ever deducted for this worker.
        messages.success(
            request,
            _("Consent for %(name)s withdrawn: the enrolment is cancelled and nothing is deducted")
            % {"name": consent.worker.name},
        )
        return
    messages.success(
        request,
        _("The deduction for %(name)s stops after %(month)s")
        % {"name": consent.worker.name, "month": month_label(last_month)},
    )
