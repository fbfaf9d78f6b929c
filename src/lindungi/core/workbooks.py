"""Checking an Excel workbook before the Excel reader sees it, with the memory the check
takes bounded whatever the file holds (`read_table` in `lindungi.core.tabular` calls
`workbook_checked` before it reads a workbook).

An Excel workbook is a zip archive of XML parts, and the Excel reader (calamine, through
fastexcel) builds the whole sheet in memory, as a dense grid from the first to the last cell
it names, with every reference to a shared string copied into its cell. A 4.8 MB workbook that
unpacks to 734 MB took a worker to 4.1 GB; a 400-byte workbook naming cells A1 and XFD1048576
makes it ask for 512 GB and abort the process. So before the reader sees a workbook, one pass
over the archive (streamed, a few MB of memory) checks what it would build:

- the archive: at most `max_entries` parts, no name twice, each part's real unpacked size
  (decompressed, not the size its header claims) and their total below `max_unpacked_bytes`;
- each worksheet: its cells, the grid from A1 to the last row and column it names, and the text
  its cells would hold (inline text, and each shared-string reference counted at that string's
  length) within `max_cells` and `max_text_bytes`.

Messages name the file as its owner named it (`name`), never the stored name or a folder.
"""

import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import polars as pl
from django.utils.translation import gettext as _

from lindungi.core.errors import ValidationFailed

if TYPE_CHECKING:  # tabular imports this module: the limits are only named here
    from lindungi.core.tabular import TableLimits

STREAM_CHUNK = 1024 * 1024
MB = 1024 * 1024


def number(value: int) -> str:
    """A count as Indonesians write it: `1.500.000`."""
    return f"{value:,}".replace(",", ".")


def refused(template: str, name: str, **params: object) -> ValidationFailed:
    """The file (named as its owner named it) refused with a message."""
    return ValidationFailed(template % {"file": name, **params}, field="file")


# Patterns over a sheet's XML, run by Polars (Rust's regex engine: linear time, no
# backtracking). A namespace prefix may come before any tag name.
PREFIX = r"(?:[A-Za-z_][A-Za-z0-9_.-]{0,30}:)?"
SPACE = r"[ \t\r\n]"
CELL = r"<" + PREFIX + r"c[ \t\r\n/>]"
ROW = r"<" + PREFIX + r"row[ \t\r\n/>]"
TAG = r"<" + PREFIX + r"(?:row|c)[ \t\r\n/>]"
NAMED = r"[^<>]{0,400}?[ \t\r\n]r" + SPACE + r"*=" + SPACE + r"*[\"']"  # up to `r="`
CELL_REF = r"<" + PREFIX + r"c" + NAMED + r"\$?([A-Za-z]{1,4})\$?([0-9]{1,9})[\"']"
ROW_NUMBER = r"<" + PREFIX + r"row" + NAMED + r"([0-9]{1,9})[\"']"
LONG_TAG = r"<" + PREFIX + r"(?:c|row)" + SPACE + r"[^<>]{400}"
# The text a cell holds in the sheet itself: an inline string's `<t>`, a value's `<v>`.
TEXT = r"<" + PREFIX + r"[tv](?:[ \t\r\n][^<>]*)?>[^<]*"
# A cell's value: a shared-string cell's value is the index of its string.
VALUE = r"<" + PREFIX + r"v>" + SPACE + r"{0,16}([0-9]{1,18}|&)"
SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?si[\s/>]")
CARRY = 1024  # longer than any match of the patterns above
LOCAL_HEADER = 30  # bytes of a zip part's local header before its name and extra field


@dataclass
class _SheetScan:
    cells: int = 0
    last_row: int = 0  # the largest row number named
    rows_unnumbered: int = 0  # rows without a number: each follows the one before
    last_column: int = 0  # the largest column named
    unplaced: bool = False  # some cells name no column: each follows the one before
    widest_row: int = 0  # the most cells in one row (counted when some cells are unplaced)
    in_row: int = 0
    shared_text: int = 0  # bytes the shared-string references stand for
    inline_text: int = 0  # bytes of text in the sheet's own cells (with their tags)

    @property
    def rows(self) -> int:
        return self.last_row + self.rows_unnumbered

    @property
    def columns(self) -> int:
        return self.last_column + (self.widest_row if self.unplaced else 0)


