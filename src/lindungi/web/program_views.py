"""Pages of the programs: programs, choosing and proposing workers, verification, batches for
BPJS and its confirmations, sponsors, and the civil servant's own workers.

Each view parses input, calls selectors (reads) and services (writes) with the user's scope,
and turns domain errors into messages; `NotFound` becomes a 404, exactly like a missing page.
"""

import tempfile
from datetime import date
from itertools import groupby
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from lindungi.accounts.roles import Role
from lindungi.accounts.selectors import scope_for_user, user_list
from lindungi.contributions.calculator import quote_contribution
from lindungi.core.errors import DomainError, NotFound
from lindungi.core.scopes import Scope
from lindungi.programs.eligibility import add_months, age_on, month_start
from lindungi.programs.exchange import handles_batches
from lindungi.programs.exchange.confirmations import confirmations_import
from lindungi.programs.exchange.handover import handover_pdf
from lindungi.programs.exchange.registration import registration_xlsx
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
    batch_get,
    batch_list,
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
    asn_protect,
    batch_create,
    consent_withdraw,
    enrolments_cancel,
    enrolments_create,
    enrolments_submit,
    enrolments_verify,
    program_from_scheme,
    sponsor_create,
)
from lindungi.regions.models import Level, Region
from lindungi.web.forms import (
    HOUSEHOLD_OCCUPATIONS,
    BatchCreateForm,
    CandidateFilterForm,
    ConfirmationUploadForm,
    EnrolmentFilterForm,
    ExportPurposeForm,
    HouseholdWorkerForm,
    ReturnForm,
    SchemeForm,
    SponsorRegisterForm,
)
from lindungi.web.helpers import XLSX, download, number, or_404, page_number
from lindungi.workers.models import Category
from lindungi.workers.nik import compact
from lindungi.workers.selectors import worker_list
from lindungi.workers.services import worker_create

PAGE_SIZE = 50
SPONSORS_PER_PAGE = 10  # sponsor groups on one page of the verification queue
ROWS_PER_SPONSOR = 100  # one village's list is about a hundred workers
MAX_REFUSALS_SHOWN = 50
MAX_CONFIRMATION_BYTES = 20 * 1024 * 1024
# Statuses in which a civil servant counts as protecting a worker.
PROTECTING = (
    EnrolmentStatus.SUBMITTED,
    EnrolmentStatus.VERIFIED,
    EnrolmentStatus.SENT,
    EnrolmentStatus.ACTIVE,
)
ADMINS = ("superuser", Role.ADMIN_PEMDA)


def _ids(values: list[str]) -> list[int]:
    try:
        return sorted({int(value) for value in values})
    except ValueError as error:
        raise Http404 from error


def _report(request: HttpRequest, error: DomainError) -> None:
    """A service's refusal as messages; refused workers one per line, each with its rules."""
    refused = error.details.get("refused")
    if not refused:
        messages.error(request, error.message)
        return
    messages.error(
        request,
        ngettext(
            "Nothing was added: %(count)s worker cannot join.",
            "Nothing was added: %(count)s workers cannot join.",
            len(refused),
        )
        % {"count": len(refused)},
    )
    for item in refused[:MAX_REFUSALS_SHOWN]:
        messages.error(request, f"{item['name']} ({item['nik']}): {'; '.join(item['reasons'])}")
    if len(refused) > MAX_REFUSALS_SHOWN:
        messages.error(
            request, _("and %(count)s more") % {"count": len(refused) - MAX_REFUSALS_SHOWN}
        )


def monthly_contribution(program: Program) -> int:
    """What one worker costs a month in this program (BPU, at the program's income basis)."""
    programs = ["JKK", "JKM", *(["JHT"] if program.includes_jht else [])]
    quote = quote_contribution(
        category="BPU", on=program.start_month, programs=programs, income=program.income_basis
    )
    return quote.total


def _first_month(program: Program) -> date:
    return max(program.start_month, month_start(timezone.localdate()))


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
    sponsor = _own_sponsor(scope)
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


def _own_sponsor(scope: Scope) -> Sponsor | None:
    """The sponsor a village or agency operator acts for, if it is registered."""
    if scope.role == Role.OPERATOR_DESA:
        return sponsor_list(scope=scope, kind=SponsorKind.DESA).first()
    if scope.role == Role.OPERATOR_OPD:
        return sponsor_list(scope=scope, kind=SponsorKind.OPD).first()
    if scope.role == Role.ASN:
        return sponsor_list(scope=scope, kind=SponsorKind.ASN).first()
    return None


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
        sponsor = _own_sponsor(scope)
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

    first = _first_month(program)
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
        scope=scope, program=program, sponsor=sponsor, first_month=first, **form.values()
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
            ids = _ids(request.POST.getlist("worker"))
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
        _report(request, error)


def _chosen(enrolments: QuerySet[Enrolment], values: list[str]) -> list[Enrolment]:
    """The ticked enrolments; one the reader cannot see makes the request a 404."""
    ids = _ids(values)
    found = list(enrolments.filter(pk__in=ids))
    if len(found) != len(ids):
        raise Http404
    return found


# Enrolments


@login_required
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
        search=values.get("q", ""),
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
        _report(request, error)
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


# Batches for BPJS and its confirmations


