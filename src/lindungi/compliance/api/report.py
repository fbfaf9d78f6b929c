"""`/api/v1/compliance/report`: the six-monthly Inpres 2/2021 report of a regency as a file."""

from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.schemas import ErrorOut
from lindungi.compliance.api.common import (
    NO_NUL,
    OPERATION_ID,
    PREFIX,
    XLSX,
    Year,
    actor_of,
    binary,
    region_named,
)
from lindungi.compliance.exports import inpres_report_pdf, inpres_report_xlsx

router = Router(tags=["compliance"])


@router.get(
    f"{PREFIX}/report",
    response={403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    openapi_extra=binary((XLSX, "application/pdf"), "the report as a file to download"),
    summary="The six-monthly Inpres 2/2021 report of a regency as XLSX or PDF (recorded)",
    operation_id=OPERATION_ID.format("report_file"),
)
def report_file(
    request: HttpRequest,
    year: Year,
    half: Annotated[int, Field(ge=1, le=2, description="1: January-June, 2: July-December")],
    format: Literal["xlsx", "pdf"] = "xlsx",
    region_code: Annotated[str, Field(max_length=20, pattern=NO_NUL)] = "",
) -> HttpResponse:
    scope = scope_for_user(request.user)
    region = region_named(request, region_code)
    write = inpres_report_xlsx if format == "xlsx" else inpres_report_pdf
    content = write(actor=actor_of(request), scope=scope, region=region, half=(year, half))
    response = HttpResponse(content, content_type=XLSX if format == "xlsx" else "application/pdf")
    filename = f"laporan-inpres-{region.code}-{year}-s{half}.{format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
