"""The program year: the admin opens next year's programs for the regency in one step; each
village confirms its program with its village meeting's (musdes) decision, each agency with its
budget document; then its workers continue in one action (`web:expiring`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import DomainError
from lindungi.core.scopes import Scope
from lindungi.programs.models import ParticipationStatus
from lindungi.programs.permissions import acts_for, may_start_programs, reads_program_year
from lindungi.programs.selectors import participation_list, year_plan
from lindungi.programs.services.year import participation_confirm, year_open
from lindungi.programs.web.forms import ParticipationConfirmForm
from lindungi.regions.models import Level, Region
from lindungi.web.helpers import report, signed_in, year_number


@login_required
@require_http_methods(["GET", "POST"])
def program_year(request: HttpRequest) -> HttpResponse:
    scope = scope_for_user(request.user)
    if not reads_program_year(scope):
        raise PermissionDenied(_("Your role does not open or confirm programs"))
    today = timezone.localdate()
    year = year_number(request.GET.get("year") or request.POST.get("year"), today.year + 1)
    region = _regency(request)
    may_open = region is not None and may_start_programs(scope, region.code)
    if request.method == "POST":
        if request.POST.get("action") == "open":
            if not may_open or region is None:
                raise PermissionDenied(_("Only the regional admin opens a year"))
            _open(request, scope, region, year)
        else:
            _confirm(request, scope)
        return redirect(f"{request.path}?year={year}")
    found = list(participation_list(scope=scope, year=year)[:500])
    participations = [
        {
            "participation": participation,
            "may_confirm": participation.status == ParticipationStatus.DRAFT
            and acts_for(scope, participation.sponsor),
        }
        for participation in found
    ]
    return render(
        request,
        "programs/program_year.html",
        {
            "year": year,
            "plan": year_plan(region=region, year=year) if may_open and region else None,
            "may_open": may_open,
            "participations": participations,
            "drafts": sum(1 for p in found if p.status == ParticipationStatus.DRAFT),
            "form": ParticipationConfirmForm(),
        },
    )


def _regency(request: HttpRequest) -> Region | None:
    region = signed_in(request).region
    return region if region is not None and region.level == Level.REGENCY else None


def _open(request: HttpRequest, scope: Scope, region: Region, year: int) -> None:
    try:
        opened = year_open(actor=signed_in(request), scope=scope, region=region, year=year)
    except DomainError as error:
        report(request, error)
        return
    messages.success(
        request,
        _(
            "%(year)s opened: %(programs)s programs started (%(kept)s already there), "
            "%(drafts)s villages and agencies to confirm their program"
        )
        % {
            "year": year,
            "programs": opened.programs_created,
            "kept": opened.programs_kept,
            "drafts": opened.participations_created,
        },
    )


def _confirm(request: HttpRequest, scope: Scope) -> None:
    form = ParticipationConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the decision's number and date"))
        return
    data = form.cleaned_data
    participation = participation_list(scope=scope).filter(pk=data["participation"]).first()
    if participation is None:
        raise Http404
    try:
        confirmed = participation_confirm(
            actor=signed_in(request),
            scope=scope,
            participation=participation,
            decision_number=data["decision_number"] or "",
            decision_date=data["decision_date"],
            quota=data["quota"],
        )
    except DomainError as error:
        report(request, error)
        return
    messages.success(
        request,
        _("%(program)s confirmed for %(sponsor)s: its workers can now continue")
        % {"program": confirmed.program.name, "sponsor": confirmed.sponsor.name},
    )
