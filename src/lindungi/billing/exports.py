"""Files for the finance office: the month's TPP deduction list of an agency, as XLSX and PDF;
and a sponsor's bill as a PDF.

All are the regency's documents (for the BPKAD, for the sponsor), so their words are Indonesian
whatever the reader's language (as the BPJS exchange files). Every cell is a value: the NIP is
text (18 digits would lose their last ones as a number), amounts are numbers, and no cell is a
formula; amounts carry the Rupiah format, so Excel shows `Rp 16.800` and still adds them up.
The PDFs write figures as Indonesian offices do (`Rp 239.050.000`, `1.250`). A bill shows NIKs
masked, as the pages do.
"""

import io
from datetime import date

import xlsxwriter  # type: ignore[import-untyped]
from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from lindungi.accounts.models import Agency, User
from lindungi.billing.models import Bill, BillKind, LineKind
from lindungi.billing.selectors.bills import bill_get, bill_lines
from lindungi.billing.selectors.tpp import TppList, tpp_deductions
from lindungi.core.audit import Action, audit_record
from lindungi.core.documents import (
    COUNT_FORMAT,
    RUPIAH_FORMAT,
    latin1,
    long_date,
    month_year,
    number,
)
from lindungi.core.masking import mask_nik
from lindungi.core.money import format_rupiah
from lindungi.core.scopes import Scope

TITLE = "DAFTAR POTONGAN TPP ASN UNTUK IURAN BPJS KETENAGAKERJAAN"
HEADERS = ("No", "NIP", "Nama", "Jumlah pekerja", "Potongan")


def _recorded(actor: User | None, deductions: TppList, file_format: str) -> None:
    audit_record(
        actor=actor,
        action=Action.TPP_EXPORT,
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
    count = workbook.add_format({"num_format": COUNT_FORMAT, "border": 1})
    money = workbook.add_format({"num_format": RUPIAH_FORMAT, "border": 1})
    total_count = workbook.add_format({"num_format": COUNT_FORMAT, "bold": True, "border": 1})
    total = workbook.add_format({"num_format": RUPIAH_FORMAT, "bold": True, "border": 1})
    sheet.write_string(0, 0, TITLE, bold)
    sheet.write_string(1, 0, f"Perangkat daerah: {agency.name}")
    sheet.write_string(2, 0, f"Bulan: {month_year(deductions.month)}")
    for column, header in enumerate(HEADERS):
        sheet.write_string(4, column, header, heading)
    row = 5
    for position, item in enumerate(deductions.rows, start=1):
        sheet.write_number(row, 0, position, count)
        sheet.write_string(row, 1, item.nip, text)
        sheet.write_string(row, 2, item.name, plain)
        sheet.write_number(row, 3, item.workers, count)
        sheet.write_number(row, 4, item.amount, money)
        row += 1
    sheet.write_string(row, 2, "JUMLAH", heading)
    sheet.write_number(row, 3, deductions.workers, total_count)
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
    pdf.set_title(latin1(f"Potongan TPP {agency.name} {month_year(deductions.month)}"))
    pdf.set_creator("Lindungi")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 6, TITLE, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 10)
    for line in (agency.name, f"Bulan {month_year(deductions.month)}"):
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
        for position, item in enumerate(deductions.rows, start=1):
            cells = table.row()
            for value in (
                number(position),
                item.nip,
                item.name,
                number(item.workers),
                format_rupiah(item.amount),
            ):
                cells.cell(latin1(value))
        totals = table.row()
        totals.cell("JUMLAH", colspan=3, align="RIGHT")
        totals.cell(number(deductions.workers))
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


