"""The six-monthly Inpres 2/2021 report as XLSX (one sheet per part) and PDF.

The report is the regency's document (to the governor and the Menko PMK's monitoring), so its
words are Indonesian whatever the reader's language, as the other exports. Every cell is a
value written as what it is (text as text, never a formula: a name beginning with "=" stays
text; amounts, counts, percentages and dates as numbers and dates with an Indonesian format);
the PDF writes them as Indonesian offices do (`Rp 239.050.000`, `37,68 %`, `24 November 2026`).
No personal data (team contacts are not exported).
"""

import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

import xlsxwriter  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from lindungi.accounts.models import User
from lindungi.compliance.report import InpresReport, inpres_report
from lindungi.core.audit import Action, audit_record
from lindungi.core.documents import (
    COUNT_FORMAT,
    DAY_FORMAT,
    PERCENT_FORMAT,
    RUPIAH_FORMAT,
    latin1,
    long_date,
    month_year,
    number,
    percent,
    rupiah,
)
from lindungi.core.scopes import Scope
from lindungi.regions.models import Region

TITLE = "LAPORAN PELAKSANAAN INPRES 2/2021 (OPTIMALISASI JAMSOSTEK)"
TASK_STATUS = {
    "not_started": "Belum dimulai",
    "in_progress": "Sedang berjalan",
    "done": "Selesai",
    "not_applicable": "Tidak berlaku",
}
TEAM_ROLE = {
    "ketua": "Ketua",
    "wakil_ketua": "Wakil Ketua",
    "sekretaris": "Sekretaris",
    "anggota": "Anggota",
}
ACTIVITY_KIND = {
    "fgd": "FGD",
    "sosialisasi": "Sosialisasi",
    "audiensi": "Audiensi",
    "rapat": "Rapat koordinasi",
}
EMPLOYER_STATUS = {
    "not_registered": "Belum terdaftar",
    "partial": "Terdaftar sebagian (PDS)",
    "full": "Terdaftar penuh",
    "arrears": "Menunggak",
}
CONFIDENCE = {"H": "Tinggi", "M": "Sedang", "L": "Rendah (belum diverifikasi)"}
REFERRAL_STEP = {
    "sp1": "Surat Peringatan 1 (SP1)",
    "sp2": "Surat Peringatan 2 (SP2)",
    "referred": "Diserahkan ke Kejaksaan (Datun) dengan SKK",
    "in_court": "Proses pengadilan",
    "settled": "Dibayar / diselesaikan",
    "closed": "Ditutup",
}


class Rupiah(int):
    """An amount of money in a cell: a number in the workbook, `Rp 239.050.000` in the PDF."""


Cell = str | int | Decimal | date | None
Table = tuple[str, tuple[str, ...], list[tuple[Cell, ...]]]


def _date(day: date | None) -> date | str:
    return day if day is not None else "-"


def _parts(report: InpresReport) -> list[Table]:
    """The report's parts as (title, headers, rows): the same content in both files."""
    summary: list[tuple[Cell, ...]] = [
        ("Kabupaten/Kota", f"{report.region.name} ({report.region.code})"),
        ("Periode", report.half.label),
        ("Keadaan per", _date(report.as_of)),
        *[(f"Tugas: {TASK_STATUS[s]}", n) for s, n in report.tasks_by_status.items()],
        ("Anggota tim aktif", len(report.team)),
        ("Kerja sama berlaku", sum(a.in_force for a in report.agreements)),
        ("Kerja sama berakhir dalam 90 hari", sum(a.is_expiring for a in report.agreements)),
        ("Kegiatan", len(report.activities)),
        ("Kepesertaan baru setelah kegiatan", sum(a.outcome.enrolments for a in report.activities)),
        ("Total tunggakan pemberi kerja", Rupiah(report.arrears_total)),
    ]
    if report.coverage is not None:
        figure = report.coverage
        summary += [
            (f"Pekerja terlindungi ({month_year(figure.month)})", figure.protected),
            ("Cakupan", figure.percent if figure.percent is not None else "-"),
        ]
    else:
        summary.append(("Cakupan", "Belum ada potret cakupan untuk bulan terakhir periode"))
    return [
        ("Ringkasan", ("Butir", "Nilai"), summary),
        (
            "Tugas",
            (
                "No",
                "Tugas",
                "Dasar hukum",
                "Perangkat daerah",
                "Status",
                "Tenggat",
                "Bukti",
                "Keyakinan",
            ),
            [
                (
                    number,
                    task.duty,
                    task.legal_basis,
                    task.agency.name if task.agency else "-",
                    TASK_STATUS[task.status],
                    _date(task.due_date),
                    "dokumen" if task.evidence_id else (task.evidence_link or "-"),
                    CONFIDENCE.get(task.confidence, task.confidence) or "-",
                )
                for number, task in enumerate(report.tasks, start=1)
            ],
        ),
        (
            "Tim",
            ("No", "Nama", "Jabatan", "Instansi", "Peran dalam tim"),
            [
                (
                    number,
                    member.name,
                    member.position,
                    member.agency.name if member.agency else member.organisation,
                    TEAM_ROLE[member.team_role],
                )
                for number, member in enumerate(report.team, start=1)
            ],
        ),
        (
            "Kerja sama",
            ("No", "Jenis", "Nomor", "Judul", "Mulai", "Berakhir", "Peringatan"),
            [
                (
                    number,
                    line.agreement.kind,
                    line.agreement.number,
                    line.agreement.title,
                    _date(line.agreement.starts_on),
                    _date(line.agreement.ends_on),
                    "Berakhir dalam 90 hari" if line.is_expiring else "",
                )
                for number, line in enumerate(report.agreements, start=1)
            ],
        ),
        (
            "Kegiatan",
            ("No", "Tanggal", "Jenis", "Judul", "Tempat", "Hadir", "Peserta baru (60 hari)"),
            [
                (
                    number,
                    _date(line.activity.held_on),
                    ACTIVITY_KIND[line.activity.kind],
                    line.activity.title,
                    line.activity.place,
                    line.activity.attendance,
                    line.outcome.enrolments,
                )
                for number, line in enumerate(report.activities, start=1)
            ],
        ),
        (
            "Pemberi kerja",
            ("Status kepesertaan", "Jumlah"),
            [(EMPLOYER_STATUS[s], n) for s, n in report.employers_by_status.items()],
        ),
        (
            "Rujukan",
            ("Tahap", "Jumlah"),
            [(REFERRAL_STEP[s], n) for s, n in report.referrals_by_step.items()],
        ),
    ]


