"""Sponsors, programs and enrolments through the REST API, with bearer tokens as a script would
use it: the village scheme from the program to BPJS's confirmation."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import polars as pl
import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from pypdf import PdfReader

from lindungi.accounts.models import Agency
from lindungi.accounts.services import token_create
from lindungi.config.wsgi import application
from lindungi.core.models import AuditEvent
from lindungi.programs.models import Enrolment, EnrolmentStatus
from tests.api.test_fuzz import CHECKS

pytestmark = pytest.mark.django_db

CIKERUH = "32.11.15.2001"
JANUARY_10 = datetime(2026, 1, 10, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture
def api(demo_workers, time_machine):
    """A bearer-token client per demo login, on 10 January 2026."""
    time_machine.move_to(JANUARY_10, tick=False)

    def client(username: str) -> Client:
        token = token_create(actor=None, user=demo_workers[username], name="test")
        return Client(headers={"Authorization": f"Bearer {token}"})

    return client


def post(client: Client, path: str, data: object):
    return client.post(path, data, content_type="application/json")


@pytest.fixture
def village_program(api):
    response = post(api("disnaker"), "/api/v1/programs", {"scheme": "desa_100", "year": 2026})
    assert response.status_code == 201, response.json()
    return response.json()


@pytest.fixture
def cikeruh(api):
    response = post(
        api("desa.cikeruh"),
        "/api/v1/sponsors",
        {
            "kind": "DESA",
            "name": "Pemerintah Desa Cikeruh",
            "region_code": CIKERUH,
            "decision_number": "141/05/Musdes/2025",
            "decision_date": "2025-12-12",
        },
    )
    assert response.status_code == 201, response.json()
    return response.json()


def confirmation_csv(rows: list[dict[str, str]]) -> bytes:
    """BPJS's answer as the branch sends it back: one row per worker sent."""
    return pl.DataFrame(rows).write_csv().encode()


