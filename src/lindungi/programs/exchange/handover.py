"""The Berita Acara Serah Terima Data of a batch: the statement the regency and BPJS sign when
the registration file changes hands (docs/bpjs-exchange.md).

It holds counts and money per sponsor, never a NIK or a name of a worker, so anyone who sees the
batch may print it. Written with fpdf2's core fonts (Helvetica, Latin-1): text outside Latin-1
is folded to its nearest plain letters first.
"""

from typing import Any

from django.db.models import Count, F, Max, Min, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from lindungi.accounts.models import User
from lindungi.core.audit import Action, audit_record
from lindungi.core.documents import latin1, long_date, month_year, number
from lindungi.core.errors import NotFound
from lindungi.core.money import format_rupiah
from lindungi.core.scopes import Scope
from lindungi.programs.exchange import FUNDING_WORDS, KIND_WORDS, coverage, regency_words
from lindungi.programs.models import Enrolment, SubmissionBatch
from lindungi.programs.selectors import batch_list, month_span

WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
TABLE_HEADERS = (
    "No",
    "Pemberi iuran",
    "Jenis",
    "Sumber dana",
    "Kode wadah",
    "Jumlah pekerja",
    "Iuran per bulan",
    "Total periode",
)
TABLE_WIDTHS = (8, 50, 22, 26, 14, 16, 21, 23)  # mm, 180 in all: A4 less 15 mm margins
TABLE_ALIGN = ("RIGHT", "LEFT", "LEFT", "LEFT", "CENTER", "RIGHT", "RIGHT", "RIGHT")


def handover_pdf(*, actor: User | None, scope: Scope, batch: SubmissionBatch) -> bytes:
    """The handover statement of a batch, in Indonesian, as PDF: the parties (the regency's
    manpower office gives, the BPJS branch receives), the program, one row per sponsor with its
    workers and contributions, the totals, and the two signature blocks. Recorded as
    `batch.handover`."""
    if not batch_list(scope=scope).filter(pk=batch.pk).exists():
        raise NotFound(_("Submission batch not found"), id=batch.pk)
    program = batch.program
    enrolments = Enrolment.objects.filter(batch=batch)
    rows = _sponsor_rows(batch)
    period = enrolments.aggregate(first=Min("first_month"), last=Max("last_month"))
    today = timezone.localdate()
    giver, place = regency_words(batch.region.name)
    receiver = f"BPJS Ketenagakerjaan Kantor Cabang {place}"
    workers = sum(row["workers"] for row in rows)

    pdf = _Statement(batch.number)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.line_center("BERITA ACARA SERAH TERIMA DATA")
    pdf.set_font("Helvetica", "B", 11)
    pdf.line_center("CALON PESERTA BPJS KETENAGAKERJAAN BUKAN PENERIMA UPAH")
    pdf.set_font("Helvetica", "", 10)
    pdf.line_center(f"Nomor: BAST/{batch.number}")
    pdf.ln(4)
    pdf.paragraph(
        f"Pada hari ini, {WEEKDAYS[today.weekday()]}, tanggal {long_date(today)}, "
        "yang bertanda tangan di bawah ini:"
    )
    pdf.paragraph(
        f"1. {giver}, melalui Dinas Tenaga Kerja (Disnaker), selanjutnya disebut PIHAK PERTAMA "
        "(yang menyerahkan);",
        indent=5,
    )
    pdf.paragraph(
        f"2. {receiver}, selanjutnya disebut PIHAK KEDUA (yang menerima).",
        indent=5,
    )
    pdf.paragraph(
        "PIHAK PERTAMA menyerahkan kepada PIHAK KEDUA data calon peserta program "
        f"{program.name} untuk didaftarkan sebagai peserta Bukan Penerima Upah, "
        "dengan rincian sebagai berikut:"
    )
    facts = (
        ("Nomor kiriman", batch.number),
        ("Tanggal kiriman", long_date(timezone.localtime(batch.created_at).date())),
        ("Program", program.name),
        ("Program BPJS", coverage(program)),
        (
            "Periode",
            f"{month_year(period['first'])} s.d. {month_year(period['last'])}"
            if period["first"]
            else "-",
        ),
        ("Penghasilan yang dilaporkan", format_rupiah(program.income_basis)),
        ("Jumlah peserta", f"{number(workers)} orang"),
        ("Jumlah pemberi iuran", number(len(rows))),
    )
    for label, value in facts:
        pdf.fact(label, value)
    pdf.ln(3)
    _table(pdf, rows)
    pdf.ln(3)
    pdf.paragraph(
        "Data peserta (NIK, nama, tanggal lahir, alamat) diserahkan dalam berkas Excel "
        f"pendaftaran kolektif nomor {batch.number}, yang menjadi bagian tidak terpisahkan dari "
        "berita acara ini. Data tersebut adalah data pribadi (UU 27/2022 tentang Pelindungan "
        "Data Pribadi) dan hanya digunakan untuk pendaftaran kepesertaan."
    )
    pdf.paragraph("Demikian berita acara ini dibuat untuk dipergunakan sebagaimana mestinya.")
    pdf.signatures(
        place=place,
        day=long_date(today),
        giver=("PIHAK PERTAMA", "Yang menyerahkan,", f"Disnaker {batch.region.name}", "NIP."),
        receiver=("PIHAK KEDUA", "Yang menerima,", receiver, "NPP."),
    )
    content = bytes(pdf.output())

    audit_record(
        actor=actor,
        action=Action.BATCH_HANDOVER,
        object_type="batch",
        object_id=batch.pk,
        region_code=batch.region_id,
        details={"number": batch.number, "count": workers, "sponsors": len(rows)},
    )
    return content


