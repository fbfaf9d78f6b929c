"""The demo's claims as a newcomer finds them on 24 November 2026, filed through the services."""

from datetime import date

import pytest
from pypdf import PdfReader

from lindungi.accounts.selectors import scope_for_user
from lindungi.claims.models import Claim, ClaimDocument
from lindungi.claims.selectors import claims_impact
from lindungi.demo.claims import seed_claims
from lindungi.demo.seed import DEMO_REGENCY
from lindungi.regions.selectors import region_get
from tests.conftest import client_for

TODAY = date(2026, 11, 24)


@pytest.fixture
def claims(demo_billed):
    """`make run`'s claims: `seed_demo` files them (again: nothing new)."""
    seed_claims(regency=DEMO_REGENCY, users=demo_billed, today=TODAY)
    return {claim.status + ":" + claim.type: claim for claim in Claim.objects.all()}


def test_the_demo_files_a_claim_at_each_step(claims):
    assert sorted(claims) == [
        "paid:JKK",
        "paid:JKM",
        "rejected:JKK",
        "reported:JKK",
        "submitted:JKM",
    ]
    jkm = claims["paid:JKM"]
    assert "Cikeruh" in jkm.enrolment.sponsor.name
    assert jkm.months_paid >= 3
    assert (jkm.benefit_total, jkm.paid_amount, jkm.paid_on) == (
        42_000_000,
        42_000_000,
        date(2026, 10, 12),
    )
    assert claims["reported:JKK"].is_late
    assert not claims["paid:JKK"].is_late
    assert claims["rejected:JKK"].decision_reason.startswith("Kecelakaan terjadi")
    assert claims["submitted:JKM"].decided_at is None


def test_the_documents_are_real_pdfs(claims):
    documents = ClaimDocument.objects.filter(claim=claims["paid:JKM"])
    assert sorted(documents.values_list("kind", flat=True)) == ["death_certificate", "kk", "ktp"]
    for document in documents:
        assert document.content_type == "application/pdf"
        with document.file.open("rb") as handle:
            reader = PdfReader(handle)
            assert "CONTOH DOKUMEN" in reader.pages[0].extract_text()


def test_the_impact_figures_and_pages_show_the_demo(claims, demo_billed):
    bpjs = demo_billed["bpjs.sumedang"]
    impact = claims_impact(
        scope=scope_for_user(bpjs), region=region_get(code=DEMO_REGENCY), year=2026
    )
    assert impact.families == 2
    assert impact.amount == claims["paid:JKM"].paid_amount + claims["paid:JKK"].paid_amount
    client = client_for(demo_billed["desa.cikeruh"])
    assert client.get("/klaim/").status_code == 200
    assert client.get(f"/klaim/{claims['paid:JKM'].pk}/").status_code == 200


def test_seeding_again_leaves_the_claims_alone(claims, demo_billed):
    seed_claims(regency=DEMO_REGENCY, users=demo_billed, today=TODAY)
    assert Claim.objects.count() == 5
