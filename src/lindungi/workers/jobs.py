"""Imports run in the background: start a job from an upload, run it in the worker, report.

Progress is written to the job row between phases. The load phase is one transaction (so that
a failure leaves nothing half-written); its progress cannot be seen from outside until it ends,
so the page shows the phase, not a moving count, while loading.
"""

import logging
import secrets
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import DomainError, NotFound, PermissionDenied
from lindungi.core.imports import file_name_kept, import_finish, import_start
from lindungi.core.models import ImportRecord
from lindungi.core.scopes import Scope
from lindungi.workers.importing.pipeline import ImportOptions, import_workers
from lindungi.workers.importing.report import write_error_report
from lindungi.workers.models import ImportJob
from lindungi.workers.permissions import may_write_workers, sees_every_import

logger = logging.getLogger(__name__)
JOBS_DIR = "imports"
IMPORT_KIND = "pekerja"  # its records on the list of imports


def job_start(*, actor: User, upload: UploadedFile, options: ImportOptions) -> ImportJob:
    """Keep the uploaded file, record the job and hand it to the background worker."""
    if not may_write_workers(scope_for_user(actor)):
        raise PermissionDenied(_("Your role cannot add workers"), code="worker.write_denied")
    folder = Path(settings.MEDIA_ROOT) / JOBS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    suffix = Path(upload.name or "upload.csv").suffix.lower() or ".csv"
    path = folder / f"{secrets.token_urlsafe(12)}{suffix}"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    job = ImportJob.objects.create(
        started_by=actor,
        filename=file_name_kept(upload.name, f"upload{suffix}"),
        stored_path=str(path),
        options=asdict(options),
    )
    import_start(
        kind=IMPORT_KIND,
        name=job.filename,
        actor=actor,
        scope=scope_for_user(actor),
        status=ImportRecord.Status.QUEUED,
        object_id=str(job.pk),
    )
    run_import_job.enqueue(job_id=job.pk)
    return job


def job_get(*, scope: Scope, job_id: int) -> ImportJob:
    """A job the reader started (superusers: any); others' jobs look missing."""
    jobs = ImportJob.objects.all()
    if not sees_every_import(scope):
        jobs = jobs.filter(started_by_id=scope.user_id)
    job = jobs.filter(pk=job_id).first()
    if job is None:
        raise NotFound(_("Import not found"), id=job_id)
    return job


def job_error_report(*, actor: User, scope: Scope, job_id: int) -> tuple[Path, str]:
    """The error report of a job the reader may see (`job_get`), and the name to download it
    under. The report holds the uploader's rows (names, NIKs): each download is recorded."""
    job = job_get(scope=scope, job_id=job_id)
    report = Path(job.report_path) if job.report_path else None
    if report is None or not report.is_file():
        raise NotFound(_("This import has no error report"), id=job_id)
    audit_record(
        actor=actor,
        action=Action.IMPORT_ERROR_REPORT_DOWNLOAD,
        object_type="import_job",
        object_id=job.pk,
        region_code=scope.region_codes[0] if scope.region_codes else "",
        details={"file": job.filename, "batch": job.batch_id},
    )
    return report, f"kesalahan-{Path(job.filename).stem}.xlsx"


def _recorded(record: ImportRecord, job: ImportJob) -> None:
    """The job's outcome on the list of imports (a dry run or a strict refusal saves
    nothing: no new worker, and says so)."""
    if job.status == ImportJob.Status.FAILED:
        import_finish(record, status=ImportRecord.Status.FAILED, message=job.failure)
        return
    summary = job.summary
    import_finish(
        record,
        rows=int(summary.get("rows") or 0),
        created=int(summary.get("imported") or 0) if job.batch_id else 0,
        refused=int(summary.get("errors") or 0),
        message="" if job.batch_id else _("Nothing was saved."),
    )


@task()
def run_import_job(job_id: int) -> dict[str, Any]:
    """The background half of an import started from the web or the API."""
    job = ImportJob.objects.select_related("started_by").get(pk=job_id)
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status"])
    record = ImportRecord.objects.filter(kind=IMPORT_KIND, object_id=str(job.pk)).first()
    if record is not None:
        record.status = ImportRecord.Status.RUNNING
        record.save(update_fields=["status"])
    path = Path(job.stored_path)

    def on_progress(step: str, done: int, total: int) -> None:
        if connection.in_atomic_block:
            return  # inside the load transaction: nobody else could see the update
        ImportJob.objects.filter(pk=job_id).update(phase=step, done=done, total=total)

    try:
        result = import_workers(
            actor=job.started_by,
            scope=scope_for_user(job.started_by),
            path=path,
            options=ImportOptions(**job.options),
            on_progress=on_progress,
            name=job.filename,
        )
    except DomainError as error:
        job.status, job.failure = ImportJob.Status.FAILED, error.message
    except Exception:
        logger.exception("import job %s failed", job_id)
        job.status, job.failure = ImportJob.Status.FAILED, _("The import failed unexpectedly")
    else:
        job.status = ImportJob.Status.DONE
        job.summary = {**result.summary(), "duplicates": result.duplicates}
        job.problems = (
            result.problems.select("line", "field", "value", "severity", "message")
            .head(200)
            .to_dicts()
        )
        job.batch_id = result.batch_id
        if result.problems.height:
            report = path.with_suffix(".errors.xlsx")
            write_error_report(result.problems, report, source=job.filename)
            job.report_path = str(report)
    finally:
        path.unlink(missing_ok=True)
    job.finished_at = timezone.now()
    job.save()
    if record is not None:
        _recorded(record, job)
    return {"status": job.status, **job.summary}
