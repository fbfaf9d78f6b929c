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
from django.utils.translation import gettext_lazy

from lindungi.accounts.models import User
from lindungi.billing.lapses import Resumed, resume_after_payments
from lindungi.billing.models import (
    BillKind,
    Channel,
    MismatchReason,
    PaymentStatement,
    StatementLine,
)
from lindungi.core import sql
from lindungi.core.audit import Action, audit_record
from lindungi.core.bulk import copy_rows
from lindungi.core.errors import Conflict, PermissionDenied, ValidationFailed
from lindungi.core.roles import Role
from lindungi.core.scopes import Scope
from lindungi.core.tabular import read_table
from lindungi.programs.selectors import sponsor_list
from lindungi.regions.models import Region
from lindungi.workers.importing.columns import normalise_header
from lindungi.workers.importing.messages import RULES as WORKER_RULES
from lindungi.workers.importing.validation import date_of

STATEMENT_ROLES = ("superuser", Role.ADMIN_PEMDA, Role.PETUGAS_BPJS)
FIELDS = ("reference", "amount", "paid_on")
# Normalised header (lower case, words joined by "_") -> field; Indonesian and English.
ALIASES: dict[str, str] = {
    **dict.fromkeys(
        [
            "reference",
            "ref",
            "referensi",
            "no_referensi",
            "nomor_referensi",
            "no_tagihan",
            "nomor_tagihan",
            "kode_tagihan",
            "tagihan",
            "bill",
            "bill_number",
            "bill_no",
            "invoice",
            "invoice_number",
            "no_invoice",
            "kode_bayar",
            "kode_pembayaran",
        ],
        "reference",
    ),
    **dict.fromkeys(
        [
            "amount",
            "jumlah",
            "jumlah_bayar",
            "jumlah_pembayaran",
            "jumlah_iuran",
            "nominal",
            "nilai",
            "iuran",
            "paid_amount",
            "amount_paid",
            "total",
            "total_bayar",
        ],
        "amount",
    ),
    **dict.fromkeys(
        [
            "date",
            "tanggal",
            "tgl",
            "tanggal_bayar",
            "tgl_bayar",
            "tanggal_pembayaran",
            "tgl_pembayaran",
            "tanggal_transaksi",
            "tgl_transaksi",
            "paid_on",
            "payment_date",
            "paid_date",
            "value_date",
            "transaction_date",
        ],
        "paid_on",
    ),
}
RULES = {
    "required": WORKER_RULES["required"],
    "date_format": WORKER_RULES["date_format"],
    "amount_format": gettext_lazy(
        "is not an amount in whole Rupiah above zero (e.g. 16800, 16.800 or Rp 16.800)"
    ),
    "date_future": gettext_lazy("is a date in the future"),
    "reference_length": gettext_lazy("is longer than 60 characters"),
}
STAGING = "billing_statement_staging"
CLASSIFIED = "billing_statement_classified"
SHOWN_PROBLEMS = 20
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


