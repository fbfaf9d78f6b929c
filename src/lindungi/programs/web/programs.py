"""The programs of a regency: the list (the regional admin starts one from a ready scheme)
and one program's page, with its rules in words."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import DomainError
from lindungi.programs.models import PovertyRule, Program, SponsorKind
from lindungi.programs.permissions import is_civil_servant, may_choose_workers, may_start_programs
from lindungi.programs.schemes import SCHEMES
from lindungi.programs.selectors import (
    enrolment_list,
    monthly_amount,
    program_benefits,
    program_get,
    program_last_month,
    program_list,
    quota_fill,
    status_counts,
)
from lindungi.programs.services.setup import program_from_scheme
from lindungi.programs.web.common import own_sponsor, status_rows
from lindungi.programs.web.forms import SchemeForm
from lindungi.regions.models import Level, Region
from lindungi.web.helpers import or_404, signed_in
from lindungi.web.parts import panels


def _eligibility_words(program: Program) -> list[str]:
    """The program's rules as sentences for the page."""
    rules = [
        _("Worker category: %(categories)s") % {"categories": ", ".join(program.categories)},
        _("Sponsors: %(kinds)s")
        % {
            "kinds": ", ".join(
                str(SponsorKind(kind).label)
                for kind in program.sponsor_kinds
                if kind in SponsorKind.values
            )
        },
    ]
    if program.min_age is not None and program.max_age is not None:
        rules.append(
            _("Aged %(minimum)s to %(maximum)s in the first month of protection")
            % {"minimum": program.min_age, "maximum": program.max_age}
        )
    elif program.min_age is not None:
        rules.append(_("At least %(minimum)s years old") % {"minimum": program.min_age})
    elif program.max_age is not None:
        rules.append(_("At most %(maximum)s years old") % {"maximum": program.max_age})
    rules.append(_("Lives in %(region)s") % {"region": program.region.name})
    if program.must_live_in_sponsor_village:
        rules.append(_("A village enrols only its own residents"))
    if program.poverty_rule == PovertyRule.REQUIRED:
        rules.append(_("Only workers listed in P3KE or DTKS"))
    elif program.poverty_rule == PovertyRule.PREFERRED:
        rules.append(_("Workers listed in P3KE or DTKS come first"))
    rules.append(_("Not already protected by another sponsor in the same months"))
    return rules


# Programs


@login_required
@require_http_methods(["GET", "POST"])
def programs(request: HttpRequest) -> HttpResponse:
    """The programs of the reader's regency; the regional admin starts one from a scheme."""
    scope = scope_for_user(request.user)
    may_start = may_start_programs(scope)
    form = SchemeForm(request.POST or None, schemes=SCHEMES) if may_start else None
    if request.method == "POST":
        if form is None:
            raise Http404
        region = _program_region(request)
        if form.is_valid() and region is not None:
            try:
                program = program_from_scheme(
                    actor=signed_in(request),
                    scope=scope,
                    region=region,
                    scheme=form.cleaned_data["scheme"],
                    year=form.cleaned_data["year"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Program %(name)s started") % {"name": program.name})
                return redirect("web:program", program_id=program.pk)
        elif region is None:
            form.add_error(None, _("Programs belong to a regency: your account has none"))
    found = list(program_list(scope=scope))
    sponsor = own_sponsor(scope)
    rows = [
        {
            "program": program,
            "monthly": monthly_amount(program),
            "last_month": program_last_month(program),
            "fill": quota_fill(program=program, sponsor=sponsor)
            if sponsor is not None and sponsor.kind in program.sponsor_kinds
            else None,
            "may_choose": may_choose_workers(scope, program),
        }
        for program in found
    ]
    return render(
        request,
        "programs/program_list.html",
        {
            "rows": rows,
            "form": form,
            "schemes": [
                ((str(s.name) % {"year": ""}).strip(), s.description) for s in SCHEMES.values()
            ],
            "sponsor": sponsor,
        },
    )


def _program_region(request: HttpRequest) -> Region | None:
    region = signed_in(request).region
    return region if region is not None and region.level == Level.REGENCY else None


@login_required
@require_GET
def program_detail(request: HttpRequest, program_id: int) -> HttpResponse:
    scope = scope_for_user(request.user)
    program = or_404(program_get, scope=scope, program_id=program_id)
    scheme = SCHEMES.get(program.template)
    context = {
        "program": program,
        "description": scheme.description if scheme else "",
        "monthly": monthly_amount(program),
        "last_month": program_last_month(program),
        "benefits": list(program_benefits(program)),
        "rules": _eligibility_words(program),
        "statuses": status_rows(status_counts(enrolment_list(scope=scope, program=program))),
        "may_choose": may_choose_workers(scope, program),
        "is_asn": is_civil_servant(scope) and SponsorKind.ASN in program.sponsor_kinds,
        "panels": panels("program", scope, program),
    }
    return render(request, "programs/program_detail.html", context)
