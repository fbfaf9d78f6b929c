"""The claim pages: the list, reporting (draft, then confirm), a claim with its benefit, deadlines,
documents and actions, a document's download, and the impact figures, through the test client.

Pages are read in English. The clock stands at 10 June 2026, 09:00 WIB; Cikeruh paid January
to May for its workers.
"""

import datetime as dt
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from lindungi.accounts.selectors import scope_for_user
from lindungi.claims.models import Claim, ClaimDocument
from lindungi.claims.permissions import may_download_documents, may_report
from lindungi.claims.services.decisions import claim_decide
from lindungi.claims.services.documents import claim_document_add
from lindungi.claims.services.payments import claim_paid
from lindungi.claims.services.reporting import claim_report, claim_submit
from lindungi.core.masking import mask_nik
from lindungi.core.models import AuditEvent
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


def page_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def pdf(name: str, body: bytes = b"") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF + body, content_type="application/pdf")


@pytest.fixture
def world(demo_workers, enrol, village_program, cikeruh, gudang, pay_months):  # noqa: F811
    """Two Cikeruh workers (January to May paid) and a Gudang one; a JKM claim reported for the
    first Cikeruh worker, with its death certificate."""
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
        file=pdf("Akta Kematian.pdf"),
    )
    return {
        "users": demo_workers,
        "claim": claim,
        "document": document,
        "first": first,
        "second": second,
        "neighbour": neighbour,
    }


def attach_the_rest(user, claim):
    scope = scope_of(user)
    claim_document_add(
        actor=user,
        scope=scope,
        claim=claim,
        kind="ktp",
        file=SimpleUploadedFile("ktp.jpg", JPEG, content_type="image/jpeg"),
    )
    claim_document_add(actor=user, scope=scope, claim=claim, kind="kk", file=pdf("kk.pdf", b"k"))


# (user, list, report page, sees the Cikeruh claim, impact, document of the reported claim)
PAGES = [
    ("disnaker", 200, 200, True, 200, 200),
    ("bpjs.sumedang", 200, 403, True, 200, 403),
    ("tim.koordinasi", 200, 403, True, 200, 403),
    ("desa.cikeruh", 200, 200, True, 200, 200),
    ("desa.gudang", 200, 200, False, 200, 404),
    ("opd.dppkbp3a", 200, 200, False, 200, 404),
    ("asn.rina", 200, 403, False, 200, 404),
    ("admin", 200, 200, True, 200, 200),
]


@pytest.mark.parametrize(("username", "listed", "report", "sees", "impact", "document"), PAGES)
def test_each_claim_page_answers_each_role(world, username, listed, report, sees, impact, document):
    client = english(world["users"][username])
    claim = world["claim"]
    found = client.get("/klaim/")
    assert found.status_code == listed
    assert (f'href="/klaim/{claim.pk}/"' in found.content.decode()) is sees
    assert client.get("/klaim/baru/").status_code == report
    assert client.get("/klaim/dampak/").status_code == impact
    detail = client.get(f"/klaim/{claim.pk}/")
    download = client.get(f"/klaim/{claim.pk}/dokumen/{world['document'].pk}/")
    assert detail.status_code == (200 if sees else 404)
    assert download.status_code == document
    # What the pages allow is what the services' predicates allow.
    scope = scope_for_user(world["users"][username])
    assert (report == 200) is may_report(scope)
    if sees:
        assert (document == 200) is may_download_documents(scope, claim)


# Who downloads a claim's KTP, KK and death certificate: those who assemble the claim (its
# village's operator, the regional admin, superusers) and BPJS once the claim was submitted to
# it; the coordination team and the prosecutor never, and those who do not see the claim find
# nothing.
DOWNLOADS = {
    # username: (before submission, after submission)
    "disnaker": (200, 200),
    "verifikator": (200, 200),
    "bpjs.sumedang": (403, 200),
    "tim.koordinasi": (403, 403),
    "opd.dppkbp3a": (404, 404),
    "asn.rina": (404, 404),
    "desa.cikeruh": (200, 200),
    "jaksa.sumedang": (404, 404),
    "admin": (200, 200),
}


