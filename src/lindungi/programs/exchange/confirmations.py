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

from lindungi.accounts.models import User
from lindungi.core.audit import Action, audit_record
from lindungi.core.bulk import copy_rows
from lindungi.core.errors import PermissionDenied
from lindungi.core.imports import import_recorded
from lindungi.core.masking import mask_nik
from lindungi.core.scopes import Scope
from lindungi.core.tabular import file_refused, read_table
from lindungi.programs.exchange.confirmation_file import RULES, checked, columns_named, mapped
from lindungi.programs.models import EnrolmentStatus
from lindungi.programs.permissions import may_send_batches
from lindungi.programs.selectors import enrolment_list

STAGING = "lindungi_confirmation_staging"
MATCHED = "lindungi_confirmation_matched"


@dataclass(frozen=True)
class ConfirmationResult:
    """What an import did: enrolments activated and rejected, and the rows that matched no
    enrolment sent to BPJS in the importer's area (line, masked NIK, reason)."""

    activated: int
    rejected: int
    unmatched: list[dict[str, Any]]
    total_rows: int


IMPORT_KIND = "konfirmasi-bpjs"  # its records on the list of imports


def confirmations_import(
    *, actor: User | None, scope: Scope, path: Path, name: str | None = None
) -> ConfirmationResult:
    """Apply BPJS's answer file (CSV or XLSX). A row with a KPJ and its start date activates the
    worker's SENT enrolment (status ACTIVE, `kpj`, `bpjs_start_date`); a row with a rejection
    reason and no KPJ rejects it (`rejected_reason`; its months are free again). Any broken rule
    (NIK of 16 digits, KPJ of 8 to 16 digits, a readable date, one row per NIK, a KPJ held by no
    other worker): nothing is written. Rows that match no SENT enrolment in the importer's area
    come back as `unmatched`. Only the regional admin and BPJS officers import."""
    if not may_send_batches(scope):
        raise PermissionDenied(
            _("Only the regional admin or BPJS imports BPJS's confirmations"),
            code="batch.not_handler",
        )
    with import_recorded(kind=IMPORT_KIND, name=name or path.name, actor=actor, scope=scope) as log:
        result = _imported(actor=actor, scope=scope, path=path, name=name)
        log.rows = result.total_rows
        log.created = result.activated + result.rejected
        log.refused = len(result.unmatched)
    return result


def _imported(
    *, actor: User | None, scope: Scope, path: Path, name: str | None
) -> ConfirmationResult:
    raw = read_table(path, name=name)
    headers = mapped(raw)
    rows = checked(raw.select(pl.col(h).alias(f) for h, f in headers.items()), headers)
    with transaction.atomic():
        _stage(rows)
        taken = _kpjs_taken()
        if taken:
            raise file_refused(
                pl.DataFrame(
                    {
                        "line": taken,
                        "field": ["kpj"] * len(taken),
                        "rule": ["kpj_taken"] * len(taken),
                    }
                ),
                columns=columns_named(headers),
                rules=RULES,
                code="confirmation.file_rules_broken",
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
