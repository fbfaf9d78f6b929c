import datetime as dt
import io

import polars as pl
import pytest
from pypdf import PdfReader

from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.coordination.activities import activity_create
from lindungi.compliance.coordination.agreements import agreement_create
from lindungi.compliance.coordination.team import member_create
from lindungi.compliance.enforcement import employer_create, referral_advance, referral_open
from lindungi.compliance.exports import inpres_report_pdf, inpres_report_xlsx
from lindungi.compliance.report import inpres_report
from lindungi.compliance.services import task_update
from lindungi.core.errors import PermissionDenied, ValidationFailed
from lindungi.core.models import AuditEvent
from lindungi.regions.selectors import region_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def half_year(demo, sumedang, tasks):
    """A first half of 2026 of Sumedang's coordination work."""
    admin, bpjs = demo["disnaker"], demo["bpjs.sumedang"]
    scope = scope_for_user(admin)
    task_update(actor=admin, scope=scope, task=tasks[0], status="done")
    task_update(actor=admin, scope=scope, task=tasks[1], status="in_progress")
    member_create(
        actor=admin,
        scope=scope,
        region=sumedang,
        name="H. Dony Ahmad Munir",
        position="Bupati Sumedang",
        team_role="ketua",
    )
    member_create(
        actor=admin,
        scope=scope,
        region=sumedang,
        name="Kepala Kejari Sumedang",
        organisation="Kejaksaan Negeri Sumedang",
        team_role="anggota",
    )
    agreement_create(
        actor=admin,
        scope=scope,
        region=sumedang,
        kind="PKS",
        number="PKS/12/2025",
        title="Perlindungan pekerja rentan desa",
        signed_on=dt.date(2025, 7, 1),
        starts_on=dt.date(2025, 7, 1),
        ends_on=dt.date(2026, 8, 31),
    )
    activity_create(
        actor=admin,
        scope=scope,
        region=sumedang,
        kind="fgd",
        title="=SUM(A1) FGD UCJ",  # stays text in the workbook
        held_on=dt.date(2026, 3, 10),
        place="Gedung Negara",
        villages=[region_get(code="32.11.15.2001")],
        attendance=40,
    )
    bpjs_scope = scope_for_user(bpjs)
    for nib, status, arrears in [
        ("9120301234567", "arrears", 5_000_000),
        ("9120301234568", "full", 0),
    ]:
        employer_create(
            actor=bpjs,
            scope=bpjs_scope,
            region=sumedang,
            nib=nib,
            name=f"PT {nib[-2:]}",
            status=status,
            arrears=arrears,
        )
    first = employer_create(
        actor=bpjs,
        scope=bpjs_scope,
        region=sumedang,
        nib="9120301234569",
        name="PT Menunggak",
        status="arrears",
        arrears=12_000_000,
    )
    case = referral_open(actor=bpjs, scope=bpjs_scope, employer=first, day=dt.date(2026, 2, 1))
    referral_advance(
        actor=bpjs, scope=bpjs_scope, referral=case, step="sp2", day=dt.date(2026, 2, 20)
    )
    return admin


def test_the_report_assembles_every_part(demo, sumedang, half_year):
    report = inpres_report(scope=scope_for_user(half_year), region=sumedang, half=(2026, 1))
    assert report.half.start == dt.date(2026, 1, 1)
    assert report.as_of == dt.date(2026, 6, 30)
    assert report.tasks_by_status["done"] == 1
    assert report.tasks_by_status["not_started"] == 4
    assert len(report.team) == 2
    assert [line.is_expiring for line in report.agreements] == [True]
    assert [line.activity.place for line in report.activities] == ["Gedung Negara"]
    assert report.employers_by_status["arrears"] == 2
    assert report.arrears_total == 17_000_000
    assert report.referrals_by_step["sp2"] == 1
    assert report.coverage is None


def test_the_report_is_exported_and_reads_back(demo, sumedang, half_year):
    scope = scope_for_user(half_year)
    content = inpres_report_xlsx(actor=half_year, scope=scope, region=sumedang, half=(2026, 1))
    sheets = pl.read_excel(io.BytesIO(content), sheet_id=0)
    assert list(sheets) == [
        "Ringkasan",
        "Tugas",
        "Tim",
        "Kerja sama",
        "Kegiatan",
        "Pemberi kerja",
        "Rujukan",
    ]
    tasks = sheets["Tugas"]
    assert tasks.height == 6
    assert tasks["Status"].to_list()[:2] == ["Selesai", "Sedang berjalan"]
    assert sheets["Kegiatan"]["Judul"].to_list() == ["=SUM(A1) FGD UCJ"]
    employers = dict(sheets["Pemberi kerja"].iter_rows())
    assert employers["Menunggak"] == 2
    pdf = inpres_report_pdf(actor=half_year, scope=scope, region=sumedang, half=(2026, 1))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "LAPORAN PELAKSANAAN INPRES 2/2021" in text
    assert "Semester I 2026" in text
    assert "PKS/12/2025" in text
    assert "Surat Peringatan 2 (SP2)" in text
    assert AuditEvent.objects.filter(action="inpres_report.export").count() == 2


def test_a_half_is_one_or_two_and_the_prosecutor_gets_no_report(demo, sumedang, jaksa):
    admin = demo["disnaker"]
    with pytest.raises(ValidationFailed):
        inpres_report(scope=scope_for_user(admin), region=sumedang, half=(2026, 3))
    with pytest.raises(PermissionDenied):
        inpres_report(scope=scope_for_user(jaksa), region=sumedang, half=(2026, 1))
