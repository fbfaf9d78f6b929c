"""`/api/v1/workers` and `/api/v1/workers/import`: the registry, within the caller's scope."""

import datetime as dt
import tempfile
from pathlib import Path

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.schemas import ErrorOut
from lindungi.core.errors import ValidationFailed
from lindungi.regions.selectors import region_get
from lindungi.workers.importing.pipeline import ImportOptions, import_workers
from lindungi.workers.models import Worker
from lindungi.workers.selectors import worker_get, worker_list
from lindungi.workers.services import worker_create, worker_update

router = Router(tags=["workers"])

MAX_UPLOAD_BYTES = 100 * 1024 * 1024


class WorkerOut(Schema):
    id: int
    nik: str
    name: str
    birth_date: dt.date
    sex: str
    village_code: str
    village_name: str
    address: str
    phone: str
    occupation: str
    income: int | None
    category: str
    in_p3ke: bool
    in_dtks: bool
    desil: int | None

    @staticmethod
    def resolve_village_code(worker: Worker) -> str:
        return worker.village_id

    @staticmethod
    def resolve_village_name(worker: Worker) -> str:
        return worker.village.name


class WorkerIn(Schema):
    nik: str
    name: str
    village_code: str
    birth_date: dt.date | None = None
    sex: str = ""
    address: str = ""
    phone: str = ""
    occupation: str = ""
    income: int | None = None
    category: str = "BPU"
    in_p3ke: bool = False
    in_dtks: bool = False
    desil: int | None = None


class WorkerPatch(Schema):
    name: str | None = None
    village_code: str | None = None
    birth_date: dt.date | None = None
    sex: str | None = None
    address: str | None = None
    phone: str | None = None
    occupation: str | None = None
    income: int | None = None
    category: str | None = None
    in_p3ke: bool | None = None
    in_dtks: bool | None = None
    desil: int | None = None


class ImportSummaryOut(Schema):
    rows: int
    imported: int
    updated: int
    skipped: int
    errors: int
    warnings: int
    seconds: float
    problems: list[dict[str, object]]


@router.get("/workers", response=list[WorkerOut], summary="Workers in your scope")
@paginate
def workers_list(request: HttpRequest, search: str = "", village: str | None = None) -> object:
    return worker_list(scope=scope_for_user(request.user), search=search, village=village)


@router.get("/workers/{worker_id}", response={200: WorkerOut, 404: ErrorOut}, summary="One worker")
def workers_get(request: HttpRequest, worker_id: int) -> Worker:
    return worker_get(scope=scope_for_user(request.user), worker_id=worker_id)


@router.post(
    "/workers",
    response={201: WorkerOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Register a worker",
)
def workers_create(request: HttpRequest, payload: WorkerIn) -> tuple[int, Worker]:
    fields = payload.dict()
    village = region_get(code=fields.pop("village_code"))
    worker = worker_create(
        actor=request.user, scope=scope_for_user(request.user), village=village, **fields
    )
    return 201, worker


@router.patch(
    "/workers/{worker_id}",
    response={200: WorkerOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change a worker's details (not the NIK)",
)
def workers_update(request: HttpRequest, worker_id: int, payload: WorkerPatch) -> Worker:
    scope = scope_for_user(request.user)
    worker = worker_get(scope=scope, worker_id=worker_id)
    changes = payload.dict(exclude_unset=True)
    if "village_code" in changes:
        changes["village"] = region_get(code=changes.pop("village_code"))
    return worker_update(actor=request.user, scope=scope, worker=worker, **changes)


@router.post(
    "/workers/import",
    response={200: ImportSummaryOut, 403: ErrorOut, 422: ErrorOut},
    summary="Import workers from a CSV or XLSX file (runs while the request waits)",
)
def workers_import(
    request: HttpRequest,
    file: File[UploadedFile],
    strict: Form[bool] = False,
    dry_run: Form[bool] = False,
    on_existing: Form[str] = "skip",
) -> dict[str, object]:
    if file.size and file.size > MAX_UPLOAD_BYTES:
        raise ValidationFailed(_("The file is larger than 100 MB"), field="file")
    if on_existing not in {"skip", "update"}:
        raise ValidationFailed(_("on_existing must be skip or update"), field="on_existing")
    suffix = Path(file.name or "upload.csv").suffix.lower() or ".csv"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        with path.open("wb") as handle:
            for chunk in file.chunks():
                handle.write(chunk)
        result = import_workers(
            actor=request.user,
            scope=scope_for_user(request.user),
            path=path,
            options=ImportOptions(strict=strict, dry_run=dry_run, on_existing=on_existing),  # type: ignore[arg-type]
        )
    problems = result.problems.select("line", "field", "value", "rule", "severity", "message")
    return {**result.summary(), "problems": problems.head(1000).to_dicts()}
