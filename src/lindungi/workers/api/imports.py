"""`/api/v1/workers/import` and `/api/v1/jobs`: importing workers from a file, and its
progress."""

from typing import Literal, cast

from django.http import HttpRequest
from django.urls import reverse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.api.inputs import upload_checked
from lindungi.api.schemas import ErrorOut
from lindungi.workers.importing.pipeline import ImportOptions
from lindungi.workers.jobs import job_get, job_start
from lindungi.workers.models import ImportJob

router = Router(tags=["workers"])


class JobOut(Schema):
    id: int
    filename: str
    status: str
    phase: str
    done: int
    total: int
    summary: dict[str, object]
    problems: list[dict[str, object]]
    failure: str
    report_url: str | None

    @staticmethod
    def resolve_report_url(job: ImportJob) -> str | None:
        return reverse("web:worker_import_report", args=[job.pk]) if job.report_path else None


@router.post(
    "/workers/import",
    response={202: JobOut, 403: ErrorOut, 422: ErrorOut},
    summary="Start importing workers from a CSV or XLSX file; poll /jobs/{id}",
)
def workers_import(
    request: HttpRequest,
    file: File[UploadedFile],
    strict: Form[bool] = False,
    dry_run: Form[bool] = False,
    on_existing: Form[Literal["skip", "update"]] = "skip",
) -> Status[ImportJob]:
    upload_checked(file)
    job = job_start(
        actor=cast(User, request.user),
        upload=file,
        options=ImportOptions(strict=strict, dry_run=dry_run, on_existing=on_existing),
    )
    job.refresh_from_db()
    return Status(202, job)


@router.get("/jobs/{job_id}", response={200: JobOut, 404: ErrorOut}, summary="An import's progress")
def jobs_get(request: HttpRequest, job_id: int) -> ImportJob:
    return job_get(scope=scope_for_user(request.user), job_id=job_id)
