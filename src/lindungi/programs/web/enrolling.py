"""The maker's page: the sponsor's quota, the residents who may join (filtered through htmx),
adding them as drafts and submitting the drafts for verification; a village or an agency
registers itself as a sponsor there first."""

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import DomainError, NotFound
from lindungi.core.scopes import Scope
from lindungi.programs.eligibility import age_on
from lindungi.programs.models import EnrolmentStatus, FundingSource, Program, Sponsor, SponsorKind
from lindungi.programs.permissions import is_civil_servant, own_sponsor_kind
from lindungi.programs.selectors import (
    candidates,
    enrolment_list,
    program_first_month,
    program_get,
    program_last_month,
    quota_fill,
    sponsor_get,
    sponsor_list,
)
from lindungi.programs.services.enrolling import enrolments_create
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.programs.services.transitions import enrolments_cancel, enrolments_submit
from lindungi.programs.web.common import (
    PAGE_SIZE,
    own_sponsor,
    report_refusals,
    status_rows,
    ticked,
)
from lindungi.programs.web.forms import CandidateFilterForm, SponsorRegisterForm
from lindungi.web.helpers import number, numbers, or_404, page_number, signed_in
from lindungi.workers.selectors import worker_list
from lindungi.workers.web.search import nik_searchable, searched


def _register_form(request: HttpRequest, scope: Scope) -> SponsorRegisterForm | None:
    """The short form with which a village or an agency registers itself as a sponsor."""
    user = signed_in(request)
    kind = own_sponsor_kind(scope)
    if kind == SponsorKind.DESA and user.region is not None:
        sources = [FundingSource.DANA_DESA, FundingSource.ADD, FundingSource.PADES]
        name = _("Village Government of %(village)s") % {"village": user.region.name}
        village = True
    elif kind == SponsorKind.OPD and user.agency is not None:
        sources = [FundingSource.APBD]
        name = user.agency.name
        village = False
    else:
        return None
    data = request.POST if request.POST.get("action") == "register" else None
    return SponsorRegisterForm(
        data,
        initial={"name": name},
        village=village,
        sources=[(source.value, source.label) for source in sources],
    )


