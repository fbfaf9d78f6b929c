"""The set-wise core of a coverage snapshot, with no permission checks (the service checks).

Protected in month M (the one definition, shared by the snapshot and the benchmark's check):
an enrolment BPJS accepted, ACTIVE, or since ENDED or LAPSED, whose months `first_month …
last_month` include M. Ending and lapsing cut `last_month` back to the last month held
(programs.services.enrolment_end, billing.lapses), so an ended or lapsed enrolment still counts
for the months it held. The one exception: an enrolment that lapsed without ever being paid keeps
its first month only formally (billing.rules.lapsed_last_month; the charge is credited), and is
not counted for it. Drafts, submissions not yet accepted, rejections and cancellations never
count. One worker is never held twice in a month (the programs' exclusion constraint), so
counting enrolments counts workers.

The steps, each one SQL statement over a set:
  1. count the protected workers of each village not frozen yet, by category and sponsor kind,
     into a temporary table, and write them as the village rows (with their three kinds of
     totals: all categories, all sponsor kinds, both);
  2. roll up every level above the village (district, regency, province, the country) from the
     stored village rows, by code prefix (`substr(code, 1, 5)` is the regency of a village);
  3. count each agency's civil servants and those who protect a worker.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper

from lindungi.billing.models import Lapse
from lindungi.core import sql
from lindungi.core.roles import Role
from lindungi.coverage.models import (
    LEVEL_CODE_LENGTH,
    NATIONAL,
    AgencySnapshot,
    CoverageSnapshot,
    SnapshotLevel,
)
from lindungi.programs.models import EnrolmentStatus, SponsorKind

COUNTS = "coverage_counts"
VILLAGE_ROWS = "coverage_village_rows"
SNAPSHOT = CoverageSnapshot._meta.db_table
AGENCY_SNAPSHOT = AgencySnapshot._meta.db_table
PROTECTED_STATUSES = (EnrolmentStatus.ACTIVE, EnrolmentStatus.ENDED, EnrolmentStatus.LAPSED)
ABOVE_VILLAGE = [level for level in SnapshotLevel if level != SnapshotLevel.VILLAGE]


def protected_in(alias: str, month: date) -> tuple[str, list[Any]]:
    """SQL: the enrolment `alias` protects its worker in `month` (see the module's docstring)."""
    return (
        f"{alias}.first_month <= %s AND {alias}.last_month >= %s "  # noqa: S608
        f"AND {alias}.status IN (%s, %s, %s) "
        f"AND NOT ({alias}.status = %s AND EXISTS (SELECT 1 FROM {Lapse._meta.db_table} lp "
        f"WHERE lp.enrolment_id = {alias}.id AND lp.oldest_unpaid_month <= %s))",
        [
            sql.day(month),
            sql.day(month),
            *PROTECTED_STATUSES,
            EnrolmentStatus.LAPSED,
            sql.day(month),
        ],
    )


def within(column: str, code: str) -> tuple[str, list[Any]]:
    """SQL: `column` is the region `code` or below it; the whole country for ""."""
    if code == NATIONAL:
        return "1 = 1", []
    return sql.region_filter(column, code)


def _outside(column: str, codes: list[str]) -> tuple[str, list[Any]]:
    """SQL: `column` lies in none of the regions (frozen by an earlier run)."""
    if not codes:
        return "1 = 1", []
    parts = [within(column, code) for code in codes]
    return (
        "NOT (" + " OR ".join(part for part, _ in parts) + ")",
        [param for _, params in parts for param in params],
    )


@dataclass(frozen=True)
class Counted:
    villages: int
    protected: int
    rows: int


def count_villages(*, month: date, prefix: str, frozen: list[str]) -> Counted:
    """Step 1: the village rows of every village within `prefix` outside the `frozen` regions."""
    protected, protected_params = protected_in("e", month)
    inside, inside_params = within("w.village_id", prefix)
    outside, outside_params = _outside("w.village_id", frozen)
    with connection.cursor() as cursor:
        sql.temp_table(
            cursor,
            COUNTS,
            "village varchar(13) NOT NULL, category varchar(13) NOT NULL, "
            "kind varchar(10) NOT NULL, n bigint NOT NULL, amount bigint NOT NULL",
        )
        cursor.execute(
            f"INSERT INTO {COUNTS} (village, category, kind, n, amount) "  # noqa: S608
            "SELECT w.village_id, w.category, s.kind, COUNT(*), SUM(e.monthly_amount) "
            "FROM programs_enrolment e JOIN workers_worker w ON w.id = e.worker_id "
            "JOIN programs_sponsor s ON s.id = e.sponsor_id "
            f"WHERE {protected} AND {inside} AND {outside} "
            "GROUP BY w.village_id, w.category, s.kind",
            [*protected_params, *inside_params, *outside_params],
        )
        sql.analyze(cursor, COUNTS)
        cursor.execute(f"SELECT COUNT(DISTINCT village), COALESCE(SUM(n), 0) FROM {COUNTS}")  # noqa: S608
        villages, total = cursor.fetchone()
        rows = _insert_grouped(
            cursor,
            month=month,
            level=SnapshotLevel.VILLAGE,
            source=COUNTS,
            code="village",
            where="1 = 1",
            params=[],
        )
        sql.drop(cursor, COUNTS)
    return Counted(villages=int(villages), protected=int(total), rows=rows)


def _insert_grouped(
    cursor: CursorWrapper,
    *,
    month: date,
    level: str,
    source: str,
    code: str,
    where: str,
    params: list[Any],
) -> int:
    """Rows of `level` from granular village counts in `source`: each (category, sponsor kind)
    cell, and the totals over categories, over sponsor kinds and over both. `code` is the SQL
    of the region's code from a village's (`substr(village, 1, 5)` for its regency)."""
    head = f"SELECT %s, {code}, %s"
    tail = f"FROM {source} WHERE {where}"
    # The country's code is a constant, which PostgreSQL refuses in GROUP BY; without any
    # group, HAVING keeps an empty source from giving one row of NULLs.
    by_code = [] if code == "''" else [code]

    def grouped(*columns: str) -> str:
        keys = [*by_code, *columns]
        return f"GROUP BY {', '.join(keys)}" if keys else "HAVING COUNT(*) > 0"

    branches = [
        f"{head}, category, kind, SUM(n), SUM(amount) {tail} {grouped('category', 'kind')}",
        f"{head}, category, '', SUM(n), SUM(amount) {tail} {grouped('category')}",
        f"{head}, '', kind, SUM(n), SUM(amount) {tail} {grouped('kind')}",
        f"{head}, '', '', SUM(n), SUM(amount) {tail} {grouped()}",
    ]
    cursor.execute(
        f"INSERT INTO {SNAPSHOT} (month, region_code, level, category, sponsor_kind, "
        "protected, contributions) " + " UNION ALL ".join(branches),
        [sql.day(month), level, *params] * len(branches),
    )
    return max(int(cursor.rowcount), 0)


def roll_up(*, month: date, prefix: str, ancestors: bool) -> int:
    """Step 2: every row above the village level within `prefix` (and, when `ancestors`, the
    rows of the regions above `prefix` too) summed anew from the stored village rows."""
    top = NATIONAL if ancestors else prefix
    with connection.cursor() as cursor:
        _delete_above_village(cursor, month=month, prefix=prefix, ancestors=ancestors)
        sql.temp_table(
            cursor,
            VILLAGE_ROWS,
            "village varchar(13) NOT NULL, category varchar(13) NOT NULL, "
            "kind varchar(10) NOT NULL, n bigint NOT NULL, amount bigint NOT NULL",
        )
        inside, params = within("region_code", top)
        cursor.execute(
            f"INSERT INTO {VILLAGE_ROWS} (village, category, kind, n, amount) "  # noqa: S608
            "SELECT region_code, category, sponsor_kind, protected, contributions "
            f"FROM {SNAPSHOT} WHERE month = %s AND level = %s AND category <> '' "
            f"AND sponsor_kind <> '' AND {inside}",
            [sql.day(month), SnapshotLevel.VILLAGE, *params],
        )
        sql.analyze(cursor, VILLAGE_ROWS)
        rows = 0
        for level in ABOVE_VILLAGE:
            length = LEVEL_CODE_LENGTH[level]
            if length >= len(prefix):
                where, where_params = within("village", prefix)
            elif ancestors:
                where, where_params = within("village", prefix[:length])
            else:
                continue
            code = f"substr(village, 1, {length})" if length else "''"
            rows += _insert_grouped(
                cursor,
                month=month,
                level=level,
                source=VILLAGE_ROWS,
                code=code,
                where=where,
                params=where_params,
            )
        sql.drop(cursor, VILLAGE_ROWS)
    return rows


def _delete_above_village(
    cursor: CursorWrapper, *, month: date, prefix: str, ancestors: bool
) -> None:
    inside, params = within("region_code", prefix)
    codes = [prefix[:length] for length in LEVEL_CODE_LENGTH.values() if length < len(prefix)]
    if ancestors and codes:
        marks = ", ".join(["%s"] * len(codes))
        inside = f"({inside} OR region_code IN ({marks}))"
        params = [*params, *codes]
    cursor.execute(
        f"DELETE FROM {SNAPSHOT} WHERE month = %s AND level <> %s AND {inside}",  # noqa: S608
        [sql.day(month), SnapshotLevel.VILLAGE, *params],
    )


def delete_within(*, month: date, prefix: str) -> None:
    """Every snapshot row of the month within `prefix` (its own rows included): a forced run."""
    inside, params = within("region_code", prefix)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {SNAPSHOT} WHERE month = %s AND {inside}",  # noqa: S608
            [sql.day(month), *params],
        )
        cursor.execute(
            f"DELETE FROM {AGENCY_SNAPSHOT} WHERE month = %s AND {inside}",  # noqa: S608
            [sql.day(month), *params],
        )


