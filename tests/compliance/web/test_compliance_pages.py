# ruff: noqa: F811 - the fixtures imported from tests/compliance are parameters here
"""The Inpres 2/2021 pages: the checklist per agency and its editing (history, evidence), the
employers' import with its problems by line/column/rule, the referral workflow of an employer with
its documents, the report downloads; and the prosecutor's office, which reads its region's
referrals and nothing personal."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.coordination.activities import activity_create
from lindungi.compliance.coordination.agreements import agreement_create
from lindungi.compliance.coordination.team import member_create
from lindungi.compliance.models import (
    Activity,
    Agreement,
    Employer,
    InpresTask,
    Referral,
    TaskChange,
    TeamMember,
)
from lindungi.core.models import AuditEvent
from lindungi.regions.models import Level, Region
from lindungi.regions.selectors import region_get
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
    assert "Status: not started → done" in detail
    assert "Due date: — → 30 Jun 2026" in detail
    assert "not_started" not in detail
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


def _villages(count: int) -> list[str]:
    found = Region.objects.filter(level=Level.VILLAGE, code__startswith="32.11.", is_active=True)
    return list(found.order_by("code").values_list("code", flat=True)[:count])


def test_the_admin_records_the_team_agreements_and_activities_on_the_pages(demo):
    admin = english(demo["disnaker"])
    agency = demo["opd.dppkbp3a"].agency_id
    # The team: a member added, refused with the errors next to the fields, corrected, gone.
    assert 'data-testid="member-form"' in page_of(admin.get("/inpres/tim/"))
    added = admin.post(
        "/inpres/tim/",
        {"name": "Dedi Suhendar", "team_role": "ketua", "position": "Sekda", "agency": agency},
    )
    assert added.status_code == 302
    member = TeamMember.objects.get()
    assert (member.region_id, member.team_role, member.agency_id) == ("32.11", "ketua", agency)
    broken = page_of(admin.post("/inpres/tim/", {"name": "", "team_role": "boss"}))
    assert broken.count('data-testid="field-error"') == 2
    assert "This field is required." in broken
    assert f'href="/inpres/tim/{member.pk}/ubah/"' in page_of(admin.get("/inpres/tim/"))
    edit = f"/inpres/tim/{member.pk}/ubah/"
    assert 'value="Dedi Suhendar"' in page_of(admin.get(edit))
    saved = admin.post(edit, {"name": "Dedi Suhendar", "team_role": "wakil_ketua"})
    assert saved.status_code == 302
    member.refresh_from_db()
    assert (member.team_role, member.agency_id) == ("wakil_ketua", None)
    assert AuditEvent.objects.filter(action="team_member.update", object_id=member.pk).exists()
    assert admin.post(edit, {"action": "leave"}).status_code == 302
    member.refresh_from_db()
    assert not member.is_active

    # An agreement with its signed document; a second one with the same number is refused.
    village, other_village = _villages(2)
    agreement_data = {
        "kind": "PKS",
        "number": "PKS/3211/001/2026",
        "title": "PKS perlindungan pekerja rentan",
        "signed_on": "2026-01-02",
        "starts_on": "2026-01-02",
        "ends_on": "2026-12-31",
        "with_bpjs": "on",
        "village": village,
        "agency": agency,
    }
    assert 'data-testid="agreement-form"' in page_of(admin.get("/inpres/kerja-sama/"))
    recorded = admin.post(
        "/inpres/kerja-sama/",
        {**agreement_data, "document": SimpleUploadedFile("pks.pdf", PDF, "application/pdf")},
    )
    assert recorded.status_code == 302
    agreement = Agreement.objects.get()
    assert (agreement.village_id, agreement.document.original_name) == (village, "pks.pdf")
    twice = page_of(admin.post("/inpres/kerja-sama/", agreement_data))
    assert "An agreement numbered PKS/3211/001/2026 already exists" in twice
    backwards = page_of(
        admin.post(
            "/inpres/kerja-sama/", {**agreement_data, "number": "PKS/2", "ends_on": "2025-12-31"}
        )
    )
    assert "The agreement ends before it starts" in backwards
    assert Agreement.objects.count() == 1
    edit = f"/inpres/kerja-sama/{agreement.pk}/ubah/"
    assert "pks.pdf" in page_of(admin.get(edit))
    extended = admin.post(edit, {**agreement_data, "ends_on": "2027-06-30", "village": ""})
    assert extended.status_code == 302
    agreement.refresh_from_db()
    assert (str(agreement.ends_on), agreement.village_id) == ("2027-06-30", None)
    assert agreement.document.original_name == "pks.pdf"  # kept when no new file is sent

    # An activity and its audience, then its attendance corrected.
    activity_data = {
        "kind": "sosialisasi",
        "title": "Sosialisasi BPU desa",
        "held_on": "2026-02-10",
        "place": "Aula kecamatan",
        "villages": [village, other_village],
        "agencies": [agency],
        "asn_present": 5,
        "workers_present": 30,
        "attendance": 40,
    }
    page = page_of(admin.get("/inpres/kegiatan/"))
    assert 'data-testid="activity-form"' in page
    assert f'value="{village}"' in page
    assert admin.post("/inpres/kegiatan/", activity_data).status_code == 302
    activity = Activity.objects.get()
    assert sorted(activity.villages.values_list("code", flat=True)) == [village, other_village]
    assert list(activity.agencies.values_list("pk", flat=True)) == [agency]
    negative = page_of(admin.post("/inpres/kegiatan/", {**activity_data, "attendance": -1}))
    assert 'data-testid="field-error"' in negative
    outside = page_of(
        admin.post("/inpres/kegiatan/", {**activity_data, "villages": ["32.04.05.2001"]})
    )
    assert "Select a valid choice" in outside
    assert Activity.objects.count() == 1
    edit = f"/inpres/kegiatan/{activity.pk}/ubah/"
    assert page_of(admin.get(edit)).count("selected") >= 3
    corrected = admin.post(edit, {**activity_data, "villages": [village], "attendance": 45})
    assert corrected.status_code == 302
    activity.refresh_from_db()
    assert activity.attendance == 45
    assert list(activity.villages.values_list("code", flat=True)) == [village]
    event = AuditEvent.objects.get(action="activity.update", object_id=activity.pk)
    assert event.details["changes"]["villages"] == [[village, other_village], [village]]


@pytest.fixture
def coordination(demo):
    """A member, an agreement and an activity of Sumedang, recorded by its admin."""
    admin = demo["disnaker"]
    scope, region = scope_for_user(admin), region_get(code="32.11")
    return {
        "tim": member_create(
            actor=admin, scope=scope, region=region, name="Dedi", team_role="ketua"
        ),
        "kerja-sama": agreement_create(
            actor=admin,
            scope=scope,
            region=region,
            kind="KSO",
            number="KSO/1",
            title="KSO",
            signed_on=dt.date(2026, 1, 2),
            starts_on=dt.date(2026, 1, 2),
        ),
        "kegiatan": activity_create(
            actor=admin,
            scope=scope,
            region=region,
            kind="fgd",
            title="FGD",
            held_on=dt.date(2026, 1, 5),
        ),
    }


def test_read_only_roles_and_another_regency_change_none_of_the_coordination(
    demo, jaksa, bandung, coordination
):
    form = {
        "name": "X",
        "team_role": "anggota",
        "kind": "fgd",
        "title": "X",
        "held_on": "2026-03-01",
    }
    before = (TeamMember.objects.count(), Agreement.objects.count(), Activity.objects.count())
    # The coordination team reads the pages, without the forms; it writes nothing.
    team = english(demo["tim.koordinasi"])
    for page, obj in coordination.items():
        listed = page_of(team.get(f"/inpres/{page}/"))
        assert not any(
            f'data-testid="{n}-form"' in listed for n in ("member", "agreement", "activity")
        )
        assert f"/inpres/{page}/{obj.pk}/ubah/" not in listed
        assert team.post(f"/inpres/{page}/", form).status_code == 403, page
        assert team.get(f"/inpres/{page}/{obj.pk}/ubah/").status_code == 403, page
        assert team.post(f"/inpres/{page}/{obj.pk}/ubah/", form).status_code == 403, page
    # The prosecutor's office has no coordination pages; nor does it see the objects.
    prosecutor = english(jaksa)
    for page, obj in coordination.items():
        assert prosecutor.post(f"/inpres/{page}/", form).status_code == 403, page
        assert prosecutor.get(f"/inpres/{page}/{obj.pk}/ubah/").status_code == 404, page
    # Another regency's admin does not find them.
    other = english(bandung["admin"])
    for page, obj in coordination.items():
        assert other.get(f"/inpres/{page}/{obj.pk}/ubah/").status_code == 404, page
        assert other.post(f"/inpres/{page}/{obj.pk}/ubah/", form).status_code == 404, page
    assert (
        other.post(f"/inpres/tim/{coordination['tim'].pk}/ubah/", {"action": "leave"}).status_code
        == 404
    )
    after = (TeamMember.objects.count(), Agreement.objects.count(), Activity.objects.count())
    assert after == before
    assert TeamMember.objects.get().is_active
    assert not AuditEvent.objects.filter(action__endswith=".update").exists()
