"""BPJS's answer to the batches it was sent: who is now a member (with a KPJ and the date the
protection starts) and who was rejected, and why (docs/bpjs-exchange.md).

Set-wise from end to end: the file is read into Polars and every rule checked column-wise; if a
row breaks one, nothing is written and the message names the line, the column and the rule.
Otherwise the rows go into a temporary staging table (COPY on PostgreSQL, executemany on SQLite),
are matched to the SENT enrolments the importer sees with one `INSERT … SELECT`, and applied with
one `UPDATE … FROM` per outcome, in one transaction with one audit event.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindungi.accounts.models import User
from lindungi.core.audit import Action, audit_record
from lindungi.core.bulk import copy_rows
from lindungi.core.errors import PermissionDenied, ValidationFailed
from lindungi.core.masking import mask_nik
from lindungi.core.scopes import Scope
from lindungi.core.tabular import read_table
from lindungi.programs.exchange import handles_batches
from lindungi.programs.models import EnrolmentStatus
from lindungi.programs.selectors import enrolment_list
from lindungi.workers.importing.columns import normalise_header
from lindungi.workers.importing.messages import RULES as WORKER_RULES
from lindungi.workers.importing.validation import date_of

FIELDS = ("nik", "kpj", "start_date", "reason", "note", "status")
# Normalised header (lower case, words joined by "_") -> field; Indonesian and English.
ALIASES: dict[str, str] = {
    **dict.fromkeys(
        ["nik", "no_nik", "nomor_nik", "no_ktp", "nomor_ktp", "nomor_induk_kependudukan"], "nik"
    ),
    **dict.fromkeys(
        [
            "kpj",
            "no_kpj",
            "nomor_kpj",
            "kpj_number",
            "no_peserta",
            "nomor_peserta",
            "no_kepesertaan",
            "nomor_kepesertaan",
            "membership_number",
            "member_number",
        ],
        "kpj",
    ),
    **dict.fromkeys(
        [
            "tanggal_efektif",
            "tgl_efektif",
            "tanggal_mulai",
            "tgl_mulai",
            "tanggal_kepesertaan",
            "tgl_kepesertaan",
            "tmt",
            "start_date",
            "effective_date",
        ],
        "start_date",
    ),
    **dict.fromkeys(
        [
            "alasan",
            "alasan_tolak",
            "alasan_ditolak",
            "alasan_penolakan",
            "reason",
            "rejection_reason",
            "rejected_reason",
        ],
        "reason",
    ),
    **dict.fromkeys(["keterangan", "ket", "catatan", "note", "notes", "remarks"], "note"),
    **dict.fromkeys(["status", "status_kepesertaan", "hasil"], "status"),
}
# Words BPJS writes in a status column for an accepted or a rejected registration.
ACCEPTED = r"^(AKTIF|DITERIMA|BERHASIL|SUKSES|TERDAFTAR|ACTIVE|ACCEPTED|OK)\b"
REJECTED = r"^(DITOLAK|TOLAK|GAGAL|REJECTED|REJECT)\b"
RULES = {
    "required": WORKER_RULES["required"],
    "nik_length": WORKER_RULES["nik_length"],
    "nik_digits": WORKER_RULES["nik_digits"],
    "duplicate_in_file": WORKER_RULES["duplicate_in_file"],
    "date_format": WORKER_RULES["date_format"],
    "kpj_format": gettext_lazy("a KPJ has 8 to 16 digits and nothing else"),
    "kpj_repeated": gettext_lazy(
        "this KPJ already appears on an earlier line of the file, for another NIK"
    ),
    "kpj_taken": gettext_lazy("this KPJ belongs to another worker's enrolment"),
    "start_required": gettext_lazy("must be filled in when the row has a KPJ"),
    "outcome_missing": gettext_lazy(
        "give either the KPJ and its start date, or the reason BPJS rejected the row"
    ),
    "accepted_without_kpj": gettext_lazy("the row says it was accepted but has no KPJ"),
    "rejected_with_kpj": gettext_lazy("the row has a KPJ but says it was rejected"),
}
STAGING = "lindungi_confirmation_staging"
MATCHED = "lindungi_confirmation_matched"
SHOWN_PROBLEMS = 20


@dataclass(frozen=True)
class ConfirmationResult:
    """What an import did: enrolments activated and rejected, and the rows that matched no
    enrolment sent to BPJS in the importer's area (line, masked NIK, reason)."""

    activated: int
    rejected: int
    unmatched: list[dict[str, Any]]
    total_rows: int


