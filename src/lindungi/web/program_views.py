"""Pages of the programs: programs, choosing and proposing workers, verification, batches for
BPJS and its confirmations, sponsors, and the civil servant's own workers.

Each view parses input, calls selectors (reads) and services (writes) with the user's scope,
and turns domain errors into messages; `NotFound` becomes a 404, exactly like a missing page.
"""

from datetime import date
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import DomainError, NotFound
from lindungi.core.roles import Role
from lindungi.core.scopes import Scope
from lindungi.programs.eligibility import age_on
from lindungi.programs.models import (
    Enrolment,
    EnrolmentStatus,
    FundingSource,
    Program,
    Sponsor,
    SponsorKind,
)
from lindungi.programs.schemes import SCHEMES
from lindungi.programs.selectors import (
    candidates,
    enrolment_list,
    monthly_deduction,
    program_get,
    program_last_month,
    program_list,
    quota_fill,
    sponsor_get,
    sponsor_list,
    status_counts,
)
from lindungi.programs.services import (
    enrolments_cancel,
    enrolments_create,
    enrolments_submit,
    enrolments_verify,
    program_from_scheme,
    sponsor_create,
)
from lindungi.regions.models import Level, Region
from lindungi.web.asn_views import asn_participation
from lindungi.web.forms import (
    CandidateFilterForm,
    EnrolmentFilterForm,
    ReturnForm,
    SchemeForm,
    SponsorRegisterForm,
)
from lindungi.web.helpers import number, numbers, or_404, page_number
from lindungi.web.program_common import (
    ADMINS,
    first_month,
    monthly_contribution,
    own_sponsor,
    report_refusals,
)
from lindungi.web.search import nik_searchable, searched
from lindungi.workers.selectors import worker_list

PAGE_SIZE = 50
SPONSORS_PER_PAGE = 10  # sponsor groups on one page of the verification queue
ROWS_PER_SPONSOR = 100  # one village's list is about a hundred workers


def _status_rows(counts: dict[str, int]) -> list[dict[str, Any]]:
    return [
        {"status": status, "label": label, "count": counts.get(status, 0)}
        for status, label in EnrolmentStatus.choices
    ]


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
    if program.poverty_rule == "required":
        rules.append(_("Only workers listed in P3KE or DTKS"))
    elif program.poverty_rule == "preferred":
        rules.append(_("Workers listed in P3KE or DTKS come first"))
    rules.append(_("Not already protected by another sponsor in the same months"))
    return rules


# Programs