def _recorded(actor: User | None, report: InpresReport, file_format: str) -> None:
    audit_record(
        actor=actor,
        action=Action.INPRES_REPORT_EXPORT,
        object_type="region",
        object_id=report.region.code,
        region_code=report.region.code,
        details={"format": file_format, "year": report.half.year, "half": report.half.half},
    )


def inpres_report_xlsx(
    *, actor: User | None, scope: Scope, region: Region, half: tuple[int, int]
) -> bytes:
    """The report as a workbook, one sheet per part (recorded)."""
    report = inpres_report(scope=scope, region=region, half=half)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False},
    )
    heading = workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1})
    text = workbook.add_format({"num_format": "@", "border": 1, "text_wrap": True})

    def cell_format(num_format: str) -> object:
        return workbook.add_format({"num_format": num_format, "border": 1, "align": "left"})

    count, money = cell_format(COUNT_FORMAT), cell_format(RUPIAH_FORMAT)
    share, day = cell_format(PERCENT_FORMAT), cell_format(DAY_FORMAT)
    for title, headers, rows in _parts(report):
        sheet = workbook.add_worksheet(title)
        for column, header in enumerate(headers):
            sheet.write_string(0, column, header, heading)
        for row_number, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(row_number, column, value, day)
                elif isinstance(value, Decimal):
                    sheet.write_number(row_number, column, float(value), share)
                elif isinstance(value, int):
                    sheet.write_number(
                        row_number, column, value, money if isinstance(value, Rupiah) else count
                    )
                else:
                    sheet.write_string(row_number, column, value or "", text)
        sheet.set_column(0, len(headers) - 1, 22)
    workbook.close()
    _recorded(actor, report, "xlsx")
    return buffer.getvalue()


# A table row of the PDF must fit on one page: a longer text (a duty may hold 2,000
# characters) is cut there and given whole in the workbook.
PDF_CELL_CHARS = 400


def _pdf_cell(value: Cell) -> str:
    if isinstance(value, Rupiah):
        text = rupiah(value)
    elif isinstance(value, int):
        text = number(value)
    elif isinstance(value, Decimal):
        text = percent(value)
    elif isinstance(value, date):
        text = long_date(value)
    else:
        text = value or ""
    return text if len(text) <= PDF_CELL_CHARS else f"{text[: PDF_CELL_CHARS - 3]}..."


def _pdf_table(pdf: FPDF, headers: Sequence[str], rows: list[tuple[Cell, ...]]) -> None:
    with pdf.table(width=pdf.epw, line_height=4.5, repeat_headings=1) as table:
        header = table.row()
        for title in headers:
            header.cell(latin1(title))
        for row in rows:
            cells = table.row()
            for value in row:
                cells.cell(latin1(_pdf_cell(value)))


def inpres_report_pdf(
    *, actor: User | None, scope: Scope, region: Region, half: tuple[int, int]
) -> bytes:
    """The report as a PDF to sign and send (recorded)."""
    report = inpres_report(scope=scope, region=region, half=half)
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.set_title(latin1(f"Laporan Inpres 2/2021 {report.region.name} {report.half.label}"))
    pdf.set_creator("Lindungi")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 6, TITLE, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "", 10)
    for line in (report.region.name, report.half.label):
        pdf.cell(0, 6, latin1(line), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    for title, headers, rows in _parts(report):
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(0, 6, latin1(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font("Helvetica", "", 8)
        if rows:
            _pdf_table(pdf, headers, rows)
        else:
            pdf.cell(0, 5, "Tidak ada data", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _recorded(actor, report, "pdf")
    return bytes(pdf.output())
