"""The list of ended memberships (non-aktif) for BPJS (docs/bpjs-exchange.md, section 4).

`endings_file_create` gathers, for a regency, every enrolment with a KPJ ended or cancelled
since its previous list (those no list has told BPJS yet) into a numbered list
(`NA-3211-202612-0001`), one audit event; `endings_xlsx` writes the list as a workbook BPJS
keys in, full NIKs included: only the batch handlers who may reveal, with a stated purpose,
each download recorded. A list once made keeps its rows: it can be downloaded again, and the
next list starts where it ended.
"""

import io
from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.core.audit import Action, audit_record
from lindungi.core.documents import long_date, number
from lindungi.core.errors import NotFound, PermissionDenied, ValidationFailed
from lindungi.core.months import month_start
from lindungi.core.scopes import Scope, below_q
from lindungi.programs.models import EndingsFile, EndReason, Enrolment
from lindungi.programs.permissions import may_send_endings
from lindungi.programs.selectors import sponsors_visible
from lindungi.regions.codes import regency_of
from lindungi.regions.models import Level, Region

SHEET = "Nonaktif"
ABOUT_SHEET = "Keterangan"
# The reasons in BPJS's words (the file is Indonesian whatever the reader's language).
REASON_WORDS = {
    EndReason.DIED: "Meninggal dunia",
    EndReason.MOVED: "Pindah domisili",
    EndReason.BECAME_PU: "Menjadi peserta Penerima Upah (PU)",
    EndReason.SPONSOR_STOPPED: "Pemberi iuran berhenti",
    EndReason.CONSENT_WITHDRAWN: "Persetujuan potongan TPP dicabut",
    EndReason.PERIOD_OVER: "Masa program berakhir",
    EndReason.OTHER: "Lainnya",
}
COLUMNS = (
    ("No", 6),
    ("KPJ", 16),
    ("NIK", 19),
    ("Nama (sesuai KTP)", 30),
    ("Alasan nonaktif", 28),
    ("Bulan terakhir (mm-yyyy)", 12),
    ("Tanggal kejadian (dd-mm-yyyy)", 14),
    ("Pemberi iuran", 30),
    ("Kode desa (Kemendagri)", 15),
    ("Keterangan", 30),
)
FIELDS = (
    "kpj",
    "worker__nik",
    "worker__name",
    "end_reason",
    "last_month",
    "event_date",
    "sponsor__name",
    "worker__village_id",
    "end_note",
)


def _checked_region(scope: Scope, region: Region) -> None:
    if region.level != Level.REGENCY:
        raise ValidationFailed(_("A non-active list is made for a regency or city"), field="region")
    if not scope.covers_region(region.code):
        raise NotFound(_("Region not found"), code="region.not_found", region=region.code)


def untold(*, scope: Scope, region: Region) -> QuerySet[Enrolment]:
    """Ended (or cancelled) enrolments with a KPJ of the region's sponsors that no list has
    told BPJS yet: the rows of the region's next list."""
    return Enrolment.objects.filter(
        sponsors_visible(scope, "sponsor__"),
        Q(sponsor__region__code=region.code) | below_q("sponsor__region__code", region.code),
        ended_at__isnull=False,
        endings_file__isnull=True,
    ).exclude(kpj="")


def endings_file_list(*, scope: Scope) -> QuerySet[EndingsFile]:
    """The lists the reader may see (those of their regions; none without the right)."""
    if not may_send_endings(scope):
        return EndingsFile.objects.none()
    return EndingsFile.objects.filter(scope.region_q("region__code")).select_related(
        "region", "created_by"
    )


def endings_file_get(*, scope: Scope, file_id: int) -> EndingsFile:
    found = endings_file_list(scope=scope).filter(pk=file_id).first()
    if found is None:
        raise NotFound(_("Non-active list not found"), id=file_id)
    return found


@transaction.atomic
def endings_file_create(
    *, actor: User | None, scope: Scope, region: Region, today: date | None = None
) -> EndingsFile:
    """Gather the region's ended memberships not yet told to BPJS into a new numbered list;
    refused when there is none."""
    if not (may_send_endings(scope) and scope.can_write):
        raise PermissionDenied(
            _("Only the regional admin or BPJS makes the non-active list"),
            code="endings.not_handler",
        )
    _checked_region(scope, region)
    rows = untold(scope=scope, region=region).select_for_update(of=("self",))
    ids = list(rows.values_list("pk", flat=True))
    if not ids:
        raise ValidationFailed(
            _("No membership of %(region)s has ended since the last list")
            % {"region": region.name},
            code="endings.nothing_new",
            field="region",
        )
    today = today or timezone.localdate()
    stem = f"NA-{region.code.replace('.', '')}-{today:%Y%m}-"
    serial = EndingsFile.objects.filter(number__startswith=stem).count() + 1
    created = EndingsFile.objects.create(
        number=f"{stem}{serial:04d}",
        region=region,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        created_at=timezone.now(),
        row_count=len(ids),
    )
    Enrolment.objects.filter(pk__in=ids).update(endings_file=created)
    audit_record(
        actor=actor,
        action=Action.ENDINGS_CREATE,
        object_type="endings_file",
        object_id=created.pk,
        region_code=region.code,
        details={"number": created.number, "count": len(ids)},
    )
    return created


