"""Files of the coverage pages: every table as a workbook, the open-data CSV with its data
dictionary, and the regent's monthly report as a PDF.

Aggregates only (counts of regions, no worker, no sponsor person), so nothing is recorded in
the audit trail. Every cell is a value: counts, percentages and Rupiah are numbers and months
are dates, each with its Indonesian format (`core.documents`: Excel shows `397.749`, `0,12 %`,
`Okt 2026`), text is written as text (never a formula), and the CSV neutralises a text cell that
a spreadsheet would run.

The open data is for people and programs alike: Indonesian headers and codes (`Kabupaten/Kota`,
`penduduk bekerja (BPS Sakernas)`), plain machine values (`397749`, `0.12`, `2026-10`), and a
data dictionary beside it (`OPEN_DATA_COLUMNS`, downloaded as `cakupan-kamus-data.csv`) that
says what each column holds, in Indonesian and in English.
"""

import csv
import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import xlsxwriter  # type: ignore[import-untyped]
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from lindungi.core import formats
from lindungi.core.documents import (
    COUNT_FORMAT,
    MONTH_FORMAT,
    PERCENT_FORMAT,
    RUPIAH_FORMAT,
    latin1,
)
from lindungi.coverage.models import DenominatorKind, SnapshotLevel
from lindungi.coverage.selectors import Figure
from lindungi.coverage.web.tables import COUNT, MONTH, NUMERIC, PERCENT, RUPIAH, Table, show

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


SHEET_NAME = 28  # Excel allows 31 characters; room is left for a number when two match


def _sheet_name(name: str, used: set[str]) -> str:
    """A table's title as a sheet's name: cut at a word within Excel's limit, numbered when
    another sheet has it already."""
    cleaned = " ".join("".join(char for char in name if char not in "[]:*?/\\").split())
    if len(cleaned) > SHEET_NAME:
        cleaned = cleaned[: SHEET_NAME + 1].rsplit(" ", 1)[0] or cleaned[:SHEET_NAME]
    cleaned = cleaned or "Lembar"
    candidate, number = cleaned, 2
    while candidate.lower() in used:
        candidate, number = f"{cleaned[:25]} {number}", number + 1
    used.add(candidate.lower())
    return candidate


