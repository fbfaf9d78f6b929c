"""`/api/v1/tpp-deductions`: the civil servants' TPP deductions of an agency, for its finance office
(BPKAD)."""

import datetime as dt
from dataclasses import asdict
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Router, Schema

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.inputs import month as parse_month
from lindungi.api.schemas import ErrorOut
from lindungi.billing.api.common import PDF, XLSX, Month, actor_of
from lindungi.billing.exports import tpp_pdf, tpp_xlsx
from lindungi.billing.permissions import tpp_checked
from lindungi.billing.selectors.tpp import TppList, tpp_agency_get, tpp_deductions

router = Router(tags=["billing"])


class TppRowOut(Schema):
    sponsor_id: int
    nip: str
    name: str
    workers: int
    amount: int


class TppOut(Schema):
    agency_id: int
    agency_name: str
    month: dt.date
    rows: list[TppRowOut]
    total: int = Field(description="equals what the civil servants' bills ask for the month")
    workers: int


def _tpp_out(deductions: TppList) -> TppOut:
    return TppOut(
        agency_id=deductions.agency.pk,
        agency_name=deductions.agency.name,
        month=deductions.month,
        rows=[TppRowOut(**asdict(row)) for row in deductions.rows],
        total=deductions.total,
        workers=deductions.workers,
    )


def _this_month() -> str:
    return timezone.localdate().strftime("%Y-%m")


@router.get(
    "/tpp-deductions",
    operation_id="lindungi_api_billing_tpp_list",
    response={200: TppOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="The month's TPP deductions of an agency's civil servants (the agency operator, the "
    "regional admin)",
)
def tpp_list(request: HttpRequest, agency_id: int, month: Month | None = None) -> TppOut:
    scope = scope_for_user(request.user)
    tpp_checked(scope)
    agency = tpp_agency_get(scope=scope, agency_id=agency_id)
    return _tpp_out(
        tpp_deductions(scope=scope, agency=agency, month=parse_month(month or _this_month()))
    )


@router.get(
    "/tpp-deductions/file",
    operation_id="lindungi_api_billing_tpp_file",
    response={403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    openapi_extra={
        "responses": {
            200: {
                "description": "the list for the BPKAD, in Indonesian (recorded)",
                "content": {
                    content_type: {"schema": {"type": "string", "format": "binary"}}
                    for content_type in (XLSX, PDF)
                },
            }
        }
    },
    summary="The month's TPP deductions of an agency as a workbook or a PDF to sign",
)
def tpp_file(
    request: HttpRequest,
    agency_id: int,
    month: Month | None = None,
    format: Literal["xlsx", "pdf"] = "xlsx",
) -> HttpResponse:
    scope = scope_for_user(request.user)
    tpp_checked(scope)
    agency = tpp_agency_get(scope=scope, agency_id=agency_id)
    first = parse_month(month or _this_month())
    export, content_type = (tpp_pdf, PDF) if format == "pdf" else (tpp_xlsx, XLSX)
    content = export(actor=actor_of(request), scope=scope, agency=agency, month=first)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="potongan-tpp-{agency.code}-{first:%Y-%m}.{format}"'
    )
    return response
