# ruff: noqa: F811 - the fixtures imported from tests/compliance are parameters here
"""`/api/v1/compliance/`: the Inpres checklist and its history, agreements, activities, employers
(import), the referral workflow and the report; who reads and writes what (the prosecutor's office
reads its region's referrals only), and schemathesis over every compliance route."""

import datetime as dt

import pytest
import schemathesis
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from lindungi.accounts.services import token_create
from lindungi.compliance.models import Referral, TaskChange, TeamMember
from lindungi.config.wsgi import application
from lindungi.core.models import AuditEvent
from tests.api.test_fuzz import CHECKS, DERANDOMIZE, connection_kept_open  # noqa: F401
from tests.compliance.conftest import PDF, in_english, jaksa, media, sumedang, tasks  # noqa: F401

pytestmark = pytest.mark.django_db

EMPLOYERS_CSV = (
    "nib,nama,status,tunggakan,jumlah_pekerja\n"
    "9120001234503,PT Jatinangor Garmen,menunggak,186500000,340\n"
    "9120001234505,Koperasi Tani,penuh,0,18\n"
)
BROKEN_CSV = "nib,nama,status,tunggakan\n123,PT Salah,entah,0\n9120001234506,,menunggak,0\n"


def english(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def upload(name: str, content: bytes, content_type: str = "text/csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def referred(demo, tasks):
    """Two employers imported by BPJS; the garment factory walked SP1 → SP2 → referred."""
    bpjs = english(demo["bpjs.sumedang"])
    imported = bpjs.post(
        "/api/v1/compliance/employers/import", {"file": upload("bpjs.csv", EMPLOYERS_CSV.encode())}
    )
    assert imported.status_code == 201, imported.content
    assert imported.json() == {"created": 2, "updated": 0}
    garment = bpjs.get("/api/v1/compliance/employers", {"search": "Garmen"}).json()["items"][0]
    opened = bpjs.post(
        "/api/v1/compliance/referrals",
        {"employer_id": garment["id"], "day": "2026-08-01", "reference": "SP1/017"},
        content_type="application/json",
    )
    assert opened.status_code == 201, opened.content
    case = opened.json()["id"]
    second = bpjs.post(
        f"/api/v1/compliance/referrals/{case}/steps", {"step": "sp2", "day": "2026-09-01"}
    )
    assert second.status_code == 200, second.content
    return {"bpjs": bpjs, "case": case, "employer": garment["id"]}


def test_the_checklist_is_read_changed_and_its_history_kept(demo, tasks):
    admin = english(demo["disnaker"])
    listed = admin.get("/api/v1/compliance/tasks").json()
    assert listed["count"] == 6
    task = listed["items"][0]
    changed = admin.patch(
        f"/api/v1/compliance/tasks/{task['id']}",
        {
            "status": "done",
            "evidence_link": "https://jdih.sumedangkab.go.id/perbup",
            "due_date": None,
        },
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert (body["status"], body["evidence_link"]) == (
        "done",
        "https://jdih.sumedangkab.go.id/perbup",
    )
    assert [entry["action"] for entry in body["history"]] == ["seed", "update"]
    assert body["history"][1]["changes"]["status"] == ["not_started", "done"]
    assert body["history"][1]["changed_by"] == "disnaker"

    evidence = admin.post(
        f"/api/v1/compliance/tasks/{task['id']}/evidence",
        {"file": upload("sk.pdf", PDF, "application/pdf")},
    )
    assert evidence.status_code == 200
    document = evidence.json()["evidence"]
    assert document["content_type"] == "application/pdf"
    lying = admin.post(
        f"/api/v1/compliance/tasks/{task['id']}/evidence", {"file": upload("sk.pdf", b"MZ\x90\x00")}
    )
    assert lying.status_code == 422
    assert lying.json()["details"]["rule"] == "not_allowed_type"
    downloaded = admin.get(f"/api/v1/compliance/documents/{document['id']}")
    assert downloaded.status_code == 200
    assert downloaded["X-Content-Type-Options"] == "nosniff"
    assert downloaded["Content-Disposition"].startswith("attachment")

    created = admin.post(
        "/api/v1/compliance/tasks",
        {"duty": "Menyusun rencana aksi daerah", "due_date": "2026-12-31"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["history"][0]["action"] == "create"

    team = english(demo["tim.koordinasi"])
    assert team.get(f"/api/v1/compliance/tasks/{task['id']}").status_code == 200
    refused = team.patch(
        f"/api/v1/compliance/tasks/{task['id']}",
        {"status": "in_progress"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "inpres.write_denied"
    assert TaskChange.objects.filter(task_id=task["id"]).count() == 3


def test_agreements_warn_before_they_end_and_activities_carry_their_outcome(demo, tasks):
    admin = english(demo["disnaker"])
    today = timezone.localdate()
    for number, ends in (
        ("PKS/1", today + dt.timedelta(days=400)),
        ("KSO/2", today + dt.timedelta(days=30)),
    ):
        response = admin.post(
            "/api/v1/compliance/agreements",
            {
                "kind": number[:3],
                "number": number,
                "title": "Kerja sama",
                "signed_on": str(today - dt.timedelta(days=10)),
                "starts_on": str(today - dt.timedelta(days=10)),
                "ends_on": str(ends),
            },
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
    expiring = admin.get("/api/v1/compliance/agreements", {"expiring": True}).json()
    assert [(row["number"], row["is_expiring"], row["days_left"]) for row in expiring["items"]] == [
        ("KSO/2", True, 30)
    ]
    activity = admin.post(
        "/api/v1/compliance/activities",
        {
            "kind": "fgd",
            "title": "FGD desa",
            "held_on": str(today),
            "village_codes": ["32.11.15.2001"],
            "attendance": 40,
        },
        content_type="application/json",
    )
    assert activity.status_code == 201, activity.content
    outcome = activity.json()["outcome"]
    assert (outcome["enrolments"], outcome["end"]) == (0, str(today + dt.timedelta(days=60)))
    assert admin.get(f"/api/v1/compliance/activities/{activity.json()['id']}").status_code == 200
    outside = admin.post(
        "/api/v1/compliance/activities",
        {"kind": "fgd", "title": "FGD", "held_on": str(today), "village_codes": ["32.04.05.2001"]},
        content_type="application/json",
    )
    assert outside.status_code == 422


def test_the_team_is_written_by_the_admin_and_only_read_by_the_others(demo, jaksa):
    admin = english(demo["disnaker"])
    agency = demo["opd.dppkbp3a"].agency_id
    created = admin.post(
        "/api/v1/compliance/team",
        {"name": "Dedi Suhendar", "team_role": "ketua", "position": "Sekda", "agency_id": agency},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    member = created.json()
    assert (member["region_code"], member["team_role"], member["agency_id"]) == (
        "32.11",
        "ketua",
        agency,
    )
    url = f"/api/v1/compliance/team/{member['id']}"
    patched = admin.patch(
        url,
        {"team_role": "wakil_ketua", "agency_id": None, "organisation": "BPJS Ketenagakerjaan"},
        content_type="application/json",
    )
    assert patched.status_code == 200, patched.content
    assert (patched.json()["team_role"], patched.json()["agency_id"]) == ("wakil_ketua", None)
    assert patched.json()["name"] == "Dedi Suhendar"  # not sent, not changed
    assert AuditEvent.objects.filter(action="team_member.update", object_id=member["id"]).exists()
    unknown = admin.patch(url, {"team_role": "boss"}, content_type="application/json")
    assert unknown.status_code == 422
    blank = admin.post(
        "/api/v1/compliance/team",
        {"name": "   ", "team_role": "anggota"},
        content_type="application/json",
    )
    assert blank.status_code == 422
    assert blank.json()["details"]["field"] == "name"
    listed = english(demo["tim.koordinasi"]).get("/api/v1/compliance/team").json()
    assert [row["name"] for row in listed["items"]] == ["Dedi Suhendar"]
    # The coordination team reads; the prosecutor's office does not even read the team.
    for user, on_patch in ((demo["tim.koordinasi"], 403), (jaksa, 404)):
        client = english(user)
        refused = client.post(
            "/api/v1/compliance/team",
            {"name": "Orang Lain", "team_role": "anggota"},
            content_type="application/json",
        )
        assert refused.status_code == 403, refused.content
        assert "Only the regional admin" in refused.content.decode()
        patch = client.patch(url, {"name": "Orang Lain"}, content_type="application/json")
        assert patch.status_code == on_patch, patch.content
    assert TeamMember.objects.get().name == "Dedi Suhendar"


def test_a_broken_employers_file_is_refused_with_its_lines_columns_and_rules(demo):
    response = english(demo["bpjs.sumedang"]).post(
        "/api/v1/compliance/employers/import", {"file": upload("bpjs.csv", BROKEN_CSV.encode())}
    )
    assert response.status_code == 422
    problems = {(p["line"], p["field"], p["rule"]) for p in response.json()["details"]["problems"]}
    assert {(2, "nib", "nib"), (2, "status", "status"), (3, "name", "required")} <= problems
    assert (3, "arrears", "arrears_amount") in problems


def test_an_employer_walked_to_the_prosecutor_and_what_the_prosecutor_reads(demo, referred, jaksa):
    bpjs, case = referred["bpjs"], referred["case"]
    no_skk = bpjs.post(
        f"/api/v1/compliance/referrals/{case}/steps", {"step": "referred", "day": "2026-10-01"}
    )
    assert no_skk.status_code == 422
    assert no_skk.json()["details"]["field"] == "skk_number"
    skipped = bpjs.post(
        f"/api/v1/compliance/referrals/{case}/steps", {"step": "in_court", "day": "2026-10-01"}
    )
    assert skipped.status_code == 409
    assert skipped.json()["code"] == "referral.step_skipped"
    handed = bpjs.post(
        f"/api/v1/compliance/referrals/{case}/steps",
        {
            "step": "referred",
            "day": "2026-10-01",
            "skk_number": "SKK/2026/004",
            "prosecutor_office": "Kejari Sumedang",
            "document": upload("skk.pdf", PDF, "application/pdf"),
        },
    )
    assert handed.status_code == 200, handed.content
    body = handed.json()
    assert [(e["step"], e["happened_on"]) for e in body["events"]] == [
        ("sp1", "2026-08-01"),
        ("sp2", "2026-09-01"),
        ("referred", "2026-10-01"),
    ]
    assert body["next_steps"] == ["in_court", "settled", "closed"]
    document = body["events"][2]["documents"][0]["id"]

    prosecutor = english(jaksa)
    assert prosecutor.get("/api/v1/compliance/referrals").json()["count"] == 1
    assert (
        prosecutor.get(f"/api/v1/compliance/referrals/{case}").json()["skk_number"]
        == "SKK/2026/004"
    )
    employers = prosecutor.get("/api/v1/compliance/employers").json()
    assert [row["id"] for row in employers["items"]] == [referred["employer"]]  # not the co-op
    downloaded = prosecutor.get(f"/api/v1/compliance/documents/{document}")
    assert downloaded.status_code == 200
    assert downloaded["X-Content-Type-Options"] == "nosniff"
    # Read-only, and nothing else of the Inpres records.
    refused = prosecutor.post(
        f"/api/v1/compliance/referrals/{case}/steps", {"step": "settled", "day": "2026-10-02"}
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "employer.write_denied"
    assert Referral.objects.get(pk=case).step == "referred"
    assert prosecutor.get("/api/v1/compliance/tasks").json()["count"] == 0
    assert prosecutor.get("/api/v1/compliance/team").json()["count"] == 0
    report = prosecutor.get("/api/v1/compliance/report", {"year": 2026, "half": 2})
    assert report.status_code == 403
    assert report.json()["code"] == "inpres_report.denied"


def test_the_six_monthly_report_downloads_as_xlsx_and_pdf(demo, tasks):
    admin = english(demo["disnaker"])
    workbook = admin.get("/api/v1/compliance/report", {"year": 2026, "half": 1, "format": "xlsx"})
    assert workbook.status_code == 200
    assert workbook.content[:2] == b"PK"
    pdf = admin.get("/api/v1/compliance/report", {"year": 2026, "half": 1, "format": "pdf"})
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    assert (
        admin.get(
            "/api/v1/compliance/report", {"year": 2026, "half": 1, "region_code": "32.04"}
        ).status_code
        == 404
    )


def test_another_regencys_admin_reaches_none_of_it(demo, referred, bandung):
    other = english(bandung["admin"])
    assert other.get("/api/v1/compliance/referrals").json()["count"] == 0
    assert other.get(f"/api/v1/compliance/referrals/{referred['case']}").status_code == 404
    assert other.get(f"/api/v1/compliance/employers/{referred['employer']}").status_code == 404
    step = other.post(
        f"/api/v1/compliance/referrals/{referred['case']}/steps",
        {"step": "closed", "day": "2026-10-02"},
    )
    assert step.status_code == 404


@pytest.mark.parametrize("username", ["disnaker", "jaksa.sumedang"])
def test_schemathesis_every_compliance_route_answers_as_documented(
    demo,
    referred,
    connection_kept_open,
    username,
):
    token = token_create(actor=None, user=demo[username], name="fuzz")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [
        result.ok()
        for result in schema.get_all_operations()
        if result.ok().path.startswith("/api/v1/compliance/")
    ]
    assert len(operations) == 23

    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=8,
            deadline=None,
            database=None,
            derandomize=DERANDOMIZE,
            suppress_health_check=list(HealthCheck),
        )
        def answers_as_documented(case):
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

        answers_as_documented()
