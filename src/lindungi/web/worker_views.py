"""Pages of the worker registry: list and search, detail, register, edit, import a file."""

from html import escape
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import DomainError, NotFound, PermissionDenied
from lindungi.core.masking import mask_nik
from lindungi.core.scopes import Scope
from lindungi.core.tabular import UPLOAD_LIMITS
from lindungi.core.versioning import StaleEdit
from lindungi.programs.selectors import enrolment_list
from lindungi.regions.models import Level, Region
from lindungi.web.helpers import id_url, number, or_404, page_number, paged
from lindungi.web.search import nik_searchable, searched, shown
from lindungi.web.versions import form_version, stale_reshown, versioned
from lindungi.workers.importing.pipeline import ImportOptions
from lindungi.workers.jobs import job_error_report, job_get, job_start
from lindungi.workers.models import ImportJob, Worker
from lindungi.workers.selectors import (
    duplicate_get,
    duplicate_list,
    worker_get,
    worker_list,
    worker_page,
)
from lindungi.workers.services import (
    duplicate_decide,
    worker_create,
    worker_update,
    workers_reveal,
)

PAGE_SIZE = 50
DUPLICATES_PAGE_SIZE = 20
MAX_COUNTED = 1000
MAX_UPLOAD_BYTES = 100 * 1024 * 1024


class WorkerForm(forms.ModelForm):
    village_code = forms.CharField(label=_("Village code"), max_length=13)

    class Meta:
        model = Worker
        fields = [
            "nik",
            "name",
            "birth_date",
            "sex",
            "address",
            "phone",
            "occupation",
            "income",
            "category",
            "in_p3ke",
            "in_dtks",
            "desil",
        ]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].required = False
        self.fields["sex"].required = False
        if editing:
            del self.fields["nik"]
        if self.instance.pk:
            self.initial["village_code"] = self.instance.village_id

    def village(self) -> Region:
        code = self.cleaned_data["village_code"].strip()
        region = Region.objects.filter(code=code, level=Level.VILLAGE).first()
        if region is None:
            raise NotFound(str(_("Village %(code)s not found")) % {"code": code})
        return region


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel file"))
    on_existing = forms.ChoiceField(
        label=_("Workers already registered"),
        choices=[("skip", _("leave them as they are")), ("update", _("update them"))],
    )
    strict = forms.BooleanField(
        label=_("Refuse the whole file if one row is invalid"), required=False
    )
    dry_run = forms.BooleanField(label=_("Only check, save nothing"), required=False)


@login_required
@nik_searchable("worker list")
@require_GET
def workers(request: HttpRequest) -> HttpResponse:
    scope = scope_for_user(request.user)
    query = searched(request)
    village = request.GET.get("village") or None
    page = page_number(request)
    rows = worker_page(
        scope=scope,
        search=query,
        village=village,
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE + 1,
    )
    context = {
        "workers": _rows_html(rows[:PAGE_SIZE]),
        "query": shown(query),
        "page_query": _without_page(request),
        "page": page,
        "has_next": len(rows) > PAGE_SIZE,
        "total": worker_list(scope=scope, search=query, village=village).count(),
        "can_write": scope.can_write,
        "village": village or "",
        # A regency's or district's villages to choose from (a village user has one; the whole
        # country's 83,762 would make the page megabytes long: search instead).
        "village_options": _village_options(scope, village or "")
        if scope.region_codes is not None and any(len(code) < 13 for code in scope.region_codes)
        else "",
    }
    template = "web/_worker_rows.html" if request.headers.get("HX-Request") else "web/workers.html"
    return render(request, template, context)


def _without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _rows_html(rows: list[dict[str, Any]]) -> SafeString:
    """The list's rows, every value escaped: fifty rows of five cells through the template
    engine were half of the page's time under load (BENCHMARKS.md)."""
    worker_url = id_url("web:worker")
    return mark_safe(  # noqa: S308 - every value below is escaped
        "\n".join(
            f'<tr><td><a href="{worker_url(row["pk"])}">{escape(row["name"])}</a></td>'
            f"<td>{escape(mask_nik(row['nik']))}</td><td>{escape(row['village_name'])}</td>"
            f"<td>{escape(row['category'])}</td></tr>"
            for row in rows
        )
    )


def _village_options(scope: Scope, selected: str) -> SafeString:
    """The `<option>`s of the village filter. A regency's 270 villages through the template
    engine took most of the list's time under load (BENCHMARKS.md), and they are the same for
    every officer of the regency: built once, kept ten minutes, the chosen one marked."""
    key = "village-options:" + ",".join(scope.region_codes or ())
    options = cache.get(key)
    if options is None:
        villages = (
            Region.objects.filter(scope.region_q("code"), level=Level.VILLAGE, is_active=True)
            .order_by("name")
            .values_list("code", "name")
        )
        options = format_html_join(
            "", '<option value="{}">{} ({})</option>', ((c, n, c) for c, n in villages)
        )
        cache.set(key, str(options), timeout=600)
    if selected:
        chosen = format_html('value="{}"', selected)
        options = options.replace(chosen, f"{chosen} selected", 1)
    return mark_safe(options)  # noqa: S308 - built by format_html_join above