def tables_xlsx(tables: Sequence[Table], heading: Sequence[str]) -> bytes:
    """One sheet per table, its title and the page's heading lines above the rows."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False},
    )
    bold = workbook.add_format({"bold": True})
    header = workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1})
    formats = {
        COUNT: workbook.add_format({"num_format": COUNT_FORMAT, "border": 1}),
        PERCENT: workbook.add_format({"num_format": PERCENT_FORMAT, "border": 1}),
        RUPIAH: workbook.add_format({"num_format": RUPIAH_FORMAT, "border": 1}),
        MONTH: workbook.add_format({"num_format": MONTH_FORMAT, "border": 1, "align": "left"}),
    }
    text = workbook.add_format({"num_format": "@", "border": 1})
    used: set[str] = set()
    for table in tables:
        sheet = workbook.add_worksheet(_sheet_name(table.title, used))
        sheet.write_string(0, 0, table.title, bold)
        for offset, line in enumerate(heading, start=1):
            sheet.write_string(offset, 0, line)
        top = len(heading) + 2
        for column, spec in enumerate(table.columns):
            sheet.write_string(top, column, spec.label, header)
            sheet.set_column(column, column, 26 if spec.kind not in NUMERIC else 16)
        for row_index, row in enumerate(table.rows, start=top + 1):
            for column, (value, spec) in enumerate(zip(row, table.columns, strict=True)):
                if value is None:
                    sheet.write_blank(row_index, column, None, text)
                elif spec.kind in NUMERIC and isinstance(value, (int, Decimal)):
                    sheet.write_number(row_index, column, float(value), formats[spec.kind])
                elif spec.kind == MONTH and isinstance(value, date):
                    sheet.write_datetime(row_index, column, value, formats[MONTH])
                else:
                    sheet.write_string(row_index, column, str(value), text)
    workbook.close()
    return buffer.getvalue()


def _csv_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


# The open data's columns: (header, what it holds in Indonesian, in English). The CSV's header
# row and the data dictionary are both made from here, so they cannot disagree.
OPEN_DATA_COLUMNS = (
    (
        "Kode wilayah",
        "Kode wilayah Kemendagri (32.11 kabupaten, 32.11.15 kecamatan); ID untuk Indonesia",
        "Region code of the Ministry of Home Affairs (32.11 a regency, 32.11.15 a district); ID "
        "for Indonesia",
    ),
    ("Nama wilayah", "Nama wilayah", "Region name"),
    (
        "Tingkat",
        "Tingkat wilayah: nasional, provinsi, kabupaten/kota, kecamatan, desa/kelurahan",
        "Level of the region: national, province, regency/city, district, village",
    ),
    (
        "Bulan",
        "Bulan yang dihitung, TTTT-BB (2026-10 = Oktober 2026)",
        "Month counted, YYYY-MM (2026-10 = October 2026)",
    ),
    (
        "Pekerja terlindungi",
        "Jumlah pekerja dengan kepesertaan BPJS Ketenagakerjaan aktif pada bulan itu, "
        "bilangan bulat tanpa pemisah ribuan",
        "Workers with an active BPJS Ketenagakerjaan membership that month, a whole number "
        "without thousands separators",
    ),
    (
        "Jenis basis",
        "Dasar persentase: pekerja yang eligible (BPJS) atau penduduk bekerja (BPS Sakernas); "
        "kosong bila belum ada basis",
        "What the share is taken of: workers BPJS counts as eligible, or the working population "
        "(BPS Sakernas); empty when there is no base yet",
    ),
    ("Basis (pekerja)", "Jumlah pekerja basis", "Number of workers in the base"),
    ("Tahun basis", "Tahun yang dihitung basis", "Year the base counts"),
    ("Sumber basis", "Sumber angka basis", "Source of the base figure"),
    (
        "Tanggal basis",
        "Tanggal keadaan basis, TTTT-BB-HH",
        "Date the base figure stands at, YYYY-MM-DD",
    ),
    (
        "Cakupan (%)",
        "Pekerja terlindungi dibagi basis, dalam persen, titik sebagai pemisah desimal "
        "(37.68); kosong bila tidak diketahui",
        "Protected workers divided by the base, in percent, with a decimal point (37.68); "
        "empty when unknown",
    ),
    (
        "Target (%)",
        "Target cakupan tahun itu, dalam persen, titik sebagai pemisah desimal; kosong bila "
        "tidak ada",
        "Coverage target of the year, in percent, with a decimal point; empty when none",
    ),
)
LEVEL_WORDS: dict[str, str] = {
    SnapshotLevel.NATIONAL: "nasional",
    SnapshotLevel.PROVINCE: "provinsi",
    SnapshotLevel.REGENCY: "kabupaten/kota",
    SnapshotLevel.DISTRICT: "kecamatan",
    SnapshotLevel.VILLAGE: "desa/kelurahan",
}
BASE_WORDS: dict[str, str] = {
    DenominatorKind.ELIGIBLE: "pekerja yang eligible (BPJS)",
    DenominatorKind.WORKING_POPULATION: "penduduk bekerja (BPS Sakernas)",
}
# Columns holding a code the open data writes in Indonesian words: (column, words).
OPEN_DATA_WORDS: dict[int, dict[str, str]] = {2: LEVEL_WORDS, 5: BASE_WORDS}
OPEN_DATA_MONTH = 3  # the month counted: `2026-10`; other dates in full, `2024-12-31`


def coverage_csv(rows: Sequence[Sequence[object]]) -> str:
    """The open-data file: one row per region and month, headers and codes in Indonesian, plain
    values (months `2026-10`, days `2024-12-31`, points for decimals, no thousands separator,
    empty for unknown), as the data dictionary says."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header for header, _id, _en in OPEN_DATA_COLUMNS)
    for row in rows:
        cells = []
        for column, value in enumerate(row):
            if value is None:
                cells.append("")
            elif column in OPEN_DATA_WORDS:
                cells.append(OPEN_DATA_WORDS[column].get(str(value), str(value)))
            elif isinstance(value, date):
                cells.append(value.isoformat()[: 7 if column == OPEN_DATA_MONTH else 10])
            elif isinstance(value, str):
                cells.append(_csv_text(value))
            else:
                cells.append(str(value))
        writer.writerow(cells)
    return out.getvalue()


