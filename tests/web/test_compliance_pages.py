# ruff: noqa: F811 - the fixtures imported from tests/compliance are parameters here
"""The Inpres 2/2021 pages: the checklist per agency and its editing (history, evidence), the
employers' import with its problems by line/column/rule, the referral workflow of an employer with
its documents, the report downloads; and the prosecutor's office, which reads its region's
referrals and nothing personal."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lindungi.compliance.models import Employer, InpresTask, Referral, TaskChange
from tests.compliance.conftest import PDF, in_english, jaksa, media, sumedang, tasks  # noqa: F401

pytestmark = pytest.mark.django_db

CSV = (
    "nib,nama,status,tunggakan\n"
    "9120001234503,PT Jatinangor Garmen,menunggak,186500000\n"
    "9120001234505,Koperasi Tani,penuh,0\n"
)


def english(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def page_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_checklist_is_edited_by_the_admin_with_evidence_and_history(demo, tasks):
    admin = english(demo["disnaker"])
    page = page_of(admin.get("/inpres/"))
    assert page.count('data-testid="task"') == 6
    assert "No responsible agency yet" in page
    task = tasks[0]
    form = page_of(admin.get(f"/inpres/tugas/{task.pk}/ubah/"))
    assert 'name="evidence_file"' in form
    saved = admin.post(
        f"/inpres/tugas/{task.pk}/ubah/",
        {
            "duty": task.duty,
            "status": "done",
            "agency": demo["opd.dppkbp3a"].agency_id,
            "due_date": "2026-06-30",
            "evidence_link": "https://jdih.sumedangkab.go.id/perbup",
            "evidence_file": SimpleUploadedFile("perbup.pdf", PDF, "application/pdf"),
        },
    )
    assert saved.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.evidence.original_name) == ("done", "perbup.pdf")
    detail = page_of(admin.get(f"/inpres/tugas/{task.pk}/"))
    assert detail.count('data-testid="task-change"') == 2
    assert "status: not_started → done" in detail
    download = admin.get(f"/inpres/dokumen/{task.evidence_id}/")
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")
    # A file that lies about its type is refused on the form.
    refused = admin.post(
        f"/inpres/tugas/{task.pk}/ubah/",
        {
            "duty": task.duty,
            "status": "done",
            "evidence_file": SimpleUploadedFile("bukti.pdf", b"MZ\x90\x00", "application/pdf"),
        },
    )
    assert "is not a PDF, JPEG or PNG file" in page_of(refused)
    # The team reads, never edits; an agency operator sees its own agency's tasks.
    team = english(demo["tim.koordinasi"])
    assert team.get(f"/inpres/tugas/{task.pk}/ubah/").status_code == 403
    assert 'data-testid="task-edit"' not in page_of(team.get(f"/inpres/tugas/{task.pk}/"))
    opd = page_of(english(demo["opd.dppkbp3a"]).get("/inpres/"))
    assert opd.count('data-testid="task"') == 1
    assert TaskChange.objects.filter(task=task).count() == 2


def test_employers_import_shows_problems_then_the_walk_to_the_prosecutor(demo, jaksa):
    bpjs = english(demo["bpjs.sumedang"])
    broken = bpjs.post(
        "/inpres/pemberi-kerja/",
        {"file": SimpleUploadedFile("x.csv", b"nib,nama,status\n123,PT A,entah\n")},
    )
    page = page_of(broken)
    assert 'data-testid="problem"' in page
    assert "must be an NIB of 13 digits" in page
    assert Employer.objects.count() == 0
    done = bpjs.post("/inpres/pemberi-kerja/", {"file": SimpleUploadedFile("b.csv", CSV.encode())})
    assert done.status_code == 302
    garment = Employer.objects.get(nib="9120001234503")
    url = f"/inpres/pemberi-kerja/{garment.pk}/"
    assert 'data-testid="open-form"' in page_of(bpjs.get(url))
    bpjs.post(
        url,
        {
            "action": "open",
            "open-day": "2026-08-01",
            "open-reference": "SP1/017",
            "open-document": SimpleUploadedFile("sp1.pdf", PDF, "application/pdf"),
        },
    )
    bpjs.post(url, {"action": "step", "step-step": "sp2", "step-day": "2026-09-01"})
    missing = page_of(
        bpjs.post(url, {"action": "step", "step-step": "referred", "step-day": "2026-10-01"})
    )
    assert "needs the number of BPJS" in missing
    bpjs.post(
        url,
        {
            "action": "step",
            "step-step": "referred",
            "step-day": "2026-10-01",
            "step-skk_number": "SKK/2026/004",
        },
    )
    case = Referral.objects.get(employer=garment)
    assert (case.step, case.skk_number) == ("referred", "SKK/2026/004")

    prosecutor = english(jaksa)
    listed = page_of(prosecutor.get("/inpres/rujukan/"))
    assert "PT Jatinangor Garmen" in listed
    employers = page_of(prosecutor.get("/inpres/pemberi-kerja/"))
    assert "PT Jatinangor Garmen" in employers
    assert "Koperasi Tani" not in employers  # never referred
    detail = page_of(prosecutor.get(url))
    assert detail.count('data-testid="case-event"') == 3
    assert 'data-testid="step-form"' not in detail
    document = case.events.get(step="sp1").documents.get()
    assert prosecutor.get(f"/inpres/dokumen/{document.pk}/").status_code == 200
    assert prosecutor.post(url, {"action": "step", "step-step": "closed"}).status_code == 403
    other = Employer.objects.get(nib="9120001234505")
    assert prosecutor.get(f"/inpres/pemberi-kerja/{other.pk}/").status_code == 404
    for page in ("/inpres/tim/", "/inpres/kerja-sama/", "/inpres/kegiatan/", "/inpres/laporan/"):
        assert prosecutor.get(page).status_code == 403, page


def test_the_report_downloads_and_the_coordination_pages_render(demo, tasks):
    admin = english(demo["disnaker"])
    for page in ("/inpres/tim/", "/inpres/kerja-sama/", "/inpres/kegiatan/", "/inpres/laporan/"):
        page_of(admin.get(page))
    workbook = admin.get("/inpres/laporan/", {"year": 2026, "half": 1, "format": "xlsx"})
    assert workbook.status_code == 200
    assert workbook.content[:2] == b"PK"
    pdf = admin.get("/inpres/laporan/", {"year": 2026, "half": 1, "format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
    assert admin.get("/inpres/laporan/", {"format": "exe"}).status_code == 404


def test_the_village_operator_has_no_inpres_pages(demo):
    village = english(demo["desa.cikeruh"])
    assert village.get("/inpres/pemberi-kerja/").status_code == 403
    assert village.get("/inpres/rujukan/").status_code == 403
    assert "No tasks." in page_of(village.get("/inpres/"))
    assert InpresTask.objects.count() == 0


def test_the_prosecutor_sees_the_referrals_and_nothing_personal(demo_billed):
    """On the whole demo: the coordination team (read-only too) sees workers, enrolments, bills,
    payments and claims; the prosecutor's office none of them, only its referrals."""
    from lindungi.claims.models import Claim

    team, prosecutor = (
        english(demo_billed["tim.koordinasi"]),
        english(demo_billed["jaksa.sumedang"]),
    )
    api_lists = ("workers", "enrolments", "invoices", "payments", "sponsors", "claims")
    for name in api_lists:
        assert team.get(f"/api/v1/{name}").json()["count"] > 0 or name == "claims", name
        assert prosecutor.get(f"/api/v1/{name}").json()["count"] == 0, name
    users = prosecutor.get("/api/v1/users").json()
    assert [row["username"] for row in users["items"]] == ["jaksa.sumedang"]
    for name in ("enrolments/batches", "payments/statements", "billing/runs", "billing/overdue"):
        response = prosecutor.get(f"/api/v1/{name}")
        assert response.status_code in {403, 404} or response.json()["count"] == 0, name

    from lindungi.billing.models import Bill
    from lindungi.programs.models import Enrolment
    from lindungi.workers.models import Worker

    worker = Worker.objects.filter(village__code__startswith="32.11.").first()
    enrolment = Enrolment.objects.filter(sponsor__region__code__startswith="32.11").first()
    bill = Bill.objects.filter(sponsor__region__code__startswith="32.11").first()
    assert team.get(f"/pekerja/{worker.pk}/").status_code == 200
    assert prosecutor.get(f"/pekerja/{worker.pk}/").status_code == 404
    assert prosecutor.get(f"/api/v1/workers/{worker.pk}").status_code == 404
    assert prosecutor.get(f"/api/v1/enrolments/{enrolment.pk}").status_code == 404
    assert prosecutor.get(f"/tagihan/{bill.pk}/").status_code == 404
    assert prosecutor.get(f"/api/v1/invoices/{bill.pk}").status_code == 404
    claim = Claim.objects.first()
    if claim is not None:
        assert prosecutor.get(f"/klaim/{claim.pk}/").status_code == 404
        assert prosecutor.get(f"/api/v1/claims/{claim.pk}").status_code == 404
    workers_page = page_of(prosecutor.get("/pekerja/"))
    assert worker.name not in workers_page
    assert worker.name not in page_of(prosecutor.get("/kepesertaan/"))
    assert 'data-testid="referral"' not in page_of(prosecutor.get("/klaim/"))
    for page in ("/tunggakan/", "/pembayaran/rekening-koran/", "/audit/"):
        assert prosecutor.get(page).status_code in {403, 404}, page
    # The menu: the referrals and employers, nothing personal.
    home = page_of(prosecutor.get("/"))
    assert 'href="/inpres/rujukan/"' in home
    assert 'href="/inpres/pemberi-kerja/"' in home
    for hidden in (
        'href="/pekerja/"',
        'href="/tagihan/"',
        'href="/kepesertaan/"',
        'href="/klaim/"',
    ):
        assert hidden not in home.split("</nav>")[0], hidden
    referrals = page_of(prosecutor.get("/inpres/rujukan/"))
    assert "PT Jatinangor Garmen Utama" in referrals
    assert prosecutor.get("/api/v1/compliance/referrals").json()["count"] >= 1
