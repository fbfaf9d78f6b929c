"""Reading an office's CSV or Excel file into a frame of text columns, nothing interpreted yet."""

from pathlib import Path

import fastexcel
import polars as pl
from django.utils.translation import gettext as _

from lindungi.core.errors import ValidationFailed

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}


def read_table(path: Path) -> pl.DataFrame:
    """Every cell as text (Excel dates as ISO text, Excel numbers without a trailing `.0`)."""
    if not path.is_file():
        raise ValidationFailed(_("%(path)s: file not found") % {"path": path}, file=str(path))
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return _read_excel(path)
    return _read_csv(path)


def _read_excel(path: Path) -> pl.DataFrame:
    try:
        sheet = fastexcel.read_excel(path).load_sheet(0, dtypes="string")
        return sheet.to_polars()
    except Exception as error:
        raise ValidationFailed(
            _("%(file)s: the Excel file cannot be read") % {"file": path.name},
            file=str(path),
            reason=type(error).__name__,
        ) from error


def _read_csv(path: Path) -> pl.DataFrame:
    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
    try:
        first_line = head.decode("utf-8-sig").splitlines()[0] if head else ""
    except UnicodeDecodeError as error:
        raise ValidationFailed(
            _("%(file)s: the file is not UTF-8 text; save it as 'CSV UTF-8'") % {"file": path.name},
            file=str(path),
        ) from error
    # Excel in Indonesian locales writes ";" between columns.
    separator = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return pl.read_csv(
            path,
            separator=separator,
            infer_schema=False,
            encoding="utf8",
            truncate_ragged_lines=False,
        )
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError) as error:
        raise ValidationFailed(
            _("%(file)s: the CSV file cannot be read") % {"file": path.name},
            file=str(path),
            reason=type(error).__name__,
        ) from error
