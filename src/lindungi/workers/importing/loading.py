"""Writing checked rows into the registry, set-wise, never a statement per row.

SQLite: a staging table filled by executemany, then one `INSERT … SELECT … ON CONFLICT`.
PostgreSQL: the lines and NIKs staged by COPY (to find registered NIKs), then the rows copied
straight into the workers when none is registered, else through the staging table and one
`INSERT … SELECT … ON CONFLICT`. Large first loads rebuild the search indexes afterwards, and
PostgreSQL's per-row foreign-key checks give way to one set-wise check where the role may.

Everything here runs inside the caller's transaction: a failure or a killed process leaves the
registry as it was.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polars as pl
import psycopg
from django.db import IntegrityError, OperationalError, connection

from lindungi.core.bulk import copy_rows
from lindungi.core.scopes import Scope
from lindungi.workers.models import Worker

STAGED = (
    "line",
    "nik",
    "name",
    "name_normalised",
    "birth_date",
    "sex",
    "village_id",
    "province_code",
    "address",
    "phone",
    "occupation",
    "income",
    "category",
    "in_p3ke",
    "in_dtks",
    "desil",
)
WORKER_COLUMNS = STAGED[1:]
UPDATED_ON_EXISTING = tuple(column for column in WORKER_COLUMNS if column != "nik")
STAMPS = ("added_by_id", "import_batch_id", "created_at", "updated_at")
STAGING = "lindungi_import_staging"
# Imports of at least this many rows, into a registry no larger, rebuild the search indexes.
REBUILD_AT = 100_000
REBUILD_LOCK_WAIT = "2s"
SEARCH_INDEXES = {"worker_village_name_idx", "worker_duplicate_idx"}
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Conflicts:
    """NIKs of the file that are already registered: the lines of all of them, how many lie
    inside the importer's scope, and the lines whose NIK belongs to a worker outside it
    (refused)."""

    registered_lines: list[int]
    in_scope: int
    outside_lines: list[int]


STAGING_DDL = f"""CREATE TEMP TABLE {STAGING} (
    line bigint, nik varchar(16), name varchar(150), name_normalised varchar(150),
    birth_date date, sex varchar(1), village_id varchar(13), province_code varchar(2),
    address varchar(255), phone varchar(20), occupation varchar(100), income bigint,
    category varchar(13), in_p3ke boolean, in_dtks boolean, desil smallint)"""


def plain_values(rows: pl.DataFrame) -> pl.DataFrame:
    """Birth dates as text and flags as 0/1, as Django stores them in SQLite: bound by
    `executemany` without a Python adapter call per value."""
    return rows.with_columns(
        birth_date=pl.col("birth_date").dt.to_string("%Y-%m-%d"),
        in_p3ke=pl.col("in_p3ke").cast(pl.Int8),
        in_dtks=pl.col("in_dtks").cast(pl.Int8),
    )


def stage(valid: pl.DataFrame, progress: Progress) -> None:
    """Fill a temporary staging table with the valid rows: SQLite by executemany (its fastest
    way in from Python). PostgreSQL stages the lines and NIKs only (by COPY): what `conflicts`
    needs; `write` then copies the rows where they go."""
    rows = valid.select(STAGED)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        cursor.execute(STAGING_DDL)
        if connection.vendor == "postgresql":
            copy_rows(cursor, STAGING, rows.select("line", "nik"))
            return
        # A bulk load into four b-trees wants their pages in memory: 256 MB for this
        # connection while it imports (the default is 2 MB; see BENCHMARKS.md).
        cursor.execute("PRAGMA cache_size=-262144")
        rows = plain_values(rows)
        sql = f"INSERT INTO {STAGING} VALUES ({', '.join(['?'] * len(STAGED))})"  # noqa: S608
        for start in range(0, rows.height, 50_000):
            cursor.connection.executemany(sql, rows.slice(start, 50_000).iter_rows())
            progress("load", min(start + 50_000, rows.height), rows.height)
        cursor.execute(f"CREATE INDEX {STAGING}_nik ON {STAGING} (nik)")


def conflicts(scope: Scope) -> Conflicts:
    """Which staged NIKs are already registered, and which of those lie outside `scope`."""
    inside_sql, params = _scope_sql("w.village_id", scope)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.line, CASE WHEN {inside_sql} THEN 1 ELSE 0 END FROM {STAGING} s "  # noqa: S608
            "JOIN workers_worker w ON w.nik = s.nik ORDER BY s.line",
            params,
        )
        found = cursor.fetchall()
    return Conflicts(
        registered_lines=[line for line, _ in found],
        in_scope=sum(inside for _, inside in found),
        outside_lines=[line for line, inside in found if not inside],
    )


def write(
    valid: pl.DataFrame,
    *,
    clash: Conflicts,
    update_existing: bool,
    actor_id: int | None,
    batch_id: int,
    now: datetime,
    progress: Progress | None = None,
) -> None:
    """Write the valid rows (less the refused lines) as workers, in NIK order so that the
    unique index fills front to back; registered NIKs are updated or left.

    SQLite: one `INSERT … SELECT … ON CONFLICT` from the staging table. PostgreSQL: the rows
    of new NIKs are copied straight into the workers (registered ones are left out when they
    are to be left); rows that update registered workers, or a NIK registered meanwhile by
    another import, go through the staging table and one `INSERT … ON CONFLICT`."""
    report = progress or (lambda step, done, total: None)
    with connection.cursor() as cursor:
        registered, refused_lines = clash.registered_lines, clash.outside_lines
        updated = clash.in_scope if update_existing else 0
        writing = valid.height - len(registered) + updated
        rebuilt = _search_indexes_set_aside(cursor, writing=writing)
        report("write", 0, 1)
        if connection.vendor == "postgresql":
            left_out = refused_lines if updated else registered  # skipped: not even staged
            rows = valid.filter(~pl.col("line").is_in(left_out)).sort("nik")
            quick = _row_checks_skippable(cursor)
            if quick:
                villages = rows["village_id"].unique().to_list()
                _references_held(cursor, villages=villages, actor_id=actor_id, batch_id=batch_id)
                cursor.execute("SET LOCAL session_replication_role = replica")
            if updated or not _copied_as_new(cursor, rows, actor_id, batch_id, now):
                cursor.execute(f"TRUNCATE {STAGING}")
                copy_rows(cursor, STAGING, rows.select(STAGED))
                cursor.execute(_insert_sql(update_existing), _stamps(actor_id, batch_id, now))
            if quick:
                cursor.execute("SET LOCAL session_replication_role = origin")
        elif writing:  # a file already registered, left as it is: nothing to insert
            _delete_lines(cursor, refused_lines)
            cursor.execute(_insert_sql(update_existing), _stamps(actor_id, batch_id, now))
        for statement in rebuilt:
            cursor.execute(statement)
        report("write", 1, 1)
        cursor.execute(f"DROP TABLE {STAGING}")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA cache_size=-65536")  # back to the connection's usual size


def _insert_sql(update_existing: bool) -> str:
    columns = ", ".join(WORKER_COLUMNS)
    selected = ", ".join(f"s.{column}" for column in WORKER_COLUMNS)
    if update_existing:
        assignments = ", ".join(f"{column} = excluded.{column}" for column in UPDATED_ON_EXISTING)
        on_conflict = (
            f"DO UPDATE SET {assignments}, import_batch_id = excluded.import_batch_id, "
            "updated_at = excluded.updated_at, version = workers_worker.version + 1"
        )
    else:
        on_conflict = "DO NOTHING"
    return (
        f"INSERT INTO workers_worker ({columns}, {', '.join(STAMPS)}) "  # noqa: S608
        f"SELECT {selected}, %s, %s, %s, %s FROM {STAGING} s WHERE true "
        f"ORDER BY s.nik ON CONFLICT (nik) {on_conflict}"
    )


def _stamps(actor_id: int | None, batch_id: int, now: datetime) -> list[Any]:
    stamp = connection.ops.adapt_datetimefield_value(now)
    return [actor_id, batch_id, stamp, stamp]


def _delete_lines(cursor: Any, lines: list[int]) -> None:
    for start in range(0, len(lines), 500):
        chunk = lines[start : start + 500]
        cursor.execute(
            f"DELETE FROM {STAGING} WHERE line IN ({', '.join(['%s'] * len(chunk))})",  # noqa: S608
            chunk,
        )


def _copied_as_new(
    cursor: Any, rows: pl.DataFrame, actor_id: int | None, batch_id: int, now: datetime
) -> bool:
    """COPY the rows straight into the workers; False (and nothing written) when one of their
    NIKs was registered meanwhile by another import, for the caller's `ON CONFLICT` way."""
    stamp = now.isoformat()
    rows = rows.select(
        *WORKER_COLUMNS,
        added_by_id=pl.lit(actor_id, dtype=pl.Int64),
        import_batch_id=pl.lit(batch_id, dtype=pl.Int64),
        created_at=pl.lit(stamp),
        updated_at=pl.lit(stamp),
    )
    cursor.execute("SAVEPOINT lindungi_copy")
    try:
        copy_rows(cursor, "workers_worker", rows)
    except (IntegrityError, psycopg.IntegrityError):  # Django's, or the driver's own
        cursor.execute("ROLLBACK TO SAVEPOINT lindungi_copy")
        return False
    cursor.execute("RELEASE SAVEPOINT lindungi_copy")
    return True


