"""Pages of employers' BPJS compliance (Inpres 2/2021): the employers of a regency with their
status and the import of BPJS's or the licensing office's list (a broken file is refused whole,
each problem with its line, column and rule), and an employer's non-compliance case — SP1, SP2,
the referral to the prosecutor's office (Datun) under an SKK, the outcome — each step dated with
its documents.

Written by the regional admin and BPJS officers; the prosecutor's office reads the cases of its
regency and the employers referred (`compliance.permissions`), nothing else.
"""

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance import referrals as workflow
from lindungi.compliance.enforcement import referral_advance, referral_open
from lindungi.compliance.importing import RULES, employers_import
from lindungi.compliance.models import EmployerStatus, Referral, ReferralStep
from lindungi.compliance.permissions import may_enforce, may_import_employers, reads_referrals
from lindungi.compliance.selectors import (
    employer_get,
    employer_list,
    referral_events,
    referral_list,
)
from lindungi.compliance.web.common import error_on, page_regency
from lindungi.compliance.web.forms import ImportForm, OpenForm, StepForm, clean_text
from lindungi.core.errors import DomainError, ValidationFailed
from lindungi.core.scopes import Scope
from lindungi.web.helpers import or_404, paged, signed_in

MAX_IMPORT_BYTES = 20 * 1024 * 1024
SHOWN_PROBLEMS = 200


@login_required
@require_http_methods(["GET", "POST"])
def employers(request: HttpRequest) -> HttpResponse:
    """The employers the reader sees, by status or name/NIB; the import for the admin and BPJS."""
    scope = scope_for_user(request.user)
    if not reads_referrals(scope):
        raise PermissionDenied(_("This page is for the regency's officers"))
    region = page_regency(request, scope)
    may_import = may_import_employers(scope)
    if request.method == "POST" and not may_import:
        raise PermissionDenied(_("Only the regional admin or BPJS records employers"))
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[dict[str, Any]] = []
    if request.method == "POST" and form.is_valid() and _import(request, scope, form, problems):
        return redirect("web:inpres_employers")
    status = request.GET.get("status", "")
    search = clean_text(request.GET.get("q", ""))[:100]
    found = employer_list(
        scope=scope, status=status if status in EmployerStatus.values else None, search=search
    )
    context = {
        "form": form,
        "may_import": may_import and region is not None,
        "problems": problems,
        "statuses": EmployerStatus.choices,
        "status": status,
        "q": search,
        "total": found.count(),
        **paged(request, found),
    }
    return render(request, "compliance/inpres_employers.html", context)


def _import(
    request: HttpRequest, scope: Scope, form: ImportForm, problems: list[dict[str, Any]]
) -> bool:
    upload = form.cleaned_data["file"]
    if upload.size > MAX_IMPORT_BYTES:
        form.add_error("file", _("The file is larger than 20 MB"))
        return False
    name = "".join(c for c in Path(upload.name).name if c.isalnum() or c in "._-")[-80:]
    with tempfile.TemporaryDirectory(prefix="employers-") as folder:
        path = Path(folder) / (name or "employers.csv")
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        try:
            result = employers_import(path, signed_in(request), scope)
        except ValidationFailed as error:
            problems.extend(
                {**problem, "rule_text": RULES.get(problem["rule"], problem["rule"])}
                for problem in error.details.get("problems", [])[:SHOWN_PROBLEMS]
            )
            form.add_error("file", error.message)
            return False
        except DomainError as error:
            form.add_error("file", error.message)
            return False
    messages.success(
        request,
        _("%(created)s employers added, %(updated)s updated")
        % {"created": result.created, "updated": result.updated},
    )
    return True


@login_required
@require_http_methods(["GET", "POST"])
def employer_detail(request: HttpRequest, employer_id: int) -> HttpResponse:
    """An employer and its cases, each step dated with its documents; the admin and BPJS open
    a case (SP1) or record its next step."""
    scope = scope_for_user(request.user)
    employer = or_404(employer_get, scope=scope, employer_id=employer_id)
    enforces = may_enforce(scope, employer.region_id)
    if request.method == "POST" and not enforces:
        raise PermissionDenied(_("Only the regional admin or BPJS records referrals"))
    cases = list(referral_list(scope=scope).filter(employer=employer))
    open_case = next((case for case in cases if case.step not in workflow.FINAL), None)
    action = request.POST.get("action", "")
    open_form = OpenForm(
        request.POST if action == "open" else None,
        request.FILES if action == "open" else None,
        initial={"day": timezone.localdate()},
        prefix="open",
    )
    step_form = (
        StepForm(
            request.POST if action == "step" else None,
            request.FILES if action == "step" else None,
            current=open_case.step,
            initial={"day": timezone.localdate()},
            prefix="step",
        )
        if open_case is not None
        else None
    )
    if request.method == "POST":
        if action == "open" and open_case is None and open_form.is_valid():
            if _open(request, scope, employer, open_form):
                return redirect("web:inpres_employer", employer_id=employer.pk)
        elif action == "step" and open_case and step_form and step_form.is_valid():
            if _step(request, scope, open_case, step_form):
                return redirect("web:inpres_employer", employer_id=employer.pk)
        elif action not in ("open", "step"):
            raise PermissionDenied(_("Unknown action"))
    history = [
        {"case": case, "events": list(referral_events(scope=scope, referral_id=case.pk))}
        for case in cases
    ]
    return render(
        request,
        "compliance/inpres_employer.html",
        {
            "employer": employer,
            "cases": history,
            "open_case": open_case,
            "may_enforce": enforces,
            "may_open": enforces and open_case is None and employer.status != EmployerStatus.FULL,
            "open_form": open_form,
            "step_form": step_form,
        },
    )


def _cleaned(data: dict[str, Any]) -> dict[str, Any]:
    return {k: clean_text(v) if isinstance(v, str) else v for k, v in data.items()}


def _open(request: HttpRequest, scope: Scope, employer: Any, form: OpenForm) -> bool:
    data = _cleaned(form.cleaned_data)
    try:
        referral_open(
            actor=signed_in(request),
            scope=scope,
            employer=employer,
            day=data["day"],
            reference=data["reference"],
            note=data["note"],
            documents=[data["document"]] if data["document"] else [],
        )
    except DomainError as error:
        error_on(form, error)
        return False
    messages.success(request, _("First warning (SP1) recorded"))
    return True


def _step(request: HttpRequest, scope: Scope, case: Referral, form: StepForm) -> bool:
    data = _cleaned(form.cleaned_data)
    try:
        referral_advance(
            actor=signed_in(request),
            scope=scope,
            referral=case,
            step=data["step"],
            day=data["day"],
            reference=data["reference"],
            note=data["note"],
            skk_number=data["skk_number"],
            prosecutor_office=data["prosecutor_office"],
            documents=[data["document"]] if data["document"] else [],
        )
    except DomainError as error:
        error_on(form, error)
        return False
    messages.success(
        request, _("Step recorded: %(step)s") % {"step": ReferralStep(data["step"]).label}
    )
    return True
