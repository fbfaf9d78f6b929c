"""Files for the finance office: the month's TPP deduction list of an agency, as XLSX and PDF.

Both are the regency's documents for the BPKAD, so their words are Indonesian whatever the
reader's language (as the BPJS exchange files). Every cell is a value: the NIP is text (18
digits would lose their last ones as a number), amounts are numbers, and no cell is a formula.
"""

import io
from datetime import date

import xlsxwriter  # type: ignore[import-untyped]
from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from lindungi.accounts.models import Agency, User
from lindungi.billing.selectors import TppList, tpp_deductions
from lindungi.core.audit import audit_record
from lindungi.core.money import format_rupiah
from lindungi.core.scopes import Scope
from lindungi.programs.exchange import MONTHS
from lindungi.programs.exchange.handover import latin1, long_date

TITLE = "DAFTAR POTONGAN TPP ASN UNTUK IURAN BPJS KETENAGAKERJAAN"
HEADERS = ("No", "NIP", "Nama", "Jumlah pekerja", "Potongan (Rp)")


def _month_words(month: date) -> str:
    return f"{MONTHS[month.month - 1]} {month.year}"


def _recorded(actor: User | None, deductions: TppList, file_format: str) -> None:
    audit_record(
        actor=actor,
        action="tpp.export",
        object_type="agency",
        object_id=deductions.agency.pk,
        region_code=deductions.agency.region_id,
        details={
            "format": file_format,
            "month": deductions.month.isoformat(),
            "rows": len(deductions.rows),
            "total": deductions.total,
        },
    )


def tpp_xlsx(*, actor: User | None, scope: Scope, agency: Agency, month: date) -> bytes:
    """The month's deductions of an agency's civil servants as a workbook (recorded)."""
    deductions = tpp_deductions(scope=scope, agency=agency, month=month)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False},
    )
    sheet = workbook.add_worksheet("Potongan TPP")
    bold = workbook.add_format({"bold": True})
    heading = workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1})
    text = workbook.add_format({"num_format": "@", "border": 1})
    plain = workbook.add_format({"border": 1})
    money = workbook.add_format({"num_format": "#,##0", "border": 1})
    total = workbook.add_format({"num_format": "#,##0", "bold": True, "border": 1})
    sheet.write_string(0, 0, TITLE, bold)
    sheet.write_string(1, 0, f"Perangkat daerah: {agency.name}")
    sheet.write_string(2, 0, f"Bulan: {_month_words(deductions.month)}")
    for column, header in enumerate(HEADERS):
        sheet.write_string(4, column, header, heading)
    row = 5
    for number, item in enumerate(deductions.rows, start=1):
        sheet.write_number(row, 0, number, plain)
        sheet.write_string(row, 1, item.nip, text)
        sheet.write_string(row, 2, item.name, plain)
        sheet.write_number(row, 3, item.workers, plain)
        sheet.write_number(row, 4, item.amount, money)
        row += 1
    sheet.write_string(row, 2, "JUMLAH", heading)
    sheet.write_number(row, 3, deductions.workers, total)
    sheet.write_number(row, 4, deductions.total, total)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 21)
    sheet.set_column(2, 2, 36)
    sheet.set_column(3, 4, 16)
    workbook.close()
    _recorded(actor, deductions, "xlsx")
    return buffer.getvalue()


WIDTHS = (10, 45, 70, 25, 30)  # mm, 180 in all


def tpp_pdf(*, actor: User | None, scope: Scope, agency: Agency, month: date) -> bytes:
    """The same list as a PDF to sign and hand to the BPKAD (recorded)."""
    deductions = tpp_deductions(scope=scope, agency=agency, month=month)
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_title(latin1(f"Potongan TPP {agency.name} {_month_words(deductions.month)}"))
    pdf.set_creator("Lindungi")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 6, TITLE, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 10)
    for line in (agency.name, f"Bulan {_month_words(deductions.month)}"):
        pdf.cell(0, 6, latin1(line), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_font("Helvetica", "", 9)
    with pdf.table(
        col_widths=WIDTHS,
        width=sum(WIDTHS),
        text_align=("RIGHT", "LEFT", "LEFT", "RIGHT", "RIGHT"),
        line_height=5,
        repeat_headings=1,
    ) as table:
        header = table.row()
        for title in HEADERS:
            header.cell(title, align="CENTER")
        for number, item in enumerate(deductions.rows, start=1):
            cells = table.row()
            for value in (
                str(number),
                item.nip,
                item.name,
                str(item.workers),
                format_rupiah(item.amount),
            ):
                cells.cell(latin1(value))
        totals = table.row()
        totals.cell("JUMLAH", colspan=3, align="RIGHT")
        totals.cell(str(deductions.workers))
        totals.cell(format_rupiah(deductions.total))
    pdf.ln(8)
    pdf.set_font("Helvetica", "", 10)
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    pdf.set_x(pdf.l_margin + half)
    pdf.multi_cell(
        half,
        5,
        latin1(f"{long_date(timezone.localdate())}\nKepala {agency.name}\n\n\n\n\nNIP."),
        align="C",
    )
    content = bytes(pdf.output())
    _recorded(actor, deductions, "pdf")
    return content
