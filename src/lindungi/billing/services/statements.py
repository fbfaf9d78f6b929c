"""BPJS payment statements (rekening koran / laporan pembayaran): read, checked, and reconciled
with the bills automatically (docs/billing.md).

A row matches when its reference is the number of a bill the importer sees AND its amount is
exactly what that bill still owes; it becomes a payment allocated to that bill. Every other row
is kept as an unmatched statement line with its reason, for a human. A file that breaks a
format rule is refused whole, naming line, column and rule; nothing is half-written.

Set-wise: Polars checks the columns; the rows go to a temporary staging table (COPY on
PostgreSQL, executemany on SQLite) and every later step is one `INSERT … SELECT` or `UPDATE`.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.billing.lapses import Resumed, resume_after_payments
from lindungi.billing.models import (
    BillKind,
    Channel,
    LineOutcome,
    MismatchReason,
    Payment,
    PaymentStatement,
    PaymentStatus,
    StatementLine,
)
from lindungi.billing.permissions import may_import_statements, may_resolve_statement_lines
from lindungi.billing.selectors.bills import bill_list
from lindungi.billing.selectors.payments import plausible_payment_for, statement_line_get
from lindungi.billing.services.payments import PaymentResult, count_payment
from lindungi.billing.statement_format import checked_rows, mapped_columns
from lindungi.core import sql
from lindungi.core.audit import Action, audit_record
from lindungi.core.bulk import copy_rows
from lindungi.core.errors import (
    Conflict,
    InvalidState,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from lindungi.core.imports import file_name_kept, import_recorded
from lindungi.core.money import format_rupiah
from lindungi.core.scopes import Scope
from lindungi.core.tabular import read_table
from lindungi.programs.models import Sponsor
from lindungi.programs.selectors import sponsor_list
from lindungi.regions.models import Region

STAGING = "billing_statement_staging"
CLASSIFIED = "billing_statement_classified"
SHOWN_UNMATCHED = 200


@dataclass(frozen=True)
class StatementResult:
    """What an import did: rows matched (each now a payment of its bill) and the rest with
    their reasons (the first `SHOWN_UNMATCHED`; all are kept as statement lines)."""

    statement: PaymentStatement
    matched: int
    unmatched: int
    matched_amount: int
    unmatched_lines: list[dict[str, Any]] = field(default_factory=list)
    resumed: Resumed = field(default_factory=Resumed)


IMPORT_KIND = "rekening-koran"  # its records on the list of imports


def statement_import(
    *,
    actor: User | None,
    scope: Scope,
    path: Path,
    today: date | None = None,
    name: str | None = None,
) -> StatementResult:
    """Import a BPJS payment statement (CSV or XLSX) with a reference (the bill number), an
    amount and a date on each row, and reconcile it with the bills the importer sees. The same
    file is imported once. Only the regional admin and BPJS officers import statements."""
    if not may_import_statements(scope):
        raise PermissionDenied(
            _("Only the regional admin or BPJS imports payment statements"),
            code="statement.not_allowed",
        )
    with import_recorded(kind=IMPORT_KIND, name=name or path.name, actor=actor, scope=scope) as log:
        result = _imported(actor=actor, scope=scope, path=path, today=today, name=name)
        log.rows = result.statement.rows
        log.created, log.refused = result.matched, result.unmatched
        log.object_id = str(result.statement.pk)
    return result


def _imported(
    *, actor: User | None, scope: Scope, path: Path, today: date | None, name: str | None
) -> StatementResult:
    today = today or timezone.localdate()
    fingerprint = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    raw = read_table(path, name=name)
    headers = mapped_columns(raw)
    rows = checked_rows(raw.select(pl.col(h).alias(f) for h, f in headers.items()), headers, today)
    with transaction.atomic():
        earlier = PaymentStatement.objects.filter(sha256=fingerprint).first()
        if earlier is not None:
            raise Conflict(
                _("This statement was already imported on %(date)s (%(file)s)")
                % {
                    "date": date_format(timezone.localtime(earlier.imported_at), "j M Y"),
                    "file": earlier.filename,
                },
                code="statement.already_imported",
                field="file",
            )
        region_code = scope.region_codes[0] if scope.region_codes else ""
        statement = PaymentStatement.objects.create(
            filename=file_name_kept(name or path.name),
            sha256=fingerprint,
            region=Region.objects.filter(code=region_code).first(),
            imported_by=actor,
            imported_at=timezone.now(),
            rows=rows.height,
        )
        sql.without_jit()
        with connection.cursor() as cursor:
            _stage(cursor, rows)
            matched, matched_amount, unmatched = _reconcile(
                cursor, scope=scope, statement=statement
            )
            sql.drop(cursor, STAGING, CLASSIFIED)
        PaymentStatement.objects.filter(pk=statement.pk).update(
            matched=matched, unmatched=unmatched, matched_amount=matched_amount
        )
        statement.refresh_from_db()
        resumed = resume_after_payments(
            actor=actor,
            payments="SELECT id FROM billing_payment WHERE statement_id = %s",
            params=[statement.pk],
            today=today,
        )
        audit_record(
            actor=actor,
            action=Action.PAYMENT_STATEMENT,
            object_type="statement",
            object_id=statement.pk,
            region_code=region_code,
            details={
                "file": statement.filename,
                "rows": rows.height,
                "matched": matched,
                "matched_amount": matched_amount,
                "unmatched": unmatched,
                "resumed": resumed.count,
            },
        )
    unmatched_lines = [
        {
            "line": line.line,
            "reference": line.reference,
            "amount": line.amount,
            "paid_on": line.paid_on,
            "reason": line.reason,
            "reason_text": str(MismatchReason(line.reason).label),
        }
        for line in StatementLine.objects.filter(statement=statement).order_by("line")[
            :SHOWN_UNMATCHED
        ]
    ]
    return StatementResult(
        statement=statement,
        matched=matched,
        unmatched=unmatched,
        matched_amount=matched_amount,
        unmatched_lines=unmatched_lines,
        resumed=resumed,
    )


def _stage(cursor: Any, rows: pl.DataFrame) -> None:
    columns = ("line", "reference", "amount", "paid_on", "duplicate")
    sql.temp_table(
        cursor,
        STAGING,
        "line bigint PRIMARY KEY, reference varchar(60) NOT NULL, amount bigint NOT NULL, "
        "paid_on date NOT NULL, duplicate boolean NOT NULL",
    )
    if sql.is_postgres():
        copy_rows(cursor, STAGING, rows.select(columns))
        sql.analyze(cursor, STAGING)
        return
    staged = rows.select(
        "line", "reference", "amount", pl.col("paid_on").dt.strftime("%Y-%m-%d"), "duplicate"
    )
    for start in range(0, staged.height, 50_000):
        sql.insert_rows(cursor, STAGING, ", ".join(columns), staged.slice(start, 50_000).rows())
    cursor.execute(f"CREATE INDEX {STAGING}_reference ON {STAGING} (reference)")


def _reconcile(cursor: Any, *, scope: Scope, statement: PaymentStatement) -> tuple[int, int, int]:
    """Classify every staged row against the bills the importer sees; the matched ones become
    payments (of the statement, recorded by its importer) allocated to their bills, the others
    unmatched statement lines with their reason. Returns (matched, amount matched, unmatched)."""
    visible, visible_params = sql.queryset_sql(sponsor_list(scope=scope).order_by().values("pk"))
    named = f"SELECT b.id FROM billing_bill b JOIN {STAGING} t ON t.reference = b.number"  # noqa: S608
    # One writer per sponsor at a time (as payment_record): lock the sponsors of these bills.
    cursor.execute(
        f"SELECT id FROM programs_sponsor WHERE id IN (SELECT b.sponsor_id FROM billing_bill b "  # noqa: S608
        f"WHERE b.id IN ({named})) ORDER BY id" + (" FOR UPDATE" if sql.is_postgres() else "")
    )
    cursor.fetchall()
    sql.temp_table(
        cursor,
        CLASSIFIED,
        "line bigint PRIMARY KEY, reference varchar(60) NOT NULL, amount bigint NOT NULL, "
        "paid_on date NOT NULL, bill_id bigint, sponsor_id bigint, reason varchar(20)",
    )
    cursor.execute(
        f"INSERT INTO {CLASSIFIED} (line, reference, amount, paid_on, bill_id, sponsor_id, "  # noqa: S608
        "reason) SELECT t.line, t.reference, t.amount, t.paid_on, b.id, b.sponsor_id, "
        "CASE WHEN t.duplicate THEN %s WHEN b.id IS NULL THEN %s WHEN b.kind = %s THEN %s "
        "WHEN b.total <= COALESCE(p.paid, 0) THEN %s "
        "WHEN t.amount <> b.total - COALESCE(p.paid, 0) THEN %s END "
        f"FROM {STAGING} t LEFT JOIN billing_bill b ON b.number = t.reference "
        f"AND b.sponsor_id IN ({visible}) "
        "LEFT JOIN (SELECT bill_id, SUM(amount) AS paid FROM billing_allocation "
        f"WHERE bill_id IN ({named}) GROUP BY bill_id) p ON p.bill_id = b.id",
        [
            MismatchReason.DUPLICATE_IN_FILE,
            MismatchReason.UNKNOWN_REFERENCE,
            BillKind.CREDIT,
            MismatchReason.CREDIT_NOTE,
            MismatchReason.ALREADY_PAID,
            MismatchReason.AMOUNT_DIFFERS,
            *visible_params,
        ],
    )
    sql.analyze(cursor, CLASSIFIED)
    cursor.execute(
        "INSERT INTO billing_statementline (statement_id, line, reference, amount, paid_on, "  # noqa: S608
        "reason, bill_id, resolution) SELECT %s, line, reference, amount, paid_on, reason, "
        f"bill_id, '' FROM {CLASSIFIED} WHERE reason IS NOT NULL",
        [statement.pk],
    )
    unmatched = cursor.rowcount
    stamp = sql.now()
    cursor.execute(
        "INSERT INTO billing_payment (sponsor_id, amount, allocated, paid_on, channel, "  # noqa: S608
        "reference, recorded_by_id, recorded_at, statement_id, line, review_note) "
        "SELECT sponsor_id, amount, amount, paid_on, %s, reference, NULL, %s, %s, line, '' "
        f"FROM {CLASSIFIED} WHERE reason IS NULL ORDER BY line",
        [Channel.STATEMENT, stamp, statement.pk],
    )
    matched = cursor.rowcount
    cursor.execute(
        "INSERT INTO billing_allocation (bill_id, payment_id, credit_id, amount, created_at) "  # noqa: S608
        f"SELECT c.bill_id, p.id, NULL, p.amount, %s FROM {CLASSIFIED} c "
        "JOIN billing_payment p ON p.statement_id = %s AND p.line = c.line "
        "WHERE c.reason IS NULL",
        [stamp, statement.pk],
    )
    cursor.execute(
        f"SELECT COALESCE(SUM(amount), 0) FROM {CLASSIFIED} WHERE reason IS NULL"  # noqa: S608
    )
    (matched_amount,) = cursor.fetchone()
    return matched, int(matched_amount), unmatched


RESOLVED_ACTIONS = {
    LineOutcome.ALLOCATED: Action.STATEMENT_LINE_ALLOCATE,
    LineOutcome.REFUND: Action.STATEMENT_LINE_REFUND,
    LineOutcome.NOT_OURS: Action.STATEMENT_LINE_NOT_OURS,
}


@dataclass(frozen=True)
class LineResolved:
    """A statement line resolved, and for one allocated to a bill the payment it became."""

    line: StatementLine
    payment: PaymentResult | None = None


@transaction.atomic
def statement_line_resolve(
    *,
    actor: User | None,
    scope: Scope,
    statement_id: int,
    line: int,
    outcome: str,
    reason: str,
    bill_number: str = "",
    today: date | None = None,
) -> LineResolved:
    """A human resolves a statement line that matched no bill, once, with a reason:

    - ALLOCATED to a bill (`bill_number`, a regular bill the resolver sees that still owes
      something): the line becomes a payment of that bill's sponsor naming the statement and
      its line, applied first to that bill up to what it owes, the rest spread like any
      payment (`payments.count_payment`); a line above what the sponsor's bills make
      plausible (`rules.plausible_payment`) is refused: record it as a refund;
    - REFUND: the money goes back to whoever paid it (BPJS returns it);
    - NOT_OURS: the row belongs to another region or scheme.

    Those who import statements resolve their lines (`may_resolve_statement_lines`); a line
    the resolver does not see is NotFound; one resolved already InvalidState."""
    found = statement_line_get(scope=scope, statement_id=statement_id, line=line)
    if not may_resolve_statement_lines(scope):
        raise PermissionDenied(
            _("Only the regional admin or BPJS resolves statement lines"),
            code="statement_line.not_allowed",
        )
    if outcome not in LineOutcome.values:
        raise ValidationFailed(
            _("Choose how the line is resolved: allocated, refund or not ours"),
            code="statement_line.outcome_unknown",
            field="outcome",
        )
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationFailed(
            _("Say why the line is resolved this way"),
            code="statement_line.reason_missing",
            field="reason",
        )
    if len(reason) > 300:
        raise ValidationFailed(
            _("The reason has at most 300 characters"),
            code="statement_line.reason_too_long",
            field="reason",
        )
    today = today or timezone.localdate()
    bill = None
    if outcome == LineOutcome.ALLOCATED:
        bill = _bill_named(scope, bill_number)
        # One writer per sponsor at a time (as payment_record), then the line itself.
        Sponsor.objects.select_for_update().filter(pk=bill.sponsor_id).first()
    found = StatementLine.objects.select_for_update().get(pk=found.pk)
    if found.resolved_at is not None:
        raise InvalidState(
            _("This statement line was already resolved"),
            code="statement_line.resolved",
            outcome=found.outcome,
        )
    payment = None
    if bill is not None:
        payment = _allocated(actor, scope, found, bill.pk, today)
    found.outcome = outcome
    found.resolution = reason
    found.resolved_by = actor
    found.resolved_at = timezone.now()
    found.allocated_to_id = bill.pk if bill is not None else None
    found.save(
        update_fields=["outcome", "resolution", "resolved_by", "resolved_at", "allocated_to"]
    )
    audit_record(
        actor=actor,
        action=RESOLVED_ACTIONS[LineOutcome(outcome)],
        object_type="statement",
        object_id=found.statement_id,
        region_code=found.statement.region_id or "",
        details={
            "line": found.line,
            "reference": found.reference,
            "amount": found.amount,
            "amount_text": format_rupiah(found.amount),
            "mismatch": found.reason,
            "outcome": outcome,
            "reason": reason,
            "bill": bill.number if bill is not None else None,
            "payment": payment.payment.pk if payment is not None else None,
            "allocated": payment.allocated if payment is not None else None,
            "resumed": payment.resumed.count if payment is not None else None,
        },
    )
    return LineResolved(line=found, payment=payment)


def _bill_named(scope: Scope, number: str) -> Any:
    number = number.strip()
    if not number:
        raise ValidationFailed(
            _("Name the bill the line pays"), code="statement_line.bill_missing", field="bill"
        )
    bill = bill_list(scope=scope).filter(number=number).first()
    if bill is None:
        raise NotFound(
            _("No bill %(number)s in your area") % {"number": number[:60]},
            code="statement_line.bill_not_found",
            field="bill",
        )
    if bill.kind != BillKind.REGULAR:
        raise ValidationFailed(
            _("%(number)s is a credit note, not a bill") % {"number": bill.number},
            code="statement_line.credit_note",
            field="bill",
        )
    return bill


def _allocated(
    actor: User | None, scope: Scope, line: StatementLine, bill_id: int, today: date
) -> PaymentResult:
    """The line as a counted payment of the bill's sponsor, applied to the bill first up to
    what it still owes (read under the sponsor's lock, which the caller holds)."""
    bill = bill_list(scope=scope).get(pk=bill_id)
    owed = bill.total - int(bill.paid)  # type: ignore[attr-defined]
    if owed <= 0:
        raise InvalidState(
            _("Bill %(number)s is paid already: record the line as a refund")
            % {"number": bill.number},
            code="statement_line.bill_paid",
            field="bill",
        )
    bound = plausible_payment_for(sponsor=bill.sponsor)
    if line.amount > bound:
        raise ValidationFailed(
            _(
                "%(amount)s is more than %(sponsor)s's bills make plausible (%(bound)s): "
                "record the line as a refund"
            )
            % {
                "amount": format_rupiah(line.amount),
                "sponsor": bill.sponsor.name,
                "bound": format_rupiah(bound),
            },
            code="statement_line.implausible",
            field="bill",
            plausible_up_to=bound,
        )
    payment = Payment.objects.create(
        sponsor_id=bill.sponsor_id,
        amount=line.amount,
        paid_on=line.paid_on,
        channel=Channel.STATEMENT,
        reference=line.reference,
        recorded_by=actor,
        recorded_at=timezone.now(),
        statement_id=line.statement_id,
        line=line.line,
        status=PaymentStatus.COUNTED,
    )
    return count_payment(actor, payment, today, first=(bill.pk, min(line.amount, owed)))