@login_required
@require_http_methods(["GET", "POST"])
def programs(request: HttpRequest) -> HttpResponse:
    """The programs of the reader's regency; the regional admin starts one from a scheme."""
    scope = scope_for_user(request.user)
    may_start = scope.role in ADMINS and scope.can_write
    form = SchemeForm(request.POST or None, schemes=SCHEMES) if may_start else None
    if request.method == "POST":
        if form is None:
            raise Http404
        region = _program_region(request)
        if form.is_valid() and region is not None:
            try:
                program = program_from_scheme(
                    actor=request.user,
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
            "monthly": monthly_contribution(program),
            "last_month": program_last_month(program),
            "fill": quota_fill(program=program, sponsor=sponsor)
            if sponsor is not None and sponsor.kind in program.sponsor_kinds
            else None,
            "may_choose": _may_choose(scope, program),
        }
        for program in found
    ]
    return render(
        request,
        "web/program_list.html",
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
    region = request.user.region
    return region if region is not None and region.level == Level.REGENCY else None


def _may_choose(scope: Scope, program: Program) -> bool:
    """Whether to offer the enrolment page: to makers whose kind of sponsor may join."""
    if not (scope.can_write and program.is_active):
        return False
    if scope.role == Role.OPERATOR_DESA:
        return SponsorKind.DESA in program.sponsor_kinds
    if scope.role == Role.OPERATOR_OPD:
        return SponsorKind.OPD in program.sponsor_kinds
    return scope.role in ADMINS


@login_required
@require_GET
def program_detail(request: HttpRequest, program_id: int) -> HttpResponse:
    scope = scope_for_user(request.user)
    program = or_404(program_get, scope=scope, program_id=program_id)
    scheme = SCHEMES.get(program.template)
    context = {
        "program": program,
        "description": scheme.description if scheme else "",
        "monthly": monthly_contribution(program),
        "last_month": program_last_month(program),
        "benefits": ["JKK", "JKM", *(["JHT"] if program.includes_jht else [])],
        "rules": _eligibility_words(program),
        "statuses": _status_rows(status_counts(enrolment_list(scope=scope, program=program))),
        "may_choose": _may_choose(scope, program),
        "is_asn": scope.role == Role.ASN and SponsorKind.ASN in program.sponsor_kinds,
    }
    return render(request, "web/program_detail.html", context)


# Choosing workers for a sponsor


def _register_form(request: HttpRequest, scope: Scope) -> SponsorRegisterForm | None:
    """The short form with which a village or an agency registers itself as a sponsor."""
    user = request.user
    if scope.role == Role.OPERATOR_DESA and user.region is not None:
        sources = [FundingSource.DANA_DESA, FundingSource.ADD, FundingSource.PADES]
        name = _("Village Government of %(village)s") % {"village": user.region.name}
        village = True
    elif scope.role == Role.OPERATOR_OPD and user.agency is not None:
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
    user = request.user
    village = scope.role == Role.OPERATOR_DESA
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
    if scope.role == Role.ASN:
        return redirect("web:asn")
    chosen_id = number(request.GET.get("sponsor"))
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
        return render(request, "web/program_enrol.html", context)

    first = first_month(program)
    last = program_last_month(program)
    kind_joins = sponsor.kind in program.sponsor_kinds
    fill = quota_fill(program=program, sponsor=sponsor)
    context.update(
        first_month=first,
        last_month=last,
        kind_joins=kind_joins,
        is_open=program.is_active and first <= last,
        fill=fill,
        fill_statuses=[row for row in _status_rows(fill.by_status) if row["count"]],
        sponsor_query=f"sponsor={sponsor.pk}" if chosen_id is not None else "",
    )
    if kind_joins and first <= last:
        context.update(_candidates_context(request, scope, program, sponsor, first))
        if request.headers.get("HX-Request"):
            return render(request, "web/_program_candidates.html", context)
    mine = enrolment_list(scope=scope, program=program, sponsor=sponsor)
    context.update(
        drafts=list(mine.filter(status=EnrolmentStatus.DRAFT)),
        awaiting=mine.filter(status=EnrolmentStatus.SUBMITTED).count(),
    )
    return render(request, "web/program_enrol.html", context)


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
        worker.age = age_on(worker.birth_date, first)
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
            cancelled = _chosen(mine, [request.POST["cancel"]])
            enrolments_cancel(actor=request.user, scope=scope, enrolments=cancelled)
            messages.success(
                request, _("%(name)s was taken off the list") % {"name": cancelled[0].worker.name}
            )
        elif action == "add":
            ids = numbers(request.POST.getlist("worker"))
            workers = list(worker_list(scope=scope).filter(pk__in=ids))
            if len(workers) != len(ids):
                raise Http404
            created = enrolments_create(
                actor=request.user, scope=scope, program=program, sponsor=sponsor, workers=workers
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
                actor=request.user,
                scope=scope,
                enrolments=_chosen(mine, request.POST.getlist("enrolment")),
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


def _chosen(enrolments: QuerySet[Enrolment], values: list[str]) -> list[Enrolment]:
    """The ticked enrolments; one the reader cannot see makes the request a 404."""
    ids = numbers(values)
    found = list(enrolments.filter(pk__in=ids))
    if len(found) != len(ids):
        raise Http404
    return found


# Enrolments


@login_required
@nik_searchable("enrolment list")
@require_GET
def enrolments(request: HttpRequest) -> HttpResponse:
    scope = scope_for_user(request.user)
    programs = program_list(scope=scope)
    form = EnrolmentFilterForm(request.GET, statuses=EnrolmentStatus.choices, programs=programs)
    values = form.cleaned_data if form.is_valid() else {}
    program = (
        or_404(program_get, scope=scope, program_id=values["program"])
        if values.get("program")
        else None
    )
    sponsor_id = number(request.GET.get("sponsor"))
    sponsor = or_404(sponsor_get, scope=scope, sponsor_id=sponsor_id) if sponsor_id else None
    found = enrolment_list(
        scope=scope,
        program=program,
        sponsor=sponsor,
        status=values.get("status") or None,
        search=searched(request),
    )
    page = page_number(request)
    rows = list(found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": form,
        "sponsor": sponsor,
        "enrolments": rows[:PAGE_SIZE],
        "total": found.count(),
        "page": page,
        "has_next": len(rows) > PAGE_SIZE,
        "query": query.urlencode(),
    }
    template = (
        "web/_enrolment_rows.html"
        if request.headers.get("HX-Request")
        else "web/enrolment_list.html"
    )
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_verification(request: HttpRequest) -> HttpResponse:
    """The checker's queue: submitted enrolments by sponsor, approved or returned with a reason."""
    scope = scope_for_user(request.user)
    if request.method == "POST":
        _verify_action(request, scope)
        return redirect(request.get_full_path())
    pending = enrolment_list(scope=scope, status=EnrolmentStatus.SUBMITTED)
    only = number(request.GET.get("sponsor"))
    if only is not None:
        pending = pending.filter(sponsor=or_404(sponsor_get, scope=scope, sponsor_id=only))
    counts = dict(
        pending.order_by()
        .values_list("sponsor_id")
        .annotate(n=Count("id"))
        .values_list("sponsor_id", "n")
    )
    sponsors = list(sponsor_list(scope=scope).filter(pk__in=counts))
    page = page_number(request)
    shown = sponsors[(page - 1) * SPONSORS_PER_PAGE : page * SPONSORS_PER_PAGE]
    rows = pending.filter(sponsor__in=shown).order_by("sponsor_id", "worker__name", "id")
    by_sponsor = {key: list(group) for key, group in groupby(rows, key=lambda e: e.sponsor_id)}
    groups = [
        {
            "sponsor": sponsor,
            "count": counts[sponsor.pk],
            "enrolments": by_sponsor.get(sponsor.pk, [])[:ROWS_PER_SPONSOR],
        }
        for sponsor in shown
    ]
    return render(
        request,
        "web/enrolment_verify.html",
        {
            "groups": groups,
            "total": sum(counts.values()),
            "page": page,
            "has_next": len(sponsors) > page * SPONSORS_PER_PAGE,
            "may_verify": scope.role in ADMINS and scope.can_write,
            "return_form": ReturnForm(),
        },
    )


def _verify_action(request: HttpRequest, scope: Scope) -> None:
    action = request.POST.get("action", "")
    sponsor = or_404(sponsor_get, scope=scope, sponsor_id=number(request.POST.get("sponsor")) or 0)
    of_sponsor = enrolment_list(scope=scope, sponsor=sponsor)
    if action == "approve_all":
        chosen = list(of_sponsor.filter(status=EnrolmentStatus.SUBMITTED))
    elif action in ("approve", "return"):
        chosen = _chosen(of_sponsor, request.POST.getlist("enrolment"))
    else:
        raise Http404
    form = ReturnForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        changed = enrolments_verify(
            actor=request.user,
            scope=scope,
            enrolments=chosen,
            approve=action != "return",
            reason=reason,
        )
    except DomainError as error:
        report_refusals(request, error)
        return
    if action == "return":
        text = ngettext(
            "%(count)s enrolment of %(sponsor)s returned to the sponsor",
            "%(count)s enrolments of %(sponsor)s returned to the sponsor",
            changed,
        )
    else:
        text = ngettext(
            "%(count)s enrolment of %(sponsor)s verified",
            "%(count)s enrolments of %(sponsor)s verified",
            changed,
        )
    messages.success(request, text % {"count": changed, "sponsor": sponsor.name})


# Sponsors


@login_required
@require_GET
def sponsors(request: HttpRequest) -> HttpResponse:
    scope = scope_for_user(request.user)
    kind = request.GET.get("kind", "")
    query = request.GET.get("q", "")
    found = sponsor_list(
        scope=scope, kind=kind if kind in SponsorKind.values else None, search=query
    )
    page = page_number(request)
    rows = list(found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    held = dict(
        enrolment_list(scope=scope)
        .filter(sponsor__in=rows[:PAGE_SIZE])
        .exclude(status__in=[EnrolmentStatus.REJECTED, EnrolmentStatus.CANCELLED])
        .order_by()
        .values_list("sponsor_id")
        .annotate(n=Count("id"))
        .values_list("sponsor_id", "n")
    )
    return render(
        request,
        "web/sponsor_list.html",
        {
            "rows": [(sponsor, held.get(sponsor.pk, 0)) for sponsor in rows[:PAGE_SIZE]],
            "total": found.count(),
            "kinds": SponsorKind.choices,
            "kind": kind,
            "query": query,
            "page": page,
            "has_next": len(rows) > PAGE_SIZE,
        },
    )


@login_required
@require_GET
def sponsor_detail(request: HttpRequest, sponsor_id: int) -> HttpResponse:
    scope = scope_for_user(request.user)
    sponsor = or_404(sponsor_get, scope=scope, sponsor_id=sponsor_id)
    fills = [
        {"program": program, "fill": quota_fill(program=program, sponsor=sponsor)}
        for program in program_list(scope=scope)
        if sponsor.kind in program.sponsor_kinds
    ]
    context: dict[str, Any] = {
        "sponsor": sponsor,
        "fills": fills,
        "statuses": _status_rows(status_counts(enrolment_list(scope=scope, sponsor=sponsor))),
    }
    if sponsor.kind == SponsorKind.ASN:
        context["deduction"] = monthly_deduction(sponsor=sponsor, month=timezone.localdate())
    if sponsor.kind == SponsorKind.OPD and scope.role != Role.ASN:
        context["participation"] = asn_participation(scope, agency_id=sponsor.agency_id)
    return render(request, "web/sponsor_detail.html", context)
