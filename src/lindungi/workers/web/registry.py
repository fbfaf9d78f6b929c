"""Pages of the worker registry: list and search, detail, register, edit."""

from html import escape
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import DomainError, NotFound, PermissionDenied
from lindungi.core.masking import mask_nik
from lindungi.core.scopes import Scope
from lindungi.core.versioning import StaleEdit
from lindungi.regions.models import Region
from lindungi.regions.selectors import village_from_text
from lindungi.web.helpers import id_url, page_number, signed_in
from lindungi.web.parts import Column, columns, panels
from lindungi.web.versions import form_version, stale_reshown, versioned
from lindungi.workers.models import Worker
from lindungi.workers.permissions import may_reveal, may_write_workers
from lindungi.workers.selectors import worker_get, worker_list, worker_page
from lindungi.workers.services import worker_create, worker_update, workers_reveal
from lindungi.workers.web.forms import WorkerForm, show_error
from lindungi.workers.web.search import nik_searchable, searched, shown

PAGE_SIZE = 50


@login_required
@nik_searchable("worker list")
@require_GET
def workers(request: HttpRequest) -> HttpResponse:
    scope = scope_for_user(request.user)
    query = searched(request)
    picked = request.GET.get("village", "")
    village = _picked_village(scope, picked)
    page = page_number(request)
    added = columns("worker")
    chosen = {column.key: request.GET.get(column.key, "") for column in added}
    where = Q()
    for column in added:
        if chosen[column.key] in dict(column.choices):
            where &= column.where(chosen[column.key])
    rows = worker_page(
        scope=scope,
        search=query,
        village=village,
        where=where,
        columns={column.key: column.value() for column in added},
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE + 1,
    )
    total = worker_list(scope=scope, search=query, village=village, where=where).count()
    context = {
        "workers": _rows_html(rows[:PAGE_SIZE], added),
        "columns": [(column, chosen[column.key]) for column in added],
        "width": 4 + len(added),
        "query": shown(query),
        "page_query": _without_page(request),
        "page": page,
        "has_next": len(rows) > PAGE_SIZE,
        "total": total,
        "can_write": may_write_workers(scope),
        "village": picked,
        # The village filter is a picker (a regency has hundreds of villages), drawn only when
        # it can change the list: the reader's area holds several villages and more than one
        # worker (or the list is searched or filtered already).
        "village_filter": _spans_villages(scope) and bool(query or village or total > 1),
    }
    template = (
        "workers/_worker_rows.html" if request.headers.get("HX-Request") else "workers/workers.html"
    )
    return render(request, template, context)


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _rows_html(rows: list[dict[str, Any]], added: tuple[Column, ...] = ()) -> SafeString:
    """The list's rows, every value escaped: fifty rows of five cells through the template
    engine were half of the page's time under load (BENCHMARKS.md). The other apps' columns
    (`added`) follow, each cell marked with its value (`data-protection="active"`)."""
    worker_url = id_url("web:worker")

    def cells(row: dict[str, Any]) -> str:
        return "".join(
            f'<td data-{escape(column.key)}="{escape(row[column.key])}">'
            f"{escape(column.label_of(row[column.key]))}</td>"
            for column in added
        )

    return mark_safe(  # noqa: S308 - every value below is escaped
        "\n".join(
            f'<tr><td><a href="{worker_url(row["pk"])}">{escape(row["name"])}</a></td>'
            f"<td>{escape(mask_nik(row['nik']))}</td><td>{escape(row['village_name'])}</td>"
            f"<td>{escape(row['category'])}</td>{cells(row)}</tr>"
            for row in rows
        )
    )


def _spans_villages(scope: Scope) -> bool:
    return scope.region_codes is None or any(len(code) < 13 for code in scope.region_codes)


def _picked_village(scope: Scope, text: str) -> str | None:
    """The code of the village the filter's picker names (its label, a code, a name only one
    village of the area bears); while the text names none yet, no filter."""
    if not text.strip() or not _spans_villages(scope):
        return None
    try:
        return village_from_text(scope=scope, text=text).code
    except DomainError:
        return None


@login_required
@require_GET
def worker_detail(request: HttpRequest, worker_id: int) -> HttpResponse:
    worker = _worker_or_404(request, worker_id)
    scope = scope_for_user(request.user)
    return render(
        request,
        "workers/worker_detail.html",
        {
            "worker": worker,
            "may_reveal": may_reveal(scope),
            "panels": panels("worker", scope, worker, False),
        },
    )


@login_required
@require_http_methods(["POST"])
def worker_reveal(request: HttpRequest, worker_id: int) -> HttpResponse:
    """Show one worker's full NIK, birth date, phone and BPJS membership numbers (KPJ), once,
    and record who saw them."""
    worker = _worker_or_404(request, worker_id)
    scope = scope_for_user(request.user)
    try:
        workers_reveal(
            actor=signed_in(request), scope=scope, workers=[worker], purpose="detail page"
        )
    except PermissionDenied as error:
        return HttpResponseForbidden(error.message)
    return render(
        request,
        "workers/worker_detail.html",
        {
            "worker": worker,
            "revealed": True,
            "may_reveal": True,
            "panels": panels("worker", scope, worker, True),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def worker_new(request: HttpRequest) -> HttpResponse:
    scope = scope_for_user(request.user)
    if not may_write_workers(scope):
        return HttpResponseForbidden()
    # A village operator's own village is already chosen.
    own = (
        Region.objects.select_related("parent").filter(code=scope.region_codes[0]).first()
        if scope.region_codes and len(scope.region_codes[0]) == 13
        else None
    )
    form = WorkerForm(
        request.POST or None, scope=scope, initial={"village_code": own} if own else {}
    )
    if request.method == "POST" and form.is_valid():
        try:
            fields = {name: form.cleaned_data[name] for name in WorkerForm.Meta.fields}
            worker = worker_create(
                actor=signed_in(request), scope=scope, village=form.village(), **fields
            )
        except DomainError as error:
            show_error(form, error)
        else:
            return redirect("web:worker", worker_id=worker.pk)
    return render(request, "workers/worker_form.html", {"form": form, "worker": None})


@login_required
@require_http_methods(["GET", "POST"])
def worker_edit(request: HttpRequest, worker_id: int) -> HttpResponse:
    worker = _worker_or_404(request, worker_id)
    scope = scope_for_user(request.user)
    if not may_write_workers(scope):
        return HttpResponseForbidden()
    if request.method == "GET":  # the form shows the full phone number to its editor
        workers_reveal(actor=signed_in(request), scope=scope, workers=[worker], purpose="edit form")
    stored = Worker.objects.select_related("village__parent").get(pk=worker.pk)
    form = versioned(
        WorkerForm(request.POST or None, instance=stored, scope=scope, editing=True), stored.version
    )
    if request.method == "POST" and form.is_valid():
        try:
            changes = {
                name: form.cleaned_data[name]
                for name in form.fields
                if name not in {"village_code", "version"}
            }
            changes["village"] = form.village()
            worker_update(
                actor=signed_in(request),
                scope=scope,
                worker=worker,
                expected_version=form_version(form),
                **changes,
            )
        except StaleEdit as error:
            return stale_reshown(request, error)
        except DomainError as error:
            show_error(form, error)
        else:
            return redirect("web:worker", worker_id=worker.pk)
    return render(request, "workers/worker_form.html", {"form": form, "worker": worker})


def _worker_or_404(request: HttpRequest, worker_id: int) -> Worker:
    try:
        return worker_get(scope=scope_for_user(request.user), worker_id=worker_id)
    except NotFound as error:
        raise Http404(error.message) from error