BILL_TITLE = "TAGIHAN IURAN BPJS KETENAGAKERJAAN"
CREDIT_TITLE = "NOTA KREDIT IURAN BPJS KETENAGAKERJAAN"
BILL_HEADERS = ("No", "Nama pekerja", "NIK", "Bulan", "Jumlah")
BILL_WIDTHS = (10, 70, 40, 30, 30)  # mm, 180 in all
HOW_TO_PAY = (
    "Cara membayar: bayarkan sisa tagihan melalui kanal pembayaran iuran BPJS Ketenagakerjaan "
    "(transfer bank, rekening virtual (VA), atau teller bank/kantor BPJS) paling lambat tanggal "
    "jatuh tempo, dengan nomor tagihan {number} sebagai referensi. Pembayaran dicocokkan otomatis "
    "dengan laporan pembayaran BPJS bila nomor tagihan dan jumlahnya tepat sama dengan sisa "
    "tagihan. Iuran yang tidak dibayar tiga bulan berturut-turut mengakhiri kepesertaan."
)


def _masked(nik: str) -> str:
    """The NIK as pages show it, with a dot the core fonts can draw."""
    return mask_nik(nik).replace("\u2022", "*")


def bill_pdf(*, scope: Scope, actor: User | None, bill: Bill) -> bytes:
    """A sponsor's bill (or credit note) as a PDF to send or print: number, sponsor, month, due
    date, one row per worker and month (NIK masked), total, paid, what remains and how to pay
    (recorded). Out of scope looks like absent (`NotFound`)."""
    bill = bill_get(scope=scope, bill_id=bill.pk)
    lines = list(bill_lines(scope=scope, bill=bill))
    sponsor = bill.sponsor
    credit = bill.kind == BillKind.CREDIT
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_title(latin1(f"{'Nota kredit' if credit else 'Tagihan'} {bill.number}"))
    pdf.set_creator("Lindungi")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(
        0, 6, CREDIT_TITLE if credit else BILL_TITLE, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 6, latin1(sponsor.name), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    facts = [
        ("Nomor", bill.number),
        ("Penanggung iuran", sponsor.name),
        ("Wilayah", f"{sponsor.region.name} ({sponsor.region_id})"),
        ("Bulan", month_year(bill.month)),
        ("Tanggal terbit", long_date(bill.issued_on)),
    ]
    if not credit:
        facts.append(("Jatuh tempo", long_date(bill.due_date)))
    for label, value in facts:
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(45, 6, latin1(label))
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(0, 6, latin1(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_font("Helvetica", "", 9)
    with pdf.table(
        col_widths=BILL_WIDTHS,
        width=sum(BILL_WIDTHS),
        text_align=("RIGHT", "LEFT", "LEFT", "LEFT", "RIGHT"),
        line_height=5,
        repeat_headings=1,
    ) as table:
        header = table.row()
        for title in BILL_HEADERS:
            header.cell(title, align="CENTER")
        for position, line in enumerate(lines, start=1):
            worker = line.enrolment.worker
            name = worker.name if line.kind == LineKind.CHARGE else f"{worker.name} (kredit)"
            cells = table.row()
            for value in (
                number(position),
                name,
                _masked(worker.nik),
                month_year(line.month),
                format_rupiah(line.amount),
            ):
                cells.cell(latin1(value))
        for label, amount in _bill_totals(bill, credit):
            totals = table.row()
            totals.cell(label, colspan=4, align="RIGHT")
            totals.cell(format_rupiah(amount))
    if not credit:
        pdf.ln(6)
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(0, 5, latin1(HOW_TO_PAY.format(number=bill.number)))
    content = bytes(pdf.output())
    audit_record(
        actor=actor,
        action=Action.BILL_EXPORT,
        object_type="bill",
        object_id=bill.pk,
        region_code=sponsor.region_id,
        details={"format": "pdf", "number": bill.number, "lines": len(lines)},
    )
    return content


def _bill_totals(bill: Bill, credit: bool) -> list[tuple[str, int]]:
    paid, remaining = int(bill.paid), int(bill.open_amount)  # type: ignore[attr-defined]
    if credit:
        return [("JUMLAH KREDIT", -bill.total), ("TELAH DIPAKAI", paid), ("SISA KREDIT", remaining)]
    return [("JUMLAH TAGIHAN", bill.total), ("TELAH DIBAYAR", paid), ("SISA TAGIHAN", remaining)]