def _downloads(client, claim, document) -> tuple[int, int, bool]:
    """The page's and the API's answers to a download, and whether the claim page links it."""
    url = f"/klaim/{claim.pk}/dokumen/{document.pk}/"
    page = client.get(url)
    api = client.get(f"/api/v1/claims/{claim.pk}/documents/{document.pk}")
    for response in (page, api):
        if response.status_code == 200:
            assert "no-store" in response["Cache-Control"]
    detail = client.get(f"/klaim/{claim.pk}/")
    linked = detail.status_code == 200 and f'href="{url}"' in detail.content.decode()
    return page.status_code, api.status_code, linked


@pytest.mark.parametrize("username", sorted(DOWNLOADS))
def test_claim_documents_download_only_for_roles_whose_work_needs_them_and_each_is_recorded(
    world, username
):
    user = world["users"][username]
    client = english(user)
    claim, document = world["claim"], world["document"]
    before, after = DOWNLOADS[username]
    page, api, linked = _downloads(client, claim, document)
    assert (page, api, linked) == (before, before, before == 200)
    operator = world["users"]["desa.cikeruh"]
    attach_the_rest(operator, claim)
    claim_submit(actor=operator, scope=scope_of(operator), claim=claim)
    claim.refresh_from_db()
    page, api, linked = _downloads(client, claim, document)
    assert (page, api, linked) == (after, after, after == 200)
    recorded = AuditEvent.objects.filter(
        action="claim.document_download", actor=user, object_id=str(claim.pk)
    )
    assert recorded.count() == 2 * [before, after].count(200)
    assert all(event.details["document"] == document.pk for event in recorded)


def test_the_list_filters_and_masks_and_flags(world):
    client = english(world["users"]["disnaker"])
    claim = world["claim"]
    text = page_of(client.get("/klaim/"))
    assert claim.worker.name in text
    assert claim.worker.nik not in text
    assert mask_nik(claim.worker.nik) in text
    assert "Rp 42.000.000" in text
    assert claim.worker.name not in page_of(client.get("/klaim/", {"status": "paid"}))
    assert claim.worker.name not in page_of(client.get("/klaim/", {"type": "JKK"}))
    assert claim.worker.name not in page_of(client.get("/klaim/", {"year": "2025"}))
    assert claim.worker.name in page_of(client.get("/klaim/", {"year": "2026", "type": "JKM"}))
    assert page_of(client.get("/klaim/", {"year": "abc", "status": "nope"}))


def test_a_claim_is_reported_as_a_draft_showing_its_benefit_then_confirmed(world):
    client = english(world["users"]["desa.cikeruh"])
    second = world["second"]
    searched = page_of(client.get("/klaim/baru/", {"q": second.name}))
    assert f'value="{second.pk}"' in searched
    assert second.nik not in searched
    # A Gudang worker is not Cikeruh's to report.
    other = page_of(
        client.post("/klaim/baru/", {"search_form": "1", "q": world["neighbour"].nik}, follow=True)
    )
    assert f'value="{world["neighbour"].pk}"' not in other

    response = client.post(
        "/klaim/baru/",
        {"worker": second.pk, "type": "JKM", "event_date": "2026-06-08", "notes": "meninggal"},
    )
    assert response.status_code == 302
    draft = Claim.objects.get(worker=second)
    assert response["Location"] == f"/klaim/{draft.pk}/"
    assert draft.status == "draft"
    text = page_of(client.get(response["Location"]))
    assert "Draft" in text
    assert "Rp 42.000.000" in text
    assert "santunan sekaligus" in text and "Rp 20.000.000" in text
    assert "PP 82/2019" in text  # each line's rule
    assert 'data-testid="confirm"' in text

    confirmed = client.post(f"/klaim/{draft.pk}/", {"action": "confirm"})
    assert confirmed.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "reported"
    assert "Claim reported" in page_of(client.get(confirmed["Location"]))


