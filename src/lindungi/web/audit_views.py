"""The audit trail page: the regional admin searches who did what, when, in their region."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import PermissionDenied
from lindungi.core.masking import mask_personal
from lindungi.core.selectors import audit_list
from lindungi.web.audit_display import (
    action_choices,
    action_label,
    details_read,
    names_read,
    object_label,
)
from lindungi.web.helpers import page_number

PAGE_SIZE = 100
FILTERS = ("action", "actor", "region", "object_type", "object_id")


def _day(text: str) -> date | None:
    """A day of the filter; none for anything else (a day next to 9999-12-31 overflows)."""
    try:
        day = date.fromisoformat(text) if text else None
    except ValueError:
        return None
    return day if day is not None and 2000 <= day.year <= 2100 else None


@login_required
@require_GET
def audit(request: HttpRequest) -> HttpResponse:
    filters = {name: request.GET.get(name, "").strip() for name in FILTERS}
    since, until = _day(request.GET.get("since", "")), _day(request.GET.get("until", ""))
    try:
        events = audit_list(scope=scope_for_user(request.user), since=since, until=until, **filters)
    except PermissionDenied as error:
        return HttpResponseForbidden(error.message)
    page = page_number(request)
    rows = list(events[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1])
    for event in rows:  # events written before their services masked (never rewritten)
        event.details = mask_personal(event.details)
        event.action_label = action_label(event.action)  # type: ignore[attr-defined]
        event.object_label = object_label(event)  # type: ignore[attr-defined]
        event.details_shown = details_read(event)  # type: ignore[attr-defined]
        event.names = names_read(event)  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "web/audit.html",
        {
            "events": rows[:PAGE_SIZE],
            "filters": filters,
            "actions": action_choices(),
            "since": since,
            "until": until,
            "page": page,
            "has_next": len(rows) > PAGE_SIZE,
            "query": query.urlencode(),
        },
    )
