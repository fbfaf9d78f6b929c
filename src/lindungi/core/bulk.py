"""Bulk loading shared by the importers: a Polars frame into a PostgreSQL table by COPY."""

import io
from typing import Any

import polars as pl


def copy_rows(cursor: Any, table: str, rows: pl.DataFrame) -> None:
    """COPY `rows` into `table` (its columns named as the frame's) on PostgreSQL, as a CSV that
    Polars writes: text quoted, so that an empty text stays '' and only a missing value is NULL.
    `cursor` is Django's; `table` a name of ours, never user input."""
    buffer = io.BytesIO()
    rows.write_csv(buffer, include_header=False, quote_style="non_numeric")
    buffer.seek(0)
    with cursor.cursor.copy(
        f"COPY {table} ({', '.join(rows.columns)}) FROM STDIN WITH (FORMAT csv)"
    ) as copy:
        while chunk := buffer.read(1 << 20):
            copy.write(chunk)