def _search_indexes_set_aside(cursor: Any, *, writing: int) -> list[str]:
    """For a large import (`writing` new or updated rows) into a registry no larger than it,
    drop the two search indexes (village and name; name and birth date) and return what
    rebuilds them: a million rows fed into two b-trees in random order cost several times what
    sorting them into new ones does (BENCHMARKS.md). The unique NIK index stays: the insert
    needs it.

    Dropping an index is schema work inside the import's transaction: a failure or a kill puts
    the indexes back with everything else. On PostgreSQL it locks the workers table, reads
    included, until the import commits (seconds for a first load); it waits at most
    `REBUILD_LOCK_WAIT` for readers to finish and otherwise keeps the indexes. SQLite's
    readers keep reading the last committed registry meanwhile."""
    if writing < REBUILD_AT or _holds_more_than(cursor, writing):
        return []
    editor = connection.schema_editor()
    indexes = [index for index in Worker._meta.indexes if index.name in SEARCH_INDEXES]
    if connection.vendor == "postgresql":
        cursor.execute("SHOW lock_timeout")
        usual_wait = cursor.fetchone()[0]
        cursor.execute("SAVEPOINT lindungi_set_aside")
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [REBUILD_LOCK_WAIT])
        try:
            cursor.execute("LOCK TABLE workers_worker IN ACCESS EXCLUSIVE MODE")
        except OperationalError:
            cursor.execute("ROLLBACK TO SAVEPOINT lindungi_set_aside")
            return []
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [usual_wait])
        cursor.execute("RELEASE SAVEPOINT lindungi_set_aside")
    for index in indexes:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(index.name)}")
    return [str(index.create_sql(Worker, editor)) for index in indexes]