def test_every_refusal_is_shown_with_its_reason(world):
    client = english(world["users"]["desa.cikeruh"])
    second = world["second"]
    before = page_of(
        client.post(
            "/klaim/baru/", {"worker": second.pk, "type": "JKM", "event_date": "2025-12-01"}
        )
    )
    assert "No enrolment protected the worker on that day" in before
    assert "1 Dec 2025" in before
    future = page_of(
        client.post(
            "/klaim/baru/", {"worker": second.pk, "type": "JKM", "event_date": "2026-07-01"}
        )
    )
    assert "The event date is in the future" in future
    twice = page_of(
        client.post(
            "/klaim/baru/",
            {"worker": world["first"].pk, "type": "JKM", "event_date": "2026-06-05"},
        )
    )
    assert "already" in twice
    no_kind = page_of(
        client.post(
            "/klaim/baru/", {"worker": second.pk, "type": "JKK", "event_date": "2026-06-08"}
        )
    )
    assert "Say which work-accident benefit is claimed" in no_kind
    stranger = page_of(
        client.post(
            "/klaim/baru/",
            {"worker": world["neighbour"].pk, "type": "JKM", "event_date": "2026-06-08"},
        )
    )
    assert "Worker not found" in stranger
    assert not Claim.objects.filter(worker__in=[second, world["neighbour"]]).exists()


def test_a_late_work_accident_is_flagged_with_its_deadline_and_expiry(world):
    client = english(world["users"]["desa.cikeruh"])
    response = client.post(
        "/klaim/baru/",
        {
            "worker": world["second"].pk,
            "type": "JKK",
            "jkk_kind": "death",
            "event_date": "2026-06-01",
            "event_time": "10:30",
        },
    )
    claim = Claim.objects.get(worker=world["second"])
    text = page_of(client.get(response["Location"]))
    assert "3 Jun 2026 10:30" in text  # 2 x 24 hours
    assert "1 Jun 2031" in text  # 5 years
    assert "the deadline has passed" in text
    client.post(f"/klaim/{claim.pk}/", {"action": "confirm"})
    claim.refresh_from_db()
    assert claim.is_late
    listed = page_of(client.get("/klaim/", {"type": "JKK"}))
    assert 'data-testid="late"' in listed
    assert "expires 1 Jun 2031" in listed


def test_upload_errors_are_shown_and_nothing_is_stored(world, settings):
    client = english(world["users"]["desa.cikeruh"])
    claim = world["claim"]
    url = f"/klaim/{claim.pk}/"

    def upload(name, content, content_type, kind="ktp"):
        file = SimpleUploadedFile(name, content, content_type=content_type)
        return page_of(client.post(url, {"action": "upload", "kind": kind, "file": file}))

    assert "is not a PDF, JPEG or PNG file" in upload(
        "ktp.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"
    )
    assert "rename it to .jpg" in upload("ktp.pdf", JPEG, "application/pdf")
    assert "but was sent as image/png" in upload("ktp.jpg", JPEG, "image/png")
    settings.CLAIM_UPLOAD_MAX_BYTES = 100
    assert "larger than the limit" in upload("ktp.pdf", PDF + b"x" * 200, "application/pdf")
    settings.CLAIM_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    assert "already attached" in upload("again.pdf", PDF, "application/pdf")
    assert "This field is required" in page_of(
        client.post(url, {"action": "upload", "kind": "ktp"})
    )
    assert ClaimDocument.objects.filter(claim=claim).count() == 1
    ok = client.post(
        url,
        {
            "action": "upload",
            "kind": "ktp",
            "file": SimpleUploadedFile("ktp.jpg", JPEG, content_type="image/jpeg"),
        },
    )
    assert ok.status_code == 302
    assert ClaimDocument.objects.filter(claim=claim).count() == 2


