"""The review queue of possible duplicates: pairs that may be one person under two NIKs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import DomainError, NotFound, PermissionDenied
from lindungi.web.helpers import number, or_404, paged, signed_in
from lindungi.workers.permissions import may_reveal, may_write_workers
from lindungi.workers.selectors import duplicate_get, duplicate_list
from lindungi.workers.services import duplicate_decide, workers_reveal

DUPLICATES_PAGE_SIZE = 20
MAX_COUNTED = 1000


@login_required
@require_http_methods(["GET", "POST"])
def duplicates(request: HttpRequest) -> HttpResponse:
    """The review queue: pairs that may be one person under two NIKs; nothing merges itself."""
    scope = scope_for_user(request.user)
    if request.method == "POST":
        try:
            candidate_id = number(request.POST.get("candidate")) or 0
            candidate = duplicate_get(scope=scope, candidate_id=candidate_id)
            duplicate_decide(
                actor=signed_in(request),
                scope=scope,
                candidate=candidate,
                same_person=request.POST.get("decision") == "same",
            )
        except (KeyError, ValueError, NotFound) as error:
            raise Http404 from error
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("web:duplicates")
    found = duplicate_list(scope=scope)
    return render(
        request,
        "workers/duplicates.html",
        {
            **paged(request, found, size=DUPLICATES_PAGE_SIZE),
            # Counting a queue of 100,000 pairs through two joins costs more than the page:
            # past MAX_COUNTED the page says "more than".
            "total": found[: MAX_COUNTED + 1].count(),
            "max_counted": MAX_COUNTED,
            "can_write": may_write_workers(scope),
            "may_reveal": may_reveal(scope),
        },
    )


@login_required
@require_http_methods(["POST"])
def duplicate_reveal(request: HttpRequest, candidate_id: int) -> HttpResponse:
    """Show one pair's full NIKs and birth dates to decide it, and record who saw them; only a
    role that may reveal (as on the worker page)."""
    scope = scope_for_user(request.user)
    candidate = or_404(duplicate_get, scope=scope, candidate_id=candidate_id)
    try:
        workers_reveal(
            actor=signed_in(request),
            scope=scope,
            workers=[candidate.first, candidate.second],
            purpose="duplicate review",
        )
    except PermissionDenied as error:
        return HttpResponseForbidden(error.message)
    return render(
        request,
        "workers/duplicates.html",
        {
            "rows": [candidate],
            "revealed": candidate.pk,
            "page": 1,
            "has_next": False,
            "total": 1,
            "max_counted": MAX_COUNTED,
            "can_write": may_write_workers(scope),
            "may_reveal": True,
        },
    )
