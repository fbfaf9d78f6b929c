"""The collective-registration workbook of a batch, as BPJS keys it in (docs/bpjs-exchange.md).

One row per enrolment of the batch, full NIKs included: only the roles that handle batches may
make it, with a stated purpose, and each download is recorded. Every cell is written as what it
is (text as text, never a formula), so a NIK stays sixteen digits and a name that begins with
`=` stays a name in any spreadsheet.
"""

import io
from datetime import date

import xlsxwriter  # type: ignore[import-untyped]
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.core.audit import Action, audit_record
from lindungi.core.documents import long_date, number, rupiah
from lindungi.core.errors import NotFound, PermissionDenied, ValidationFailed
from lindungi.core.months import months_between
from lindungi.core.scopes import Scope
from lindungi.programs.exchange import FUNDING_WORDS, coverage
from lindungi.programs.models import Enrolment, SubmissionBatch
from lindungi.programs.permissions import handles_batches
from lindungi.programs.selectors import batch_list

SHEET = "Peserta"
ABOUT_SHEET = "Keterangan"
# (header, width): the order BPJS's collective-registration form asks for.
COLUMNS = (
    ("No", 6),
    ("NIK", 19),
    ("Nama (sesuai KTP)", 30),
    ("Tempat lahir", 14),
    ("Tanggal lahir (dd-mm-yyyy)", 14),
    ("Jenis kelamin (L/P)", 9),
    ("Alamat", 34),
    ("Kode desa (Kemendagri)", 15),
    ("Desa/Kelurahan", 20),
    ("Kecamatan", 20),
    ("No HP", 15),
    ("Pekerjaan", 20),
    ("Penghasilan", 13),
    ("Program", 12),
    ("Sumber dana", 20),
    ("Kode wadah", 8),
    ("Pemberi iuran", 30),
    ("Bulan mulai (mm-yyyy)", 11),
    ("Lama (bulan)", 8),
    ("Iuran per bulan", 12),
)
HEADERS = tuple(header for header, _width in COLUMNS)
NUMBER_COLUMNS = {"No", "Penghasilan", "Lama (bulan)", "Iuran per bulan"}
FIELDS = (
    "worker__nik",
    "worker__name",
    "worker__birth_date",
    "worker__sex",
    "worker__address",
    "worker__village_id",
    "worker__village__name",
    "worker__village__parent__name",
    "worker__phone",
    "worker__occupation",
    "funding_source",
    "sponsor__group_code",
    "sponsor__name",
    "first_month",
    "last_month",
    "monthly_amount",
)


def registration_xlsx(
    *, actor: User | None, scope: Scope, batch: SubmissionBatch, purpose: str
) -> bytes:
    """The batch's collective-registration workbook: sheet "Peserta" (one row per enrolment) and
    sheet "Keterangan" (the batch, its program and regency). Full NIKs are personal data (UU
    27/2022 on personal data protection): refused unless the role handles batches and may reveal;
    the purpose is required and recorded with the row count."""
    if not (handles_batches(scope) and scope.may_reveal):
        raise PermissionDenied(
            _("Only the regional admin or BPJS can download the batch file"),
            code="batch.not_handler",
        )
    if not batch_list(scope=scope).filter(pk=batch.pk).exists():
        raise NotFound(_("Submission batch not found"), id=batch.pk)
    purpose = " ".join(purpose.split())
    if not purpose:
        raise ValidationFailed(_("Say why you download the full NIKs"), field="purpose")
    program = batch.program
    programs = coverage(program)
    rows = (
        Enrolment.objects.filter(batch=batch)
        .order_by("sponsor__name", "worker__name", "worker__nik", "id")
        .values_list(*FIELDS)
    )

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        output,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    text = workbook.add_format({"num_format": "@"})
    money = workbook.add_format({"num_format": "#,##0"})
    sheet = workbook.add_worksheet(SHEET)
    sheet.write_row(0, 0, HEADERS, bold)
    for column, (header, width) in enumerate(COLUMNS):
        if header in ("Penghasilan", "Iuran per bulan"):
            sheet.set_column(column, column, width, money)
        elif header in NUMBER_COLUMNS:
            sheet.set_column(column, column, width)
        else:
            # Text-formatted, so that what an officer types in later stays text too.
            sheet.set_column(column, column, width, text)
    count = 0
    for count, row in enumerate(rows.iterator(chunk_size=2000), start=1):
        (
            nik,
            name,
            birth_date,
            sex,
            address,
            village_code,
            village,
            district,
            phone,
            occupation,
            funding_source,
            group_code,
            sponsor,
            first_month,
            last_month,
            monthly_amount,
        ) = row
        sheet.write_number(count, 0, count)
        texts = (
            nik,
            name,
            "",  # Tempat lahir: Lindungi does not store a birthplace
            _day(birth_date),
            sex,
            address,
            village_code,
            village,
            district,
            phone,
            occupation,
        )
        for column, value in enumerate(texts, start=1):
            sheet.write_string(count, column, value or "")
        sheet.write_number(count, 12, program.income_basis)
        sheet.write_string(count, 13, programs)
        sheet.write_string(count, 14, FUNDING_WORDS.get(funding_source, funding_source))
        sheet.write_string(count, 15, group_code)
        sheet.write_string(count, 16, sponsor)
        sheet.write_string(count, 17, f"{first_month:%m-%Y}")
        sheet.write_number(count, 18, months_between(first_month, last_month))
        sheet.write_number(count, 19, monthly_amount)
    sheet.freeze_panes(1, 3)
    sheet.autofilter(0, 0, max(count, 1), len(COLUMNS) - 1)

    about = workbook.add_worksheet(ABOUT_SHEET)
    about.set_column(0, 0, 28)
    about.set_column(1, 1, 70)
    created = timezone.localtime(batch.created_at).date()
    facts = (
        ("Pendaftaran kolektif", "Peserta Bukan Penerima Upah (BPU) BPJS Ketenagakerjaan"),
        ("Nomor kiriman", batch.number),
        ("Program", program.name),
        ("Program BPJS", programs),
        ("Kabupaten/Kota", f"{batch.region.name} ({batch.region_id})"),
        ("Tanggal dibuat", long_date(created)),
        ("Jumlah peserta", f"{number(count)} orang"),
        ("Penghasilan yang dilaporkan", rupiah(program.income_basis)),
        (
            "Tempat lahir",
            "Dikosongkan: Lindungi tidak menyimpan tempat lahir (data kependudukan Dukcapil "
            "dapat melengkapinya berdasarkan NIK).",
        ),
        ("Dibuat dengan", f"Lindungi, {long_date(timezone.localdate())}"),
    )
    for index, (label, value) in enumerate(facts):
        about.write_string(index, 0, label, bold)
        about.write_string(index, 1, value)
    workbook.close()

    audit_record(
        actor=actor,
        action=Action.BATCH_EXPORT,
        object_type="batch",
        object_id=batch.pk,
        region_code=batch.region_id,
        details={"number": batch.number, "purpose": purpose[:300], "count": count},
    )
    return output.getvalue()


def _day(day: date | None) -> str:
    return f"{day:%d-%m-%Y}" if day else ""
