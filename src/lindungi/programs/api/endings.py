"""`/api/v1/enrolments/end`, `/api/v1/deaths` and `/api/v1/enrolments/endings`: life events
end protection (many enrolments at once, a worker's death, a list of deaths), and the non-aktif
lists for BPJS. Months billed after an end are credited at once (billing follows)."""

import datetime as dt
from dataclasses import asdict

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.inputs import saved_upload
from lindungi.api.schemas import ErrorOut, Id
from lindungi.core.errors import NotFound
from lindungi.programs.api.common import (
    MAX_IDS,
    XLSX,
    Purpose,
    binary,
    caller,
    download,
    operation,
    region_named,
)
from lindungi.programs.exchange.endings import (
    endings_file_create,
    endings_file_get,
    endings_file_list,
    endings_xlsx,
)
from lindungi.programs.models import EndingsFile, EndReason
from lindungi.programs.selectors import enrolment_list
from lindungi.programs.services.deaths_import import DeathsImported, deaths_import
from lindungi.programs.services.endings import Ended, deaths_record, enrolments_end, visible_workers

router = Router(tags=["programs"])


class EndManyIn(Schema):
    enrolment_ids: list[Id] = Field(min_length=1, max_length=MAX_IDS)
    reason: EndReason
    event_date: dt.date = Field(description="protection ends after the month of this date")
    note: str = Field("", max_length=300)


class EndedOut(Schema):
    ended: int = Field(description="enrolments ended after the event's month")
    cancelled: int = Field(description="enrolments not begun (or not active at BPJS) cancelled")
    deaths: int = Field(description="workers newly recorded as deceased")
    enrolment_ids: list[int]


class DeathIn(Schema):
    worker_id: Id
    died_on: dt.date
    note: str = Field("", max_length=300)


class DeathsImportOut(Schema):
    rows: int
    deaths: int
    ended: int
    cancelled: int
    already: int = Field(description="rows whose death was already recorded with that date")


class EndingsIn(Schema):
    region_code: str = Field(description="the regency or city, e.g. 32.11")


class EndingsOut(Schema):
    id: int
    number: str
    region_code: str
    created_at: dt.datetime
    row_count: int

    @staticmethod
    def resolve_region_code(endings: EndingsFile) -> str:
        return endings.region_id


def _ended(done: Ended) -> dict[str, object]:
    return {**asdict(done), "enrolment_ids": list(done.enrolment_ids)}


@router.post(
    "/enrolments/end",
    response={200: EndedOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="End many active protections for one life event (all or nothing)",
    operation_id=operation("enrolments_end_many"),
)
def enrolments_end_many(request: HttpRequest, payload: EndManyIn) -> dict[str, object]:
    scope = scope_for_user(request.user)
    found = list(enrolment_list(scope=scope).filter(pk__in=payload.enrolment_ids))
    missing = set(payload.enrolment_ids) - {enrolment.pk for enrolment in found}
    if missing:
        raise NotFound(_("Enrolment not found"), ids=sorted(missing)[:100])
    return _ended(
        enrolments_end(
            actor=caller(request),
            scope=scope,
            enrolments=found,
            reason=payload.reason,
            event_date=payload.event_date,
            note=payload.note,
        )
    )


@router.post(
    "/deaths",
    response={200: EndedOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Report a worker's death: every enrolment of his ends after that month",
    operation_id=operation("deaths_report"),
)
def deaths_report(request: HttpRequest, payload: DeathIn) -> dict[str, object]:
    scope = scope_for_user(request.user)
    worker = visible_workers(scope).filter(pk=payload.worker_id).first()
    if worker is None:
        raise NotFound(_("Worker not found"), id=payload.worker_id)
    return _ended(
        deaths_record(
            actor=caller(request),
            scope=scope,
            deaths=[(worker, payload.died_on)],
            note=payload.note,
            source="api",
        )
    )


@router.post(
    "/deaths/import",
    response={200: DeathsImportOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Import a list of deaths (CSV or XLSX: NIK and date of death); all or nothing",
    operation_id=operation("deaths_import"),
)
def deaths_upload(request: HttpRequest, file: File[UploadedFile]) -> DeathsImported:
    with saved_upload(file, default_name="kematian.csv") as path:
        return deaths_import(
            actor=caller(request), scope=scope_for_user(request.user), path=path, name=file.name
        )


@router.get(
    "/enrolments/endings",
    response=list[EndingsOut],
    summary="The non-aktif lists made for BPJS (the regional admin and BPJS)",
    operation_id=operation("endings_list"),
)
@paginate
def endings_list(request: HttpRequest) -> object:
    return endings_file_list(scope=scope_for_user(request.user))


@router.post(
    "/enrolments/endings",
    response={201: EndingsOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Make a regency's non-aktif list: every membership ended since its previous list",
    operation_id=operation("endings_create"),
)
def endings_create(request: HttpRequest, payload: EndingsIn) -> Status[EndingsFile]:
    scope = scope_for_user(request.user)
    made = endings_file_create(
        actor=caller(request), scope=scope, region=region_named(payload.region_code, "region_code")
    )
    return Status(201, made)


@router.get(
    "/enrolments/endings/{int:file_id}/file",
    response={403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    openapi_extra=binary(XLSX, "the non-aktif list for BPJS"),
    summary="A non-aktif list as a workbook: full NIKs, so its purpose is recorded",
    operation_id=operation("endings_file"),
)
def endings_file(request: HttpRequest, file_id: int, purpose: Query[Purpose]) -> HttpResponse:
    scope = scope_for_user(request.user)
    found = endings_file_get(scope=scope, file_id=file_id)
    content = endings_xlsx(actor=caller(request), scope=scope, endings=found, purpose=purpose)
    return download(content, XLSX, f"{found.number}.xlsx")
