"""Pages of the claim register: the list, reporting a claim (a draft showing the benefit due,
then confirmed), a claim with its benefit explained, its deadlines, documents and the next
step for the reader's role, a document's download, and the impact figures for the regent.

As everywhere: views parse input, call the claims selectors (reads) and services (writes) with
the user's scope; `NotFound` is a 404, an action the role may not take a 403, any other
refusal of a service is shown with its reason.
"""

from dataclasses import asdict
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.claims import rules
from lindungi.claims.figures import impact_headline
from lindungi.claims.models import (
    Claim,
    ClaimStatus,
    ClaimType,
    DocumentKind,
    JkkKind,
    ScholarshipRoute,
)
from lindungi.claims.permissions import (
    DECIDE_ROLES,
    DOCUMENT_ROLES,
    REPORT_ROLES,
    may_confirm_amount,
    may_download_documents,
)
from lindungi.claims.selectors import (
    benefit_notes,
    claim_documents,
    claim_get,
    claim_list,
    claims_impact,
)
from lindungi.claims.services import (
    benefit_maximum,
    claim_amount_review,
    claim_confirm,
    claim_decide,
    claim_document_add,
    claim_document_download,
    claim_paid,
    claim_report,
    claim_submit,
)
from lindungi.core.errors import DomainError, NotFound, PermissionDenied
from lindungi.core.scopes import Scope
from lindungi.programs.models import Enrolment
from lindungi.programs.selectors import sponsors_visible
from lindungi.regions.models import Region
from lindungi.web.helpers import MAX_ID, or_404, paged, signed_in, whole_number
from lindungi.web.search import nik_searchable, searched, shown
from lindungi.workers.models import Worker
from lindungi.workers.selectors import search_q, worker_list

MAX_FOUND_WORKERS = 20
YEARS = (2000, 2100)
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ACCEPTED_FILES = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
CLOSED = (ClaimStatus.REJECTED, ClaimStatus.PAID)


def _blank(choices: Any, label: Any = "—") -> list[tuple[str, Any]]:
    return [("", label), *choices]


def _text(value: str) -> str:
    """Free text from a form or the query string, without the NUL characters no database
    stores."""
    return value.replace("\x00", "")


def _may(scope: Scope, roles: tuple[str, ...]) -> bool:
    return scope.can_write and scope.role in roles


# Forms


class ClaimFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("NIK or name"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=_blank(ClaimStatus.choices, gettext_lazy("All statuses")),
    )
    type = forms.ChoiceField(
        label=gettext_lazy("Type"),
        required=False,
        choices=_blank(ClaimType.choices, gettext_lazy("All types")),
    )
    year = forms.IntegerField(
        label=gettext_lazy("Year of the event"),
        required=False,
        min_value=YEARS[0],
        max_value=YEARS[1],
    )


