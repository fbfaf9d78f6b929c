"""Reading an uploaded table (CSV or Excel) into a frame of text columns, with the memory it
takes bounded whatever the file holds. Every import (workers, BPJS confirmations, payment
statements, coverage figures, employers) reads through `read_table`.

Before the Excel reader sees a workbook, `lindungi.core.workbooks.workbook_checked` checks in one
streamed pass what the reader would build from it (parts, cells, grid and text, within the
limits). Then only the first `max_rows` data rows are kept (one more is read to know the file has
more), and a file with more is refused with the limit: split it. A CSV is read at most up to the
same number of rows and cells. Old binary Excel (.xls) and OpenDocument (.ods) files cannot be
checked this way and are refused: save them as .xlsx or CSV.

A file that breaks the rules of its import is refused whole by `file_refused`, naming each
line, column and rule.

Messages name the file as its owner named it (`name`), never the stored name or a folder.
"""

import codecs
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fastexcel
import polars as pl
from django.utils.translation import gettext as _

from lindungi.core.errors import ValidationFailed
from lindungi.core.workbooks import MB, number, refused, workbook_checked

EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
REFUSED_SUFFIXES = {".xls", ".ods", ".xlsb", ".numbers"}
SNIFF_BYTES = 64 * 1024
SHOWN_PROBLEMS = 20  # the broken rules a refusal's message lists
DETAILED_PROBLEMS = 1000  # the broken rules its details hold


@dataclass(frozen=True)
class TableLimits:
    """How much one file may hold. `None`: no limit (a server operator's own file)."""

    max_rows: int | None = 100_000
    max_cells: int | None = 4_000_000  # rows x columns, as the reader lays them out
    max_columns: int = 200
    max_text_bytes: int | None = 96 * MB  # the text a sheet's cells hold, shared strings counted
    max_unpacked_bytes: int = 128 * MB  # all the parts of a workbook, unpacked
    max_entries: int = 500


UPLOAD_LIMITS = TableLimits()
# `lindungi import-workers` on the server: a million rows (bench/import_workers.py) stays
# possible; the zip checks still hold.
OPERATOR_LIMITS = TableLimits(
    max_rows=None, max_cells=None, max_text_bytes=None, max_unpacked_bytes=1_500 * MB
)


def read_table(
    path: Path,
    *,
    name: str | None = None,
    limits: TableLimits = UPLOAD_LIMITS,
    keep_nul: bool = False,
) -> pl.DataFrame:
    """Every cell as text (Excel dates as ISO text, Excel numbers without a trailing `.0`).

    `name` is the file's name as its owner knows it (default: the stored file's). A cell holding
    a NUL character is refused with its line and column, unless `keep_nul` (the caller reports
    those rows itself, see `nul_cells`). A file with column titles and no row is refused."""
    shown = Path(name or path.name).name or "file"
    if not path.is_file():
        raise refused(_("%(file)s: file not found"), shown)
    suffix = Path(shown).suffix.lower() or path.suffix.lower()
    if suffix in REFUSED_SUFFIXES:
        raise refused(
            _("%(file)s: this kind of spreadsheet cannot be read; save it as .xlsx or as CSV"),
            shown,
        )
    if suffix in EXCEL_SUFFIXES or path.suffix.lower() in EXCEL_SUFFIXES:
        frame = _read_excel(path, shown, limits)
    else:
        frame = _read_csv(path, shown, limits)
    if frame.height == 0:
        raise refused(
            _("%(file)s holds only the column titles, without any data row"),
            shown,
        )
    if not keep_nul:
        found = nul_cells(frame)
        if found.height:
            listed = "; ".join(
                _("line %(line)s, column %(column)s") % {"line": line, "column": column}
                for line, column in found.head(10).iter_rows()
            )
            raise refused(
                _("%(file)s: a cell holds a NUL character, which no text may contain (%(cells)s)"),
                shown,
                cells=listed,
            )
    return frame


def nul_cells(frame: pl.DataFrame) -> pl.DataFrame:
    """The cells holding a NUL character: `line` (as the user sees it: the titles are line 1)
    and `column` (the file's title)."""
    return pl.concat(
        [
            frame.with_row_index("line", offset=2)
            .filter(pl.col(column).cast(pl.String).str.contains("\x00", literal=True))
            .select(pl.col("line").cast(pl.Int64), column=pl.lit(column))
            for column in frame.columns
        ]
        or [pl.DataFrame(schema={"line": pl.Int64, "column": pl.String})],
    ).sort("line", "column")


