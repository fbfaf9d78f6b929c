"""`/api/v1/enrolments/batches` and `/enrolments/confirmations`: the exchange with BPJS."""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.inputs import saved_upload
from lindungi.api.schemas import ErrorOut, Id
from lindungi.core.masking import mask_nik
from lindungi.programs.api.common import PDF, XLSX, Purpose, binary, caller, download, operation
from lindungi.programs.exchange.confirmations import ConfirmationResult, confirmations_import
from lindungi.programs.exchange.handover import handover_pdf
from lindungi.programs.exchange.registration import registration_xlsx
from lindungi.programs.models import SubmissionBatch
from lindungi.programs.selectors import (
    batch_get,
    batch_list,
    enrolment_list,
    program_get,
    sponsor_get,
    status_counts,
)
from lindungi.programs.services.batches import batch_create

router = Router(tags=["programs"])


class BatchOut(Schema):
    id: int
    number: str
    program_id: int
    program_name: str
    region_code: str
    created_by: str | None
    created_at: dt.datetime
    enrolment_count: int

    @staticmethod
    def resolve_program_name(batch: SubmissionBatch) -> str:
        return batch.program.name

    @staticmethod
    def resolve_region_code(batch: SubmissionBatch) -> str:
        return batch.region_id

    @staticmethod
    def resolve_created_by(batch: SubmissionBatch) -> str | None:
        return batch.created_by.username if batch.created_by else None


class BatchDetailOut(BatchOut):
    by_status: dict[str, int] = Field({}, description="its enrolments by status")


class BatchIn(Schema):
    program_id: Id
    sponsor_id: Id | None = Field(None, description="only this sponsor's verified enrolments")


class UnmatchedOut(Schema):
    line: int
    nik: str
    reason: str

    @staticmethod
    def resolve_nik(row: dict[str, Any]) -> str:
        return mask_nik(str(row["nik"]))


class ConfirmationOut(Schema):
    activated: int
    rejected: int
    unmatched: list[UnmatchedOut]
    total_rows: int


@router.get(
    "/enrolments/batches",
    response=list[BatchOut],
    summary="Batches sent to BPJS (the regional admin and BPJS)",
    operation_id=operation("batches_list"),
)
@paginate
def batches_list(request: HttpRequest) -> object:
    return batch_list(scope=scope_for_user(request.user))


@router.post(
    "/enrolments/batches",
    response={201: BatchOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Put the verified enrolments of a program (or of one sponsor) in a batch for BPJS",
    operation_id=operation("batches_create"),
)
def batches_create(request: HttpRequest, payload: BatchIn) -> Status[SubmissionBatch]:
    scope = scope_for_user(request.user)
    program = program_get(scope=scope, program_id=payload.program_id)
    sponsor = (
        sponsor_get(scope=scope, sponsor_id=payload.sponsor_id) if payload.sponsor_id else None
    )
    batch = batch_create(actor=caller(request), scope=scope, program=program, sponsor=sponsor)
    return Status(201, batch_get(scope=scope, batch_id=batch.pk))


@router.get(
    "/enrolments/batches/{int:batch_id}",
    response={200: BatchDetailOut, 404: ErrorOut},
    summary="One batch",
    operation_id=operation("batches_get"),
)
def batches_get(request: HttpRequest, batch_id: int) -> BatchDetailOut:
    scope = scope_for_user(request.user)
    batch = batch_get(scope=scope, batch_id=batch_id)
    detail = BatchDetailOut.from_orm(batch)
    detail.by_status = status_counts(enrolment_list(scope=scope).filter(batch=batch))
    return detail


@router.get(
    "/enrolments/batches/{int:batch_id}/file",
    response={403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    openapi_extra=binary(XLSX, "BPJS's collective-registration workbook"),
    summary="The batch's registration file for BPJS: full NIKs, so its purpose is recorded",
    operation_id=operation("batches_file"),
)
def batches_file(
    request: HttpRequest,
    batch_id: int,
    purpose: Query[Purpose],
) -> HttpResponse:
    scope = scope_for_user(request.user)
    batch = batch_get(scope=scope, batch_id=batch_id)
    content = registration_xlsx(actor=caller(request), scope=scope, batch=batch, purpose=purpose)
    return download(content, XLSX, f"{batch.number}.xlsx")


@router.get(
    "/enrolments/batches/{int:batch_id}/handover",
    response={403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    openapi_extra=binary(PDF, "Berita Acara Serah Terima Data, to sign"),
    summary="The batch's handover statement (PDF)",
    operation_id=operation("batches_handover"),
)
def batches_handover(request: HttpRequest, batch_id: int) -> HttpResponse:
    scope = scope_for_user(request.user)
    batch = batch_get(scope=scope, batch_id=batch_id)
    content = handover_pdf(actor=caller(request), scope=scope, batch=batch)
    return download(content, PDF, f"berita-acara-{batch.number}.pdf")


@router.post(
    "/enrolments/confirmations",
    response={200: ConfirmationOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Import BPJS's answer to a batch (CSV or XLSX): KPJs activate, rejections release",
    operation_id=operation("confirmations_upload"),
)
def confirmations_upload(request: HttpRequest, file: File[UploadedFile]) -> ConfirmationResult:
    with saved_upload(file, default_name="konfirmasi.csv") as path:
        return confirmations_import(
            actor=caller(request), scope=scope_for_user(request.user), path=path
        )
