"""`/api/v1/payments/statements`: BPJS payment statements, imported and reconciled with the
bills."""

import datetime as dt
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.inputs import saved_upload
from lindungi.api.schemas import ErrorOut
from lindungi.billing.api.common import ResumedOut, actor_of, resumed_out
from lindungi.billing.models import LineOutcome, MismatchReason, PaymentStatement, StatementLine
from lindungi.billing.selectors.payments import (
    statement_get,
    statement_lines_unresolved_count,
    statement_list,
    statement_unmatched,
)
from lindungi.billing.services.statements import statement_import, statement_line_resolve

router = Router(tags=["billing"])


# Unmatched statement lines shown per request (`lines_offset` pages through the rest).
LINES_PAGE = 500


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
    outcome: str = Field(description="allocated, refund, not_ours; empty while unresolved")
    resolution: str = Field(description="why it was resolved so")
    allocated_to: str | None = Field(description="the number of the bill it was allocated to")
    resolved_by: str | None
    resolved_at: dt.datetime | None

    @staticmethod
    def resolve_reason_text(line: StatementLine) -> str:
        return str(MismatchReason(line.reason).label)

    @staticmethod
    def resolve_allocated_to(line: StatementLine) -> str | None:
        return line.allocated_to.number if line.allocated_to else None

    @staticmethod
    def resolve_resolved_by(line: StatementLine) -> str | None:
        return line.resolved_by.username if line.resolved_by else None


class StatementLineResolveIn(Schema):
    outcome: LineOutcome
    reason: str = Field(min_length=1, max_length=300)
    bill_number: str = Field("", max_length=60, description="required for `allocated`")


class StatementLineResolvedOut(StatementLineOut):
    payment_id: int | None = Field(description="the payment the line became (allocated)")
    allocated: int | None = Field(description="how much of it went to open bills")
    resumed: ResumedOut | None

    @staticmethod
    def resolve_payment_id(line: StatementLine, context: dict[str, Any]) -> int | None:
        done = context["done"]
        return done.payment.payment.pk if done.payment else None

    @staticmethod
    def resolve_allocated(line: StatementLine, context: dict[str, Any]) -> int | None:
        done = context["done"]
        return done.payment.allocated if done.payment else None

    @staticmethod
    def resolve_resumed(line: StatementLine, context: dict[str, Any]) -> ResumedOut | None:
        done = context["done"]
        return resumed_out(done.payment.resumed) if done.payment else None


class OpenLinesOut(Schema):
    count: int = Field(description="statement lines in your area that wait for a human")


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
        return resumed_out(context["resumed"])


@router.get(
    "/payments/statements",
    operation_id="lindungi_api_billing_statements_list",
    response=list[StatementOut],
    summary="BPJS payment statements imported in your region (the regency's officers and BPJS)",
)
@paginate
def statements_list(request: HttpRequest) -> QuerySet[PaymentStatement]:
    return statement_list(scope=scope_for_user(request.user)).select_related("region")


@router.post(
    "/payments/statements",
    operation_id="lindungi_api_billing_statements_upload",
    response={201: StatementImportedOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Import a BPJS payment statement (CSV or XLSX): rows naming a bill and what it "
    "still owes become its payments, the rest are kept with their reasons",
)
def statements_upload(
    request: HttpRequest, file: File[UploadedFile]
) -> Status[StatementImportedOut]:
    scope = scope_for_user(request.user)
    with saved_upload(file, default_name="statement.csv") as path:
        result = statement_import(actor=actor_of(request), scope=scope, path=path)
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
    operation_id="lindungi_api_billing_statements_get",
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
    "/payments/statements/lines/open",
    operation_id="lindungi_api_billing_statement_lines_open",
    response=OpenLinesOut,
    summary="How many statement lines that matched no bill wait for a human in your area",
)
def statement_lines_open(request: HttpRequest) -> OpenLinesOut:
    return OpenLinesOut(count=statement_lines_unresolved_count(scope=scope_for_user(request.user)))


@router.post(
    "/payments/statements/{int:statement_id}/lines/{int:line}/resolve",
    operation_id="lindungi_api_billing_statement_lines_resolve",
    response={
        200: StatementLineResolvedOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    summary="Resolve a statement line that matched no bill, once, with a reason: allocate it "
    "to a bill (it becomes a payment of that bill's sponsor), record it as a refund, or as "
    "not ours",
)
def statement_lines_resolve(
    request: HttpRequest, statement_id: int, line: int, payload: StatementLineResolveIn
) -> StatementLineResolvedOut:
    done = statement_line_resolve(
        actor=actor_of(request),
        scope=scope_for_user(request.user),
        statement_id=statement_id,
        line=line,
        outcome=payload.outcome,
        reason=payload.reason,
        bill_number=payload.bill_number,
    )
    return StatementLineResolvedOut.from_orm(done.line, context={"done": done})