def test_the_village_scheme_from_program_to_bpjs_confirmation(api, village_program, cikeruh):
    admin, village, bpjs = api("disnaker"), api("desa.cikeruh"), api("bpjs.sumedang")
    assert village_program["name"] == "1 Desa Melindungi 100 Pekerja Rentan 2026"
    assert village_program["quota_per_sponsor"] == 100
    assert village_program["last_month"] == "2026-12-01"
    assert cikeruh["funding_source"] == "DANA_DESA"
    assert cikeruh["group_code"] == "SD"
    program_id, sponsor_id = village_program["id"], cikeruh["id"]

    found = village.get(
        f"/api/v1/programs/{program_id}/candidates",
        {"sponsor_id": sponsor_id, "limit": 100},
    ).json()
    assert found["count"] >= 100
    chosen = found["items"]
    assert {row["village_code"] for row in chosen} == {CIKERUH}
    assert all("•" in row["nik"] for row in chosen)
    listed = [row["in_p3ke"] or row["in_dtks"] for row in chosen]
    assert listed == sorted(listed, reverse=True)  # the poor first

    created = post(
        village,
        "/api/v1/enrolments",
        {
            "program_id": program_id,
            "sponsor_id": sponsor_id,
            "worker_ids": [row["id"] for row in chosen],
        },
    )
    assert created.status_code == 201, created.json()
    drafts = created.json()
    assert len(drafts) == 100
    assert {(e["status"], e["monthly_amount"], e["months"]) for e in drafts} == {
        ("draft", 16_800, 12)
    }
    assert {e["first_month"] for e in drafts} == {"2026-01-01"}
    assert {e["sponsor_name"] for e in drafts} == {"Pemerintah Desa Cikeruh"}
    ids = [e["id"] for e in drafts]
    fill = village.get(f"/api/v1/programs/{program_id}", {"sponsor_id": sponsor_id}).json()
    assert fill["quota"]["held"] == 100
    assert fill["quota"]["percent"] == 100

    submitted = post(
        village, "/api/v1/enrolments/transition", {"action": "submit", "enrolment_ids": ids}
    )
    assert submitted.json() == {"count": 100}
    # The maker cannot check their own work.
    refused = post(
        village, "/api/v1/enrolments/transition", {"action": "approve", "enrolment_ids": ids}
    )
    assert refused.status_code == 403
    assert post(
        admin, "/api/v1/enrolments/transition", {"action": "approve", "enrolment_ids": ids}
    ).json() == {"count": 100}

    batch = post(admin, "/api/v1/enrolments/batches", {"program_id": program_id})
    assert batch.status_code == 201, batch.json()
    batch_id = batch.json()["id"]
    assert batch.json()["enrolment_count"] == 100
    assert batch.json()["number"].startswith("LND-3211-202601-")
    listed_batches = admin.get("/api/v1/enrolments/batches").json()["items"]
    assert [row["id"] for row in listed_batches] == [batch_id]

    unexplained = admin.get(f"/api/v1/enrolments/batches/{batch_id}/file")
    assert unexplained.status_code == 422
    download = admin.get(
        f"/api/v1/enrolments/batches/{batch_id}/file", {"purpose": "pendaftaran kolektif"}
    )
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = pl.read_excel(io.BytesIO(download.content), sheet_name="Peserta")
    assert sheet.height == 100
    niks = set(Enrolment.objects.filter(pk__in=ids).values_list("worker__nik", flat=True))
    assert set(sheet["NIK"].cast(pl.String)) == niks  # in full, for BPJS to key in
    assert AuditEvent.objects.filter(action="batch.export").exists()

    handover = admin.get(f"/api/v1/enrolments/batches/{batch_id}/handover")
    assert handover.status_code == 200
    assert handover["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(handover.content)).pages[0].extract_text()
    assert "BERITA ACARA SERAH TERIMA DATA" in text
    assert batch.json()["number"] in text

    answer = confirmation_csv(
        [
            {
                "NIK": nik,
                "KPJ": f"2601{index:07d}",
                "Status": "AKTIF",
                "Tanggal Efektif": "2026-02-01",
            }
            for index, nik in enumerate(sorted(niks))
        ]
    )
    upload = bpjs.post(
        "/api/v1/enrolments/confirmations",
        {"file": _file("konfirmasi.csv", answer)},
    )
    assert upload.status_code == 200, upload.json()
    assert upload.json() == {"activated": 100, "rejected": 0, "unmatched": [], "total_rows": 100}

    active = village.get(
        "/api/v1/enrolments", {"sponsor_id": sponsor_id, "status": "active", "limit": 500}
    ).json()
    assert active["count"] == 100
    kpjs = [row["kpj"] for row in active["items"]]
    assert all(kpj.startswith("•••") and len(kpj) == 11 for kpj in kpjs)
    detail = admin.get(f"/api/v1/enrolments/batches/{batch_id}").json()
    assert detail["by_status"]["active"] == 100

    ended = post(
        village,
        f"/api/v1/enrolments/{ids[0]}/end",
        {"reason": "died", "last_month": "2026-03-15", "note": "meninggal 12 Maret"},
    )
    assert ended.status_code == 200, ended.json()
    assert ended.json()["status"] == "ended"
    assert ended.json()["last_month"] == "2026-03-01"
    assert ended.json()["end_reason"] == "died"


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


def test_the_admin_cannot_approve_what_they_submitted_themself(api, village_program, cikeruh):
    admin = api("disnaker")
    worker = (
        api("desa.cikeruh")
        .get(
            f"/api/v1/programs/{village_program['id']}/candidates",
            {"sponsor_id": cikeruh["id"], "limit": 1},
        )
        .json()["items"][0]
    )
    (draft,) = post(
        admin,
        "/api/v1/enrolments",
        {
            "program_id": village_program["id"],
            "sponsor_id": cikeruh["id"],
            "worker_ids": [worker["id"]],
        },
    ).json()
    transition = {"enrolment_ids": [draft["id"]]}
    assert (
        post(admin, "/api/v1/enrolments/transition", {"action": "submit", **transition}).json()[
            "count"
        ]
        == 1
    )

    refused = post(admin, "/api/v1/enrolments/transition", {"action": "approve", **transition})
    assert refused.status_code == 403
    assert worker["name"] in refused.json()["message"]
    assert Enrolment.objects.get(pk=draft["id"]).status == EnrolmentStatus.SUBMITTED


def test_a_second_sponsor_for_the_same_months_is_refused_naming_the_first(
    api, village_program, cikeruh
):
    admin = api("disnaker")
    worker = (
        api("desa.cikeruh")
        .get(
            f"/api/v1/programs/{village_program['id']}/candidates",
            {"sponsor_id": cikeruh["id"], "limit": 1},
        )
        .json()["items"][0]
    )
    first = post(
        api("desa.cikeruh"),
        "/api/v1/enrolments",
        {
            "program_id": village_program["id"],
            "sponsor_id": cikeruh["id"],
            "worker_ids": [worker["id"]],
        },
    )
    assert first.status_code == 201
    agencies = post(admin, "/api/v1/programs", {"scheme": "mitra_instansi", "year": 2026}).json()
    dinkes = post(
        admin,
        "/api/v1/sponsors",
        {
            "kind": "OPD",
            "name": "Dinas Kesehatan",
            "region_code": "32.11",
            "agency_id": Agency.objects.get(region_id="32.11", code="dinkes").pk,
        },
    )
    assert dinkes.status_code == 201, dinkes.json()

    second = post(
        admin,
        "/api/v1/enrolments",
        {
            "program_id": agencies["id"],
            "sponsor_id": dinkes.json()["id"],
            "worker_ids": [worker["id"]],
        },
    )
    assert second.status_code == 422
    error = second.json()
    assert set(error) == {"code", "message", "details"}
    assert error["code"] == "validation_failed"
    assert "Pemerintah Desa Cikeruh" in error["message"]
    assert error["details"]["field"] == "workers"
    (refusal,) = error["details"]["refused"]
    assert refusal["worker_id"] == worker["id"]
    assert refusal["nik"] == worker["nik"]  # masked, as the list showed it
    assert Enrolment.objects.filter(worker_id=worker["id"]).count() == 1


def test_a_request_the_schema_refuses_answers_code_message_and_details(api, village_program):
    response = post(
        api("desa.cikeruh"), "/api/v1/enrolments", {"program_id": village_program["id"]}
    )
    assert response.status_code == 422
    error = response.json()
    assert set(error) == {"code", "message", "details"}
    assert error["code"] == "validation_failed"
    assert "sponsor_id" in error["message"]
    assert "worker_ids" in error["message"]


def test_a_program_without_a_scheme_needs_its_essentials_and_an_admin(api):
    missing = post(api("disnaker"), "/api/v1/programs", {"year": 2026, "name": "Program Nelayan"})
    assert missing.status_code == 422
    assert missing.json()["details"]["field"] == "sponsor_kinds"
    assert "income_basis" in missing.json()["message"]

    described = {
        "year": 2026,
        "name": "Program Nelayan 2026",
        "sponsor_kinds": ["PERUSAHAAN", "BAZNAS"],
        "income_basis": 1_000_000,
        "months": 6,
        "start_month": "2026-07-01",
        "min_age": 18,
        "max_age": 60,
        "quota_per_sponsor": None,
    }
    assert post(api("desa.cikeruh"), "/api/v1/programs", described).status_code == 403
    created = post(api("disnaker"), "/api/v1/programs", described)
    assert created.status_code == 201, created.json()
    program = created.json()
    assert program["region_code"] == "32.11"
    assert (program["start_month"], program["last_month"]) == ("2026-07-01", "2026-12-01")
    assert program["sponsor_kinds"] == ["PERUSAHAAN", "BAZNAS"]
    assert program["template"] == ""


def test_a_scheme_s_values_can_be_changed_when_the_program_starts(api):
    schemes = api("disnaker").get("/api/v1/programs/schemes", {"year": 2027}).json()
    assert [scheme["key"] for scheme in schemes] == ["desa_100", "asn_peduli", "mitra_instansi"]
    assert schemes[0]["name"] == "1 Desa Melindungi 100 Pekerja Rentan 2027"
    assert schemes[0]["defaults"]["quota_per_sponsor"] == 100

    created = post(
        api("disnaker"),
        "/api/v1/programs",
        {"scheme": "asn_peduli", "year": 2026, "budget": 50_000_000, "max_age": None},
    ).json()
    assert created["template"] == "asn_peduli"
    assert created["sponsor_kinds"] == ["ASN"]
    assert (created["budget"], created["max_age"], created["min_age"]) == (50_000_000, None, 18)
    assert (
        post(
            api("disnaker"), "/api/v1/programs", {"scheme": "asn_peduli", "year": 2026}
        ).status_code
        == 409
    )


@pytest.fixture
def sent_batch(api, village_program, cikeruh):
    """Ten Cikeruh residents enrolled, verified and sent to BPJS in one batch."""
    village, admin = api("desa.cikeruh"), api("disnaker")
    found = village.get(
        f"/api/v1/programs/{village_program['id']}/candidates",
        {"sponsor_id": cikeruh["id"], "limit": 10},
    ).json()["items"]
    drafts = post(
        village,
        "/api/v1/enrolments",
        {
            "program_id": village_program["id"],
            "sponsor_id": cikeruh["id"],
            "worker_ids": [row["id"] for row in found],
        },
    ).json()
    ids = [row["id"] for row in drafts]
    post(village, "/api/v1/enrolments/transition", {"action": "submit", "enrolment_ids": ids})
    post(admin, "/api/v1/enrolments/transition", {"action": "approve", "enrolment_ids": ids})
    return post(admin, "/api/v1/enrolments/batches", {"program_id": village_program["id"]}).json()


@pytest.fixture
def connection_kept_open():
    """Requests sent straight to the WSGI application would close the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/api/v1/enrolments/batches/{batch_id}/file", {"purpose": "pendaftaran kolektif"}),
        ("/api/v1/enrolments/batches/{batch_id}/handover", {}),
    ],
)
def test_the_downloads_answer_as_the_openapi_document_says(
    demo_workers, sent_batch, connection_kept_open, path, query
):
    """The fuzz test rarely reaches a real batch: a download is checked against its
    documented content type here."""
    token = token_create(actor=None, user=demo_workers["bpjs.sumedang"], name="test")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    case = schema[path]["GET"].Case(path_parameters={"batch_id": sent_batch["id"]}, query=query)
    response = case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
    assert response.status_code == 200
    assert len(response.content) > 1000


def test_bpjs_rejections_and_unknown_rows_come_back_counted(api, sent_batch):
    sent = list(
        Enrolment.objects.filter(batch_id=sent_batch["id"])
        .order_by("worker__nik")
        .values_list("worker__nik", flat=True)
    )
    answer = confirmation_csv(
        [
            *(
                {"NIK": nik, "KPJ": f"2601{i:07d}", "Tanggal Efektif": "01/02/2026", "Alasan": ""}
                for i, nik in enumerate(sent[:8])
            ),
            *(
                {
                    "NIK": nik,
                    "KPJ": "",
                    "Tanggal Efektif": "",
                    "Alasan": "NIK tidak valid di Dukcapil",
                }
                for nik in sent[8:]
            ),
            {"NIK": "3211159999990001", "KPJ": "", "Tanggal Efektif": "", "Alasan": "ganda"},
        ]
    )
    response = api("bpjs.sumedang").post(
        "/api/v1/enrolments/confirmations", {"file": _file("jawaban.csv", answer)}
    )
    assert response.status_code == 200, response.json()
    result = response.json()
    assert (result["activated"], result["rejected"], result["total_rows"]) == (8, 2, 11)
    (unknown,) = result["unmatched"]
    assert unknown["line"] == 12
    assert unknown["nik"] == "3211••••••••0001"
    rejected = api("desa.cikeruh").get("/api/v1/enrolments", {"status": "rejected"}).json()
    assert {row["rejected_reason"] for row in rejected["items"]} == {"NIK tidak valid di Dukcapil"}


def test_only_the_admin_and_bpjs_read_batches_and_import_answers(api, sent_batch):
    village = api("desa.cikeruh")
    assert village.get("/api/v1/enrolments/batches").json()["count"] == 0
    assert village.get(f"/api/v1/enrolments/batches/{sent_batch['id']}").status_code == 404
    refused = village.post(
        "/api/v1/enrolments/confirmations", {"file": _file("x.csv", b"NIK,KPJ\n")}
    )
    assert refused.status_code == 403
    readonly = api("tim.koordinasi").get(
        f"/api/v1/enrolments/batches/{sent_batch['id']}/file", {"purpose": "ingin tahu"}
    )
    assert readonly.status_code == 403


def test_an_unreadable_confirmation_file_is_refused_whole(api, sent_batch):
    response = api("bpjs.sumedang").post(
        "/api/v1/enrolments/confirmations",
        {"file": _file("jawaban.csv", b"Nama,Alamat\nBudi,Jatinangor\n")},
    )
    assert response.status_code == 422
    assert response.json()["details"]["field"] == "nik"
    assert not Enrolment.objects.filter(status=EnrolmentStatus.ACTIVE).exists()


def test_an_agency_and_a_civil_servant_register_themselves_as_sponsors(api):
    agency = post(
        api("opd.dppkbp3a"),
        "/api/v1/sponsors",
        {"kind": "OPD", "name": "DPPKBP3A Kabupaten Sumedang", "region_code": "32.11"},
    )
    assert agency.status_code == 201, agency.json()
    assert agency.json()["agency_name"].startswith("Dinas Pengendalian Penduduk")
    assert (agency.json()["funding_source"], agency.json()["group_code"]) == ("APBD", "SG")

    servant = post(
        api("asn.rina"),
        "/api/v1/sponsors",
        {"kind": "ASN", "name": "Rina Kurniasih", "region_code": "32.11", "tpp": 4_500_000},
    )
    assert servant.status_code == 201, servant.json()
    assert servant.json()["nip"] == "198703152010012004"  # from her account
    assert servant.json()["agency_name"] == "Dinas Kesehatan"
    again = post(
        api("asn.rina"),
        "/api/v1/sponsors",
        {"kind": "ASN", "name": "Rina K.", "region_code": "32.11"},
    )
    assert again.status_code == 409

    listed = api("disnaker").get("/api/v1/sponsors", {"kind": "ASN"}).json()
    assert [row["name"] for row in listed["items"]] == ["Rina Kurniasih"]
    # A village cannot register itself as a company, nor in another village.
    refused = post(
        api("desa.cikeruh"),
        "/api/v1/sponsors",
        {"kind": "DESA", "name": "Desa Gudang", "region_code": "32.11.11.2001"},
    )
    assert refused.status_code == 403


def test_a_civil_servant_cannot_register_under_another_agency_or_nip(api, demo_workers):
    dedi = demo_workers["asn.dedi"]
    rina = api("asn.rina")
    for borrowed in ({"agency_id": dedi.agency_id}, {"nip": dedi.nip}):
        refused = post(
            rina,
            "/api/v1/sponsors",
            {"kind": "ASN", "name": "Rina Kurniasih", "region_code": "32.11", **borrowed},
        )
        assert refused.status_code == 422, refused.json()
        assert refused.json()["details"]["field"] == next(iter(borrowed)).removesuffix("_id")
    listed = api("disnaker").get("/api/v1/sponsors", {"kind": "ASN"}).json()
    assert listed["items"] == []