def test_a_document_downloads_as_an_attachment_of_its_stored_type(world):
    client = english(world["users"]["disnaker"])
    claim, document = world["claim"], world["document"]
    response = client.get(f"/klaim/{claim.pk}/dokumen/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="Akta_Kematian.pdf"'
    assert b"".join(response.streaming_content) == PDF
    # The document under another claim's address, or a missing one: 404.
    other = claim_report(
        actor=world["users"]["desa.cikeruh"],
        scope=scope_of(world["users"]["desa.cikeruh"]),
        worker=world["second"],
        type="JKM",
        event_date=date(2026, 6, 8),
    )
    assert client.get(f"/klaim/{other.pk}/dokumen/{document.pk}/").status_code == 404
    assert client.get(f"/klaim/{claim.pk}/dokumen/999999/").status_code == 404
    assert client.post(f"/klaim/{claim.pk}/dokumen/{document.pk}/").status_code == 405


def test_a_claim_outside_the_scope_looks_missing_and_stays_as_it_was(world):
    client = english(world["users"]["desa.gudang"])
    claim, document = world["claim"], world["document"]
    for action in ("confirm", "submit", "decide", "pay", "upload"):
        response = client.post(
            f"/klaim/{claim.pk}/",
            {"action": action, "decision": "reject", "reason": "x", "kind": "ktp"},
        )
        assert response.status_code == 404, action
    assert client.get(f"/klaim/{claim.pk}/dokumen/{document.pk}/").status_code == 404
    assert client.get("/klaim/dampak/", {"region": "32.04"}).status_code == 404
    claim.refresh_from_db()
    assert claim.status == "reported"
    assert ClaimDocument.objects.filter(claim=claim).count() == 1


@pytest.mark.parametrize("username", ["desa.cikeruh", "tim.koordinasi"])
def test_a_role_that_may_not_decide_gets_a_403(world, username):
    claim = world["claim"]
    operator = world["users"]["desa.cikeruh"]
    attach_the_rest(operator, claim)
    claim_submit(actor=operator, scope=scope_of(operator), claim=claim)
    client = english(world["users"][username])
    text = page_of(client.get(f"/klaim/{claim.pk}/"))
    assert 'data-testid="decide-form"' not in text
    response = client.post(f"/klaim/{claim.pk}/", {"action": "decide", "decision": "approve"})
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == "submitted"


def test_a_claim_goes_to_bpjs_is_decided_and_paid_through_the_pages(world):
    claim = world["claim"]
    operator = english(world["users"]["desa.cikeruh"])
    refused = page_of(operator.post(f"/klaim/{claim.pk}/", {"action": "submit"}))
    assert "Attach these documents first: identity card (KTP), family card (KK)" in refused
    attach_the_rest(world["users"]["desa.cikeruh"], claim)
    assert operator.post(f"/klaim/{claim.pk}/", {"action": "submit"}).status_code == 302

    bpjs = english(world["users"]["bpjs.sumedang"])
    text = page_of(bpjs.get(f"/klaim/{claim.pk}/"))
    assert 'data-testid="decide-form"' in text
    no_reason = page_of(bpjs.post(f"/klaim/{claim.pk}/", {"action": "decide", "decision": "x"}))
    assert 'data-testid="decide-error"' in no_reason
    approved = bpjs.post(f"/klaim/{claim.pk}/", {"action": "decide", "decision": "approve"})
    assert approved.status_code == 302
    future = page_of(
        bpjs.post(
            f"/klaim/{claim.pk}/",
            {"action": "pay", "amount": 42_000_000, "paid_on": "2026-07-01", "reference": "T"},
        )
    )
    assert "A payment cannot be dated in the future" in future
    paid = bpjs.post(
        f"/klaim/{claim.pk}/",
        {"action": "pay", "amount": 42_000_000, "paid_on": "2026-06-10", "reference": "TRF-1"},
    )
    assert paid.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.paid_amount) == ("paid", 42_000_000)
    detail = page_of(bpjs.get(f"/klaim/{claim.pk}/"))
    assert "TRF-1" in detail
    assert 'data-testid="upload-form"' not in detail  # closed
    actions = AuditEvent.objects.filter(object_type="claim", object_id=str(claim.pk))
    assert {"claim.submit", "claim.decide", "claim.pay"} <= set(
        actions.values_list("action", flat=True)
    )