def confirmations_import(*, actor: User | None, scope: Scope, path: Path) -> ConfirmationResult:
    """Apply BPJS's answer file (CSV or XLSX). A row with a KPJ and its start date activates the
    worker's SENT enrolment (status ACTIVE, `kpj`, `bpjs_start_date`); a row with a rejection
    reason and no KPJ rejects it (`rejected_reason`; its months are free again). Any broken rule
    (NIK of 16 digits, KPJ of 8 to 16 digits, a readable date, one row per NIK, a KPJ held by no
    other worker): nothing is written. Rows that match no SENT enrolment in the importer's area
    come back as `unmatched`. Only the regional admin and BPJS officers import."""
    if not (handles_batches(scope) and scope.can_write):
        raise PermissionDenied(_("Only the regional admin or BPJS imports BPJS's confirmations"))
    raw = read_table(path)
    headers = _mapped(raw)
    rows = _checked(raw.select(pl.col(h).alias(f) for h, f in headers.items()), headers)
    with transaction.atomic():
        _stage(rows)
        taken = _kpjs_taken()
        if taken:
            _problems_raise(
                pl.DataFrame(
                    {
                        "line": taken,
                        "field": ["kpj"] * len(taken),
                        "rule": ["kpj_taken"] * len(taken),
                    }
                ),
                headers,
            )
        activated, rejected = _apply(scope)
        unmatched = _unmatched(scope)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {MATCHED}")
            cursor.execute(f"DROP TABLE {STAGING}")
        result = ConfirmationResult(
            activated=activated, rejected=rejected, unmatched=unmatched, total_rows=rows.height
        )
        audit_record(
            actor=actor,
            action=Action.ENROLMENT_CONFIRM,
            object_type="file",
            object_id=path.name[:64],
            region_code=scope.region_codes[0] if scope.region_codes else "",
            details={
                "rows": rows.height,
                "activated": activated,
                "rejected": rejected,
                "unmatched": len(unmatched),
            },
        )
    return result


# --- reading and checking (Polars) --------------------------------------------------------


def _mapped(raw: pl.DataFrame) -> dict[str, str]:
    """The file's header -> field, first match wins; refuse a file that cannot be an answer."""
    mapped: dict[str, str] = {}
    for header in raw.columns:
        field = ALIASES.get(normalise_header(header))
        if field and field not in mapped.values():
            mapped[header] = field
    found = set(mapped.values())
    columns = ", ".join(raw.columns[:20])
    if "nik" not in found:
        raise ValidationFailed(
            _("No NIK column found. Columns in the file: %(columns)s") % {"columns": columns},
            field="nik",
        )
    if not found & {"kpj", "reason", "note", "status"}:
        raise ValidationFailed(
            _(
                "No KPJ column and no column with BPJS's reason (keterangan, alasan) found. "
                "Columns in the file: %(columns)s"
            )
            % {"columns": columns},
            field="kpj",
        )
    if "kpj" in found and "start_date" not in found:
        raise ValidationFailed(
            _(
                "The file has a KPJ column but no start date column (tanggal efektif, "
                "tgl_mulai or start_date). Columns in the file: %(columns)s"
            )
            % {"columns": columns},
            field="start_date",
        )
    if raw.height == 0:
        raise ValidationFailed(_("The file has no rows"), field="file")
    return mapped