def statement_import(
    *, actor: User | None, scope: Scope, path: Path, today: date | None = None
) -> StatementResult:
    """Import a BPJS payment statement (CSV or XLSX) with a reference (the bill number), an
    amount and a date on each row, and reconcile it with the bills the importer sees. The same
    file is imported once. Only the regional admin and BPJS officers import statements."""
    if not (scope.role in STATEMENT_ROLES and scope.can_write):
        raise PermissionDenied(_("Only the regional admin or BPJS imports payment statements"))
    today = today or timezone.localdate()
    fingerprint = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
    raw = read_table(path)
    headers = _mapped(raw)
    rows = _checked(raw.select(pl.col(h).alias(f) for h, f in headers.items()), headers, today)
    with transaction.atomic():
        earlier = PaymentStatement.objects.filter(sha256=fingerprint).first()
        if earlier is not None:
            raise Conflict(
                _("This statement was already imported on %(date)s (%(file)s)")
                % {
                    "date": date_format(timezone.localtime(earlier.imported_at), "j M Y"),
                    "file": earlier.filename,
                },
                field="file",
            )
        region_code = scope.region_codes[0] if scope.region_codes else ""
        statement = PaymentStatement.objects.create(
            filename=path.name[:255],
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


# --- reading and checking (Polars) --------------------------------------------------------


def _mapped(raw: pl.DataFrame) -> dict[str, str]:
    """The file's header -> field, first match wins; refuse a file without the three columns."""
    mapped: dict[str, str] = {}
    for header in raw.columns:
        target = ALIASES.get(normalise_header(header))
        if target and target not in mapped.values():
            mapped[header] = target
    missing = [name for name in FIELDS if name not in mapped.values()]
    if missing:
        wanted = {
            "reference": _("reference (no tagihan)"),
            "amount": _("amount (jumlah)"),
            "paid_on": _("date (tanggal)"),
        }
        raise ValidationFailed(
            _("The statement needs the columns %(missing)s. Columns in the file: %(columns)s")
            % {
                "missing": ", ".join(wanted[name] for name in missing),
                "columns": ", ".join(raw.columns[:20]),
            },
            field="file",
            missing=missing,
        )
    if raw.height == 0:
        raise ValidationFailed(_("The file has no rows"), field="file")
    return mapped


def _amount_of(text: pl.Expr) -> pl.Expr:
    """`16800`, `16.800`, `16,800`, `Rp 16.800`, `16800,00` -> 16800; anything else -> null
    (never a guess: `16.80` or `1.68` are not amounts in Rupiah)."""
    cleaned = text.str.to_uppercase().str.replace(r"^RP\.?\s*", "").str.replace_all(r"\s", "")
    cleaned = cleaned.str.replace(r"[.,]00$", "")
    whole = (
        cleaned.str.contains(r"^[0-9]{1,15}$")
        | cleaned.str.contains(r"^[0-9]{1,3}(\.[0-9]{3})+$")
        | cleaned.str.contains(r"^[0-9]{1,3}(,[0-9]{3})+$")
    )
    return pl.when(whole).then(cleaned.str.replace_all(r"[.,]", "").cast(pl.Int64, strict=False))


def _checked(frame: pl.DataFrame, headers: dict[str, str], today: date) -> pl.DataFrame:
    """Rows (line, reference, amount, paid_on, duplicate), or ValidationFailed naming every
    broken rule. Lines are numbered as the user sees them: the header is line 1."""
    frame = frame.with_row_index("line", offset=2)
    text = {name: pl.col(name).cast(pl.String).fill_null("").str.strip_chars() for name in FIELDS}
    frame = frame.select(
        pl.col("line").cast(pl.Int64),
        reference=text["reference"]
        .str.replace(r"^'", "")
        .str.replace_all(r"\s", "")
        .str.to_uppercase(),
        amount_text=text["amount"],
        amount=_amount_of(text["amount"]),
        date_text=text["paid_on"],
        paid_on=date_of(text["paid_on"]),
    )
    checks: list[tuple[str, str, pl.Expr]] = [
        ("reference", "required", pl.col("reference") == ""),
        ("reference", "reference_length", pl.col("reference").str.len_chars() > 60),
        ("amount", "required", pl.col("amount_text") == ""),
        (
            "amount",
            "amount_format",
            (pl.col("amount_text") != "") & (pl.col("amount").is_null() | (pl.col("amount") <= 0)),
        ),
        ("paid_on", "required", pl.col("date_text") == ""),
        (
            "paid_on",
            "date_format",
            (pl.col("date_text") != "") & pl.col("paid_on").is_null(),
        ),
        ("paid_on", "date_future", pl.col("paid_on") > pl.lit(today)),
    ]
    problems = pl.concat(
        [
            frame.filter(broken).select("line", field=pl.lit(name), rule=pl.lit(rule))
            for name, rule, broken in checks
        ]
    )
    if problems.height:
        _problems_raise(problems, headers)
    return frame.select(
        "line",
        "reference",
        "amount",
        "paid_on",
        duplicate=pl.col("line") != pl.col("line").min().over("reference"),
    )


def _problems_raise(problems: pl.DataFrame, headers: dict[str, str]) -> None:
    """Nothing is written: say which line, which column (as the file names it), which rule."""
    column_of = {name: header for header, name in headers.items()}
    problems = problems.sort("line", "field")
    listed = [
        _("line %(line)s, column %(column)s: %(rule)s")
        % {"line": line, "column": f"“{column_of.get(name, name)}”", "rule": RULES[rule]}
        for line, name, rule in problems.head(SHOWN_PROBLEMS).iter_rows()
    ]
    more = problems.height - len(listed)
    text = "; ".join(listed) + (" " + _("and %(count)s more") % {"count": more} if more > 0 else "")
    raise ValidationFailed(
        _("Nothing was written: the file breaks %(count)s rule(s). %(problems)s")
        % {"count": problems.height, "problems": text},
        field="file",
        problems=[
            {"line": line, "column": column_of.get(name, name), "rule": rule}
            for line, name, rule in problems.head(1000).iter_rows()
        ],
    )


# --- matching and writing (SQL) -----------------------------------------------------------


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