def _holds_more_than(cursor: Any, rows: int) -> bool:
    """Whether the registry holds more than `rows` workers, counted exactly but never past
    `rows + 1`: the cost follows the import, not the registry (PostgreSQL's `reltuples`
    estimate extrapolates from sampled pages and can read a small live table in a large,
    bloated file as empty)."""
    cursor.execute(
        "SELECT COUNT(*) FROM (SELECT 1 FROM workers_worker LIMIT %s) AS held", [rows + 1]
    )
    return int(cursor.fetchone()[0]) > rows


def _row_checks_skippable(cursor: Any) -> bool:
    """Whether PostgreSQL's per-row foreign-key checks may give way to `_references_held`.

    Each inserted worker queues a check per foreign key, run one by one at COMMIT: for a
    million rows that is three million lookups, a third of the import (BENCHMARKS.md). With
    `session_replication_role = replica` the insert queues none; it is allowed to superusers
    and to roles granted it (PostgreSQL 15: `GRANT SET ON PARAMETER session_replication_role
    TO lindungi`). It also silences ordinary triggers, so it is used only while the workers
    table has none: a trigger added later is never skipped."""
    cursor.execute(
        "SELECT NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'workers_worker'::regclass "
        "AND NOT tgisinternal)"
    )
    if not cursor.fetchone()[0]:
        return False
    if cursor.connection.info.server_version >= 150000:
        cursor.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
    else:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    return bool(cursor.fetchone()[0])


def _references_held(
    cursor: Any, *, villages: list[str], actor_id: int | None, batch_id: int
) -> None:
    """What the skipped foreign-key checks would have done, set-wise: every village, the user
    and the batch the rows point at exist, and are locked (FOR KEY SHARE, as the checks lock
    them) so that none can be deleted before this transaction ends."""
    cursor.execute("SELECT code FROM regions_region WHERE code = ANY(%s) FOR KEY SHARE", [villages])
    missing = len(villages) - len(cursor.fetchall())
    cursor.execute("SELECT id FROM workers_importbatch WHERE id = %s FOR KEY SHARE", [batch_id])
    missing += 1 - len(cursor.fetchall())
    if actor_id is not None:
        cursor.execute("SELECT id FROM accounts_user WHERE id = %s FOR KEY SHARE", [actor_id])
        missing += 1 - len(cursor.fetchall())
    if missing:
        raise IntegrityError(
            f"{missing} village(s), user or import batch of the staged rows do not exist"
        )


def _scope_sql(column: str, scope: Scope) -> tuple[str, list[str]]:
    if scope.region_codes is None:
        return "1 = 1", []
    if not scope.region_codes:
        return "1 = 0", []
    parts, params = [], []
    for code in scope.region_codes:
        parts.append(f"({column} = %s OR {column} LIKE %s)")
        params.extend([code, code + ".%"])
    return " OR ".join(parts), params
