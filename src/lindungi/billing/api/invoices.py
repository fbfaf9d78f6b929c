"""`/api/v1/invoices`: bills and credit notes, with their lines (NIKs masked)."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.inputs import month as parse_month
from lindungi.api.schemas import ErrorOut
from lindungi.billing.api.common import Month
from lindungi.billing.models import Bill, BillKind, BillLine
from lindungi.billing.selectors.bills import bill_get, bill_lines, bill_list
from lindungi.core.masking import mask_nik
from lindungi.programs.selectors import sponsor_get

router = Router(tags=["billing"])


class InvoiceOut(Schema):
    id: int
    number: str
    kind: str = Field(description="regular (a bill) or credit (a credit note, negative total)")
    sponsor_id: int
    sponsor_name: str
    month: dt.date
    run_id: int
    issued_on: dt.date
    due_date: dt.date
    total: int
    paid: int = Field(description="allocated to it (a credit note: used)")
    open_amount: int = Field(description="still owed (a credit note: still to use)")

    @staticmethod
    def resolve_sponsor_name(bill: Bill) -> str:
        return bill.sponsor.name


class InvoiceLineOut(Schema):
    enrolment_id: int
    worker_name: str
    nik: str
    month: dt.date
    kind: str
    amount: int
    share_basis_points: int

    @staticmethod
    def resolve_worker_name(line: BillLine) -> str:
        return line.enrolment.worker.name

    @staticmethod
    def resolve_nik(line: BillLine) -> str:
        return mask_nik(line.enrolment.worker.nik)


class InvoiceDetailOut(InvoiceOut):
    lines: list[InvoiceLineOut]

    @staticmethod
    def resolve_lines(bill: Bill, context: dict[str, Any]) -> list[BillLine]:
        return list(context["lines"])  # read with their workers by `bill_lines`


@router.get(
    "/invoices",
    operation_id="lindungi_api_billing_invoices_list",
    response={200: list[InvoiceOut], 404: ErrorOut, 422: ErrorOut},
    summary="Bills and credit notes in your scope, newest month first; `open=true`: those "
    "not paid in full",
)
@paginate
def invoices_list(
    request: HttpRequest,
    sponsor_id: int | None = None,
    month: Month | None = None,
    kind: BillKind | None = None,
    open: bool | None = None,
) -> QuerySet[Bill]:
    scope = scope_for_user(request.user)
    return bill_list(
        scope=scope,
        sponsor=sponsor_get(scope=scope, sponsor_id=sponsor_id) if sponsor_id else None,
        month=parse_month(month) if month else None,
        kind=kind,
        is_open=open,
    )


@router.get(
    "/invoices/{int:bill_id}",
    operation_id="lindungi_api_billing_invoices_get",
    response={200: InvoiceDetailOut, 404: ErrorOut},
    summary="One bill or credit note, with its lines (NIKs masked)",
)
def invoices_get(request: HttpRequest, bill_id: int) -> InvoiceDetailOut:
    scope = scope_for_user(request.user)
    bill = bill_get(scope=scope, bill_id=bill_id)
    return InvoiceDetailOut.from_orm(bill, context={"lines": bill_lines(scope=scope, bill=bill)})