def data_dictionary_csv() -> str:
    """The open data's columns, each with what it holds in Indonesian and in English."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("kolom", "keterangan", "description (English)"))
    writer.writerows(OPEN_DATA_COLUMNS)
    return out.getvalue()


def _pdf_table(pdf: FPDF, table: Table, rows: list[tuple[object, ...]] | None = None) -> None:
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, latin1(table.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if not table.rows:
        pdf.set_font("Helvetica", "", 9)
        pdf.cell(0, 6, latin1(_("No rows.")), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(2)
        return
    pdf.set_font("Helvetica", "", 8)
    align = tuple("RIGHT" if column.kind in NUMERIC else "LEFT" for column in table.columns)
    with pdf.table(text_align=align, line_height=4.5, repeat_headings=1) as grid:
        heading = grid.row()
        for column in table.columns:
            heading.cell(latin1(column.label), align="CENTER")
        for row in rows if rows is not None else table.rows:
            cells = grid.row()
            for value, column in zip(row, table.columns, strict=True):
                cells.cell(latin1(show(value, column.kind)))  # type: ignore[arg-type]
    pdf.ln(3)


def report_pdf(
    *, figure: Figure, tables: dict[str, Table], bases: Sequence[str], top: int = 5
) -> bytes:
    """The month's report for the regent: the headline figure with its base and date, the
    trend, categories, sponsor kinds, the best and the last regions below, and the gap."""
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(auto=True, margin=14)
    month = date_format(figure.month, "F Y")
    title = _("Coverage of %(region)s, %(month)s") % {"region": figure.area.name, "month": month}
    pdf.set_title(latin1(title))
    pdf.set_creator("Lindungi")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, latin1(title), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "B", 12)
    pdf.multi_cell(0, 7, latin1(figure.sentence), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 10)
    lines = [
        _("Protected workers: %(count)s") % {"count": show(figure.protected, COUNT)},
        *(_("Base: %(base)s") % {"base": base} for base in bases),
    ]
    if figure.target is not None:
        lines.append(
            _("Target %(year)s: %(percent)s (%(source)s)")
            % {
                "year": figure.target.year,
                "percent": show(figure.target.percent, PERCENT),
                "source": figure.target.source,
            }
        )
    if figure.gap is not None:
        lines.append(
            _("Still to protect: %(workers)s workers, %(rupiah)s for a year")
            % {
                "workers": show(figure.gap.workers, COUNT),
                "rupiah": show(figure.gap.rupiah, RUPIAH),
            }
        )
    if figure.participants is not None:
        lines.append(
            _("BPJS registered participants: %(count)s (%(source)s, %(month)s)")
            % {
                "count": show(figure.participants.count, COUNT),
                "source": figure.participants.source,
                "month": formats.month(figure.participants.month),
            }
        )
    for line in lines:
        pdf.multi_cell(0, 5.5, latin1(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    for key in ("trend", "categories", "sponsors", "gap"):
        if key in tables:
            _pdf_table(pdf, tables[key])
    regions = tables.get("regions")
    if regions is not None and regions.rows:
        ranked = list(regions.rows)
        if len(ranked) > 2 * top:
            best = Table(regions.key, _("Highest coverage"), regions.columns, ranked[:top])
            last = Table(regions.key, _("Lowest coverage"), regions.columns, ranked[-top:])
            _pdf_table(pdf, best)
            _pdf_table(pdf, last)
        else:
            _pdf_table(pdf, regions)
    pdf.set_font("Helvetica", "", 8)
    pdf.cell(
        0,
        5,
        latin1(_("Made by Lindungi on %(date)s") % {"date": formats.day(timezone.localdate())}),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    return bytes(pdf.output())
