"""`/api/v1/billing`, `/invoices`, `/payments` and `/tpp-deductions`: what sponsors are billed,
what they paid, BPJS's payment statements and the civil servants' TPP deductions, within the
caller's scope (docs/billing.md)."""

import datetime as dt
from dataclasses import asdict
from typing import Annotated, Any, Literal, cast

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.api.inputs import month as parse_month
from lindungi.api.inputs import saved_upload
from lindungi.api.schemas import MAX_MONEY, ErrorOut, Id
from lindungi.billing.exports import tpp_pdf, tpp_xlsx
from lindungi.billing.models import (
    Allocation,
    Bill,
    BillingRun,
    BillKind,
    BillLine,
    Channel,
    MismatchReason,
    Payment,
    PaymentStatement,
    StatementLine,
)
from lindungi.billing.permissions import tpp_checked
from lindungi.billing.selectors import (
    Account,
    Overdue,
    TppList,
    bill_get,
    bill_lines,
    bill_list,
    expiring_enrolments,
    overdue_sponsors,
    payment_allocations,
    payment_get,
    payment_list,
    run_get,
    run_list,
    sponsor_account,
    statement_get,
    statement_list,
    statement_unmatched,
    tpp_agency_get,
    tpp_deductions,
)
from lindungi.billing.services import (
    PaymentAlreadyRecorded,
    Resumed,
    billing_run,
    payment_record,
    payment_review,
    statement_import,
)
from lindungi.core.errors import NotFound, ValidationFailed
from lindungi.core.masking import mask_nik
from lindungi.programs.models import Enrolment
from lindungi.programs.selectors import sponsor_get
from lindungi.regions.models import Region
from lindungi.regions.selectors import region_get

router = Router(tags=["billing"])

# Unmatched statement lines shown per request (`lines_offset` pages through the rest).
LINES_PAGE = 500
Month = Annotated[
    str,
    Field(
        pattern=r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$",
        description="YYYY-MM, or any date of the month (YYYY-MM-DD)",
    ),
]
# Dates far outside the programs' years are typing errors (and would overflow month sums).
Day = Annotated[dt.date, Field(ge=dt.date(2000, 1, 1), le=dt.date(2100, 12, 31))]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def _actor(request: HttpRequest) -> User:
    """The caller: every route of the API is authenticated (`AUTH`)."""
    return cast(User, request.user)


def _region(code: str | None) -> Region:
    """The region a request names; an unknown code is invalid input (422), not a 404."""
    try:
        return region_get(code=code or "")
    except NotFound as error:
        raise ValidationFailed(
            _("Unknown region: %(code)s") % {"code": code or "-"}, field="region_code"
        ) from error


# Billing runs


class RunOut(Schema):
    id: int
    region_code: str
    region_name: str
    month: dt.date
    kind: str
    months_ahead: int
    started_by: str | None
    started_at: dt.datetime
    finished_at: dt.datetime | None
    bills: int
    lines: int
    enrolments: int
    amount: int

    @staticmethod
    def resolve_region_code(run: BillingRun) -> str:
        return run.region_id

    @staticmethod
    def resolve_region_name(run: BillingRun) -> str:
        return run.region.name

    @staticmethod
    def resolve_started_by(run: BillingRun) -> str | None:
        return run.started_by.username if run.started_by else None


class RunIn(Schema):
    region_code: str | None = Field(
        None, max_length=20, description="a regency or city (a province: superusers); default yours"
    )
    month: Month
    months_ahead: Literal[1, 3, 6, 12] = Field(
        1, description="prepayment: bill this month and the next ones on one bill"
    )
    sponsor_id: Id | None = Field(None, description="bill only this sponsor's enrolments")


@router.get(
    "/billing/runs",
    response=list[RunOut],
    summary="Billing runs of your region (the regency's officers and BPJS)",
)
@paginate
def runs_list(request: HttpRequest) -> QuerySet[BillingRun]:
    return run_list(scope=scope_for_user(request.user))


