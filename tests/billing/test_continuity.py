"""Continuity: enrolments whose sponsored period ends soon, continued in one step."""

from datetime import date

import pytest

from lindungi.billing.selectors.arrears import expiring_enrolments
from lindungi.core.errors import ValidationFailed
from lindungi.core.models import AuditEvent
from lindungi.programs.models import EnrolmentStatus, Sponsor, SponsorKind
from lindungi.programs.services.continuity import enrolment_continue
from lindungi.programs.services.setup import program_create, program_from_scheme
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.regions.selectors import region_get

from .conftest import scope_of

NOVEMBER = date(2026, 11, 15)
NEXT_JANUARY = date(2027, 1, 1)


def _program(admin, scheme, year=2027):
    return program_from_scheme(
        actor=admin,
        scope=scope_of(admin),
        region=region_get(code="32.11"),
        scheme=scheme,
        year=year,
    )


def test_enrolments_ending_within_60_days_are_listed_for_the_sponsor_and_the_disnaker(
    admin, demo_workers, enrol, village_program, cikeruh
):
    enrolments = enrol(village_program, cikeruh, 2)
    for user in (admin, demo_workers["desa.cikeruh"]):
        listed = expiring_enrolments(scope=scope_of(user), today=NOVEMBER)
        assert {e.pk for e in listed} == {e.pk for e in enrolments}
    # Mid-October, the end of December is more than 60 days away.
    assert not expiring_enrolments(scope=scope_of(admin), today=date(2026, 10, 15)).exists()
    assert not expiring_enrolments(scope=scope_of(demo_workers["desa.gudang"]), today=NOVEMBER)


def test_renewing_drafts_next_years_enrolment_from_the_month_after_and_leaves_the_list(
    admin, demo_workers, enrol, village_program, cikeruh
):
    operator = demo_workers["desa.cikeruh"]
    (enrolment,) = enrol(village_program, cikeruh, 1)
    next_year = _program(admin, "desa_100")
    follow_on = enrolment_continue(
        actor=operator,
        scope=scope_of(operator),
        enrolment=enrolment,
        choice="renew",
        program=next_year,
        today=NOVEMBER,
    )
    assert (follow_on.status, follow_on.sponsor_id, follow_on.worker_id) == (
        EnrolmentStatus.DRAFT,
        cikeruh.pk,
        enrolment.worker_id,
    )
    assert (follow_on.first_month, follow_on.last_month) == (NEXT_JANUARY, date(2027, 12, 1))
    assert not expiring_enrolments(scope=scope_of(operator), today=NOVEMBER).exists()
    assert AuditEvent.objects.filter(action="enrolment.continue").count() == 1


def test_renewing_in_a_program_whose_period_is_over_says_so(
    demo_workers, enrol, village_program, cikeruh
):
    operator = demo_workers["desa.cikeruh"]
    (enrolment,) = enrol(village_program, cikeruh, 1)
    with pytest.raises(ValidationFailed, match="period"):
        enrolment_continue(
            actor=operator,
            scope=scope_of(operator),
            enrolment=enrolment,
            choice="renew",
            today=NOVEMBER,
        )


def test_moving_to_an_agency_continues_from_the_month_after(admin, enrol, village_program, cikeruh):
    (enrolment,) = enrol(village_program, cikeruh, 1)
    agency = admin.region.agencies.get(code="dppkbp3a")
    opd = sponsor_create(
        actor=admin,
        scope=scope_of(admin),
        kind="OPD",
        name=agency.name,
        region=region_get(code="32.11"),
        agency=agency,
    )
    follow_on = enrolment_continue(
        actor=admin,
        scope=scope_of(admin),
        enrolment=enrolment,
        choice="move",
        sponsor=opd,
        program=_program(admin, "mitra_instansi"),
        today=NOVEMBER,
    )
    assert (follow_on.sponsor_id, follow_on.first_month) == (opd.pk, NEXT_JANUARY)


def test_self_paying_needs_a_program_that_admits_self_payers(
    admin, enrol, village_program, cikeruh
):
    (enrolment,) = enrol(village_program, cikeruh, 1)
    with pytest.raises(ValidationFailed):
        enrolment_continue(
            actor=admin,
            scope=scope_of(admin),
            enrolment=enrolment,
            choice="self_pay",
            program=_program(admin, "desa_100"),
            today=NOVEMBER,
        )
    mandiri = program_create(
        actor=admin,
        scope=scope_of(admin),
        region=region_get(code="32.11"),
        name="Lanjut Mandiri 2027",
        year=2027,
        sponsor_kinds=["MANDIRI"],
        income_basis=1_000_000,
    )
    follow_on = enrolment_continue(
        actor=admin,
        scope=scope_of(admin),
        enrolment=enrolment,
        choice="self_pay",
        program=mandiri,
        today=NOVEMBER,
    )
    payer = Sponsor.objects.get(pk=follow_on.sponsor_id)
    assert (payer.kind, payer.worker_id, payer.funding_source) == (
        SponsorKind.MANDIRI,
        enrolment.worker_id,
        "SELF",
    )
    assert follow_on.first_month == NEXT_JANUARY
