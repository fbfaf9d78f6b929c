"""The figures a region is measured by: the admin's page importing bases, targets and BPJS's
participant counts, and taking last month's snapshot. What it offers is what
`coverage.permissions` lets the reader do, the same predicates the services enforce."""

import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.core import formats
from lindungi.core.errors import DomainError
from lindungi.core.months import add_months, month_start
from lindungi.core.scopes import Scope
from lindungi.core.uploads import upload_name
from lindungi.coverage import permissions
from lindungi.coverage.importing import RULES
from lindungi.coverage.services import (
    IMPORT_KINDS,
    Imported,
    denominators_import,
    participants_import,
    snapshot_take,
    targets_import,
)
from lindungi.web.helpers import signed_in

IMPORTS: dict[str, Callable[..., Imported]] = {
    permissions.DENOMINATORS: denominators_import,
    permissions.TARGETS: targets_import,
    permissions.PARTICIPANTS: participants_import,
}
UPLOAD_SUFFIXES = (".csv", ".xlsx", ".xls", ".txt")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@login_required
@require_http_methods(["GET", "POST"])
def data(request: HttpRequest) -> HttpResponse:
    scope = scope_for_user(request.user)
    if not permissions.may_import_any(scope):
        return HttpResponseForbidden(_("Coverage figures are imported by the Disnaker and BPJS"))
    problems: list[dict[str, Any]] = []
    last_month = add_months(month_start(timezone.localdate()), -1)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "snapshot":
            if _snapshot(request, scope, last_month):
                return redirect("web:coverage_data")
        elif action in IMPORTS:
            problems = _import(request, scope, action)
            if problems is None:
                return redirect("web:coverage_data")
        else:
            raise Http404
    kinds = [
        (key, label, IMPORT_KINDS[key])
        for key, label in (
            ("denominators", _("Bases (eligible workers, working population)")),
            ("targets", _("Coverage targets")),
            ("participants", _("BPJS registered participants")),
        )
        if permissions.may_import(scope, key)
    ]
    return render(
        request,
        "coverage/coverage_data.html",
        {
            "kinds": kinds,
            "problems": problems or [],
            "last_month": last_month,
            "may_snapshot": permissions.may_take_snapshot(scope),
        },
    )


def _import(request: HttpRequest, scope: Scope, action: str) -> Any:
    """Import the uploaded file; None once written, else the problems (line, column, rule)."""
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file"))
        return []
    suffix = Path(upload.name or "").suffix.lower()
    if suffix not in UPLOAD_SUFFIXES or upload.size is None or upload.size > MAX_UPLOAD_BYTES:
        messages.error(request, _("Upload a CSV or Excel file of at most 20 MB"))
        return []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / upload_name(upload.name, f"{action}{suffix}")
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        try:
            imported = IMPORTS[action](path=path, actor=signed_in(request), scope=scope)
        except DomainError as error:
            messages.error(request, error.message.split(". ")[0])
            return [
                {**problem, "rule": RULES.get(problem["rule"], problem["rule"])}
                for problem in error.details.get("problems") or []
            ]
    messages.success(
        request,
        _("%(rows)s rows imported: %(created)s new, %(updated)s replaced")
        % {
            "rows": formats.count(imported.rows),
            "created": formats.count(imported.created),
            "updated": formats.count(imported.updated),
        },
    )
    return None


def _snapshot(request: HttpRequest, scope: Scope, month: date) -> bool:
    user = signed_in(request)
    prefix = None if user.is_superuser else user.region_id
    try:
        taken = snapshot_take(month=month, actor=user, region_prefix=prefix)
    except DomainError as error:
        messages.error(request, error.message)
        return False
    when = date_format(month, "F Y")
    if taken.is_new:
        messages.success(
            request,
            _("Snapshot of %(month)s taken: %(protected)s protected workers")
            % {"month": when, "protected": taken.run.protected},
        )
    else:
        messages.info(request, _("%(month)s was already taken; nothing changed") % {"month": when})
    return True
