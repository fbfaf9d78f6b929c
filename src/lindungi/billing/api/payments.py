"""`/api/v1/payments`: payments of sponsors, recording one and a second officer's review of a held
one."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.schemas import MAX_MONEY, ErrorOut, Id
from lindungi.billing.api.common import Day, ResumedOut, actor_of, resumed_out
from lindungi.billing.models import Allocation, Channel, Payment
from lindungi.billing.selectors.payments import payment_allocations, payment_get, payment_list
from lindungi.billing.services.payments import (
    PaymentAlreadyRecorded,
    payment_record,
    payment_review,
)
from lindungi.programs.selectors import sponsor_get

router = Router(tags=["billing"])


class AllocationOut(Schema):
    bill_id: int
    bill_number: str
    bill_month: dt.date
    amount: int

    @staticmethod
    def resolve_bill_number(allocation: Allocation) -> str:
        return allocation.bill.number

    @staticmethod
    def resolve_bill_month(allocation: Allocation) -> dt.date:
        return allocation.bill.month


class PaymentOut(Schema):
    id: int
    sponsor_id: int
    sponsor_name: str
    amount: int
    allocated: int
    unallocated: int = Field(description="waits for the sponsor's next bill")
    paid_on: dt.date
    channel: str
    reference: str
    recorded_by: str | None
    recorded_at: dt.datetime
    statement_id: int | None
    line: int | None = Field(description="the statement's line it came from")
    status: str = Field(
        description="counted; pending: above what the sponsor's bills make plausible, it "
        "counts once a second officer confirms it; refused"
    )
    plausible_up_to: int | None = Field(description="the bound a held payment exceeded")
    reviewed_by: str | None
    reviewed_at: dt.datetime | None
    review_note: str

    @staticmethod
    def resolve_reviewed_by(payment: Payment) -> str | None:
        return payment.reviewed_by.username if payment.reviewed_by else None

    @staticmethod
    def resolve_sponsor_name(payment: Payment) -> str:
        return payment.sponsor.name

    @staticmethod
    def resolve_unallocated(payment: Payment) -> int:
        return payment.amount - payment.allocated

    @staticmethod
    def resolve_recorded_by(payment: Payment) -> str | None:
        return payment.recorded_by.username if payment.recorded_by else None


class PaymentDetailOut(PaymentOut):
    allocations: list[AllocationOut]

    @staticmethod
    def resolve_allocations(payment: Payment, context: dict[str, Any]) -> list[Allocation]:
        return list(context["allocations"])  # read with their bills by `payment_allocations`


class PaymentRecordedOut(PaymentDetailOut):
    resumed: ResumedOut

    @staticmethod
    def resolve_resumed(payment: Payment, context: dict[str, Any]) -> ResumedOut:
        return resumed_out(context["resumed"])


class PaymentIn(Schema):
    sponsor_id: Id
    amount: int = Field(ge=1, le=MAX_MONEY, description="whole Rupiah")
    paid_on: Day = Field(description="the day the money was paid (not in the future)")
    channel: Channel
    reference: str = Field("", max_length=60, description="the bank's or BPJS's reference")


@router.get(
    "/payments",
    operation_id="lindungi_api_billing_payments_list",
    response={200: list[PaymentOut], 404: ErrorOut},
    summary="Payments in your scope, newest first",
)
@paginate
def payments_list(request: HttpRequest, sponsor_id: int | None = None) -> QuerySet[Payment]:
    scope = scope_for_user(request.user)
    sponsor = sponsor_get(scope=scope, sponsor_id=sponsor_id) if sponsor_id else None
    return payment_list(scope=scope, sponsor=sponsor).select_related("recorded_by", "reviewed_by")


def _payment_detail(scope: Any, payment_id: int) -> PaymentDetailOut:
    payment = payment_get(scope=scope, payment_id=payment_id)
    allocations = payment_allocations(scope=scope, payment=payment)
    return PaymentDetailOut.from_orm(payment, context={"allocations": allocations})


@router.post(
    "/payments",
    operation_id="lindungi_api_billing_payments_create",
    response={201: PaymentRecordedOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Record a sponsor's payment: applied to its oldest open bills first "
    "(the regional admin and BPJS). Above what the sponsor's bills make plausible it is held "
    "(`status` pending) until a second officer confirms it; the same channel and reference "
    "twice answers 409 with the payment recorded (`details.payment`)",
)
def payments_create(
    request: HttpRequest, payload: PaymentIn
) -> Status[PaymentRecordedOut] | Status[ErrorOut]:
    scope = scope_for_user(request.user)
    sponsor = sponsor_get(scope=scope, sponsor_id=payload.sponsor_id)
    try:
        result = payment_record(
            actor=actor_of(request),
            scope=scope,
            sponsor=sponsor,
            amount=payload.amount,
            paid_on=payload.paid_on,
            channel=payload.channel,
            reference=payload.reference,
        )
    except PaymentAlreadyRecorded as error:
        existing = _payment_detail(scope, error.details["payment"])
        return Status(
            409,
            ErrorOut(
                code=error.code,
                message=error.message,
                details={"field": "reference", "payment": existing.model_dump(mode="json")},
            ),
        )
    payment = payment_get(scope=scope, payment_id=result.payment.pk)
    allocations = payment_allocations(scope=scope, payment=payment)
    return Status(
        201,
        PaymentRecordedOut.from_orm(
            payment, context={"allocations": allocations, "resumed": result.resumed}
        ),
    )


class PaymentReviewIn(Schema):
    confirm: bool = Field(description="true: the payment counts; false: refused, with a reason")
    reason: str = Field("", max_length=300, pattern=r"^[^\x00]*$", description="to refuse")


@router.post(
    "/payments/{int:payment_id}/review",
    operation_id="lindungi_api_billing_payments_review",
    response={200: PaymentRecordedOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="A second officer (not the one who recorded it) confirms a held payment, which "
    "then counts, or refuses it with a reason (the regional admin and BPJS)",
)
def payments_review(
    request: HttpRequest, payment_id: int, payload: PaymentReviewIn
) -> PaymentRecordedOut:
    scope = scope_for_user(request.user)
    payment = payment_get(scope=scope, payment_id=payment_id)
    result = payment_review(
        actor=actor_of(request),
        scope=scope,
        payment=payment,
        confirm=payload.confirm,
        reason=payload.reason,
    )
    payment = payment_get(scope=scope, payment_id=result.payment.pk)
    allocations = payment_allocations(scope=scope, payment=payment)
    return PaymentRecordedOut.from_orm(
        payment, context={"allocations": allocations, "resumed": result.resumed}
    )


@router.get(
    "/payments/{int:payment_id}",
    operation_id="lindungi_api_billing_payments_get",
    response={200: PaymentDetailOut, 404: ErrorOut},
    summary="One payment, with the bills it was applied to",
)
def payments_get(request: HttpRequest, payment_id: int) -> PaymentDetailOut:
    return _payment_detail(scope_for_user(request.user), payment_id)
