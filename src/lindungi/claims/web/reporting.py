"""Reporting a claim: find the worker by NIK or name, say what happened and when; the claim is
saved as a draft showing the benefit due, to confirm on its page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.claims.models import Claim
from lindungi.claims.permissions import may_report
from lindungi.claims.services.reporting import claim_report
from lindungi.claims.web.forms import ClaimReportForm, text
from lindungi.core.errors import DomainError, NotFound
from lindungi.core.scopes import Scope
from lindungi.programs.models import Enrolment
from lindungi.programs.selectors import sponsors_visible
from lindungi.web.helpers import MAX_ID, signed_in, whole_number
from lindungi.workers.models import Worker
from lindungi.workers.selectors import search_q, worker_list
from lindungi.workers.web.search import nik_searchable, searched, shown

MAX_FOUND_WORKERS = 20


def _reportable_workers(scope: Scope, search: str) -> QuerySet[Worker]:
    """The workers the reader may report for: those of their region, or those their agency
    protected (an agency operator)."""
    found = " ".join(text(search).split())
    if scope.agency_id is None:
        return worker_list(scope=scope, search=found)
    workers = Worker.objects.filter(
        pk__in=Enrolment.objects.filter(sponsors_visible(scope, "sponsor__")).values("worker_id")
    ).select_related("village")
    return workers.filter(search_q(found)).order_by("name", "nik")


@login_required
@nik_searchable("claim report")
@require_http_methods(["GET", "POST"])
def claim_new(request: HttpRequest) -> HttpResponse:
    """Report a claim: find the worker by NIK or name, say what happened and when; the claim is
    saved as a draft showing the benefit due line by line, to confirm on its page. A refusal
    (no protection on that day, an expired accident, a claim already made) is shown with its
    reason."""
    scope = scope_for_user(request.user)
    if not may_report(scope):
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
        "claims/claim_form.html",
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