def _checked(frame: pl.DataFrame, headers: dict[str, str]) -> pl.DataFrame:
    """Normalised rows (line, nik, kpj, start_date, reason), or ValidationFailed naming every
    broken rule. Lines are numbered as the user sees them: the header is line 1."""
    frame = frame.with_row_index("line", offset=2)
    for name in FIELDS:
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit("").alias(name))
    text = {name: pl.col(name).cast(pl.String).fill_null("").str.strip_chars() for name in FIELDS}
    frame = frame.select(
        pl.col("line").cast(pl.Int64),
        # A leading apostrophe is how people keep Excel from turning numbers into numbers.
        nik=text["nik"].str.replace_all(r"^'|[\s.\-]", ""),
        kpj=text["kpj"].str.replace_all(r"^'|[\s.\-]", ""),
        start_text=text["start_date"],
        start_date=date_of(text["start_date"]),
        reason=pl.coalesce(
            *[pl.when(text[name] != "").then(text[name]) for name in ("reason", "note", "status")],
            pl.lit(""),
        ).str.replace_all(r"\s+", " "),
        said=pl.concat_str(text["status"], text["note"], separator=" ")
        .str.strip_chars()
        .str.to_uppercase(),
    )
    frame = frame.with_columns(
        nik_ok=pl.col("nik").str.contains(r"^[0-9]{16}$"),
        nik_first=pl.col("line").min().over("nik"),
        kpj_first=pl.when(pl.col("kpj") != "").then(pl.col("line").min().over("kpj")),
        kpj_first_nik=pl.when(pl.col("kpj") != "").then(pl.col("nik").first().over("kpj")),
    )
    has_kpj = pl.col("kpj") != ""
    checks: list[tuple[str, str, pl.Expr]] = [
        ("nik", "required", pl.col("nik") == ""),
        ("nik", "nik_length", (pl.col("nik") != "") & (pl.col("nik").str.len_chars() != 16)),
        (
            "nik",
            "nik_digits",
            (pl.col("nik").str.len_chars() == 16) & ~pl.col("nik").str.contains(r"^[0-9]+$"),
        ),
        ("nik", "duplicate_in_file", pl.col("nik_ok") & (pl.col("line") != pl.col("nik_first"))),
        ("kpj", "kpj_format", has_kpj & ~pl.col("kpj").str.contains(r"^[0-9]{8,16}$")),
        (
            "kpj",
            "kpj_repeated",
            has_kpj
            & (pl.col("line") != pl.col("kpj_first"))
            & (pl.col("nik") != pl.col("kpj_first_nik")),
        ),
        ("start_date", "start_required", has_kpj & (pl.col("start_text") == "")),
        (
            "start_date",
            "date_format",
            (pl.col("start_text") != "") & pl.col("start_date").is_null(),
        ),
        (
            "kpj" if "kpj" in headers.values() else "reason",
            "outcome_missing",
            ~has_kpj & (pl.col("reason") == ""),
        ),
        ("kpj", "accepted_without_kpj", ~has_kpj & pl.col("said").str.contains(ACCEPTED)),
        (
            "status" if "status" in headers.values() else "note",
            "rejected_with_kpj",
            has_kpj & pl.col("said").str.contains(REJECTED),
        ),
    ]
    problems = pl.concat(
        [
            frame.filter(broken).select("line", field=pl.lit(field), rule=pl.lit(rule))
            for field, rule, broken in checks
        ]
    )
    if problems.height:
        _problems_raise(problems, headers)
    return frame.select(
        "line",
        "nik",
        "kpj",
        "start_date",
        reason=pl.when(pl.col("kpj") == "").then(pl.col("reason").str.slice(0, 300)),
    )


def _problems_raise(problems: pl.DataFrame, headers: dict[str, str]) -> None:
    """Nothing is written: say which line, which column (as the file names it), which rule."""
    column_of = {field: header for header, field in headers.items()}
    column_of.setdefault("reason", column_of.get("note", column_of.get("status", "")))
    problems = problems.sort("line", "field")
    listed = [
        _("line %(line)s, column %(column)s: %(rule)s")
        % {
            "line": line,
            "column": f"“{column_of.get(field) or field}”",
            "rule": RULES[rule],
        }
        for line, field, rule in problems.head(SHOWN_PROBLEMS).iter_rows()
    ]
    more = problems.height - len(listed)
    text = "; ".join(listed) + (" " + _("and %(count)s more") % {"count": more} if more > 0 else "")
    raise ValidationFailed(
        _("Nothing was written: the file breaks %(count)s rule(s). %(problems)s")
        % {"count": problems.height, "problems": text},
        field="file",
        problems=[
            {"line": line, "column": column_of.get(field) or field, "rule": rule}
            for line, field, rule in problems.head(1000).iter_rows()
        ],
    )


# --- matching and writing (SQL) -----------------------------------------------------------


def _stage(rows: pl.DataFrame) -> None:
    """The checked rows into a temporary table, by COPY on PostgreSQL and executemany on
    SQLite (their fastest ways in from Python)."""
    columns = ("line", "nik", "kpj", "start_date", "reason")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {MATCHED}")
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        cursor.execute(
            f"CREATE TEMP TABLE {STAGING} (line bigint PRIMARY KEY, nik varchar(16) NOT NULL, "
            "kpj varchar(16) NOT NULL, start_date date, reason varchar(300))"
        )
        cursor.execute(
            f"CREATE TEMP TABLE {MATCHED} (line bigint NOT NULL, enrolment_id bigint NOT NULL, "
            "kpj varchar(16) NOT NULL, start_date date, reason varchar(300))"
        )
        if connection.vendor == "postgresql":
            copy_rows(cursor, STAGING, rows.select(columns))
            cursor.execute(f"ANALYZE {STAGING}")
            return
        staged = rows.select(
            "line", "nik", "kpj", pl.col("start_date").dt.strftime("%Y-%m-%d"), "reason"
        )
        sql = f"INSERT INTO {STAGING} VALUES (%s, %s, %s, %s, %s)"  # noqa: S608
        for start in range(0, staged.height, 50_000):
            cursor.executemany(sql, staged.slice(start, 50_000).rows())
        cursor.execute(f"CREATE INDEX {STAGING}_kpj ON {STAGING} (kpj)")