@router.post(
    "/billing/runs",
    response={201: RunOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Bill a month (or 3, 6 or 12 months ahead) to a region's sponsors (regional admin)",
)
def runs_create(request: HttpRequest, payload: RunIn) -> Status[BillingRun]:
    scope = scope_for_user(request.user)
    region = _region(payload.region_code or getattr(request.user, "region_id", None))
    month = parse_month(payload.month)
    sponsor = (
        sponsor_get(scope=scope, sponsor_id=payload.sponsor_id) if payload.sponsor_id else None
    )
    run = billing_run(
        actor=_actor(request),
        scope=scope,
        region=region,
        month=month,
        months_ahead=payload.months_ahead,
        sponsor=sponsor,
    )
    return Status(201, run_get(scope=scope, run_id=run.pk))


@router.get(
    "/billing/runs/{int:run_id}", response={200: RunOut, 404: ErrorOut}, summary="One billing run"
)
def runs_get(request: HttpRequest, run_id: int) -> BillingRun:
    return run_get(scope=scope_for_user(request.user), run_id=run_id)


# Invoices (bills and credit notes)


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
    response={200: InvoiceDetailOut, 404: ErrorOut},
    summary="One bill or credit note, with its lines (NIKs masked)",
)
def invoices_get(request: HttpRequest, bill_id: int) -> InvoiceDetailOut:
    scope = scope_for_user(request.user)
    bill = bill_get(scope=scope, bill_id=bill_id)
    return InvoiceDetailOut.from_orm(bill, context={"lines": bill_lines(scope=scope, bill=bill)})


# Payments


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


class ResumedOut(Schema):
    """Lapsed enrolments the payment started again, each a new enrolment from its month."""

    count: int = 0
    enrolment_ids: list[int] = []
    first_months: list[dt.date] = []


class PaymentRecordedOut(PaymentDetailOut):
    resumed: ResumedOut

    @staticmethod
    def resolve_resumed(payment: Payment, context: dict[str, Any]) -> ResumedOut:
        return _resumed(context["resumed"])


class PaymentIn(Schema):
    sponsor_id: Id
    amount: int = Field(ge=1, le=MAX_MONEY, description="whole Rupiah")
    paid_on: Day = Field(description="the day the money was paid (not in the future)")
    channel: Channel
    reference: str = Field("", max_length=60, description="the bank's or BPJS's reference")


def _resumed(resumed: Resumed) -> ResumedOut:
    return ResumedOut(
        count=resumed.count,
        enrolment_ids=list(resumed.enrolment_ids),
        first_months=list(resumed.first_months),
    )