def endings_xlsx(*, actor: User | None, scope: Scope, endings: EndingsFile, purpose: str) -> bytes:
    """The list as a workbook: sheet "Nonaktif" (one row per ended membership: KPJ, NIK, name,
    reason, last month protected, date of the event, sponsor, village) and sheet "Keterangan".
    Full NIKs: refused unless the role handles batches and may reveal; the purpose is required
    and recorded with the row count."""
    if not may_send_endings(scope):
        raise PermissionDenied(
            _("Only the regional admin or BPJS can download the non-active list"),
            code="endings.not_handler",
        )
    endings_file_get(scope=scope, file_id=endings.pk)
    purpose = " ".join(purpose.split())
    if not purpose:
        raise ValidationFailed(_("Say why you download the full NIKs"), field="purpose")
    rows = (
        Enrolment.objects.filter(endings_file=endings)
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
    sheet = workbook.add_worksheet(SHEET)
    sheet.write_row(0, 0, [header for header, _width in COLUMNS], bold)
    for column, (header, width) in enumerate(COLUMNS):
        sheet.set_column(column, column, width, None if header == "No" else text)
    count = 0
    for count, row in enumerate(_one_per_membership(rows), start=1):
        kpj, nik, name, reason, last_month, event_date, sponsor, village, note = row
        sheet.write_number(count, 0, count)
        for column, value in enumerate(
            (
                kpj,
                nik,
                name,
                REASON_WORDS.get(reason, reason),
                f"{last_month:%m-%Y}",
                f"{event_date:%d-%m-%Y}" if event_date else "",
                sponsor,
                village,
                note,
            ),
            start=1,
        ):
            sheet.write_string(count, column, value or "")
    sheet.freeze_panes(1, 4)
    sheet.autofilter(0, 0, max(count, 1), len(COLUMNS) - 1)
    about = workbook.add_worksheet(ABOUT_SHEET)
    about.set_column(0, 0, 28)
    about.set_column(1, 1, 70)
    facts = (
        ("Daftar", "Peserta nonaktif Bukan Penerima Upah (BPU) BPJS Ketenagakerjaan"),
        ("Nomor", endings.number),
        ("Kabupaten/Kota", f"{endings.region.name} ({endings.region_id})"),
        ("Tanggal dibuat", long_date(timezone.localtime(endings.created_at).date())),
        ("Jumlah peserta", f"{number(count)} orang"),
        (
            "Bulan terakhir",
            "Bulan terakhir yang dilindungi dan dibayar; kepesertaan berakhir mulai bulan "
            "berikutnya.",
        ),
        ("Dibuat dengan", f"Lindungi, {long_date(timezone.localdate())}"),
    )
    for index, (label, value) in enumerate(facts):
        about.write_string(index, 0, label, bold)
        about.write_string(index, 1, value)
    workbook.close()
    audit_record(
        actor=actor,
        action=Action.ENDINGS_EXPORT,
        object_type="endings_file",
        object_id=endings.pk,
        region_code=endings.region_id,
        details={"number": endings.number, "purpose": purpose[:300], "count": count},
    )
    return output.getvalue()


def _one_per_membership(rows: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """One row per KPJ: a membership ended by an event and a follow-on enrolment of it that
    the event cancelled before it began are one membership, whose last month is the earlier
    of the two (the event's month)."""
    kept: dict[str, tuple[Any, ...]] = {}
    for row in rows:
        kpj, last_month, event_date = row[0], row[4], row[5]
        if event_date is not None and last_month > month_start(event_date):
            row = (*row[:4], month_start(event_date), *row[5:])
        if kpj not in kept or row[4] < kept[kpj][4]:
            kept[kpj] = row
    return list(kept.values())


def untold_counts(*, scope: Scope) -> dict[str, int]:
    """Per regency: the ended memberships its next non-aktif list would carry."""
    counts: Counter[str] = Counter()
    for code in (
        Enrolment.objects.filter(
            sponsors_visible(scope, "sponsor__"),
            ended_at__isnull=False,
            endings_file__isnull=True,
        )
        .exclude(kpj="")
        .values_list("sponsor__region_id", flat=True)
        .iterator()
    ):
        counts[regency_of(code) or code] += 1
    return dict(counts)
