"""The list of enrolments, and the checker's verification queue."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import DomainError
from lindungi.core.scopes import Scope
from lindungi.programs.models import EnrolmentStatus
from lindungi.programs.permissions import may_end_enrolments, may_verify
from lindungi.programs.selectors import (
    LIST_FILTERS,
    enrolment_list,
    program_get,
    program_list,
    sponsor_get,
    sponsor_list,
)
from lindungi.programs.services.transitions import enrolments_verify
from lindungi.programs.web.common import PAGE_SIZE, report_refusals, ticked
from lindungi.programs.web.endings import end_reasons
from lindungi.programs.web.forms import EndForm, EnrolmentFilterForm, ReturnForm
from lindungi.web.helpers import number, or_404, page_number, signed_in
from lindungi.workers.web.search import nik_searchable, searched

SPONSORS_PER_PAGE = 10  # sponsor groups on one page of the verification queue
ROWS_PER_SPONSOR = 100  # one village's list is about a hundred workers


@login_required
@nik_searchable("enrolment list")
@require_GET
def enrolments(request: HttpRequest) -> HttpResponse:
    scope = scope_for_user(request.user)
    programs = program_list(scope=scope)
    form = EnrolmentFilterForm(
        request.GET, statuses=[*EnrolmentStatus.choices, *LIST_FILTERS], programs=programs
    )
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
        "may_end": may_end_enrolments(scope),
        "end_form": EndForm(reasons=end_reasons()),
    }
    template = (
        "programs/_enrolment_rows.html"
        if request.headers.get("HX-Request")
        else "programs/enrolment_list.html"
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
        "programs/enrolment_verify.html",
        {
            "groups": groups,
            "total": sum(counts.values()),
            "page": page,
            "has_next": len(sponsors) > page * SPONSORS_PER_PAGE,
            "may_verify": may_verify(scope),
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
        chosen = ticked(of_sponsor, request.POST.getlist("enrolment"))
    else:
        raise Http404
    form = ReturnForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        changed = enrolments_verify(
            actor=signed_in(request),
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
