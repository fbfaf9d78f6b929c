"""What claims paid to families, per region and scheme, for the regent's figures."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lindungi.claims.selectors import claims_impact
from lindungi.claims.services.decisions import claim_decide
from lindungi.claims.services.documents import claim_document_add
from lindungi.claims.services.payments import claim_paid
from lindungi.claims.services.reporting import claim_report, claim_submit
from lindungi.core.errors import NotFound
from lindungi.regions.selectors import region_get

from .conftest import at, scope_of

PDF = b"%PDF-1.7\n"


def walk(admin, worker, paid_on=None, **fields):
    """Report a claim and take it as far as BPJS's approval, or to the payment on `paid_on`."""
    scope = scope_of(admin)
    claim = claim_report(actor=admin, scope=scope, worker=worker, now=at(2026, 6, 2), **fields)
    for kind in ("death_certificate", "ktp", "kk", "medical_report"):
        claim_document_add(
            actor=admin,
            scope=scope,
            claim=claim,
            kind=kind,
            file=SimpleUploadedFile(f"{kind}.pdf", PDF + kind.encode(), "application/pdf"),
        )
    claim_submit(actor=admin, scope=scope, claim=claim, now=at(2026, 6, 3))
    claim_decide(actor=admin, scope=scope, claim=claim, approve=True, now=at(2026, 6, 10))
    if paid_on is not None:
        claim_paid(
            actor=admin,
            scope=scope,
            claim=claim,
            amount=claim.benefit_total or 0,
            paid_on=paid_on,
            reference=f"TRF-{claim.pk}",
            now=at(2027, 2, 1),
        )
    claim.refresh_from_db()
    return claim


@pytest.fixture
def paid_claims(admin, enrol, village_program, cikeruh, gudang):
    first, second = (e.worker for e in enrol(village_program, cikeruh, 2))
    (third,) = (e.worker for e in enrol(village_program, gudang, 1))
    return {
        "jkm": walk(admin, first, date(2026, 7, 1), type="JKM", event_date=date(2026, 6, 1)),
        "jkk": walk(
            admin,
            third,
            date(2026, 8, 1),
            type="JKK",
            jkk_kind="death",
            event_date=date(2026, 6, 1),
        ),
        "beasiswa": walk(
            admin,
            third,
            date(2026, 9, 1),
            type="BEASISWA",
            scholarship_route="JKK",
            children=2,
            event_date=date(2026, 6, 1),
        ),
        "approved_only": walk(admin, second, None, type="JKM", event_date=date(2026, 5, 30)),
    }


def test_benefits_paid_are_summed_per_district_and_scheme(admin, paid_claims):
    impact = claims_impact(scope=scope_of(admin), region=region_get(code="32.11"), year=2026)
    jkm, jkk, beasiswa = (paid_claims[k].paid_amount for k in ("jkm", "jkk", "beasiswa"))
    assert [(r.region_code, r.type, r.families, r.amount) for r in impact.rows] == [
        ("32.11.11", "BEASISWA", 1, beasiswa),
        ("32.11.11", "JKK", 1, jkk),
        ("32.11.15", "JKM", 1, jkm),
    ]
    assert impact.rows[0].region_name == region_get(code="32.11.11").name
    assert impact.by_type == {"BEASISWA": (1, beasiswa), "JKK": (1, jkk), "JKM": (1, jkm)}
    # Two workers' families: the scholarship went to the family the JKK benefit went to.
    assert (impact.families, impact.amount) == (2, jkm + jkk + beasiswa)
    assert jkm == 10_000_000 and beasiswa == 174_000_000


def test_a_district_is_broken_down_by_village_and_other_years_are_apart(admin, paid_claims):
    district = claims_impact(scope=scope_of(admin), region=region_get(code="32.11.15"), year=2026)
    assert [(r.region_code, r.type) for r in district.rows] == [("32.11.15.2001", "JKM")]
    assert (
        claims_impact(scope=scope_of(admin), region=region_get(code="32.11"), year=2025).rows == []
    )


def test_the_impact_of_a_region_outside_the_scope_looks_missing(demo_workers, bandung, paid_claims):
    with pytest.raises(NotFound):
        claims_impact(scope=scope_of(bandung["admin"]), region=region_get(code="32.11"), year=2026)
    with pytest.raises(NotFound):
        operator = demo_workers["desa.cikeruh"]
        claims_impact(scope=scope_of(operator), region=region_get(code="32.11"), year=2026)
    operator = demo_workers["desa.gudang"]
    own = claims_impact(
        scope=scope_of(operator), region=region_get(code="32.11.11.2001"), year=2026
    )
    assert own.families == 1
    bandung_view = claims_impact(
        scope=scope_of(bandung["admin"]), region=region_get(code="32.04"), year=2026
    )
    assert bandung_view.amount == 0
