"""Continuity: enrolments whose sponsored period ends soon, each continued in one step.

Each view parses input, calls the billing selectors (reads) and services (writes) with the
user's scope, and turns domain errors into messages; `NotFound` becomes a 404, exactly like a
missing page, and an action the role may not take (`billing.permissions`) a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.selectors.arrears import expiring_enrolments
from lindungi.billing.web.forms import CONTINUE_CHOICES, ContinueForm
from lindungi.core.errors import DomainError
from lindungi.core.months import add_months
from lindungi.core.scopes import Scope
from lindungi.programs.models import Program, SponsorKind
from lindungi.programs.selectors import program_get, program_list, sponsor_get, sponsor_list
from lindungi.programs.services.continuity import enrolment_continue
from lindungi.web.helpers import PAGE_SIZE, or_404, report, signed_in

MAX_CHOICES = 2000


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
        "billing/expiring.html",
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
