"""Pages of a worker import: upload a file, follow its progress, download its error report."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import DomainError, NotFound
from lindungi.core.tabular import UPLOAD_LIMITS
from lindungi.web.helpers import signed_in
from lindungi.workers.importing.pipeline import ImportOptions
from lindungi.workers.jobs import job_error_report, job_get, job_start
from lindungi.workers.models import ImportJob
from lindungi.workers.permissions import may_write_workers
from lindungi.workers.web.forms import ImportForm

MAX_UPLOAD_BYTES = 100 * 1024 * 1024


@login_required
@require_http_methods(["GET", "POST"])
def worker_import(request: HttpRequest) -> HttpResponse:
    """Upload a file; a background worker imports it while the job page shows progress."""
    if not may_write_workers(scope_for_user(request.user)):
        return HttpResponseForbidden()
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            form.add_error("file", _("The file is larger than 100 MB"))
        else:
            try:
                job = job_start(
                    actor=signed_in(request),
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
    return render(request, "workers/worker_import.html", {"form": form, "max_rows": largest})


@login_required
@require_GET
def worker_import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_or_404(request, job_id)
    template = (
        "workers/_import_job.html"
        if request.headers.get("HX-Request")
        else "workers/worker_import_job.html"
    )
    return render(request, template, {"job": job})


@login_required
@require_GET
def worker_import_report(request: HttpRequest, job_id: int) -> FileResponse:
    """The error report of an import the reader started; nobody else's. Recorded, and never
    kept by a browser or a proxy (it holds the uploader's rows)."""
    try:
        report, name = job_error_report(
            actor=signed_in(request), scope=scope_for_user(request.user), job_id=job_id
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