class ClaimReportForm(forms.Form):
    worker = forms.IntegerField(label=gettext_lazy("Worker"), min_value=1, max_value=2**63 - 1)
    type = forms.ChoiceField(label=gettext_lazy("Type"), choices=ClaimType.choices)
    jkk_kind = forms.ChoiceField(
        label=gettext_lazy("Work accident benefit"),
        required=False,
        choices=_blank(JkkKind.choices),
        help_text=gettext_lazy("For a work accident (JKK) only"),
    )
    scholarship_route = forms.ChoiceField(
        label=gettext_lazy("Scholarship route"),
        required=False,
        choices=_blank(ScholarshipRoute.choices),
        help_text=gettext_lazy("For a scholarship only"),
    )
    children = forms.IntegerField(
        label=gettext_lazy("Children at school"), required=False, min_value=1, max_value=20
    )
    months_off = forms.IntegerField(
        label=gettext_lazy("Months unable to work"),
        required=False,
        min_value=0,
        max_value=600,
        help_text=gettext_lazy("For temporary incapacity to work (STMB) only"),
    )
    event_date = forms.DateField(label=gettext_lazy("Event date"), widget=DATE_INPUT)
    event_time = forms.TimeField(
        label=gettext_lazy("Event time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=gettext_lazy(
            "For a work accident: the 2 x 24 hour reporting deadline counts from it"
        ),
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes"), required=False, max_length=2000, widget=forms.Textarea
    )

    def clean_notes(self) -> str:
        return _text(self.cleaned_data["notes"])


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind of document"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=gettext_lazy("File (PDF, JPG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED_FILES}),
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("BPJS's decision"),
        choices=[("approve", gettext_lazy("approved")), ("reject", gettext_lazy("rejected"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Required for a rejection"),
    )
    amount = forms.IntegerField(
        label=gettext_lazy("Amount approved (Rupiah)"),
        required=False,
        min_value=1,
        max_value=10**15,
        help_text=gettext_lazy(
            "Leave empty to approve the benefit computed above; another amount needs its "
            "reason and a second officer's approval, and never exceeds the maximum shown"
        ),
    )

    def clean_reason(self) -> str:
        return _text(self.cleaned_data["reason"])


class PayForm(forms.Form):
    amount = forms.IntegerField(
        label=gettext_lazy("Amount paid (Rupiah)"), min_value=1, max_value=10**15
    )
    paid_on = forms.DateField(label=gettext_lazy("Paid on"), widget=DATE_INPUT)
    reference = forms.CharField(label=gettext_lazy("Transfer reference"), max_length=100)

    def clean_reference(self) -> str:
        return _text(self.cleaned_data["reference"])


def _form_error(form: forms.Form, error: DomainError) -> None:
    """A service's refusal on the field it names, else on the whole form."""
    field = error.details.get("field")
    form.add_error(field if field in form.fields else None, error.message)


# The list


@login_required
@nik_searchable("claim list")
@require_GET
def claims(request: HttpRequest) -> HttpResponse:
    """Claims in scope, the latest event first, filtered by status, type and year; late work
    accidents flagged, their expiry shown."""
    scope = scope_for_user(request.user)
    form = ClaimFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    found = claim_list(
        scope=scope,
        status=data.get("status") or None,
        type=data.get("type") or None,
        search=_text(searched(request)),
    )
    if data.get("year"):
        found = found.filter(event_date__year=data["year"])
    context = {
        "filters": form,
        "total": found.count(),
        "may_report": _may(scope, REPORT_ROLES),
        **paged(request, found),
    }
    return render(request, "web/claim_list.html", context)


# Reporting


def _reportable_workers(scope: Scope, search: str) -> QuerySet[Worker]:
    """The workers the reader may report for: those of their region, or those their agency
    protected (an agency operator)."""
    text = " ".join(_text(search).split())
    if scope.agency_id is None:
        return worker_list(scope=scope, search=text)
    workers = Worker.objects.filter(
        pk__in=Enrolment.objects.filter(sponsors_visible(scope, "sponsor__")).values("worker_id")
    ).select_related("village")
    return workers.filter(search_q(text)).order_by("name", "nik")


@login_required
@nik_searchable("claim report")
@require_http_methods(["GET", "POST"])
def claim_new(request: HttpRequest) -> HttpResponse:
    """Report a claim: find the worker by NIK or name, say what happened and when; the claim is
    saved as a draft showing the benefit due line by line, to confirm on its page. A refusal
    (no protection on that day, an expired accident, a claim already made) is shown with its
    reason."""
    scope = scope_for_user(request.user)
    if not _may(scope, REPORT_ROLES):
        return HttpResponseForbidden(
            _("Only the village or agency operator or the admin reports claims")
        )
    search = searched(request)
    chosen = request.POST.get("worker") or request.GET.get("worker") or ""
    form = ClaimReportForm(request.POST or None, initial={"worker": chosen or None})
    if request.method == "POST" and form.is_valid():
        claim = _report(request, scope, form)
        if claim is not None:
            messages.success(
                request,
                _("Draft saved: check the benefit computed below, then confirm the report"),
            )
            return redirect("web:claim", claim_id=claim.pk)
    found: list[Worker] = []
    if search.strip():
        found = list(_reportable_workers(scope, search)[:MAX_FOUND_WORKERS])
    selected = None
    chosen_id = whole_number(chosen, low=1, high=MAX_ID)
    if chosen_id is not None:
        selected = _reportable_workers(scope, "").filter(pk=chosen_id).first()
    return render(
        request,
        "web/claim_form.html",
        {
            "form": form,
            "search": shown(search),
            "search_query": request.GET.urlencode(),
            "found": found,
            "selected": selected,
        },
    )


def _report(request: HttpRequest, scope: Scope, form: ClaimReportForm) -> Claim | None:
    data = form.cleaned_data
    worker = _reportable_workers(scope, "").filter(pk=data["worker"]).first()
    if worker is None:
        form.add_error("worker", _("Worker not found"))
        return None
    try:
        return claim_report(
            actor=signed_in(request),
            scope=scope,
            worker=worker,
            type=data["type"],
            jkk_kind=data["jkk_kind"] or "",
            event_date=data["event_date"],
            event_time=data["event_time"],
            months_off=data["months_off"],
            children=data["children"],
            scholarship_route=data["scholarship_route"] or "",
            notes=data["notes"],
            draft=True,
        )
    except NotFound:
        form.add_error("worker", _("Worker not found"))
    except DomainError as error:
        form.add_error(None, error.message)  # the refusal and its reason, above the form
    return None


# One claim


def _components(claim: Claim) -> list[dict[str, Any]]:
    return [
        {**part, "label": str(part.get("name", "")).replace("_", " ")}
        for part in claim.benefit.get("components", [])
    ]


def _detail_context(request: HttpRequest, scope: Scope, claim: Claim) -> dict[str, Any]:
    documents = list(claim_documents(scope=scope, claim=claim))
    missing = rules.missing_documents(claim.type, claim.jkk_kind, [d.kind for d in documents])
    kinds = dict(DocumentKind.choices)
    may_report = _may(scope, REPORT_ROLES)
    may_decide = _may(scope, DECIDE_ROLES)
    open_claim = claim.status not in CLOSED
    return {
        "claim": claim,
        "components": _components(claim),
        "notes": benefit_notes(claim),
        "documents": documents,
        "missing": [kinds.get(kind, kind) for kind in missing],
        "may_confirm": may_report and claim.status == ClaimStatus.DRAFT,
        "may_submit": may_report and claim.status == ClaimStatus.REPORTED,
        "may_decide": may_decide
        and claim.status == ClaimStatus.SUBMITTED
        and claim.proposed_amount is None,
        "proposal": claim.proposed_amount is not None and claim.status == ClaimStatus.SUBMITTED,
        "may_review_amount": claim.proposed_amount is not None
        and claim.status == ClaimStatus.SUBMITTED
        and may_confirm_amount(scope, claim.proposed_by_id),
        "benefit_maximum": benefit_maximum(claim) if may_decide else None,
        "may_pay": may_decide and claim.status == ClaimStatus.APPROVED,
        "may_attach": _may(scope, DOCUMENT_ROLES) and open_claim,
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


ACTIONS: dict[str, tuple[str, ...]] = {
    "confirm": REPORT_ROLES,
    "submit": REPORT_ROLES,
    "decide": DECIDE_ROLES,
    "review_amount": DECIDE_ROLES,
    "pay": DECIDE_ROLES,
    "upload": DOCUMENT_ROLES,
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
        if not _may(scope, ACTIONS[action]):
            return HttpResponseForbidden(_("Your role does not take this step"))
        try:
            done = _act(request, scope, claim, action, context)
        except PermissionDenied as error:
            return HttpResponseForbidden(error.message)
        if done:
            return redirect("web:claim", claim_id=claim.pk)
    return render(request, "web/claim_detail.html", context)


def _act(
    request: HttpRequest, scope: Scope, claim: Claim, action: str, context: dict[str, Any]
) -> bool:
    """Take one step; say what changed, or keep the refusal on the page with its reason."""
    actor = signed_in(request)
    form: forms.Form | None = None
    try:
        if action == "confirm":
            claim = claim_confirm(actor=actor, scope=scope, claim=claim)
            text = _("Claim reported")
            if claim.is_late:
                text = _("Claim reported, late: more than 2 x 24 hours after the accident")
            messages.success(request, text)
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
                reason=_text(request.POST.get("reason", ""))[:500],
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


@login_required
@require_GET
def claim_document(request: HttpRequest, claim_id: int, document_id: int) -> HttpResponseBase:
    """A claim's document, as an attachment of its stored type (never rendered inline)."""
    scope = scope_for_user(request.user)
    try:
        document = claim_document_download(
            actor=signed_in(request), scope=scope, claim_id=claim_id, document_id=document_id
        )
        handle = document.file.open("rb")
    except PermissionDenied as error:
        return HttpResponseForbidden(error.message)
    except (NotFound, FileNotFoundError) as error:
        raise Http404(_("Document not found")) from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, no_store=True, private=True)
    return response


# Impact


def _impact_region(request: HttpRequest, scope: Scope) -> Region | None:
    """The region the figures are for: the one asked (within scope, else 404), else the
    reader's own."""
    code = _text(request.GET.get("region", "")).strip()[:20]
    if code:
        region = Region.objects.filter(code=code).first()
        if region is None or not scope.covers_region(code):
            raise Http404(_("Region %(code)s not found") % {"code": code})
        return region
    return signed_in(request).region


def _year(request: HttpRequest) -> int:
    year = whole_number(request.GET.get("year"), low=YEARS[0], high=YEARS[1])
    return year or timezone.localdate().year


@login_required
@require_GET
def impact(request: HttpRequest) -> HttpResponse:
    """What the claims paid to families in a year, per region and scheme, for the regent."""
    scope = scope_for_user(request.user)
    year = _year(request)
    region = _impact_region(request, scope)
    context: dict[str, Any] = {"year": year, "region": region, "years": _years(scope)}
    if region is not None:
        found = or_404(claims_impact, scope=scope, region=region, year=year)
        types = dict(ClaimType.choices)
        context.update(
            impact=found,
            headline=impact_headline(found.amount, found.families, year),
            by_type=[
                {"type": types.get(kind, kind), "families": families, "amount": amount}
                for kind, (families, amount) in found.by_type.items()
            ],
            rows=[
                {**asdict(row), "type_label": types.get(row.type, row.type)} for row in found.rows
            ],
        )
    return render(request, "web/claim_impact.html", context)


def _years(scope: Scope) -> list[int]:
    """The years to choose from: this one and those with a payment."""
    paid = (
        claim_list(scope=scope)
        .filter(status=ClaimStatus.PAID, paid_on__isnull=False)
        .dates("paid_on", "year")
    )
    years = {day.year for day in paid} | {timezone.localdate().year}
    return sorted(years, reverse=True)