def _kpjs_taken() -> list[int]:
    """Lines whose KPJ another worker's enrolment already holds (a KPJ is one person's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT s.line FROM {STAGING} s "  # noqa: S608
            "JOIN programs_enrolment e ON e.kpj = s.kpj "
            "JOIN workers_worker w ON w.id = e.worker_id "
            # Both sides non-empty, or SQLite pairs each enrolment without a KPJ with each
            # rejected row.
            "WHERE s.kpj <> '' AND e.kpj <> '' AND w.nik <> s.nik ORDER BY s.line"
        )
        return [line for (line,) in cursor.fetchall()]


def _apply(scope: Scope) -> tuple[int, int]:
    """Match each row to the worker's SENT enrolments the importer sees, then one UPDATE for
    the activations and one for the rejections. Returns (activated, rejected)."""
    visible, params = (
        enrolment_list(scope=scope, status=EnrolmentStatus.SENT)
        .order_by()
        .values("pk")
        .query.sql_with_params()
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {MATCHED} (line, enrolment_id, kpj, start_date, reason) "  # noqa: S608
            "SELECT s.line, e.id, s.kpj, s.start_date, s.reason "
            f"FROM {STAGING} s JOIN workers_worker w ON w.nik = s.nik "
            "JOIN programs_enrolment e ON e.worker_id = w.id "
            f"WHERE e.status = %s AND e.id IN ({visible})",
            [EnrolmentStatus.SENT, *params],
        )
        # What is left unmatched is looked up by line (without an index, SQLite compares
        # every staged line with every matched one).
        cursor.execute(f"CREATE INDEX {MATCHED}_line ON {MATCHED} (line)")
        cursor.execute(
            "UPDATE programs_enrolment AS e SET status = %s, kpj = m.kpj, "  # noqa: S608
            "bpjs_start_date = m.start_date, rejected_reason = '', updated_at = %s "
            f"FROM {MATCHED} m WHERE e.id = m.enrolment_id AND m.kpj <> '' AND e.status = %s",
            [EnrolmentStatus.ACTIVE, now, EnrolmentStatus.SENT],
        )
        activated = cursor.rowcount
        cursor.execute(
            "UPDATE programs_enrolment AS e SET status = %s, rejected_reason = m.reason, "  # noqa: S608
            f"updated_at = %s FROM {MATCHED} m "
            "WHERE e.id = m.enrolment_id AND m.kpj = '' AND e.status = %s",
            [EnrolmentStatus.REJECTED, now, EnrolmentStatus.SENT],
        )
        rejected = cursor.rowcount
    return activated, rejected


def _unmatched(scope: Scope) -> list[dict[str, Any]]:
    """Rows that matched no SENT enrolment, with why: the worker's enrolment the importer sees
    was already answered or is not sent yet; otherwise (an unknown NIK, or a worker outside the
    importer's area: the two look the same) none was sent."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.line, s.nik FROM {STAGING} s WHERE NOT EXISTS "  # noqa: S608
            f"(SELECT 1 FROM {MATCHED} m WHERE m.line = s.line) ORDER BY s.line"
        )
        lines = cursor.fetchall()
    statuses: dict[str, set[str]] = {}
    niks = [nik for _line, nik in lines]
    for start in range(0, len(niks), 1000):
        for nik, status in (
            enrolment_list(scope=scope)
            .filter(worker__nik__in=niks[start : start + 1000])
            .order_by()
            .values_list("worker__nik", "status")
            .distinct()
        ):
            statuses.setdefault(nik, set()).add(status)
    return [
        {"line": line, "nik": mask_nik(nik), "reason": _why(statuses.get(nik, set()))}
        for line, nik in lines
    ]


def _why(statuses: set[str]) -> str:
    if EnrolmentStatus.ACTIVE in statuses:
        return _("already active: BPJS's answer was imported before")
    if EnrolmentStatus.REJECTED in statuses:
        return _("already rejected: BPJS's answer was imported before")
    waiting = statuses & {
        EnrolmentStatus.DRAFT,
        EnrolmentStatus.SUBMITTED,
        EnrolmentStatus.VERIFIED,
    }
    if waiting:
        return _("not sent to BPJS yet (%(status)s)") % {
            "status": ", ".join(str(EnrolmentStatus(status).label) for status in sorted(waiting))
        }
    return _("no enrolment of this NIK was sent to BPJS in your area")
