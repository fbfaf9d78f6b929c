"""The demo regency's claims of 2026, as the offices would have filed them up to today:

- a Cikeruh worker who died in September after nine paid months: the village reported it with
  the death certificate, KTP and family card, BPJS approved and paid Rp 42 jt to the family;
- a fatal work accident in another village in July, reported the next morning and paid;
- a kader posyandu hurt on her way to the posyandu in November, reported four days later:
  flagged late (JKK is reported within 2 x 24 hours), waiting to go to BPJS;
- a work-accident claim BPJS rejected, with its reason (an accident outside work);
- a second Cikeruh death in November, submitted and waiting for BPJS's decision.

Everything goes through the claims services, dated as it happened; steps after `today` are not
taken (the demo's enrolments start in 2026, so there is nothing to claim for 2025). The
documents are small generated PDFs, marked as demo samples. Deterministic.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import QuerySet
from django.utils import timezone
from fpdf import FPDF

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.claims.models import Claim, DocumentKind
from lindungi.claims.services.decisions import claim_decide
from lindungi.claims.services.documents import claim_document_add
from lindungi.claims.services.payments import claim_paid
from lindungi.claims.services.reporting import claim_report, claim_submit
from lindungi.programs.models import Enrolment, EnrolmentStatus, SponsorKind
from lindungi.workers.models import Worker

WIB = ZoneInfo("Asia/Jakarta")
YEAR = 2026
TITLES: dict[str, str] = {
    DocumentKind.DEATH_CERTIFICATE: "Akta Kematian",
    DocumentKind.KTP: "Kartu Tanda Penduduk",
    DocumentKind.KK: "Kartu Keluarga",
    DocumentKind.MEDICAL_REPORT: "Surat Keterangan Dokter",
    DocumentKind.POLICE_REPORT: "Laporan Kepolisian",
}


def _at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=WIB)


def sample_pdf(title: str, worker: Worker, line: str) -> bytes:
    """A one-page PDF standing for a scanned document (marked as a demo sample)."""
    pdf = FPDF(format="A4")
    pdf.set_creator("Lindungi demo")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 10, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    for text in (f"Nama: {worker.name}", f"Desa: {worker.village.name}", line):
        pdf.cell(
            0, 7, text.encode("latin-1", "replace").decode("latin-1"), new_x="LMARGIN", new_y="NEXT"
        )
    pdf.ln(6)
    pdf.set_font("Helvetica", "I", 9)
    pdf.cell(0, 6, "CONTOH DOKUMEN - DATA DEMO LINDUNGI", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@dataclass(frozen=True)
class Story:
    """One claim and the days each of its steps happened (None: not yet)."""

    reporter: str
    worker: Worker
    type: str
    event: datetime
    reported: date
    documents: Sequence[str]
    jkk_kind: str = ""
    months_off: int | None = None
    notes: str = ""
    submitted: date | None = None
    decided: date | None = None
    rejected_because: str = ""
    paid: date | None = None
    reference: str = ""


def seed_claims(*, regency: str, users: dict[str, User], today: date | None = None) -> None:
    """The claims above, unless the regency has claims already."""
    if Claim.objects.filter(region__code__startswith=f"{regency}.").exists():
        return
    today = today or timezone.localdate()
    cikeruh = _workers(regency, name="Cikeruh", count=2)
    others = _other_village_workers(regency, count=2)
    kader = _workers(regency, kind=SponsorKind.OPD, count=1)
    stories = []
    if len(cikeruh) == 2:
        stories += [
            Story(
                "desa.cikeruh",
                cikeruh[0],
                "JKM",
                _at(date(YEAR, 9, 14), 4, 30),
                date(YEAR, 9, 16),
                (DocumentKind.DEATH_CERTIFICATE, DocumentKind.KTP, DocumentKind.KK),
                notes="Meninggal dunia di rumah karena sakit; dilaporkan oleh istri.",
                submitted=date(YEAR, 9, 18),
                decided=date(YEAR, 10, 5),
                paid=date(YEAR, 10, 12),
                reference="BPJSTK/JKM/2026/10/0112",
            ),
            Story(
                "desa.cikeruh",
                cikeruh[1],
                "JKM",
                _at(date(YEAR, 11, 10), 21, 0),
                date(YEAR, 11, 11),
                (DocumentKind.DEATH_CERTIFICATE, DocumentKind.KTP, DocumentKind.KK),
                notes="Meninggal dunia di RSUD Sumedang.",
                submitted=date(YEAR, 11, 13),
            ),
        ]
    if len(others) == 2:
        stories += [
            Story(
                "disnaker",
                others[0],
                "JKK",
                _at(date(YEAR, 7, 3), 9, 30),
                date(YEAR, 7, 4),
                (
                    DocumentKind.DEATH_CERTIFICATE,
                    DocumentKind.KTP,
                    DocumentKind.KK,
                    DocumentKind.POLICE_REPORT,
                ),
                jkk_kind="death",
                notes="Tertimpa pohon saat membersihkan saluran irigasi desa.",
                submitted=date(YEAR, 7, 8),
                decided=date(YEAR, 8, 6),
                paid=date(YEAR, 8, 14),
                reference="BPJSTK/JKK/2026/08/0031",
            ),
            Story(
                "disnaker",
                others[1],
                "JKK",
                _at(date(YEAR, 8, 20), 19, 15),
                date(YEAR, 8, 21),
                (DocumentKind.KTP, DocumentKind.MEDICAL_REPORT),
                jkk_kind="stmb",
                months_off=1,
                notes="Jatuh dari sepeda motor.",
                submitted=date(YEAR, 8, 24),
                decided=date(YEAR, 9, 10),
                rejected_because=(
                    "Kecelakaan terjadi dalam perjalanan pribadi di luar jam dan rute kerja "
                    "(hasil investigasi BPJS): bukan kecelakaan kerja"
                ),
            ),
        ]
    if kader:
        stories.append(
            Story(
                "opd.dppkbp3a",
                kader[0],
                "JKK",
                _at(date(YEAR, 11, 16), 7, 45),
                date(YEAR, 11, 20),
                (DocumentKind.KTP, DocumentKind.MEDICAL_REPORT),
                jkk_kind="stmb",
                months_off=1,
                notes="Terjatuh di jalan menuju posyandu; dirawat di Puskesmas Jatinangor.",
            )
        )
    for story in stories:
        if story.reported <= today:
            _file(story, users, today)


def _file(story: Story, users: dict[str, User], today: date) -> None:
    reporter = users[story.reporter]
    bpjs = users["bpjs.sumedang"]
    scope, bpjs_scope = scope_for_user(reporter), scope_for_user(bpjs)
    claim = claim_report(
        actor=reporter,
        scope=scope,
        worker=story.worker,
        type=story.type,
        jkk_kind=story.jkk_kind,
        event_date=story.event.date(),
        event_time=story.event.time(),
        months_off=story.months_off,
        notes=story.notes,
        now=_at(story.reported, 9, 0),
    )
    for number, kind in enumerate(story.documents, start=1):
        content = sample_pdf(
            TITLES.get(kind, kind),
            story.worker,
            f"Nomor: {claim.pk:04d}/{number}/{story.event:%Y}",
        )
        claim_document_add(
            actor=reporter,
            scope=scope,
            claim=claim,
            kind=kind,
            file=SimpleUploadedFile(
                f"{str(kind).replace('_', '-')}-{story.worker.name}.pdf",
                content,
                content_type="application/pdf",
            ),
            now=_at(story.reported, 9, 30 + number),
        )
    if story.submitted is None or story.submitted > today:
        return
    claim = claim_submit(actor=reporter, scope=scope, claim=claim, now=_at(story.submitted, 11))
    if story.decided is None or story.decided > today:
        return
    claim = claim_decide(
        actor=bpjs,
        scope=bpjs_scope,
        claim=claim,
        approve=not story.rejected_because,
        reason=story.rejected_because,
        now=_at(story.decided, 14),
    )
    if story.paid is None or story.paid > today or story.rejected_because:
        return
    claim_paid(
        actor=bpjs,
        scope=bpjs_scope,
        claim=claim,
        amount=claim.approved_amount or claim.benefit_total or 0,
        paid_on=story.paid,
        reference=story.reference,
        now=_at(story.paid, 15),
    )


def _protected(regency: str) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(
            sponsor__region__code__startswith=regency,
            status=EnrolmentStatus.ACTIVE,
            first_month=date(YEAR, 1, 1),
        )
        .select_related("worker__village", "sponsor")
        .order_by("pk")
    )


def _workers(regency: str, *, name: str = "", kind: str = "", count: int) -> list[Worker]:
    """The first `count` workers protected since January by a sponsor named `name` or of
    `kind`."""
    enrolments = _protected(regency)
    if name:
        enrolments = enrolments.filter(sponsor__name__icontains=name)
    if kind:
        enrolments = enrolments.filter(sponsor__kind=kind)
    return [enrolment.worker for enrolment in enrolments[:count]]


def _other_village_workers(regency: str, count: int) -> list[Worker]:
    """One worker each from the first villages (besides Cikeruh) whose workers never lapsed."""
    lapsed = Enrolment.objects.filter(status=EnrolmentStatus.LAPSED).values("sponsor_id")
    enrolments = (
        _protected(regency)
        .filter(sponsor__kind=SponsorKind.DESA)
        .exclude(sponsor__name__icontains="Cikeruh")
        .exclude(sponsor_id__in=lapsed)
    )
    found: dict[int, Worker] = {}
    for enrolment in enrolments.iterator():
        found.setdefault(enrolment.sponsor_id, enrolment.worker)
        if len(found) == count:
            break
    return list(found.values())