def workbook_checked(path: Path, name: str, limits: "TableLimits") -> None:
    """Refuse a workbook whose sheets would not fit in the limits, before the reader builds
    one: one streamed pass over every part, a few MB of memory whatever the file holds."""
    unreadable = refused(_("%(file)s: the Excel file cannot be read"), name)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise unreadable from error
    with archive, path.open("rb") as handle:
        members = archive.infolist()
        names = [member.filename for member in members]
        if len(members) > limits.max_entries or len(set(names)) != len(names):
            raise unreadable
        declared = sum(member.file_size for member in members)
        if declared > limits.max_unpacked_bytes:
            raise _unpacks_too_large(name, declared, limits)
        if "xl/workbook.xml" not in names:
            raise refused(
                _("%(file)s: this kind of spreadsheet cannot be read; save it as .xlsx or as CSV"),
                name,
            )
        unpacked = [0]  # the whole archive's, so far
        shared = pl.Series([], dtype=pl.Int64)
        strings = [m for m in members if m.filename.lower().endswith("sharedstrings.xml")]
        if len(strings) > 1:
            raise unreadable
        for part in strings:
            shared = _shared_string_lengths(_unpacked(handle, part, name, limits, unpacked))
        # Every other part is scanned as if it were a sheet: the workbook's relationships, not
        # the part's name, tell the reader where its sheets are.
        for member in members:
            if member in strings:
                continue
            scan = _SheetScan()
            for piece in _windows(_unpacked(handle, member, name, limits, unpacked)):
                _scan_sheet(piece, scan, shared, name)
                _sheet_checked(scan, name, limits)


