"""A file the product hands out, read as a person opening it sees it (issue 19): a PDF's text,
a CSV's cells, and a workbook's sheet names and cells as Indonesian Excel shows them — a number
with a grouping format (`#,##0`) as `239.050.000`, a date with a date format as `Des 2026` or
`7 Des 2026`, a number without a format as it is (so `239050000` is found as unformatted).

`tests.language.findings(shown_text(body))` is the check every file's test makes."""

import csv
import io
import re
import zipfile
from datetime import date, timedelta
from decimal import Decimal
from xml.etree import ElementTree

from pypdf import PdfReader

from lindungi.core import formats

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# Excel's own number formats (ECMA-376 18.8.30) that group thousands or show a date.
BUILTIN = {3: "#,##0", 4: "#,##0.00", 14: "dd/mm/yyyy", 17: "mmm-yy", 22: "dd/mm/yyyy hh:mm"}
EXCEL_EPOCH = date(1899, 12, 30)


MACHINE_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def shown_text(body: bytes, *, machine_values: bool = False) -> str:
    """The text of a PDF, a workbook or a CSV/text file, one piece a line. `machine_values`:
    a CSV made for programs as much as people (the open data) writes numbers plain (`397749`,
    `0.12`), as its data dictionary says; those cells are values, not words, and are left out."""
    if body.startswith(b"%PDF"):
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    if body.startswith(b"PK"):
        return "\n".join(workbook_cells(body))
    text = body.decode("utf-8-sig", "replace")
    if not machine_values:
        return text
    return "\n".join(
        " | ".join(cell for cell in row if not MACHINE_NUMBER.fullmatch(cell))
        for row in csv.reader(io.StringIO(text))
    )


def _shown_number(value: str, number_format: str) -> str:
    """A numeric cell as Excel in Indonesian shows it under its number format."""
    number = Decimal(value)
    plain = number_format.split(";")[0].replace("\\", "").replace('"', "")
    if re.search(r"[ymd]", re.sub(r"\[[^\]]*\]", "", plain), re.IGNORECASE):
        day = EXCEL_EPOCH + timedelta(days=int(number))
        return formats.month(day) if "d" not in plain.lower() else formats.day(day)
    places = len(plain.split(".", 1)[1].rstrip(' %"').split(" ")[0]) if "." in plain else 0
    if "#,##0" in plain or "0.0" in plain:
        if places:
            text = formats.percent(number, places).removesuffix(" %")
        else:
            text = formats.count(int(number.to_integral_value()))
        return f"{text} %" if "%" in plain else text
    return value  # General: as stored, so an unformatted large number shows bare


def _parsed(book: zipfile.ZipFile, name: str) -> ElementTree.Element:
    """A part of a workbook the product wrote itself (not untrusted input)."""
    return ElementTree.fromstring(book.read(name))  # noqa: S314


def workbook_cells(body: bytes) -> list[str]:
    """Every sheet's name and every cell's text as shown, sheet by sheet, row by row."""
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        names = set(book.namelist())
        strings = []
        if "xl/sharedStrings.xml" in names:
            for item in _parsed(book, "xl/sharedStrings.xml"):
                strings.append("".join(t.text or "" for t in item.iter(f"{MAIN}t")))
        number_formats: list[str] = []
        if "xl/styles.xml" in names:
            styles = _parsed(book, "xl/styles.xml")
            custom = {
                int(fmt.get("numFmtId", "0")): fmt.get("formatCode", "")
                for fmt in styles.iter(f"{MAIN}numFmt")
            }
            cell_xfs = styles.find(f"{MAIN}cellXfs")
            for xf in cell_xfs if cell_xfs is not None else []:
                number = int(xf.get("numFmtId", "0"))
                number_formats.append(custom.get(number) or BUILTIN.get(number, "General"))
        workbook = _parsed(book, "xl/workbook.xml")
        targets = {
            rel.get("Id"): rel.get("Target", "")
            for rel in _parsed(book, "xl/_rels/workbook.xml.rels").iter(
                f"{PACKAGE_RELS}Relationship"
            )
        }
        shown: list[str] = []
        for sheet in workbook.iter(f"{MAIN}sheet"):
            shown.append(sheet.get("name", ""))
            target = targets[sheet.get(f"{RELS}id")].lstrip("/").removeprefix("xl/")
            for row in _parsed(book, f"xl/{target}").iter(f"{MAIN}row"):
                cells = []
                for cell in row.iter(f"{MAIN}c"):
                    kind, value = cell.get("t"), cell.find(f"{MAIN}v")
                    if kind == "inlineStr":
                        cells.append("".join(t.text or "" for t in cell.iter(f"{MAIN}t")))
                    elif value is None or value.text is None:
                        continue
                    elif kind == "s":
                        cells.append(strings[int(value.text)])
                    elif kind in ("str", "b", "e"):
                        cells.append(value.text)
                    else:
                        style = int(cell.get("s", "0"))
                        fmt = number_formats[style] if style < len(number_formats) else "General"
                        cells.append(_shown_number(value.text, fmt))
                shown.append(" | ".join(cells))
        return shown


# Files meant for programs as much as for people, read as a person reads them: the open data's
# numbers are machine values (its dictionary says so), and its data dictionary is bilingual on
# purpose (its English column is the English).
OPEN_DATA = "/publik/cakupan.csv"
DATA_DICTIONARY = "/publik/cakupan-kamus-data.csv"


def shown_download(path: str, body: bytes) -> str:
    """What a person reads of the download at `path` (its address without the query), for
    `tests.language.findings`: every file as `shown_text` reads it, the open data without its
    machine numbers, and the data dictionary's Indonesian columns only."""
    if path == OPEN_DATA:
        return shown_text(body, machine_values=True)
    if path == DATA_DICTIONARY:
        rows = csv.DictReader(io.StringIO(body.decode("utf-8-sig")))
        return "\n".join(f"{row['kolom']}: {row['keterangan']}" for row in rows)
    return shown_text(body)
