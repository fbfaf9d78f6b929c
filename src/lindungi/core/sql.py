"""The few places where PostgreSQL and SQLite spell the same thing differently, and the lock
that keeps two billing runs of one province and month apart."""

import zlib
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import QuerySet
from django.utils import timezone


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def day(value: date) -> Any:
    """A date as the database driver takes it."""
    return connection.ops.adapt_datefield_value(value)


def now() -> Any:
    return connection.ops.adapt_datetimefield_value(timezone.now())


def region_filter(column: str, code: str) -> tuple[str, list[Any]]:
    """`column` is the region `code` or lies below it (as `Scope.region_q`)."""
    return f"({column} = %s OR {column} LIKE %s)", [code, code + ".%"]


def month_of(column: str) -> str:
    """The first day of the month of a date column."""
    if is_postgres():
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def zero_padded(expression: str, width: int = 6) -> str:
    """A serial as text, zero-padded to `width` digits (never cut when longer)."""
    if is_postgres():
        return (
            f"(CASE WHEN ({expression}) < {10**width} "
            f"THEN lpad(CAST(({expression}) AS text), {width}, '0') "
            f"ELSE CAST(({expression}) AS text) END)"
        )
    return f"printf('%%0{width}d', {expression})"


def queryset_sql(queryset: QuerySet[Any]) -> tuple[str, list[Any]]:
    """A queryset as an SQL subquery and its parameters (for `id IN (…)`)."""
    sql, params = queryset.query.sql_with_params()
    return sql, list(params)


def temp_table(cursor: CursorWrapper, name: str, columns: str) -> None:
    """A fresh temporary table for this connection (dropped by `drop` before the caller ends)."""
    cursor.execute(f"DROP TABLE IF EXISTS {name}")
    cursor.execute(f"CREATE TEMP TABLE {name} ({columns})")


def drop(cursor: CursorWrapper, *names: str) -> None:
    for name in names:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")


def analyze(cursor: CursorWrapper, name: str) -> None:
    """Fresh statistics for a temporary table, which autovacuum never analyses (PostgreSQL)."""
    if is_postgres():
        cursor.execute(f"ANALYZE {name}")


def insert_rows(
    cursor: CursorWrapper, table: str, columns: str, rows: Sequence[Sequence[Any]]
) -> None:
    if rows:
        marks = ", ".join(["%s"] * len(rows[0]))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)  # noqa: S608


def _key(text: str) -> int:
    """A stable signed 32-bit number for an advisory lock."""
    value = zlib.crc32(text.encode())
    return value - 2**32 if value >= 2**31 else value


def lock_months(region_code: str, months: Iterable[date]) -> None:
    """Hold, until the transaction ends, the billing lock of the region's province for each
    month (in month order, so two runs never wait on each other crosswise). A province-wide run
    and a regency run inside it take the same locks. SQLite needs none: its transactions start
    IMMEDIATE (config/database.py), so one writer at a time holds the whole database."""
    if not is_postgres():
        return
    province = _key("lindungi.billing:" + region_code.split(".")[0])
    with connection.cursor() as cursor:
        for month in sorted(set(months)):
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [province, month.year * 100 + month.month]
            )


def without_jit() -> None:
    """Turn PostgreSQL's JIT compilation off until the transaction ends. Its estimates of a
    million-row statement make it compile each one, which costs more (0.4 s a statement,
    measured) than these simple scans and joins ever gain from it."""
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