def _unpacks_too_large(name: str, size: int, limits: "TableLimits") -> ValidationFailed:
    return refused(
        _(
            "%(file)s: the Excel file unpacks to %(size)s MB, more than the %(limit)s MB one "
            "import takes; split it or save it as CSV"
        ),
        name,
        size=number(max(size // MB, 1)),
        limit=number(limits.max_unpacked_bytes // MB),
    )


def _unpacked(
    handle: BinaryIO,
    member: zipfile.ZipInfo,
    name: str,
    limits: "TableLimits",
    unpacked: list[int],
) -> Iterator[bytes]:
    """The part's bytes as they really unpack (not as its header claims), chunk by chunk; a
    part that unpacks to more than its header says, or the archive beyond its limit, is refused
    while reading. `unpacked[0]` counts the archive's bytes so far."""
    encrypted = member.flag_bits & 0x1
    if encrypted or member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise refused(_("%(file)s: the Excel file cannot be read"), name)
    handle.seek(member.header_offset)
    header = handle.read(LOCAL_HEADER)
    if len(header) < LOCAL_HEADER or header[:4] != b"PK\x03\x04":
        raise refused(_("%(file)s: the Excel file cannot be read"), name)
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    handle.seek(member.header_offset + LOCAL_HEADER + name_length + extra_length)
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    left = member.compress_size
    total = 0
    pending = b""
    while True:
        if member.compress_type == zipfile.ZIP_STORED:
            chunk = handle.read(min(STREAM_CHUNK, left))
            left -= len(chunk)
            finished = not chunk
        else:
            if not pending and left > 0:
                pending = handle.read(min(STREAM_CHUNK, left))
                left -= len(pending)
            try:
                chunk = inflate.decompress(pending, STREAM_CHUNK)
            except zlib.error as error:
                raise refused(_("%(file)s: the Excel file cannot be read"), name) from error
            pending = inflate.unconsumed_tail
            finished = not chunk and (inflate.eof or (not pending and left <= 0))
        if finished:
            return
        total += len(chunk)
        unpacked[0] += len(chunk)
        if total > member.file_size:
            raise refused(
                _(
                    "%(file)s: the Excel file unpacks to more than its own headers say (a "
                    "damaged or crafted file); save it again from Excel or as CSV"
                ),
                name,
            )
        if unpacked[0] > limits.max_unpacked_bytes:
            raise _unpacks_too_large(name, unpacked[0], limits)
        if chunk:
            yield chunk


def _windows(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """The stream in pieces that never cut a tag in two: each piece ends just before the last
    `<` of what was read (carried to the next piece) when that `<` is near the end; a tag
    longer than that is refused by `LONG_TAG` anyway."""
    carry = b""
    for chunk in chunks:
        buffer = carry + chunk
        cut = buffer.rfind(b"<")
        if cut <= 0 or len(buffer) - cut > CARRY:
            cut = len(buffer)
        yield buffer[:cut]
        carry = buffer[cut:]
    if carry:
        yield carry


def _shared_string_lengths(chunks: Iterable[bytes]) -> pl.Series:
    """Each shared string's size in the XML (never less than its text's), in order."""
    starts: list[int] = []
    base = 0
    for piece in _windows(chunks):
        starts.extend(base + match.start() for match in SHARED_STRING.finditer(piece))
        base += len(piece)
    positions = pl.Series(starts, dtype=pl.Int64)
    return positions.shift(-1, fill_value=base) - positions


def _columnnumber(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + (letter - 64)
    return number


def _largest(values: pl.Series) -> int:
    largest = values.cast(pl.Int64).max()
    return int(largest) if isinstance(largest, int) else 0


def _total(values: pl.Series) -> int:
    total = values.cast(pl.Int64).sum()
    return int(total) if isinstance(total, int) else 0


def _scan_sheet(piece: bytes, scan: _SheetScan, shared: pl.Series, name: str) -> None:
    """Where the reader would place a piece's rows and cells, and the text of the shared strings
    their values name: column-wise pattern searches, no loop over cells in Python."""
    text = pl.Series([piece.decode("utf-8", "replace")])
    if text.str.contains(LONG_TAG).item():  # attributes longer than any real row's or cell's
        raise refused(_("%(file)s: the Excel file cannot be read"), name)
    cells = int(text.str.count_matches(CELL).item())
    scan.cells += cells
    placed = text.str.extract_all(CELL_REF).explode().drop_nulls()
    if placed.len():
        letters = placed.str.extract(CELL_REF, 1).str.to_uppercase().unique().to_list()
        scan.last_column = max(scan.last_column, *(_columnnumber(c.encode()) for c in letters))
        scan.last_row = max(scan.last_row, _largest(placed.str.extract(CELL_REF, 2)))
    numbered = text.str.extract_all(ROW_NUMBER).explode().drop_nulls()
    if numbered.len():
        scan.last_row = max(scan.last_row, _largest(numbered.str.extract(ROW_NUMBER, 1)))
    scan.rows_unnumbered += int(text.str.count_matches(ROW).item()) - numbered.len()
    scan.unplaced = scan.unplaced or placed.len() < cells
    if scan.unplaced:
        _widest_row(text, scan)
    scan.inline_text += _total(text.str.extract_all(TEXT).explode().drop_nulls().str.len_bytes())
    values = text.str.extract_all(VALUE).explode().drop_nulls().str.extract(VALUE, 1)
    if values.len():
        # Any number may be a shared string's index (the cell's type is not looked at): counted
        # at that string's length, which only ever overestimates.
        references = values.filter(values != "&").cast(pl.Int64)
        inside = references.filter(references < shared.len())
        scan.shared_text += _total(shared.gather(inside))
        scan.shared_text += int((values == "&").sum()) * _largest(shared)


def _widest_row(text: pl.Series, scan: _SheetScan) -> None:
    """The most cells in one row, for cells that name no column (each follows the one before);
    the piece's first cells continue the row the previous piece ended in."""
    tags = text.str.extract_all(TAG).explode().drop_nulls()
    rows = pl.DataFrame({"tag": tags}).select(
        row=pl.col("tag").str.contains(ROW).cum_sum(),
        cell=pl.col("tag").str.contains(CELL),
    )
    widths = rows.group_by("row").agg(pl.col("cell").sum()).sort("row")
    for row, width in widths.iter_rows():  # one step per row of the piece, not per cell
        scan.in_row = scan.in_row + width if row == 0 else width
        scan.widest_row = max(scan.widest_row, scan.in_row)


def _sheet_checked(scan: _SheetScan, name: str, limits: "TableLimits") -> None:
    """The grid the reader builds (first to last row and column named) and the cells' text
    (their own, and the shared strings they name)."""
    grid = scan.rows * scan.columns
    if limits.max_cells is not None and max(grid, scan.cells) > limits.max_cells:
        raise refused(
            _(
                "%(file)s: a sheet spans %(rows)s rows and %(columns)s columns, more than the "
                "%(limit)s cells one import takes; split it into smaller files"
            ),
            name,
            rows=number(scan.rows),
            columns=number(scan.columns),
            limit=number(limits.max_cells),
        )
    text = scan.shared_text + scan.inline_text
    if limits.max_text_bytes is not None and text > limits.max_text_bytes:
        raise refused(
            _(
                "%(file)s: the cells of a sheet hold more than %(limit)s MB of text, more than "
                "one import takes; split it into smaller files"
            ),
            name,
            limit=number(limits.max_text_bytes // MB),
        )
