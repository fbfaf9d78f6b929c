"""A membership carried over from one sponsor to the next: its paid months count together,
and the agency that protected the worker on the event date reports the claim."""

from datetime import date

import pytest

from lindungi.claims.selectors import claim_get, claim_list
from lindungi.claims.services.reporting import claim_report
from lindungi.core.errors import NotFound, PermissionDenied
from lindungi.programs.models import Enrolment, EnrolmentStatus
from lindungi.programs.services.continuity import enrolment_continue
from lindungi.programs.services.setup import program_from_scheme
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.regions.selectors import region_get

from .conftest import at, scope_of

NOVEMBER = date(2026, 11, 15)


@pytest.fixture
def moved(demo_workers, enrol, village_program, cikeruh, pay_months):
    """A Cikeruh worker with 12 paid months in 2026, protected by the DPPKBP3A from 2027."""
    admin = demo_workers["disnaker"]
    (enrolment,) = enrol(village_program, cikeruh, 1)
    pay_months(cikeruh, date(2026, 1, 1), 12)
    agency = admin.region.agencies.get(code="dppkbp3a")
    opd = sponsor_create(
        actor=admin,
        scope=scope_of(admin),
        kind="OPD",
        name=agency.name,
        region=region_get(code="32.11"),
        agency=agency,
    )
    program = program_from_scheme(
        actor=admin,
        scope=scope_of(admin),
        region=region_get(code="32.11"),
        scheme="mitra_instansi",
        year=2027,
    )
    follow_on = enrolment_continue(
        actor=admin,
        scope=scope_of(admin),
        enrolment=enrolment,
        choice="move",
        sponsor=opd,
        program=program,
        today=NOVEMBER,
    )
    Enrolment.objects.filter(pk=follow_on.pk).update(
        status=EnrolmentStatus.ACTIVE,
        kpj="26" + str(enrolment.worker_id).zfill(9),
        bpjs_start_date=follow_on.first_month,
    )
    return follow_on


def test_the_paid_months_of_the_previous_sponsor_count(demo_workers, moved):
    operator = demo_workers["opd.dppkbp3a"]
    claim = claim_report(
        actor=operator,
        scope=scope_of(operator),
        worker=moved.worker,
        type="JKM",
        event_date=date(2027, 2, 3),
        now=at(2027, 2, 4),
    )
    assert claim.enrolment_id == moved.pk
    assert claim.months_paid == 12
    assert claim.benefit_total == 42_000_000
    assert [c.pk for c in claim_list(scope=scope_of(operator))] == [claim.pk]
    # The worker's village sees the claim too; another agency does not.
    village = demo_workers["desa.cikeruh"]
    assert claim_get(scope=scope_of(village), claim_id=claim.pk) == claim


def test_a_lapse_starts_the_count_again(demo_workers, moved):
    Enrolment.objects.filter(worker=moved.worker).exclude(pk=moved.pk).update(
        status=EnrolmentStatus.LAPSED
    )
    admin = demo_workers["disnaker"]
    claim = claim_report(
        actor=admin,
        scope=scope_of(admin),
        worker=moved.worker,
        type="JKM",
        event_date=date(2027, 2, 3),
        now=at(2027, 2, 4),
    )
    assert (claim.months_paid, claim.benefit_total) == (0, 10_000_000)


def test_the_agency_does_not_report_for_the_months_another_sponsor_paid(demo_workers, moved):
    operator = demo_workers["opd.dppkbp3a"]
    with pytest.raises(PermissionDenied, match="another sponsor"):
        claim_report(
            actor=operator,
            scope=scope_of(operator),
            worker=moved.worker,
            type="JKM",
            event_date=date(2026, 10, 3),
            now=at(2027, 2, 4),
        )


def test_an_agency_of_another_regency_does_not_see_the_worker(bandung, moved):
    operator = bandung["opd"]
    with pytest.raises(NotFound):
        claim_report(
            actor=operator,
            scope=scope_of(operator),
            worker=moved.worker,
            type="JKM",
            event_date=date(2027, 2, 3),
            now=at(2027, 2, 4),
        )


def test_a_later_enrolment_does_not_break_the_count_of_an_earlier_event(demo_workers, moved):
    admin = demo_workers["disnaker"]
    claim = claim_report(
        actor=admin,
        scope=scope_of(admin),
        worker=moved.worker,
        type="JKM",
        event_date=date(2026, 10, 3),
        now=at(2027, 2, 4),
    )
    assert claim.enrolment_id != moved.pk
    assert (claim.months_paid, claim.benefit_total) == (10, 42_000_000)