@router.get(
    "/payments",
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
            actor=_actor(request),
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
        actor=_actor(request),
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


# Statements: under /payments, before /payments/{payment_id} could take their name.


class StatementOut(Schema):
    id: int
    filename: str
    region_code: str | None
    imported_by: str | None
    imported_at: dt.datetime
    rows: int
    matched: int
    unmatched: int
    matched_amount: int

    @staticmethod
    def resolve_region_code(statement: PaymentStatement) -> str | None:
        return statement.region_id

    @staticmethod
    def resolve_imported_by(statement: PaymentStatement) -> str | None:
        return statement.imported_by.username if statement.imported_by else None


class StatementLineOut(Schema):
    line: int = Field(description="as in the file: the header is line 1")
    reference: str
    amount: int
    paid_on: dt.date
    reason: str
    reason_text: str
    bill_id: int | None

    @staticmethod
    def resolve_reason_text(line: StatementLine) -> str:
        return str(MismatchReason(line.reason).label)


class StatementDetailOut(StatementOut):
    unmatched_lines: list[StatementLineOut] = Field(
        description=f"the rows left for a human, {LINES_PAGE} at a time (`lines_offset`)"
    )

    @staticmethod
    def resolve_unmatched_lines(
        statement: PaymentStatement, context: dict[str, Any]
    ) -> list[StatementLine]:
        return list(context["lines"])


class StatementImportedOut(StatementDetailOut):
    resumed: ResumedOut

    @staticmethod
    def resolve_resumed(statement: PaymentStatement, context: dict[str, Any]) -> ResumedOut:
        return _resumed(context["resumed"])


@router.get(
    "/payments/statements",
    response=list[StatementOut],
    summary="BPJS payment statements imported in your region (the regency's officers and BPJS)",
)
@paginate
def statements_list(request: HttpRequest) -> QuerySet[PaymentStatement]:
    return statement_list(scope=scope_for_user(request.user)).select_related("region")


@router.post(
    "/payments/statements",
    response={201: StatementImportedOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Import a BPJS payment statement (CSV or XLSX): rows naming a bill and what it "
    "still owes become its payments, the rest are kept with their reasons",
)
def statements_upload(
    request: HttpRequest, file: File[UploadedFile]
) -> Status[StatementImportedOut]:
    scope = scope_for_user(request.user)
    with saved_upload(file, default_name="statement.csv") as path:
        result = statement_import(actor=_actor(request), scope=scope, path=path)
    statement = statement_get(scope=scope, statement_id=result.statement.pk)
    lines = statement_unmatched(scope=scope, statement=statement)[:LINES_PAGE]
    return Status(
        201,
        StatementImportedOut.from_orm(
            statement, context={"lines": lines, "resumed": result.resumed}
        ),
    )


@router.get(
    "/payments/statements/{int:statement_id}",
    response={200: StatementDetailOut, 404: ErrorOut},
    summary="One payment statement, with its unmatched rows and their reasons",
)
def statements_get(
    request: HttpRequest,
    statement_id: int,
    lines_offset: Annotated[int, Field(ge=0, le=100_000_000)] = 0,
) -> StatementDetailOut:
    scope = scope_for_user(request.user)
    statement = statement_get(scope=scope, statement_id=statement_id)
    lines = statement_unmatched(scope=scope, statement=statement)
    return StatementDetailOut.from_orm(
        statement, context={"lines": lines[lines_offset : lines_offset + LINES_PAGE]}
    )


@router.get(
    "/payments/{int:payment_id}",
    response={200: PaymentDetailOut, 404: ErrorOut},
    summary="One payment, with the bills it was applied to",
)
def payments_get(request: HttpRequest, payment_id: int) -> PaymentDetailOut:
    return _payment_detail(scope_for_user(request.user), payment_id)


# TPP deductions of civil servants, for the finance office (BPKAD)


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
    content = export(actor=_actor(request), scope=scope, agency=agency, month=first)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="potongan-tpp-{agency.code}-{first:%Y-%m}.{format}"'
    )
    return response


# What needs attention


class OverdueOut(Schema):
    sponsor_id: int
    sponsor_name: str
    region_code: str
    bills: int
    owed: int
    oldest_due: dt.date
    workers: int

    @staticmethod
    def resolve_sponsor_id(item: Overdue) -> int:
        return item.sponsor.pk

    @staticmethod
    def resolve_sponsor_name(item: Overdue) -> str:
        return item.sponsor.name

    @staticmethod
    def resolve_region_code(item: Overdue) -> str:
        return item.sponsor.region_id


class ExpiringOut(Schema):
    id: int
    worker_id: int
    worker_name: str
    nik: str
    program_id: int
    program_name: str
    sponsor_id: int
    sponsor_name: str
    first_month: dt.date
    last_month: dt.date

    @staticmethod
    def resolve_worker_name(enrolment: Enrolment) -> str:
        return enrolment.worker.name

    @staticmethod
    def resolve_nik(enrolment: Enrolment) -> str:
        return mask_nik(enrolment.worker.nik)

    @staticmethod
    def resolve_program_name(enrolment: Enrolment) -> str:
        return enrolment.program.name

    @staticmethod
    def resolve_sponsor_name(enrolment: Enrolment) -> str:
        return enrolment.sponsor.name


class AccountOut(Schema):
    sponsor_id: int
    sponsor_name: str
    billed: int
    credited: int
    paid: int
    open: int = Field(description="still owed on its bills")
    unallocated: int = Field(description="paid and not yet applied to a bill")
    unused_credit: int
    held: int = Field(0, description="paid and waiting for a second officer's confirmation")


@router.get(
    "/billing/overdue",
    response=list[OverdueOut],
    summary="Sponsors with bills past their due date, the most overdue first",
)
@paginate
def overdue_list(request: HttpRequest) -> list[Overdue]:
    return overdue_sponsors(scope=scope_for_user(request.user))


@router.get(
    "/billing/expiring",
    response=list[ExpiringOut],
    summary="Active enrolments whose sponsored period ends soon and that nothing continues yet",
)
@paginate
def expiring_list(
    request: HttpRequest, within_days: Annotated[int, Field(ge=1, le=366)] = 60
) -> QuerySet[Enrolment]:
    return expiring_enrolments(scope=scope_for_user(request.user), within_days=within_days)


@router.get(
    "/sponsors/{int:sponsor_id}/account",
    response={200: AccountOut, 404: ErrorOut},
    summary="A sponsor's account: billed, credited, paid, still open",
)
def sponsors_account(request: HttpRequest, sponsor_id: int) -> AccountOut:
    scope = scope_for_user(request.user)
    sponsor = sponsor_get(scope=scope, sponsor_id=sponsor_id)
    account: Account = sponsor_account(scope=scope, sponsor=sponsor)
    return AccountOut(sponsor_id=sponsor.pk, sponsor_name=sponsor.name, **asdict(account))