def count_agencies(*, month: date, prefix: str, frozen: list[str]) -> int:
    """Step 3: for each agency of a regency within `prefix` outside the `frozen` regions, its
    active civil servants (users with the ASN role), how many of them protect a worker in the
    month (through their own ASN sponsorship) and how many workers they protect."""
    protected, protected_params = protected_in("e", month)
    inside, inside_params = within("a.region_id", prefix)
    outside, outside_params = _outside("a.region_id", frozen)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {AGENCY_SNAPSHOT} (month, agency_id, region_code, asn_count, "  # noqa: S608
            "asn_protecting, workers) "
            "SELECT %s, a.id, a.region_id, COALESCE(u.n, 0), COALESCE(p.sponsors, 0), "
            "COALESCE(p.workers, 0) FROM accounts_agency a "
            "LEFT JOIN (SELECT agency_id, COUNT(*) AS n FROM accounts_user "
            "WHERE role = %s AND is_active GROUP BY agency_id) u ON u.agency_id = a.id "
            "LEFT JOIN (SELECT s.agency_id, COUNT(DISTINCT s.user_id) AS sponsors, "
            "COUNT(*) AS workers FROM programs_sponsor s "
            "JOIN programs_enrolment e ON e.sponsor_id = s.id "
            f"JOIN accounts_user su ON su.id = s.user_id AND su.agency_id = s.agency_id "
            f"WHERE s.kind = %s AND {protected} GROUP BY s.agency_id) p ON p.agency_id = a.id "
            f"WHERE {inside} AND {outside}",
            [
                sql.day(month),
                Role.ASN,
                SponsorKind.ASN,
                *protected_params,
                *inside_params,
                *outside_params,
            ],
        )
        return max(int(cursor.rowcount), 0)


def tune_for_bulk() -> None:
    """Until the transaction ends (PostgreSQL): no JIT compilation (it costs more than these
    scans and groupings gain, core.sql.without_jit), and memory enough for the grouping of
    a country's enrolments to hash in memory rather than sort on disk."""
    if connection.vendor != "postgresql":
        return
    sql.without_jit()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '256MB'")


def lock_month(month: date) -> None:
    """Hold the month's snapshot lock until the transaction ends (PostgreSQL; SQLite has one
    writer at a time anyway), so that two runs of one month never interleave."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext('lindungi.coverage'), %s)",
            [month.year * 100 + month.month],
        )