def test_another_amount_is_proposed_on_the_page_and_approved_by_a_second_officer(world):
    claim = world["claim"]
    attach_the_rest(world["users"]["desa.cikeruh"], claim)
    operator = world["users"]["desa.cikeruh"]
    claim_submit(actor=operator, scope=scope_of(operator), claim=claim)
    bpjs = english(world["users"]["bpjs.sumedang"])
    assert "Maximum: Rp 42.000.000." in page_of(bpjs.get(f"/klaim/{claim.pk}/"))
    decide = {"action": "decide", "decision": "approve", "amount": 10**15, "reason": "x"}
    too_much = page_of(bpjs.post(f"/klaim/{claim.pk}/", decide))
    assert "more than the regulation pays for this benefit: at most Rp 42.000.000" in too_much
    decide["amount"] = 40_000_000
    proposed = page_of(bpjs.post(f"/klaim/{claim.pk}/", decide, follow=True))
    assert "Amount proposed: it waits for a second officer&#x27;s approval" in proposed
    assert 'data-testid="review-amount-form"' not in proposed  # not for the proposer
    assert 'data-testid="decide-form"' not in proposed
    second = english(world["users"]["disnaker"])
    assert 'data-testid="review-amount-form"' in page_of(second.get(f"/klaim/{claim.pk}/"))
    review = {"action": "review_amount", "decision": "approve"}
    assert bpjs.post(f"/klaim/{claim.pk}/", review).status_code == 403
    assert second.post(f"/klaim/{claim.pk}/", review).status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.approved_amount) == ("approved", 40_000_000)
    over = page_of(
        bpjs.post(
            f"/klaim/{claim.pk}/",
            {"action": "pay", "amount": 10**15, "paid_on": "2026-06-10", "reference": "T"},
        )
    )
    assert "more than BPJS approved for this claim (Rp 40.000.000)" in over
    claim.refresh_from_db()
    assert claim.status == "approved"


def test_a_rejection_needs_its_reason_and_shows_it(world):
    claim = world["claim"]
    operator = world["users"]["desa.cikeruh"]
    attach_the_rest(operator, claim)
    claim_submit(actor=operator, scope=scope_of(operator), claim=claim)
    client = english(world["users"]["disnaker"])
    url = f"/klaim/{claim.pk}/"
    missing = page_of(client.post(url, {"action": "decide", "decision": "reject"}))
    assert "Give BPJS&#x27;s reason for the rejection" in missing
    rejected = client.post(
        url, {"action": "decide", "decision": "reject", "reason": "Akta kematian tidak sah"}
    )
    assert rejected.status_code == 302
    assert "Akta kematian tidak sah" in page_of(client.get(url))


def test_the_impact_page_says_what_was_paid_to_families(world):
    claim = world["claim"]
    bpjs = world["users"]["bpjs.sumedang"]
    operator = world["users"]["desa.cikeruh"]
    attach_the_rest(operator, claim)
    claim_submit(actor=operator, scope=scope_of(operator), claim=claim)
    claim_decide(actor=bpjs, scope=scope_of(bpjs), claim=claim, approve=True)
    claim_paid(
        actor=bpjs,
        scope=scope_of(bpjs),
        claim=claim,
        amount=42_000_000,
        paid_on=date(2026, 6, 10),
        reference="TRF-1",
    )
    text = page_of(english(world["users"]["tim.koordinasi"]).get("/klaim/dampak/"))
    assert "Rp 42 jt paid to 1 families of protected workers in 2026" in text
    assert "Jatinangor" in text  # Cikeruh's district
    earlier = page_of(english(bpjs).get("/klaim/dampak/", {"year": "2025"}))
    assert "Rp 0 paid to 0 families of protected workers in 2025" in earlier
    village = page_of(english(operator).get("/klaim/dampak/"))
    assert "Rp 42 jt paid to 1 families" in village
    elsewhere = page_of(english(world["users"]["desa.gudang"]).get("/klaim/dampak/"))
    assert "Rp 0 paid to 0 families" in elsewhere


def test_the_menu_shows_claims_by_role(world):
    assert 'href="/klaim/baru/"' in page_of(english(world["users"]["desa.cikeruh"]).get("/"))
    bpjs = page_of(english(world["users"]["bpjs.sumedang"]).get("/"))
    assert 'href="/klaim/"' in bpjs and 'href="/klaim/dampak/"' in bpjs
    assert 'href="/klaim/baru/"' not in bpjs
