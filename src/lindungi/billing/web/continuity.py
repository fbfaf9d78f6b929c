"""Continuity as a guarantee: for the coming three months, every protected worker whose next
month nothing funds yet, per sponsor, with the sponsor's renewal into the next year in one
action (`programs.services.continuity.enrolments_renew`) and each enrolment continued in one
step (renewed, moved to another sponsor or self-paid).

Each view parses input, calls the billing selectors (reads) and services (writes) with the
user's scope, and turns domain errors into messages; `NotFound` becomes a 404, exactly like a
missing page, and an action the role may not take (`billing.permissions`) a 403.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.web.forms import CONTINUE_CHOICES, ContinueForm
from lindungi.core.errors import DomainError
from lindungi.core.months import add_months
from lindungi.core.scopes import Scope
from lindungi.programs.models import Program, SponsorKind
from lindungi.programs.permissions import acts_for
from lindungi.programs.selectors import (
    continuity_gap_enrolments,
    continuity_gaps,
    program_get,
    program_list,
    sponsor_get,
    sponsor_list,
)
from lindungi.programs.services.continuity import Renewal, enrolment_continue, enrolments_renew
from lindungi.web.helpers import MAX_ID, PAGE_SIZE, or_404, report, signed_in, whole_number

MAX_CHOICES = 2000


@login_required
@require_http_methods(["GET", "POST"])
def expiring(request: HttpRequest) -> HttpResponse:
    """Protected workers whose next month, in the coming three months, nothing funds yet,
    grouped per sponsor: each sponsor's enrolments continue into the next year in one action
    (the ones left out listed with their reason), or one at a time: renewed, moved to another
    sponsor, or self-paid."""
    scope = scope_for_user(request.user)
    if request.method == "POST" and not scope.can_write:
        return HttpResponseForbidden(_("Your role does not continue enrolments"))
    programs = [program for program in program_list(scope=scope) if program.is_active]
    sponsors = [
        (sponsor.pk, sponsor.name)
        for sponsor in sponsor_list(scope=scope).exclude(kind=SponsorKind.MANDIRI)[:MAX_CHOICES]
    ]
    renewal = None
    if request.method == "POST" and request.POST.get("action") == "renew":
        renewal = _renew(request, scope)
    elif request.method == "POST":
        form = ContinueForm(
            request.POST,
            programs=[(program.pk, program.name) for program in programs],
            sponsors=sponsors,
        )
        _continue(request, scope, form)
        return redirect("web:expiring")
    today = timezone.localdate()
    found = continuity_gap_enrolments(scope=scope, today=today).select_related(
        "worker", "sponsor", "program"
    )
    rows = [
        {
            "enrolment": enrolment,
            "next_month": add_months(enrolment.last_month, 1),
            "program": _next_program(enrolment.program, programs),
        }
        for enrolment in found[:PAGE_SIZE]
    ]
    groups: list[dict[str, Any]] = [
        {
            "gaps": gaps,
            "renew_year": gaps.first_gap.year if gaps.first_gap.year > today.year else None,
            "may_renew": acts_for(scope, gaps.sponsor),
        }
        for gaps in continuity_gaps(scope=scope, today=today)
    ]
    opened = {program.year for program in programs}
    renew_years: set[int] = {g["renew_year"] for g in groups if g["renew_year"]}
    unopened = sorted(renew_years - opened)
    return render(
        request,
        "billing/expiring.html",
        {
            "rows": rows,
            "groups": groups,
            "unopened": unopened,
            "renewal": renewal,
            "total": found.count(),
            "may_continue": scope.can_write,
            "choices": CONTINUE_CHOICES,
            "programs": programs,
            "sponsors": sponsors,
        },
    )


def _renew(request: HttpRequest, scope: Scope) -> Renewal | None:
    """All of a sponsor's enrolments into the next year, submitted for verification; the
    result (with who is left out and why) is shown on the page."""
    sponsor_id = whole_number(request.POST.get("sponsor"), low=1, high=MAX_ID)
    year = whole_number(request.POST.get("year"), low=2000, high=2100)
    if sponsor_id is None or year is None:
        messages.error(request, _("Choose the sponsor and the year to continue into"))
        return None
    sponsor = or_404(sponsor_get, scope=scope, sponsor_id=sponsor_id)
    try:
        renewal = enrolments_renew(
            actor=signed_in(request), scope=scope, sponsor=sponsor, year=year
        )
    except DomainError as error:
        report(request, error)
        return None
    messages.success(
        request,
        _(
            "%(count)s workers of %(sponsor)s continue into %(year)s, submitted for "
            "verification; %(left)s left out"
        )
        % {
            "count": len(renewal.created),
            "sponsor": sponsor.name,
            "year": year,
            "left": len(renewal.left_out),
        },
    )
    return renewal


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
    enrolment = continuity_gap_enrolments(scope=scope).filter(pk=data["enrolment"]).first()
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
