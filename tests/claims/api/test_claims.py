"""Claims through the REST API: reporting (a draft, then confirmed), documents, BPJS's decision
and the payment, the impact figures, each within the caller's scope; NIKs masked.

The clock stands at 10 June 2026, 09:00 WIB; Cikeruh paid January to May for its workers.
"""

import datetime as dt
from datetime import date
from zoneinfo import ZoneInfo

import pytest
import schemathesis
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from lindungi.accounts.selectors import scope_for_user
from lindungi.accounts.services import token_create
from lindungi.claims.models import Claim, ClaimDocument
from lindungi.claims.selectors import claims_impact
from lindungi.claims.services.documents import claim_document_add
from lindungi.claims.services.reporting import claim_report
from lindungi.config.wsgi import application
from lindungi.core.errors import NotFound
from lindungi.core.masking import mask_nik
from lindungi.regions.selectors import region_get
from tests.api.test_fuzz import CHECKS
from tests.billing.conftest import JANUARY, scope_of
from tests.claims.conftest import pay_months  # noqa: F401

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
JUNE_10 = dt.datetime(2026, 6, 10, 9, 0, tzinfo=WIB)
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def june_10(time_machine):
    time_machine.move_to(JUNE_10, tick=False)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def english(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def post(client: Client, path: str, data: object):
    return client.post(path, data, content_type="application/json")


def upload(client: Client, claim_id: int, name: str, content: bytes, content_type: str, kind: str):
    return client.post(
        f"/api/v1/claims/{claim_id}/documents",
        {"kind": kind, "file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


@pytest.fixture
def world(demo_workers, enrol, village_program, cikeruh, gudang, pay_months):  # noqa: F811
    """Two Cikeruh workers (January to May paid), a Gudang one, and a JKM claim reported for
    the first Cikeruh worker with its death certificate."""
    first, second = (e.worker for e in enrol(village_program, cikeruh, 2))
    (neighbour,) = (e.worker for e in enrol(village_program, gudang, 1, skip=2))
    pay_months(cikeruh, JANUARY, 5)
    operator = demo_workers["desa.cikeruh"]
    claim = claim_report(
        actor=operator,
        scope=scope_of(operator),
        worker=first,
        type="JKM",
        event_date=date(2026, 6, 5),
    )
    document = claim_document_add(
        actor=operator,
        scope=scope_of(operator),
        claim=claim,
        kind="death_certificate",
        file=SimpleUploadedFile("akta.pdf", PDF, content_type="application/pdf"),
    )
    return {
        "users": demo_workers,
        "claim": claim,
        "document": document,
        "first": first,
        "second": second,
        "neighbour": neighbour,
    }


def test_a_claim_is_reported_as_a_draft_with_its_benefit_then_confirmed(world):
    client = english(world["users"]["desa.cikeruh"])
    second = world["second"]
    response = post(
        client,
        "/api/v1/claims",
        {"worker_id": second.pk, "type": "JKM", "event_date": "2026-06-08", "draft": True},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["nik"] == mask_nik(second.nik) != second.nik
    assert body["benefit"]["total"] == 42_000_000
    assert body["benefit"]["months_paid"] == 5
    assert [(line["name"], line["amount"]) for line in body["benefit"]["lines"]] == [
        ("santunan_sekaligus", 20_000_000),
        ("santunan_berkala", 12_000_000),
        ("biaya_pemakaman", 10_000_000),
    ]
    assert all("PP 82/2019" in line["rule"] for line in body["benefit"]["lines"])
    assert body["missing_documents"] == ["death_certificate", "ktp", "kk"]

    confirmed = post(client, f"/api/v1/claims/{body['id']}/confirm", {})
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "reported"
    assert confirmed.json()["reported_at"]
    again = post(client, f"/api/v1/claims/{body['id']}/confirm", {})
    assert again.status_code == 409
    assert again.json()["message"] == "A claim that is reported cannot become reported"


def test_refusals_carry_their_reason(world):
    client = english(world["users"]["desa.cikeruh"])
    second = world["second"]
    outside = post(
        client,
        "/api/v1/claims",
        {"worker_id": second.pk, "type": "JKM", "event_date": "2025-12-01"},
    )
    assert outside.status_code == 422
    assert outside.json()["details"]["rule"] == "outside_protection"
    assert "No enrolment protected the worker on that day" in outside.json()["message"]
    twice = post(
        client,
        "/api/v1/claims",
        {"worker_id": world["first"].pk, "type": "JKM", "event_date": "2026-06-05"},
    )
    assert twice.status_code == 409
    stranger = post(
        client,
        "/api/v1/claims",
        {"worker_id": world["neighbour"].pk, "type": "JKM", "event_date": "2026-06-05"},
    )
    assert stranger.status_code == 404
    assert (
        post(
            english(world["users"]["bpjs.sumedang"]),
            "/api/v1/claims",
            {"worker_id": second.pk, "type": "JKM", "event_date": "2026-06-05"},
        ).status_code
        == 403
    )
    late = post(
        client,
        "/api/v1/claims",
        {
            "worker_id": second.pk,
            "type": "JKK",
            "jkk_kind": "death",
            "event_date": "2026-06-01",
            "event_time": "10:30:00",
        },
    )
    assert late.status_code == 201
    assert late.json()["is_late"] is True
    assert late.json()["expires_on"] == "2031-06-01"
    assert late.json()["report_deadline"] == "2026-06-03T03:30:00Z"  # 10:30 WIB


def test_the_list_filters_and_masks(world):
    client = english(world["users"]["disnaker"])
    claim = world["claim"]
    listed = client.get("/api/v1/claims").json()
    assert listed["count"] == 1
    row = listed["items"][0]
    assert (row["id"], row["nik"], row["benefit_total"]) == (
        claim.pk,
        mask_nik(claim.worker.nik),
        42_000_000,
    )
    assert claim.worker.nik not in client.get("/api/v1/claims").content.decode()
    assert client.get("/api/v1/claims", {"status": "paid"}).json()["count"] == 0
    assert client.get("/api/v1/claims", {"type": "JKK"}).json()["count"] == 0
    assert client.get("/api/v1/claims", {"year": 2025}).json()["count"] == 0
    assert client.get("/api/v1/claims", {"region_code": "32.11.15"}).json()["count"] == 1
    by_nik = client.post(
        "/api/v1/claims/search", {"search": claim.worker.nik}, content_type="application/json"
    )
    assert by_nik.json()["count"] == 1
    assert client.get("/api/v1/claims", {"status": "nope"}).status_code == 422


def test_documents_are_checked_and_downloaded_as_attachments(world, settings):
    client = english(world["users"]["desa.cikeruh"])
    claim, document = world["claim"], world["document"]
    lying = upload(client, claim.pk, "ktp.pdf", b"MZ\x90\x00", "application/pdf", "ktp")
    assert lying.status_code == 422
    assert lying.json()["message"] == "ktp.pdf is not a PDF, JPEG or PNG file"
    renamed = upload(client, claim.pk, "ktp.pdf", JPEG, "application/pdf", "ktp")
    assert renamed.status_code == 422
    assert "rename it to .jpg" in renamed.json()["message"]
    settings.CLAIM_UPLOAD_MAX_BYTES = 100
    large = upload(client, claim.pk, "ktp.pdf", PDF + b"x" * 200, "application/pdf", "ktp")
    assert large.status_code == 422
    settings.CLAIM_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    assert upload(client, claim.pk, "x.pdf", PDF, "application/pdf", "bogus").status_code == 422
    stored = upload(client, claim.pk, "ktp.jpg", JPEG, "image/jpeg", "ktp")
    assert stored.status_code == 201
    assert stored.json()["content_type"] == "image/jpeg"
    assert ClaimDocument.objects.filter(claim=claim).count() == 2

    response = client.get(f"/api/v1/claims/{claim.pk}/documents/{document.pk}")
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="akta.pdf"'
    detail = client.get(f"/api/v1/claims/{claim.pk}").json()
    assert [doc["kind"] for doc in detail["documents"]] == ["death_certificate", "ktp"]
    assert detail["missing_documents"] == ["kk"]


def test_a_claim_goes_to_bpjs_is_decided_and_paid(world):
    claim = world["claim"]
    operator = english(world["users"]["desa.cikeruh"])
    refused = post(operator, f"/api/v1/claims/{claim.pk}/submit", {})
    assert refused.status_code == 422
    assert refused.json()["details"]["missing"] == ["ktp", "kk"]
    upload(operator, claim.pk, "ktp.jpg", JPEG, "image/jpeg", "ktp")
    upload(operator, claim.pk, "kk.pdf", PDF + b"kk", "application/pdf", "kk")
    assert post(operator, f"/api/v1/claims/{claim.pk}/submit", {}).json()["status"] == "submitted"

    decide = post(operator, f"/api/v1/claims/{claim.pk}/decide", {"approve": True})
    assert decide.status_code == 403
    bpjs = english(world["users"]["bpjs.sumedang"])
    no_reason = post(bpjs, f"/api/v1/claims/{claim.pk}/decide", {"approve": False})
    assert no_reason.status_code == 422
    approved = post(bpjs, f"/api/v1/claims/{claim.pk}/decide", {"approve": True})
    assert (approved.json()["status"], approved.json()["approved_amount"]) == (
        "approved",
        42_000_000,
    )
    paid = post(
        bpjs,
        f"/api/v1/claims/{claim.pk}/pay",
        {"amount": 42_000_000, "paid_on": "2026-06-10", "reference": "TRF-1"},
    )
    assert paid.status_code == 200
    assert (paid.json()["status"], paid.json()["paid_on"]) == ("paid", "2026-06-10")
    closed = upload(operator, claim.pk, "x.pdf", PDF + b"x", "application/pdf", "other")
    assert closed.status_code == 409

    impact = english(world["users"]["tim.koordinasi"]).get("/api/v1/claims/impact").json()
    assert impact["headline"] == "Rp 42 jt paid to 1 families of protected workers in 2026"
    assert (impact["families"], impact["amount"], impact["region_code"]) == (1, 42_000_000, "32.11")
    assert impact["by_type"] == [{"type": "JKM", "families": 1, "amount": 42_000_000}]
    assert impact["rows"][0]["region_code"] == "32.11.15"
    earlier = english(world["users"]["disnaker"]).get("/api/v1/claims/impact", {"year": 2025})
    assert earlier.json()["families"] == 0


def test_an_amount_above_the_benefit_needs_a_second_officer_and_never_passes_the_maximum(world):
    """The audit's case: approved and paid at Rp 10^15, the regent's figure read "Rp 1000 T"."""
    claim = world["claim"]
    operator = english(world["users"]["desa.cikeruh"])
    upload(operator, claim.pk, "ktp.jpg", JPEG, "image/jpeg", "ktp")
    upload(operator, claim.pk, "kk.pdf", PDF + b"kk", "application/pdf", "kk")
    post(operator, f"/api/v1/claims/{claim.pk}/submit", {})
    bpjs = english(world["users"]["bpjs.sumedang"])
    detail = bpjs.get(f"/api/v1/claims/{claim.pk}").json()
    assert (detail["benefit"]["total"], detail["benefit_maximum"]) == (42_000_000, 42_000_000)
    decide = f"/api/v1/claims/{claim.pk}/decide"
    absurd = post(bpjs, decide, {"approve": True, "amount": 10**15, "reason": "x"})
    assert absurd.status_code == 422
    assert absurd.json()["details"]["maximum"] == 42_000_000
    assert post(bpjs, decide, {"approve": True, "amount": 30_000_000}).status_code == 422
    proposed = post(bpjs, decide, {"approve": True, "amount": 30_000_000, "reason": "Koreksi"})
    assert proposed.status_code == 200
    assert (proposed.json()["status"], proposed.json()["proposed_amount"]) == (
        "submitted",
        30_000_000,
    )
    review = f"/api/v1/claims/{claim.pk}/review-amount"
    assert post(bpjs, review, {"approve": True}).status_code == 403  # the proposer
    team = english(world["users"]["tim.koordinasi"])
    assert post(team, review, {"approve": True}).status_code == 403
    approved = post(english(world["users"]["disnaker"]), review, {"approve": True})
    assert approved.status_code == 200, approved.json()
    body = approved.json()
    assert (body["status"], body["approved_amount"], body["amount_approved_by"]) == (
        "approved",
        30_000_000,
        "disnaker",
    )
    over = post(
        bpjs,
        f"/api/v1/claims/{claim.pk}/pay",
        {"amount": 10**15, "paid_on": "2026-06-10", "reference": "TRF-1"},
    )
    assert over.status_code == 422
    paid = post(
        bpjs,
        f"/api/v1/claims/{claim.pk}/pay",
        {"amount": 30_000_000, "paid_on": "2026-06-10", "reference": "TRF-1"},
    )
    assert paid.status_code == 200
    impact = bpjs.get("/api/v1/claims/impact").json()
    assert impact["amount_text"] == "Rp 30 jt"


def test_a_rejection_keeps_its_reason(world):
    claim = world["claim"]
    Claim.objects.filter(pk=claim.pk).update(status="submitted")
    officer = english(world["users"]["disnaker"])
    rejected = post(
        officer,
        f"/api/v1/claims/{claim.pk}/decide",
        {"approve": False, "reason": "Akta kematian tidak sah"},
    )
    assert rejected.status_code == 200
    assert (rejected.json()["status"], rejected.json()["decision_reason"]) == (
        "rejected",
        "Akta kematian tidak sah",
    )


@pytest.mark.parametrize("username", ["desa.gudang", "opd.dppkbp3a", "asn.rina"])
def test_a_claim_outside_the_scope_looks_missing_and_stays_as_it_was(world, username):
    client = english(world["users"][username])
    claim, document = world["claim"], world["document"]
    assert client.get("/api/v1/claims").json()["count"] == 0
    for path in (
        f"/api/v1/claims/{claim.pk}",
        f"/api/v1/claims/{claim.pk}/documents/{document.pk}",
    ):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"
    for step, body in (
        ("confirm", {}),
        ("submit", {}),
        ("decide", {"approve": False, "reason": "x"}),
        ("pay", {"amount": 1, "paid_on": "2026-06-10", "reference": "x"}),
    ):
        assert post(client, f"/api/v1/claims/{claim.pk}/{step}", body).status_code == 404, step
    other = upload(client, claim.pk, "x.pdf", PDF + b"y", "application/pdf", "other")
    assert other.status_code == 404
    assert client.get("/api/v1/claims/impact", {"region_code": "32.04"}).status_code == 404
    claim.refresh_from_db()
    assert claim.status == "reported"
    assert ClaimDocument.objects.filter(claim=claim).count() == 1


def test_a_document_under_another_claims_address_looks_missing(world):
    client = english(world["users"]["desa.cikeruh"])
    other = post(
        client,
        "/api/v1/claims",
        {"worker_id": world["second"].pk, "type": "JKM", "event_date": "2026-06-08"},
    ).json()
    path = f"/api/v1/claims/{other['id']}/documents/{world['document'].pk}"
    assert client.get(path).status_code == 404


@pytest.fixture
def connection_kept_open():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_claims_routes_answer_generated_requests_as_documented(world, connection_kept_open):
    """With a claim and a document in scope (the global fuzz test has none)."""
    token = token_create(actor=None, user=world["users"]["disnaker"], name="fuzz")
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    claim, document = world["claim"], world["document"]
    downloaded = schema["/api/v1/claims/{claim_id}/documents/{document_id}"]["GET"].Case(
        path_parameters={"claim_id": claim.pk, "document_id": document.pk}
    )
    assert downloaded.call_and_validate(headers=headers, checks=CHECKS).status_code == 200
    read = schema["/api/v1/claims/{claim_id}"]["GET"].Case(path_parameters={"claim_id": claim.pk})
    assert read.call_and_validate(headers=headers, checks=CHECKS).status_code == 200
    for result in schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith("/api/v1/claims"):
            continue

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=8,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def answers_as_documented(case):
            if case.path_parameters and "claim_id" in case.path_parameters:
                case.path_parameters["claim_id"] = claim.pk
            case.call_and_validate(headers=headers, checks=CHECKS)

        answers_as_documented()


def test_a_region_outside_the_scope_is_one_answer_on_the_page_the_api_and_the_selector(world):
    """The impact of a region outside the reader's scope: the page's 404, the API's
    `region.not_found` and the selector's NotFound are one rule (`regions.selectors`)."""
    user = world["users"]["desa.gudang"]
    client = english(user)
    answer = client.get("/api/v1/claims/impact", {"region_code": "32.04"})
    assert answer.status_code == 404
    assert (answer.json()["code"], answer.json()["message"]) == (
        "region.not_found",
        "Region 32.04 not found",
    )
    assert client.get("/klaim/dampak/", {"region": "32.04"}).status_code == 404
    with translation.override("en"), pytest.raises(NotFound) as refused:
        claims_impact(scope=scope_for_user(user), region=region_get(code="32.04"), year=2026)
    assert (refused.value.code, refused.value.message) == (
        "region.not_found",
        "Region 32.04 not found",
    )
