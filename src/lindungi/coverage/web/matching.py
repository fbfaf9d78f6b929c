"""Sponsor matching: choose a sponsor, a program, a budget and the priorities; see the workers
the budget should protect first and why; untick some; enrol the rest in one step.

Everything the proposal needs is in the query string (the page can be bookmarked and shared);
accepting posts the ticked workers to the same address.
"""

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
from lindungi.coverage.matching.priorities import DEFAULT_PRIORITY, PRIORITIES, priorities_checked
from lindungi.coverage.matching.proposals import Proposal, match_accept, match_proposal
from lindungi.coverage.permissions import may_accept_proposal
from lindungi.coverage.web.forms import MatchForm
from lindungi.programs.models import EnrolmentStatus, Program, Sponsor
from lindungi.programs.selectors import program_get, program_list, sponsor_get, sponsor_list
from lindungi.web.helpers import numbers, signed_in

MAX_SPONSORS_LISTED = 500
SHOWN = 500  # workers listed on the page; the API lists up to 10,000


def _priority(request: HttpRequest) -> list[str]:
    """The priorities in the order of the three selects; the defaults on a first visit."""
    if "priority" not in request.GET:
        return list(DEFAULT_PRIORITY)
    return [value for value in request.GET.getlist("priority") if value][:3]


@login_required
@require_http_methods(["GET", "POST"])
def matching(request: HttpRequest) -> HttpResponse:
    scope = scope_for_user(request.user)
    sponsors = list(sponsor_list(scope=scope)[:MAX_SPONSORS_LISTED])
    programs = list(program_list(scope=scope).filter(is_active=True))
    asked = "budget" in request.GET
    form = MatchForm(request.GET if asked else None, sponsors=sponsors, programs=programs)
    priority = _priority(request)
    context: dict[str, Any] = {
        "form": form,
        "priority_slots": [priority[index] if index < len(priority) else "" for index in range(3)],
        "priority_choices": list(PRIORITIES.items()),
        "proposal": None,
    }
    if not (asked and form.is_valid()):
        if request.method == "POST":
            raise Http404
        return render(request, "coverage/matching.html", context)

    try:
        # Chosen by id in the query string: one outside the reader's scope is a 404.
        sponsor = sponsor_get(scope=scope, sponsor_id=form.cleaned_data["sponsor"])
        program = program_get(scope=scope, program_id=form.cleaned_data["program"])
        chosen = priorities_checked(priority)
    except NotFound as error:
        raise Http404(error.message) from error
    except DomainError as error:
        messages.error(request, error.message)
        return render(request, "coverage/matching.html", context)
    budget, months = form.cleaned_data["budget"], form.cleaned_data["months"]

    if request.method == "POST":
        _accept(request, scope, program, sponsor, budget, months)
        return redirect(request.get_full_path())

    try:
        proposal: Proposal | None = match_proposal(
            scope=scope,
            program=program,
            sponsor=sponsor,
            budget=budget,
            months=months,
            priority=chosen,
            limit=SHOWN,
        )
    except DomainError as error:
        messages.error(request, error.message)
        proposal = None
    context.update(proposal=proposal, may_accept=may_accept_proposal(scope))
    return render(request, "coverage/matching.html", context)


def _accept(
    request: HttpRequest,
    scope: Scope,
    program: Program,
    sponsor: Sponsor,
    budget: int,
    months: int | None,
) -> None:
    ids = numbers(request.POST.getlist("worker"))
    submit = request.POST.get("submit") == "on"
    actor = signed_in(request)
    try:
        enrolled = match_accept(
            actor=actor,
            scope=scope,
            program=program,
            sponsor=sponsor,
            worker_ids=ids,
            months=months,
            budget=budget,
            submit=submit,
        )
    except NotFound as error:
        raise Http404(error.message) from error
    except DomainError as error:
        messages.error(request, error.message)
        return
    status = EnrolmentStatus.SUBMITTED if submit else EnrolmentStatus.DRAFT
    messages.success(
        request,
        ngettext(
            "%(count)s worker enrolled for %(sponsor)s (%(status)s)",
            "%(count)s workers enrolled for %(sponsor)s (%(status)s)",
            len(enrolled),
        )
        % {"count": len(enrolled), "sponsor": sponsor.name, "status": status.label},
    )
    if submit:
        messages.info(request, _("They await verification by the regional admin."))
