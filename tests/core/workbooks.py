"""Crafted files for the reader's tests, written as a stream so that a file of hundreds of MB
unpacked costs the test a few MB of memory and a few seconds."""

import struct
import zipfile
from collections.abc import Iterable
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    ),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
        f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" '
        f'xmlns:r="{RELATIONSHIPS}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}">'
        f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}
SHEET = "xl/worksheets/sheet1.xml"


def row(*cells: str) -> bytes:
    """A row of inline-text cells."""
    return (
        "<row>"
        + "".join(f'<c t="inlineStr"><is><t>{text}</t></is></c>' for text in cells)
        + "</row>"
    ).encode()


def numbers(count: int, digit: int = 1) -> bytes:
    """A row of `count` one-digit number cells, the smallest a cell can be written."""
    return b"<row>" + f"<c><v>{digit}</v></c>".encode() * count + b"</row>"


def workbook(
    path: Path,
    rows: Iterable[bytes],
    *,
    shared: list[str] | None = None,
    level: int = 1,
    sheet_part: str = SHEET,
) -> Path:
    """An XLSX whose first sheet holds `rows` (XML of `<row>` elements), streamed through
    deflate; `shared` adds a shared-strings part; `sheet_part` is where the sheet lives."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, text in PARTS.items():
            archive.writestr(name, text.replace(SHEET[3:], sheet_part[3:]))
        if shared is not None:
            items = "".join(f"<si><t>{text}</t></si>" for text in shared)
            archive.writestr(
                "xl/sharedStrings.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">{items}</sst>',
            )
        with archive.open(sheet_part, "w") as sheet:
            opening = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
            sheet.write(f"{opening}<sheetData>".encode())
            for xml in rows:
                sheet.write(xml)
            sheet.write(b"</sheetData></worksheet>")
    return path


def repeated(block: bytes, times: int) -> Iterable[bytes]:
    for _ in range(times):
        yield block


def claim_smaller(path: Path, part: str, size: int) -> Path:
    """Make the archive's headers say `part` unpacks to `size` bytes (a lying zip bomb): the
    size field of its local header and of its central-directory entry."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(part).header_offset
    struct.pack_into("<I", data, local + 22, size)
    central = data.find(b"PK\x01\x02" + data[local + 4 : local + 6])
    while data[central + 46 : central + 46 + len(part)] != part.encode():
        central = data.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, size)
    path.write_bytes(bytes(data))
    return path
