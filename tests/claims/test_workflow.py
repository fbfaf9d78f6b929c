"""A claim's way from the report to BPJS's decision and the payment, one audit event a step,
and who sees it."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lindungi.claims.selectors import claim_documents, claim_get, claim_list
from lindungi.claims.services.amounts import benefit_maximum
from lindungi.claims.services.decisions import claim_amount_review, claim_decide
from lindungi.claims.services.documents import claim_document_add
from lindungi.claims.services.payments import claim_paid
from lindungi.claims.services.reporting import claim_report, claim_submit
from lindungi.core.errors import InvalidState, NotFound, PermissionDenied, ValidationFailed
from lindungi.core.models import AuditEvent

from .conftest import at, scope_of

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


def pdf(name, body=b""):
    return SimpleUploadedFile(name, PDF + body, content_type="application/pdf")


@pytest.fixture
def operator(demo_workers):
    return demo_workers["desa.cikeruh"]


@pytest.fixture
def bpjs(demo_workers):
    return demo_workers["bpjs.sumedang"]


@pytest.fixture
def claim(operator, enrol, village_program, cikeruh):
    (enrolment,) = enrol(village_program, cikeruh, 1)
    return claim_report(
        actor=operator,
        scope=scope_of(operator),
        worker=enrolment.worker,
        type="JKM",
        event_date=date(2026, 5, 5),
        now=at(2026, 5, 6),
    )


def attach(user, claim, kind, file):
    return claim_document_add(actor=user, scope=scope_of(user), claim=claim, kind=kind, file=file)


def attach_required(user, claim):
    attach(user, claim, "death_certificate", pdf("akta kematian.pdf", b"a"))
    attach(user, claim, "ktp", SimpleUploadedFile("ktp.jpg", JPEG, content_type="image/jpeg"))
    attach(user, claim, "kk", pdf("kk.pdf", b"k"))


def test_a_claim_goes_from_the_report_to_the_payment_one_audit_event_a_step(
    operator, bpjs, claim, media
):
    attach_required(operator, claim)
    submitted = claim_submit(
        actor=operator, scope=scope_of(operator), claim=claim, now=at(2026, 5, 7)
    )
    assert submitted.status == "submitted"
    approved = claim_decide(
        actor=bpjs, scope=scope_of(bpjs), claim=claim, approve=True, now=at(2026, 5, 20)
    )
    assert (approved.status, approved.approved_amount) == ("approved", 10_000_000)
    paid = claim_paid(
        actor=bpjs,
        scope=scope_of(bpjs),
        claim=claim,
        amount=10_000_000,
        paid_on=date(2026, 5, 25),
        reference="TRF-0525-001",
        now=at(2026, 5, 26),
    )
    assert (paid.status, paid.paid_amount, paid.paid_on) == ("paid", 10_000_000, date(2026, 5, 25))
    actions = list(
        AuditEvent.objects.filter(object_type="claim", object_id=str(claim.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "claim.report",
        "claim.document_add",
        "claim.document_add",
        "claim.document_add",
        "claim.submit",
        "claim.decide",
        "claim.pay",
    ]
    stored = claim_documents(scope=scope_of(operator), claim=claim)
    assert [doc.kind for doc in stored] == ["death_certificate", "ktp", "kk"]
    assert all(Path(media, doc.file.name).is_file() for doc in stored)
    assert stored[0].original_name == "akta_kematian.pdf"


def test_a_claim_goes_to_bpjs_only_with_the_documents_bpjs_asks_for(operator, claim):
    attach(operator, claim, "ktp", pdf("ktp.pdf"))
    with pytest.raises(ValidationFailed) as refused:
        claim_submit(actor=operator, scope=scope_of(operator), claim=claim)
    assert refused.value.message == (
        "Attach these documents first: death certificate, family card (KK)"
    )
    assert claim_get(scope=scope_of(operator), claim_id=claim.pk).status == "reported"


def test_steps_out_of_order_are_refused(operator, bpjs, claim):
    with pytest.raises(InvalidState, match="A claim that is reported cannot become paid"):
        claim_paid(
            actor=bpjs,
            scope=scope_of(bpjs),
            claim=claim,
            amount=1,
            paid_on=date(2026, 5, 25),
            reference="x",
        )
    with pytest.raises(InvalidState):
        claim_decide(actor=bpjs, scope=scope_of(bpjs), claim=claim, approve=True)
    attach_required(operator, claim)
    claim_submit(actor=operator, scope=scope_of(operator), claim=claim)
    with pytest.raises(InvalidState):
        claim_submit(actor=operator, scope=scope_of(operator), claim=claim)
    assert AuditEvent.objects.filter(action="claim.submit").count() == 1


def test_a_rejection_needs_bpjs_reason_and_closes_the_claim(operator, bpjs, claim):
    attach_required(operator, claim)
    claim_submit(actor=operator, scope=scope_of(operator), claim=claim)
    with pytest.raises(ValidationFailed, match="reason"):
        claim_decide(actor=bpjs, scope=scope_of(bpjs), claim=claim, approve=False, reason=" ")
    rejected = claim_decide(
        actor=bpjs,
        scope=scope_of(bpjs),
        claim=claim,
        approve=False,
        reason="Ahli waris tidak sesuai KK",
    )
    assert (rejected.status, rejected.decision_reason) == ("rejected", "Ahli waris tidak sesuai KK")
    assert AuditEvent.objects.get(action="claim.decide").details["decision"] == "rejected"
    with pytest.raises(InvalidState, match="closed"):
        attach(operator, claim, "other", pdf("surat.pdf", b"late"))
    with pytest.raises(InvalidState):
        claim_paid(
            actor=bpjs,
            scope=scope_of(bpjs),
            claim=claim,
            amount=1,
            paid_on=date(2026, 5, 25),
            reference="x",
        )


def test_bpjs_may_approve_another_amount_and_the_payment_is_checked(
    demo_workers, operator, bpjs, claim
):
    attach_required(operator, claim)
    claim_submit(actor=operator, scope=scope_of(operator), claim=claim, now=at(2026, 5, 7))
    claim_decide(
        actor=bpjs,
        scope=scope_of(bpjs),
        claim=claim,
        approve=True,
        amount=42_000_000,
        reason="Masa iur dikoreksi",
        now=at(2026, 5, 20),
    )
    admin = demo_workers["disnaker"]
    claim_amount_review(
        actor=admin, scope=scope_of(admin), claim=claim, approve=True, now=at(2026, 5, 20)
    )
    scope = scope_of(bpjs)
    with pytest.raises(ValidationFailed, match="future"):
        claim_paid(
            actor=bpjs,
            scope=scope,
            claim=claim,
            amount=42_000_000,
            paid_on=date(2026, 6, 1),
            reference="T1",
            now=at(2026, 5, 26),
        )
    with pytest.raises(ValidationFailed, match="precede"):
        claim_paid(
            actor=bpjs,
            scope=scope,
            claim=claim,
            amount=42_000_000,
            paid_on=date(2026, 5, 19),
            reference="T1",
            now=at(2026, 5, 26),
        )
    with pytest.raises(ValidationFailed, match="reference"):
        claim_paid(
            actor=bpjs,
            scope=scope,
            claim=claim,
            amount=42_000_000,
            paid_on=date(2026, 5, 25),
            reference="  ",
            now=at(2026, 5, 26),
        )
    with pytest.raises(ValidationFailed, match="positive"):
        claim_paid(
            actor=bpjs,
            scope=scope,
            claim=claim,
            amount=0,
            paid_on=date(2026, 5, 25),
            reference="T1",
            now=at(2026, 5, 26),
        )
    paid = claim_paid(
        actor=bpjs,
        scope=scope,
        claim=claim,
        amount=42_000_000,
        paid_on=date(2026, 5, 25),
        reference="T1",
        now=at(2026, 5, 26),
    )
    assert paid.approved_amount == paid.paid_amount == 42_000_000


def test_only_bpjs_or_the_admin_decide_and_record_payments(demo_workers, operator, claim):
    attach_required(operator, claim)
    claim_submit(actor=operator, scope=scope_of(operator), claim=claim)
    for username in ("desa.cikeruh", "tim.koordinasi"):
        user = demo_workers[username]
        with pytest.raises(PermissionDenied):
            claim_decide(actor=user, scope=scope_of(user), claim=claim, approve=True)
    admin = demo_workers["disnaker"]
    claim_decide(actor=admin, scope=scope_of(admin), claim=claim, approve=True)


def test_the_coordination_team_reads_but_does_not_write(demo_workers, claim):
    team = demo_workers["tim.koordinasi"]
    assert claim_get(scope=scope_of(team), claim_id=claim.pk) == claim
    with pytest.raises(PermissionDenied):
        attach(team, claim, "other", pdf("x.pdf"))


def test_a_claim_outside_the_scope_looks_missing(demo_workers, bandung, bpjs, claim):
    outsiders = [
        bandung["admin"],
        bandung["village"],
        bandung["opd"],
        demo_workers["desa.gudang"],
        demo_workers["opd.dppkbp3a"],
    ]
    for user in outsiders:
        scope = scope_of(user)
        with pytest.raises(NotFound):
            claim_get(scope=scope, claim_id=claim.pk)
        assert not claim_list(scope=scope).exists()
    with pytest.raises(NotFound):
        claim_submit(actor=bandung["admin"], scope=scope_of(bandung["admin"]), claim=claim)
    with pytest.raises(NotFound):
        attach(bandung["village"], claim, "other", pdf("x.pdf"))
    with pytest.raises(NotFound):
        claim_get(scope=scope_of(bpjs), claim_id=claim.pk + 1000)
    insiders = ["desa.cikeruh", "disnaker", "bpjs.sumedang", "tim.koordinasi", "admin"]
    for username in insiders:
        assert [c.pk for c in claim_list(scope=scope_of(demo_workers[username]))] == [claim.pk]


def test_claims_are_listed_by_status_type_region_and_name(operator, claim):
    scope = scope_of(operator)
    assert list(claim_list(scope=scope, status="reported")) == [claim]
    assert not claim_list(scope=scope, status="paid").exists()
    assert list(claim_list(scope=scope, type="JKM", region="32.11.15")) == [claim]
    assert not claim_list(scope=scope, region="32.11.11").exists()
    assert list(claim_list(scope=scope, search=claim.worker.nik)) == [claim]
    assert not claim_list(scope=scope, search=claim.worker.nik[:6]).exists()  # no NIK prefix
    assert list(claim_list(scope=scope, search=claim.worker.name[:4].lower())) == [claim]


def test_an_amount_other_than_the_benefit_needs_a_reason_a_second_officer_and_the_maximum(
    demo_workers, operator, bpjs, claim
):
    """The audit's case: a claim computed at Rp 10 jt approved and paid at Rp 10^15."""
    attach_required(operator, claim)
    claim_submit(actor=operator, scope=scope_of(operator), claim=claim, now=at(2026, 5, 7))
    assert claim.benefit_total == 10_000_000  # a BPU member with fewer than 3 paid months
    assert benefit_maximum(claim) == 42_000_000  # JKM past the waiting period
    scope = scope_of(bpjs)
    with pytest.raises(ValidationFailed, match=r"at most Rp 42\.000\.000") as above:
        claim_decide(actor=bpjs, scope=scope, claim=claim, approve=True, amount=10**15, reason="x")
    assert above.value.code == "claim.amount_above_maximum"
    with pytest.raises(ValidationFailed, match="needs its reason"):
        claim_decide(actor=bpjs, scope=scope, claim=claim, approve=True, amount=42_000_000)
    proposed = claim_decide(
        actor=bpjs,
        scope=scope,
        claim=claim,
        approve=True,
        amount=42_000_000,
        reason="Masa iur dikoreksi: 4 bulan",
    )
    assert (proposed.status, proposed.proposed_amount, proposed.approved_amount) == (
        "submitted",
        42_000_000,
        None,
    )
    with pytest.raises(InvalidState, match="waits for a second officer"):
        claim_decide(actor=bpjs, scope=scope, claim=claim, approve=True)
    codes = {}
    for username in ("bpjs.sumedang", "tim.koordinasi", "desa.cikeruh"):
        user = demo_workers[username]
        with pytest.raises(PermissionDenied) as refused:
            claim_amount_review(actor=user, scope=scope_of(user), claim=claim, approve=True)
        codes[username] = refused.value.code
    assert codes == {
        "bpjs.sumedang": "claim.same_officer",  # the officer who proposed it
        "tim.koordinasi": "claim.not_decider",
        "desa.cikeruh": "claim.not_decider",
    }
    admin = demo_workers["disnaker"]
    approved = claim_amount_review(actor=admin, scope=scope_of(admin), claim=claim, approve=True)
    assert (approved.status, approved.approved_amount) == ("approved", 42_000_000)
    assert (approved.decided_by, approved.amount_approved_by) == (bpjs, admin)
    with pytest.raises(ValidationFailed, match="more than BPJS approved"):
        claim_paid(
            actor=bpjs,
            scope=scope,
            claim=claim,
            amount=10**15,
            paid_on=date(2026, 5, 25),
            reference="T",
            now=at(2026, 5, 26),
        )
    actions = list(
        AuditEvent.objects.filter(object_type="claim", object_id=str(claim.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["claim.amount_propose", "claim.decide"]
    decided = AuditEvent.objects.get(action="claim.decide")
    assert (decided.details["proposed_by"], decided.details["second_officer"]) == (
        bpjs.pk,
        admin.pk,
    )


def test_a_refused_amount_sends_the_claim_back_to_a_decision(demo_workers, operator, bpjs, claim):
    attach_required(operator, claim)
    claim_submit(actor=operator, scope=scope_of(operator), claim=claim, now=at(2026, 5, 7))
    claim_decide(
        actor=bpjs, scope=scope_of(bpjs), claim=claim, approve=True, amount=20_000_000, reason="x"
    )
    admin = demo_workers["disnaker"]
    with pytest.raises(ValidationFailed, match="why"):
        claim_amount_review(actor=admin, scope=scope_of(admin), claim=claim, approve=False)
    refused = claim_amount_review(
        actor=admin, scope=scope_of(admin), claim=claim, approve=False, reason="Tidak ada dasar"
    )
    assert (refused.status, refused.proposed_amount) == ("submitted", None)
    approved = claim_decide(actor=bpjs, scope=scope_of(bpjs), claim=claim, approve=True)
    assert approved.approved_amount == 10_000_000
    assert AuditEvent.objects.filter(action="claim.amount_refuse").count() == 1
