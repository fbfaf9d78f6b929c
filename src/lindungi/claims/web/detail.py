"""A claim's page: its benefit explained line by line, its deadlines, its documents and the step
the reader's role takes next (confirm, submit, attach, decide, review an amount, pay).

As everywhere: views parse input, call the claims selectors (reads) and services (writes) with
the user's scope; `NotFound` is a 404, an action the role may not take a 403, any other
refusal of a service is shown with its reason. What is offered asks the predicates the services
enforce (`claims.permissions`).
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.claims import rules
from lindungi.claims.calculator import component_label
from lindungi.claims.models import Claim, ClaimStatus, DocumentKind
from lindungi.claims.permissions import (
    may_attach_documents,
    may_confirm_amount,
    may_decide,
    may_download_documents,
    may_report,
)
from lindungi.claims.selectors import benefit_notes, claim_documents, claim_get
from lindungi.claims.services.amounts import benefit_maximum
from lindungi.claims.services.decisions import claim_amount_review, claim_decide
from lindungi.claims.services.documents import CLOSED, claim_document_add
from lindungi.claims.services.payments import claim_paid
from lindungi.claims.services.reporting import claim_confirm, claim_submit
from lindungi.claims.web.forms import DecideForm, DocumentForm, PayForm, text
from lindungi.core.errors import DomainError, PermissionDenied
from lindungi.core.scopes import Scope
from lindungi.web.helpers import or_404, signed_in


def _form_error(form: forms.Form, error: DomainError) -> None:
    """A service's refusal on the field it names, else on the whole form."""
    field = error.details.get("field")
    form.add_error(field if field in form.fields else None, error.message)


def _components(claim: Claim) -> list[dict[str, Any]]:
    return [
        {**part, "label": component_label(str(part.get("name", "")))}
        for part in claim.benefit.get("components", [])
    ]


def _detail_context(request: HttpRequest, scope: Scope, claim: Claim) -> dict[str, Any]:
    documents = list(claim_documents(scope=scope, claim=claim))
    missing = rules.missing_documents(claim.type, claim.jkk_kind, [d.kind for d in documents])
    kinds = dict(DocumentKind.choices)
    reporter = may_report(scope)
    decider = may_decide(scope)
    open_claim = claim.status not in CLOSED
    return {
        "claim": claim,
        "components": _components(claim),
        "notes": benefit_notes(claim),
        "documents": documents,
        "missing": [kinds.get(kind, kind) for kind in missing],
        "may_confirm": reporter and claim.status == ClaimStatus.DRAFT,
        "may_submit": reporter and claim.status == ClaimStatus.REPORTED,
        "may_decide": decider
        and claim.status == ClaimStatus.SUBMITTED
        and claim.proposed_amount is None,
        "proposal": claim.proposed_amount is not None and claim.status == ClaimStatus.SUBMITTED,
        "may_review_amount": claim.proposed_amount is not None
        and claim.status == ClaimStatus.SUBMITTED
        and may_confirm_amount(scope, claim.proposed_by_id),
        "benefit_maximum": benefit_maximum(claim) if decider else None,
        "may_pay": decider and claim.status == ClaimStatus.APPROVED,
        "may_attach": may_attach_documents(scope) and open_claim,
        "may_download": may_download_documents(scope, claim),
        "document_form": DocumentForm(),
        "decide_form": DecideForm(),
        "pay_form": PayForm(
            initial={
                "amount": claim.approved_amount,
                "paid_on": timezone.localdate().isoformat(),
            }
        ),
        "deadline_passed": (
            claim.report_deadline is not None
            and claim.status == ClaimStatus.DRAFT
            and timezone.now() > claim.report_deadline
        ),
        "expired": claim.expires_on is not None
        and open_claim
        and timezone.localdate() > claim.expires_on,
    }


# Each step, and the predicate of the roles that take it.
ACTIONS: dict[str, Callable[[Scope], bool]] = {
    "confirm": may_report,
    "submit": may_report,
    "decide": may_decide,
    "review_amount": may_decide,
    "pay": may_decide,
    "upload": may_attach_documents,
}


@login_required
@require_http_methods(["GET", "POST"])
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    """A claim: the benefit due explained line by line, its deadlines, its documents and the
    step the reader's role takes next (POST `action`: confirm, submit, decide, pay, upload)."""
    scope = scope_for_user(request.user)
    claim = or_404(claim_get, scope=scope, claim_id=claim_id)
    context = _detail_context(request, scope, claim)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            return HttpResponseBadRequest(_("Unknown action"))
        if not ACTIONS[action](scope):
            return HttpResponseForbidden(_("Your role does not take this step"))
        try:
            done = _act(request, scope, claim, action, context)
        except PermissionDenied as error:
            return HttpResponseForbidden(error.message)
        if done:
            return redirect("web:claim", claim_id=claim.pk)
    return render(request, "claims/claim_detail.html", context)


def _act(
    request: HttpRequest, scope: Scope, claim: Claim, action: str, context: dict[str, Any]
) -> bool:
    """Take one step; say what changed, or keep the refusal on the page with its reason."""
    actor = signed_in(request)
    form: forms.Form | None = None
    try:
        if action == "confirm":
            claim = claim_confirm(actor=actor, scope=scope, claim=claim)
            said = _("Claim reported")
            if claim.is_late:
                said = _("Claim reported, late: more than 2 x 24 hours after the accident")
            messages.success(request, said)
        elif action == "submit":
            claim_submit(actor=actor, scope=scope, claim=claim)
            messages.success(request, _("Claim submitted to BPJS"))
        elif action == "upload":
            form = context["document_form"] = DocumentForm(request.POST, request.FILES)
            if not form.is_valid():
                return False
            upload: UploadedFile = form.cleaned_data["file"]
            claim_document_add(
                actor=actor, scope=scope, claim=claim, kind=form.cleaned_data["kind"], file=upload
            )
            messages.success(request, _("Document attached"))
        elif action == "decide":
            form = context["decide_form"] = DecideForm(request.POST)
            if not form.is_valid():
                return False
            approve = form.cleaned_data["decision"] == "approve"
            decided = claim_decide(
                actor=actor,
                scope=scope,
                claim=claim,
                approve=approve,
                reason=form.cleaned_data["reason"],
                amount=form.cleaned_data["amount"] if approve else None,
            )
            if decided.proposed_amount is not None:
                messages.success(
                    request, _("Amount proposed: it waits for a second officer's approval")
                )
            else:
                messages.success(
                    request, _("Approval recorded") if approve else _("Rejection recorded")
                )
        elif action == "review_amount":
            approve = request.POST.get("decision") == "approve"
            claim_amount_review(
                actor=actor,
                scope=scope,
                claim=claim,
                approve=approve,
                reason=text(request.POST.get("reason", ""))[:500],
            )
            messages.success(
                request, _("Amount approved") if approve else _("Amount refused: decide again")
            )
        else:
            form = context["pay_form"] = PayForm(request.POST)
            if not form.is_valid():
                return False
            claim_paid(
                actor=actor,
                scope=scope,
                claim=claim,
                amount=form.cleaned_data["amount"],
                paid_on=form.cleaned_data["paid_on"],
                reference=form.cleaned_data["reference"],
            )
            messages.success(request, _("Payment recorded"))
    except PermissionDenied:
        raise
    except DomainError as error:
        if form is not None:
            _form_error(form, error)
        else:
            context["action_error"] = error.message
        return False
    return True