def _sponsor_register(request: HttpRequest, scope: Scope, form: SponsorRegisterForm) -> bool:
    if not form.is_valid():
        return False
    user = signed_in(request)
    village = own_sponsor_kind(scope) == SponsorKind.DESA
    if user.region is None:  # the form is offered only to an account with a region
        raise Http404
    try:
        sponsor_create(
            actor=user,
            scope=scope,
            kind=SponsorKind.DESA if village else SponsorKind.OPD,
            name=form.cleaned_data["name"],
            region=user.region,
            funding_source=form.cleaned_data["funding_source"],
            agency=None if village else user.agency,
            decision_number=form.cleaned_data.get("decision_number", ""),
            decision_date=form.cleaned_data.get("decision_date"),
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return False
    messages.success(request, _("The sponsor is registered: you can now choose workers"))
    return True


@login_required
@nik_searchable("program candidates")
@require_http_methods(["GET", "POST"])
def program_enrol(request: HttpRequest, program_id: int) -> HttpResponse:
    """The maker's page: the sponsor's quota, the residents who may join (filtered through
    htmx), adding them as drafts, and submitting the drafts for verification."""
    scope = scope_for_user(request.user)
    program = or_404(program_get, scope=scope, program_id=program_id)
    if is_civil_servant(scope):
        return redirect("web:asn")
    chosen_id = number(request.GET.get("sponsor"))
    sponsor: Sponsor | None
    if chosen_id is not None:
        sponsor = or_404(sponsor_get, scope=scope, sponsor_id=chosen_id)
    else:
        sponsor = own_sponsor(scope)
    register = _register_form(request, scope) if sponsor is None and chosen_id is None else None

    if request.method == "POST":
        action = request.POST.get("action", "")
        if register is not None and action == "register":
            if _sponsor_register(request, scope, register):
                return redirect(request.get_full_path())
        elif sponsor is not None:
            _enrol_action(request, scope, program, sponsor)
            return redirect(request.get_full_path())
        else:
            raise Http404

    context: dict[str, Any] = {"program": program, "sponsor": sponsor, "register": register}
    if sponsor is None:
        context["choices"] = (
            sponsor_list(scope=scope).filter(kind__in=program.sponsor_kinds)[:500]
            if register is None
            else []
        )
        return render(request, "programs/program_enrol.html", context)

    first = program_first_month(program)
    last = program_last_month(program)
    kind_joins = sponsor.kind in program.sponsor_kinds
    fill = quota_fill(program=program, sponsor=sponsor)
    context.update(
        first_month=first,
        last_month=last,
        kind_joins=kind_joins,
        is_open=program.is_active and first <= last,
        fill=fill,
        fill_statuses=[row for row in status_rows(fill.by_status) if row["count"]],
        sponsor_query=f"sponsor={sponsor.pk}" if chosen_id is not None else "",
    )
    if kind_joins and first <= last:
        context.update(_candidates_context(request, scope, program, sponsor, first))
        if request.headers.get("HX-Request"):
            return render(request, "programs/_program_candidates.html", context)
    mine = enrolment_list(scope=scope, program=program, sponsor=sponsor)
    context.update(
        drafts=list(mine.filter(status=EnrolmentStatus.DRAFT)),
        awaiting=mine.filter(status=EnrolmentStatus.SUBMITTED).count(),
    )
    return render(request, "programs/program_enrol.html", context)


def _candidates_context(
    request: HttpRequest, scope: Scope, program: Program, sponsor: Sponsor, first: date
) -> dict[str, Any]:
    everyone = candidates(
        scope=scope, program=program, sponsor=sponsor, first_month=first, unprotected_only=False
    )
    occupations = sorted(
        {
            value.strip().lower()
            for value in everyone.order_by().values_list("occupation", flat=True).distinct()[:500]
            if value.strip()
        }
    )
    form = CandidateFilterForm(request.GET, occupations=occupations)
    found = candidates(
        scope=scope,
        program=program,
        sponsor=sponsor,
        first_month=first,
        **{**form.values(), "search": searched(request)},
    )
    page = page_number(request)
    rows = list(found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    for worker in rows:
        vars(worker)["age"] = age_on(worker.birth_date, first)  # read by the template
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filters": form,
        "candidates": rows[:PAGE_SIZE],
        "candidate_total": found.count(),
        "page": page,
        "has_next": len(rows) > PAGE_SIZE,
        "query": query.urlencode(),
    }


def _enrol_action(request: HttpRequest, scope: Scope, program: Program, sponsor: Sponsor) -> None:
    """Add ticked workers as drafts, submit ticked drafts, or cancel one draft."""
    mine = enrolment_list(scope=scope, program=program, sponsor=sponsor)
    action = request.POST.get("action", "")
    try:
        if "cancel" in request.POST:
            cancelled = ticked(mine, [request.POST["cancel"]])
            enrolments_cancel(actor=signed_in(request), scope=scope, enrolments=cancelled)
            messages.success(
                request, _("%(name)s was taken off the list") % {"name": cancelled[0].worker.name}
            )
        elif action == "add":
            ids = numbers(request.POST.getlist("worker"))
            workers = list(worker_list(scope=scope).filter(pk__in=ids))
            if len(workers) != len(ids):
                raise Http404
            created = enrolments_create(
                actor=signed_in(request),
                scope=scope,
                program=program,
                sponsor=sponsor,
                workers=workers,
            )
            messages.success(
                request,
                ngettext(
                    "%(count)s worker added to the list",
                    "%(count)s workers added to the list",
                    len(created),
                )
                % {"count": len(created)},
            )
        elif action == "submit":
            submitted = enrolments_submit(
                actor=signed_in(request),
                scope=scope,
                enrolments=ticked(mine, request.POST.getlist("enrolment")),
            )
            messages.success(
                request,
                ngettext(
                    "%(count)s worker submitted: they await verification by the regional admin",
                    "%(count)s workers submitted: they await verification by the regional admin",
                    submitted,
                )
                % {"count": submitted},
            )
        else:
            raise Http404
    except NotFound as error:
        raise Http404(error.message) from error
    except DomainError as error:
        report_refusals(request, error)