def _sponsor_rows(batch: SubmissionBatch) -> list[dict[str, Any]]:
    """Per sponsor (and funding source): workers, contributions per month and for the period."""
    return list(
        Enrolment.objects.filter(batch=batch)
        .values(
            "sponsor_id", "sponsor__name", "sponsor__kind", "sponsor__group_code", "funding_source"
        )
        .annotate(
            workers=Count("id"),
            monthly=Sum("monthly_amount"),
            total=Sum(F("monthly_amount") * month_span()),
        )
        .order_by("sponsor__name", "sponsor_id", "funding_source")
    )


def _table(pdf: "_Statement", rows: list[dict[str, Any]]) -> None:
    pdf.set_font("Helvetica", "", 8)
    with pdf.table(
        col_widths=TABLE_WIDTHS,
        text_align=TABLE_ALIGN,
        width=sum(TABLE_WIDTHS),
        line_height=4.5,
        repeat_headings=1,
    ) as table:
        heading = table.row()
        for header in TABLE_HEADERS:
            heading.cell(header, align="CENTER")
        for position, row in enumerate(rows, start=1):
            cells = table.row()
            for text in (
                number(position),
                row["sponsor__name"],
                KIND_WORDS.get(row["sponsor__kind"], row["sponsor__kind"]),
                FUNDING_WORDS.get(row["funding_source"], row["funding_source"]),
                row["sponsor__group_code"] or "-",
                number(row["workers"]),
                format_rupiah(row["monthly"]),
                format_rupiah(row["total"]),
            ):
                cells.cell(latin1(text))
        totals = table.row()
        totals.cell("JUMLAH", colspan=5, align="RIGHT")
        totals.cell(number(sum(row["workers"] for row in rows)))
        totals.cell(format_rupiah(sum(row["monthly"] for row in rows)))
        totals.cell(format_rupiah(sum(row["total"] for row in rows)))
    pdf.set_font("Helvetica", "", 10)


class _Statement(FPDF):
    """A4 portrait, 15 mm margins, the batch number and page in the footer."""

    def __init__(self, number: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.number = number
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_title(f"Berita Acara Serah Terima Data {number}")
        self.set_creator("Lindungi")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 7)
        self.cell(0, 5, f"BAST/{self.number} - halaman {self.page_no()}/{{nb}}", align="R")

    def line_center(self, text: str) -> None:
        self.cell(0, 6, latin1(text), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def paragraph(self, text: str, indent: float = 0) -> None:
        self.set_x(self.l_margin + indent)
        self.multi_cell(0, 5, latin1(text), align="J", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def fact(self, label: str, value: str) -> None:
        self.set_x(self.l_margin + 5)
        self.cell(55, 5, latin1(label))
        self.multi_cell(0, 5, latin1(f": {value}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def signatures(
        self,
        *,
        place: str,
        day: str,
        giver: tuple[str, str, str, str],
        receiver: tuple[str, str, str, str],
    ) -> None:
        if self.will_page_break(55):
            self.add_page()
        self.ln(4)
        half = (self.w - self.l_margin - self.r_margin) / 2
        self.set_x(self.l_margin + half)
        self.cell(
            half, 5, latin1(f"{place}, {day}"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        top = self.get_y()
        for column, (party, role, office, staff_number) in enumerate((receiver, giver)):
            x = self.l_margin + column * half
            self.set_xy(x, top)
            self.set_font("Helvetica", "B", 10)
            self.multi_cell(half, 5, latin1(party), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
            self.set_font("Helvetica", "", 10)
            self.multi_cell(half, 5, latin1(role), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
            self.multi_cell(half, 5, latin1(office), align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
            self.ln(20)
            self.set_x(x)
            self.multi_cell(
                half,
                5,
                "(..................................................)",
                align="C",
                new_x=XPos.LEFT,
                new_y=YPos.NEXT,
            )
            self.set_x(x + 12)
            self.cell(half - 24, 5, staff_number)