@login_required
@require_http_methods(["GET", "POST"])
def batches(request: HttpRequest) -> HttpResponse:
    """Verified enrolments of a program put in one batch for BPJS, and the batches so far."""
    scope = scope_for_user(request.user)
    waiting = dict(
        enrolment_list(scope=scope, status=EnrolmentStatus.VERIFIED)
        .order_by()
        .values_list("program_id")
        .annotate(n=Count("id"))
        .values_list("program_id", "n")
    )
    programs = list(program_list(scope=scope).filter(pk__in=waiting))
    choices = [
        (
            program.pk,
            ngettext(
                "%(program)s (%(count)s verified)",
                "%(program)s (%(count)s verified)",
                waiting[program.pk],
            )
            % {"program": program.name, "count": waiting[program.pk]},
        )
        for program in programs
    ]
    form = BatchCreateForm(request.POST or None, programs=choices)
    if request.method == "POST" and form.is_valid():
        program = or_404(program_get, scope=scope, program_id=form.cleaned_data["program"])
        try:
            batch = batch_create(actor=request.user, scope=scope, program=program)
        except DomainError as error:
            _report(request, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Batch %(number)s made with %(count)s enrolment",
                    "Batch %(number)s made with %(count)s enrolments",
                    batch.enrolment_count,
                )
                % {"number": batch.number, "count": batch.enrolment_count},
            )
        return redirect("web:batches")
    found = list(batch_list(scope=scope)[:100])
    counts: dict[int, dict[str, int]] = {}
    for batch_id, status, count in (
        enrolment_list(scope=scope)
        .filter(batch__in=found)
        .order_by()
        .values_list("batch_id", "status")
        .annotate(n=Count("id"))
        .values_list("batch_id", "status", "n")
    ):
        counts.setdefault(batch_id, {})[status] = count
    rows = [{"batch": batch, "counts": counts.get(batch.pk, {})} for batch in found]
    return render(
        request,
        "web/enrolment_batches.html",
        {
            "form": form if choices else None,
            "rows": rows,
            "may_send": scope.can_write and handles_batches(scope),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def batch_file(request: HttpRequest, batch_id: int) -> HttpResponse:
    """BPJS's collective-registration file of a batch; it holds full NIKs, so the download
    asks its purpose and is recorded."""
    scope = scope_for_user(request.user)
    batch = or_404(batch_get, scope=scope, batch_id=batch_id)
    form = ExportPurposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            content = registration_xlsx(
                actor=request.user, scope=scope, batch=batch, purpose=form.cleaned_data["purpose"]
            )
        except NotFound as error:
            raise Http404(error.message) from error
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return download(content, XLSX, f"{batch.number}.xlsx")
    return render(request, "web/enrolment_batch_file.html", {"batch": batch, "form": form})


@login_required
@require_GET
def batch_handover(request: HttpRequest, batch_id: int) -> HttpResponse:
    """The Berita Acara Serah Terima Data of a batch, to sign and hand over with the file."""
    scope = scope_for_user(request.user)
    batch = or_404(batch_get, scope=scope, batch_id=batch_id)
    try:
        content = handover_pdf(actor=request.user, scope=scope, batch=batch)
    except NotFound as error:
        raise Http404(error.message) from error
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("web:batches")
    return download(content, "application/pdf", f"berita-acara-{batch.number}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def confirmations(request: HttpRequest) -> HttpResponse:
    """Upload BPJS's answer to a batch: who is active (with a KPJ), who was rejected, and the
    rows that match nobody we sent."""
    scope = scope_for_user(request.user)
    form = ConfirmationUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_CONFIRMATION_BYTES:
            form.add_error("file", _("The file is larger than 20 MB"))
        else:
            suffix = Path(upload.name).suffix.lower()[:6]
            with tempfile.TemporaryDirectory(prefix="konfirmasi-") as folder:
                path = Path(folder) / f"konfirmasi{suffix}"
                with path.open("wb") as handle:
                    for chunk in upload.chunks():
                        handle.write(chunk)
                try:
                    result = confirmations_import(actor=request.user, scope=scope, path=path)
                except DomainError as error:
                    form.add_error("file", error.message)
    return render(
        request,
        "web/enrolment_confirmations.html",
        {
            "form": form,
            "result": result,
            "may_import": scope.can_write and handles_batches(scope),
        },
    )


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


# The civil servant's own workers


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
    if scope.role != Role.ASN:
        if request.method == "POST":
            raise Http404
        return render(
            request,
            "web/asn_participation.html",
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
    sponsor = _own_sponsor(scope)
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
        "web/asn_workers.html",
        {
            "program": program,
            "monthly": monthly_contribution(program) if program else None,
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
                    actor=request.user,
                    scope=scope,
                    nik=data["nik"],
                    name=data["name"],
                    village=village,
                    occupation=data["occupation"].strip(),
                    category=Category.BPU,
                )
            asn_protect(actor=request.user, scope=scope, program=program, worker=worker)
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
        % {"name": worker.name, "month": _month_label(_first_month(program))},
    )
    return True


def _month_label(month: date) -> str:
    return date_format(month, "F Y")


def _consent_withdraw(request: HttpRequest, scope: Scope) -> None:
    sponsor = _own_sponsor(scope)
    consent_id = number(request.POST.get("consent"))
    consent = sponsor.consents.filter(pk=consent_id).first() if sponsor and consent_id else None
    if consent is None:
        raise Http404
    try:
        consent_withdraw(actor=request.user, scope=scope, consent=consent)
    except DomainError as error:
        messages.error(request, error.message)
        return
    messages.success(
        request,
        _("The deduction for %(name)s stops after %(month)s")
        % {"name": consent.worker.name, "month": _month_label(consent.last_month)},
    )
