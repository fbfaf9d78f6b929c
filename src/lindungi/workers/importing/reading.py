"""Reading an office's CSV or Excel file into a frame of text columns, nothing interpreted yet."""

import zipfile
from pathlib import Path

import fastexcel
import polars as pl
from django.utils.translation import gettext as _

from lindungi.core.errors import ValidationFailed

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
# An Excel file is a zip archive: refuse one that would unpack to more than this (a zip bomb, or
# a sheet far beyond a regency's lists), or whose parts are packed implausibly tight.
MAX_UNPACKED_BYTES = 1_500 * 1024 * 1024
MAX_PACKING_RATIO = 200


def read_table(path: Path) -> pl.DataFrame:
    """Every cell as text (Excel dates as ISO text, Excel numbers without a trailing `.0`)."""
    if not path.is_file():
        raise ValidationFailed(_("%(path)s: file not found") % {"path": path}, file=str(path))
    if path.suffix.lower() in EXCEL_SUFFIXES:
        return _read_excel(path)
    return _read_csv(path)


def _unpacked_size_checked(path: Path) -> None:
    if not zipfile.is_zipfile(path):
        return  # .xls (not a zip): calamine reads it as it is
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as error:
        raise ValidationFailed(
            _("%(file)s: the Excel file cannot be read") % {"file": path.name}, file=str(path)
        ) from error
    unpacked = sum(member.file_size for member in members)
    tight = any(
        member.file_size > 10 * 1024 * 1024
        and member.file_size > MAX_PACKING_RATIO * max(member.compress_size, 1)
        for member in members
    )
    if unpacked > MAX_UNPACKED_BYTES or tight:
        raise ValidationFailed(
            _(
                "%(file)s: the Excel file unpacks to %(size)s MB, more than an import allows "
                "(%(limit)s MB, packed at most %(ratio)s times); split it or save it as CSV"
            )
            % {
                "file": path.name,
                "size": f"{unpacked // (1024 * 1024):,}".replace(",", "."),
                "limit": f"{MAX_UNPACKED_BYTES // (1024 * 1024):,}".replace(",", "."),
                "ratio": MAX_PACKING_RATIO,
            },
            file=str(path),
        )


def _read_excel(path: Path) -> pl.DataFrame:
    _unpacked_size_checked(path)
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
