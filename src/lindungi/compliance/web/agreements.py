"""Pages of a regency's cooperation agreements (KSO/PKS/MoU): listed with their period and the
warning to renew those expiring (`compliance.expiry`), recorded and corrected by the regional
admin with their signed document.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindungi.accounts.models import Agency
from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.coordination.agreements import agreement_create, agreement_update
from lindungi.compliance.expiry import EXPIRY_WARNING_DAYS, is_expiring
from lindungi.compliance.models import Employer
from lindungi.compliance.permissions import may_write
from lindungi.compliance.selectors import agreement_get, agreement_list
from lindungi.compliance.web.common import (
    agencies_of,
    back_to,
    edit_page,
    employers_of,
    labels,
    page_regency,
    readers_only,
    refused_write,
    saved,
    village_labels,
    villages_of,
)
from lindungi.compliance.web.forms import AgreementForm
from lindungi.core.versioning import StaleEdit
from lindungi.regions.models import Region
from lindungi.web.helpers import or_404, signed_in
from lindungi.web.versions import form_version, stale_reshown, versioned


def _agreement_form(request: HttpRequest, region_code: str, **kwargs: Any) -> AgreementForm:
    return AgreementForm(
        request.POST or None,
        request.FILES or None,
        villages=village_labels(villages_of(region_code)),
        employers=labels(employers_of(region_code)),
        agencies=labels(agencies_of(region_code)),
        **kwargs,
    )


def _agreement_values(form: AgreementForm) -> dict[str, Any]:
    """The service's arguments from a valid form (its choices are the regency's own)."""
    data = form.cleaned_data
    village = Region.objects.filter(code=data["village"]).first() if data["village"] else None
    return {
        "kind": data["kind"],
        "number": data["number"],
        "title": data["title"],
        "signed_on": data["signed_on"],
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "with_bpjs": data["with_bpjs"],
        "village": village,
        "employer": Employer.objects.filter(pk=data["employer"]).first()
        if data["employer"]
        else None,
        "agency": Agency.objects.filter(pk=data["agency"]).first() if data["agency"] else None,
        "other_parties": data["other_parties"],
        "scope_text": data["scope_text"],
        "document": data["document"] or None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def agreements(request: HttpRequest) -> HttpResponse:
    """Agreements with their period; those ending within 90 days are flagged to renew. The
    regional admin records one (POST here), with its signed document."""
    scope = scope_for_user(request.user)
    readers_only(scope)
    region = page_regency(request, scope)
    may_edit = region is not None and may_write(scope, region.code)
    if request.method == "POST" and not may_edit:
        refused_write()
    form = None
    if region is not None and may_edit:
        form = _agreement_form(request, region.code)

        def save() -> object:
            return agreement_create(
                actor=signed_in(request),
                scope=scope,
                region=region,
                **_agreement_values(form),
            )

        if saved(request, form, save, _("The agreement is recorded")):
            return redirect(request.get_full_path())
    today = timezone.localdate()
    rows = []
    for agreement in agreement_list(scope=scope):
        left = (agreement.ends_on - today).days if agreement.ends_on else None
        rows.append(
            {
                "agreement": agreement,
                "days_left": left,
                "ended": left is not None and left < 0,
                "expiring": is_expiring(
                    starts_on=agreement.starts_on, ends_on=agreement.ends_on, today=today
                ),
            }
        )
    # `?expiring=1`: only the agreements to renew (the home page's queue).
    only_expiring = request.GET.get("expiring") == "1"
    return render(
        request,
        "compliance/inpres_agreements.html",
        {
            "rows": [row for row in rows if row["expiring"]] if only_expiring else rows,
            "only_expiring": only_expiring,
            "expiring": [row for row in rows if row["expiring"]],
            "warning_days": EXPIRY_WARNING_DAYS,
            "form": form,
            "may_edit": may_edit,
            "form_open": request.method == "POST",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """The regional admin corrects an agreement or attaches its signed document."""
    scope = scope_for_user(request.user)
    agreement = or_404(agreement_get, scope=scope, agreement_id=agreement_id)
    if not may_write(scope, agreement.region_id):
        refused_write()
    initial = {
        "kind": agreement.kind,
        "number": agreement.number,
        "title": agreement.title,
        "signed_on": agreement.signed_on,
        "starts_on": agreement.starts_on,
        "ends_on": agreement.ends_on,
        "with_bpjs": agreement.with_bpjs,
        "village": agreement.village_id or "",
        "employer": agreement.employer_id,
        "agency": agreement.agency_id,
        "other_parties": agreement.other_parties,
        "scope_text": agreement.scope_text,
    }
    form = versioned(
        _agreement_form(request, agreement.region_id, initial=initial), agreement.version
    )
    back = back_to("web:inpres_agreements", scope, agreement.region_id)

    def save() -> object:
        return agreement_update(
            actor=signed_in(request),
            scope=scope,
            agreement=agreement,
            expected_version=form_version(form),
            **_agreement_values(form),
        )

    try:
        if saved(request, form, save, _("The agreement is saved")):
            return redirect(back)
    except StaleEdit as error:
        return stale_reshown(request, error)
    return edit_page(
        request,
        {
            "title": _("Edit the agreement"),
            "form": form,
            "back": back,
            "document": agreement.document,
        },
    )