@login_required
@require_GET
def worker_detail(request: HttpRequest, worker_id: int) -> HttpResponse:
    worker = _worker_or_404(request, worker_id)
    scope = scope_for_user(request.user)
    return render(
        request,
        "web/worker_detail.html",
        {
            "worker": worker,
            "may_reveal": scope.may_reveal,
            "enrolments": enrolment_list(scope=scope).filter(worker=worker),
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
        workers_reveal(actor=request.user, scope=scope, workers=[worker], purpose="detail page")
    except PermissionDenied as error:
        return HttpResponseForbidden(error.message)
    return render(
        request,
        "web/worker_detail.html",
        {
            "worker": worker,
            "revealed": True,
            "may_reveal": True,
            "enrolments": enrolment_list(scope=scope).filter(worker=worker),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def worker_new(request: HttpRequest) -> HttpResponse:
    scope = scope_for_user(request.user)
    if not scope.can_write:
        return HttpResponseForbidden()
    initial = (
        {"village_code": scope.region_codes[0]}
        if scope.region_codes and len(scope.region_codes[0]) == 13
        else {}
    )
    form = WorkerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            worker = worker_create(
                actor=request.user, scope=scope, village=form.village(), **fields
            )
        except DomainError as error:
            _show_error(form, error)
        else:
            return redirect("web:worker", worker_id=worker.pk)
    return render(request, "web/worker_form.html", {"form": form, "worker": None})


@login_required
@require_http_methods(["GET", "POST"])
def worker_edit(request: HttpRequest, worker_id: int) -> HttpResponse:
    worker = _worker_or_404(request, worker_id)
    scope = scope_for_user(request.user)
    if not scope.can_write:
        return HttpResponseForbidden()
    if request.method == "GET":  # the form shows the full phone number to its editor
        workers_reveal(actor=request.user, scope=scope, workers=[worker], purpose="edit form")
    stored = Worker.objects.get(pk=worker.pk)
    form = versioned(
        WorkerForm(request.POST or None, instance=stored, editing=True), stored.version
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
                actor=request.user,
                scope=scope,
                worker=worker,
                expected_version=form_version(form),
                **changes,
            )
        except StaleEdit as error:
            return stale_reshown(request, error)
        except DomainError as error:
            _show_error(form, error)
        else:
            return redirect("web:worker", worker_id=worker.pk)
    return render(request, "web/worker_form.html", {"form": form, "worker": worker})


@login_required
@require_http_methods(["GET", "POST"])
def worker_import(request: HttpRequest) -> HttpResponse:
    """Upload a file; a background worker imports it while the job page shows progress."""
    if not scope_for_user(request.user).can_write:
        return HttpResponseForbidden()
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", _("The file is larger than 100 MB"))
        else:
            try:
                job = job_start(
                    actor=request.user,
                    upload=upload,
                    options=ImportOptions(
                        strict=form.cleaned_data["strict"],
                        dry_run=form.cleaned_data["dry_run"],
                        on_existing=form.cleaned_data["on_existing"],
                    ),
                )
            except DomainError as error:
                form.add_error("file", error.message)
            else:
                return redirect("web:worker_import_job", job_id=job.pk)
    largest = number_format(UPLOAD_LIMITS.max_rows or 0, force_grouping=True)
    return render(request, "web/worker_import.html", {"form": form, "max_rows": largest})


@login_required
@require_GET
def worker_import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_or_404(request, job_id)
    template = (
        "web/_import_job.html"
        if request.headers.get("HX-Request")
        else "web/worker_import_job.html"
    )
    return render(request, template, {"job": job})


@login_required
@require_GET
def worker_import_report(request: HttpRequest, job_id: int) -> FileResponse:
    """The error report of an import the reader started; nobody else's. Recorded, and never
    kept by a browser or a proxy (it holds the uploader's rows)."""
    try:
        report, name = job_error_report(
            actor=request.user, scope=scope_for_user(request.user), job_id=job_id
        )
    except NotFound as error:
        raise Http404(error.message) from error
    response = FileResponse(report.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "no-store"
    return response


def _job_or_404(request: HttpRequest, job_id: int) -> ImportJob:
    try:
        return job_get(scope=scope_for_user(request.user), job_id=job_id)
    except NotFound as error:
        raise Http404(error.message) from error


def _show_error(form: forms.Form, error: DomainError) -> None:
    """Put a service's refusal next to the field it names, or above the form."""
    field = error.details.get("field")
    form.add_error(field if field in form.fields else None, error.message)


def _worker_or_404(request: HttpRequest, worker_id: int) -> Worker:
    try:
        return worker_get(scope=scope_for_user(request.user), worker_id=worker_id)
    except NotFound as error:
        raise Http404(error.message) from error


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
                actor=request.user,
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
        "web/duplicates.html",
        {
            **paged(request, found, size=DUPLICATES_PAGE_SIZE),
            # Counting a queue of 100,000 pairs through two joins costs more than the page:
            # past MAX_COUNTED the page says "more than".
            "total": found[: MAX_COUNTED + 1].count(),
            "max_counted": MAX_COUNTED,
            "can_write": scope.can_write,
            "may_reveal": scope.may_reveal,
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
            actor=request.user,
            scope=scope,
            workers=[candidate.first, candidate.second],
            purpose="duplicate review",
        )
    except PermissionDenied as error:
        return HttpResponseForbidden(error.message)
    return render(
        request,
        "web/duplicates.html",
        {
            "rows": [candidate],
            "revealed": candidate.pk,
            "page": 1,
            "has_next": False,
            "total": 1,
            "max_counted": MAX_COUNTED,
            "can_write": scope.can_write,
            "may_reveal": True,
        },
    )