def file_refused(
    problems: pl.DataFrame,
    *,
    columns: Mapping[str, str],
    rules: Mapping[str, Any],
    code: str | None = None,
) -> ValidationFailed:
    """A file that breaks the rules of its import, refused whole: nothing is written.

    `problems` has one row per broken rule: `line` (as the user sees it: the titles are line 1),
    `field` and `rule`. `columns` maps a field to its column as the file names it (a field without
    one is named as itself); `rules` maps a rule to the words that say it. The message lists the
    first `SHOWN_PROBLEMS` by line and field and counts the others; the details hold the first
    `DETAILED_PROBLEMS` (line, column, field, rule). `code` is the case's own code."""
    problems = problems.select("line", "field", "rule").sort("line", "field", maintain_order=True)
    listed = [
        _("line %(line)s, column %(column)s: %(rule)s")
        % {"line": line, "column": f"“{columns.get(field) or field}”", "rule": rules[rule]}
        for line, field, rule in problems.head(SHOWN_PROBLEMS).iter_rows()
    ]
    more = problems.height - len(listed)
    text = "; ".join(listed) + (" " + _("and %(count)s more") % {"count": more} if more > 0 else "")
    return ValidationFailed(
        _("Nothing was written: the file breaks %(count)s rule(s). %(problems)s")
        % {"count": problems.height, "problems": text},
        code=code,
        field="file",
        problems=[
            {"line": line, "column": columns.get(field) or field, "field": field, "rule": rule}
            for line, field, rule in problems.head(DETAILED_PROBLEMS).iter_rows()
        ],
    )


def _too_many_rows(name: str, limit: int) -> ValidationFailed:
    return refused(
        _(
            "%(file)s has more than %(limit)s rows, more than one import takes; split it into "
            "smaller files"
        ),
        name,
        limit=number(limit),
    )


# --- CSV ------------------------------------------------------------------------------------


def _read_csv(path: Path, name: str, limits: TableLimits) -> pl.DataFrame:
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    try:
        # Not final: a character cut in two at the end of the sample is not an error.
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
    except UnicodeDecodeError as error:
        raise refused(
            _("%(file)s: the file is not UTF-8 text; save it as 'CSV UTF-8'"), name
        ) from error
    lines = text.splitlines()
    if len(head) == SNIFF_BYTES and len(lines) < 2:
        raise refused(_("%(file)s: the first line is too long for a line of column titles"), name)
    first_line = lines[0] if lines else ""
    # Excel in Indonesian locales writes ";" between columns.
    separator = ";" if first_line.count(";") > first_line.count(",") else ","
    columns = first_line.count(separator) + 1
    if columns > limits.max_columns:
        raise refused(
            _("%(file)s has %(count)s columns, more than %(limit)s"),
            name,
            count=number(columns),
            limit=number(limits.max_columns),
        )
    row_limit = _row_limit(limits, columns)
    try:
        frame = pl.read_csv(
            path,
            separator=separator,
            infer_schema=False,
            encoding="utf8",
            truncate_ragged_lines=False,
            n_rows=None if row_limit is None else row_limit + 1,
        )
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as error:
        raise refused(_("%(file)s: the CSV file cannot be read"), name) from error
    if row_limit is not None and frame.height > row_limit:
        raise _too_many_rows(name, row_limit)
    return frame


def _row_limit(limits: TableLimits, columns: int) -> int | None:
    caps = [limits.max_rows, None if limits.max_cells is None else limits.max_cells // columns]
    known = [cap for cap in caps if cap is not None]
    return min(known) if known else None


# --- Excel ----------------------------------------------------------------------------------


def _read_excel(path: Path, name: str, limits: TableLimits) -> pl.DataFrame:
    workbook_checked(path, name, limits)
    try:
        sheet = fastexcel.read_excel(path).load_sheet(
            0,
            dtypes="string",
            n_rows=None if limits.max_rows is None else limits.max_rows + 1,
        )
        frame = sheet.to_polars()
    except Exception as error:  # fastexcel raises many kinds; all mean the same here
        raise refused(_("%(file)s: the Excel file cannot be read"), name) from error
    if len(frame.columns) > limits.max_columns:
        raise refused(
            _("%(file)s has %(count)s columns, more than %(limit)s"),
            name,
            count=number(len(frame.columns)),
            limit=number(limits.max_columns),
        )
    if limits.max_rows is not None and frame.height > limits.max_rows:
        raise _too_many_rows(name, limits.max_rows)
    return frame
