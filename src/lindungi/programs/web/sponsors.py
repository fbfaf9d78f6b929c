"""The sponsors the reader sees, and one sponsor's page."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lindungi.accounts.models import Agency
from lindungi.accounts.selectors import scope_for_user, user_get, user_list
from lindungi.core.errors import DomainError
from lindungi.core.roles import Role
from lindungi.core.scopes import Scope
from lindungi.programs.models import RELEASED, FundingSource, Sponsor, SponsorKind
from lindungi.programs.permissions import is_civil_servant, may_register_sponsors
from lindungi.programs.selectors import (
    enrolment_list,
    program_list,
    quota_fill,
    sponsor_get,
    sponsor_list,
    status_counts,
)
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.programs.web.asn import asn_participation
from lindungi.programs.web.common import PAGE_SIZE, status_rows
from lindungi.programs.web.forms import SPONSOR_SOURCES, SponsorCreateForm
from lindungi.regions.models import Level, Region
from lindungi.web.helpers import or_404, page_number, signed_in
from lindungi.web.parts import panels
from lindungi.workers.selectors import worker_list


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
        .exclude(status__in=RELEASED)
        .order_by()
        .values_list("sponsor_id")
        .annotate(n=Count("id"))
        .values_list("sponsor_id", "n")
    )
    return render(
        request,
        "programs/sponsor_list.html",
        {
            "rows": [(sponsor, held.get(sponsor.pk, 0)) for sponsor in rows[:PAGE_SIZE]],
            "total": found.count(),
            "kinds": SponsorKind.choices,
            "kind": kind,
            "query": query,
            "page": page,
            "has_next": len(rows) > PAGE_SIZE,
            "may_register": may_register_sponsors(scope),
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
        "statuses": status_rows(status_counts(enrolment_list(scope=scope, sponsor=sponsor))),
        "panels": panels("sponsor", scope, sponsor),
    }
    if sponsor.kind == SponsorKind.OPD and not is_civil_servant(scope):
        context["participation"] = asn_participation(scope, agency_id=sponsor.agency_id)
    return render(request, "programs/sponsor_detail.html", context)


def _regency(request: HttpRequest) -> Region | None:
    region = signed_in(request).region
    return region if region is not None and region.level == Level.REGENCY else None


def _create_form(request: HttpRequest, scope: Scope, kind: str) -> SponsorCreateForm:
    regency = _regency(request)
    agencies = Agency.objects.order_by("region_id", "name")
    accounts = user_list(scope=scope, role=Role.ASN).exclude(sponsorships__kind=SponsorKind.ASN)
    if regency is not None:
        agencies = agencies.filter(region=regency)
        accounts = accounts.filter(region__code__startswith=regency.code)
    labels = dict(FundingSource.choices)
    data = request.POST if request.method == "POST" else None
    form = SponsorCreateForm(
        data,
        kind=kind,
        sources=[(source, labels[source]) for source in SPONSOR_SOURCES[kind]],
        agencies=[(a.pk, a.name) for a in agencies[:500]],
        accounts=[(u.pk, f"{u.display_name} · NIP {u.nip}") for u in accounts[:500]],
    )
    if regency is None and kind != SponsorKind.DESA:
        form.fields["regency_code"] = forms.CharField(
            label=_("Regency/city code"), max_length=5, help_text=_("for example 32.11")
        )
    return form


def _create(
    request: HttpRequest, scope: Scope, kind: str, form: SponsorCreateForm
) -> Sponsor | None:
    data = form.cleaned_data
    try:
        region_code = data.get("village_code") or data.get("regency_code") or ""
        regency = _regency(request)
        region = (
            regency
            if regency is not None and kind != SponsorKind.DESA
            else Region.objects.filter(code=region_code.strip()).first()
        )
        if region is None:
            field = "village_code" if kind == SponsorKind.DESA else "regency_code"
            form.add_error(field, _("Unknown region: %(code)s") % {"code": region_code or "-"})
            return None
        agency = Agency.objects.filter(pk=data["agency"]).first() if "agency" in data else None
        user = user_get(scope=scope, user_id=data["account"]) if "account" in data else None
        worker = None
        if kind == SponsorKind.MANDIRI:
            worker = worker_list(scope=scope).filter(nik=data["worker_nik"]).first()
            if worker is None:
                form.add_error("worker_nik", _("No worker with this NIK in your area"))
                return None
        return sponsor_create(
            actor=signed_in(request),
            scope=scope,
            kind=kind,
            name=data["name"],
            region=region,
            funding_source=data["funding_source"],
            agency=agency,
            user=user,
            tpp=data.get("tpp"),
            decision_number=data.get("decision_number", ""),
            decision_date=data.get("decision_date"),
            worker=worker,
            contact=data.get("contact", ""),
        )
    except DomainError as error:
        named = str(error.details.get("field") or "")
        named = FORM_FIELD.get(named, named)
        form.add_error(named if named in form.fields else None, error.message)
        return None


# The service's field names as the form calls them.
FORM_FIELD = {"region": "village_code", "user": "account", "worker": "worker_nik"}


@login_required
@require_http_methods(["GET", "POST"])
def sponsor_new(request: HttpRequest) -> HttpResponse:
    """The regional admin registers a sponsor of any kind (a village, an agency, a civil
    servant, a company's CSR, Baznas, a donor, a self-paying worker): first the kind, then
    the fields that kind needs."""
    scope = scope_for_user(request.user)
    if not may_register_sponsors(scope):
        raise PermissionDenied(_("Only the regional admin registers sponsors here"))
    kind = request.POST.get("jenis") or request.GET.get("jenis", "")
    form = _create_form(request, scope, kind) if kind in SponsorKind.values else None
    if request.method == "POST" and form is not None and form.is_valid():
        sponsor = _create(request, scope, kind, form)
        if sponsor is not None:
            messages.success(
                request, _("%(name)s is registered as a sponsor") % {"name": sponsor.name}
            )
            return redirect("web:sponsor", sponsor_id=sponsor.pk)
    return render(
        request,
        "programs/sponsor_new.html",
        {
            "kinds": SponsorKind.choices,
            "kind": kind if form is not None else "",
            "kind_label": SponsorKind(kind).label if form is not None else "",
            "form": form,
        },
    )
