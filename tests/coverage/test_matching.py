"""Sponsor matching: the order of each priority on hand-built workers, the budget arithmetic,
and accepting a proposal through the programs services (every rule, one step)."""

from collections.abc import Callable
from datetime import date
from itertools import count

import pytest
from django.utils import timezone

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import NotFound, PermissionDenied, ValidationFailed
from lindungi.core.models import AuditEvent
from lindungi.coverage.matching.priorities import DESIL, LOW_COVERAGE_VILLAGE, RISKY_OCCUPATION
from lindungi.coverage.matching.proposals import match_accept, match_proposal
from lindungi.coverage.models import CoverageSnapshot, Denominator, SnapshotLevel, SnapshotRun
from lindungi.programs.models import EnrolmentStatus, Program, Sponsor
from lindungi.programs.selectors import quota_fill
from lindungi.programs.services.setup import program_create
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.regions.selectors import region_get
from lindungi.workers.models import Worker
from lindungi.workers.services import worker_create

TODAY = date(2026, 1, 10)
CIKERUH, GUDANG, SUKAGALIH = "32.11.15.2001", "32.11.11.2001", "32.11.17.2005"


@pytest.fixture
def officer(demo) -> User:
    return demo["disnaker"]


@pytest.fixture
def csr_program(officer) -> Program:
    """A 2026 scheme of Sumedang that companies and villages fund: Rp 16.800 a month."""
    return program_create(
        actor=officer,
        scope=scope_for_user(officer),
        region=region_get(code="32.11"),
        name="Jamsostek CSR 2026",
        year=2026,
        sponsor_kinds=["PERUSAHAAN", "DESA"],
        income_basis=1_000_000,
        months=12,
        start_month=date(2026, 1, 1),
    )


@pytest.fixture
def company(officer) -> Sponsor:
    return sponsor_create(
        actor=officer,
        scope=scope_for_user(officer),
        kind="PERUSAHAAN",
        name="PT Kahatex",
        region=region_get(code="32.11"),
    )


@pytest.fixture
def person(officer) -> Callable[..., Worker]:
    """A worker of a Sumedang village (NIK of the village's district, born 1 Jan 1990)."""
    serials = count(1)

    def make(name: str, village: str = CIKERUH, **fields) -> Worker:
        district = village.replace(".", "")[:6]
        return worker_create(
            actor=officer,
            scope=scope_for_user(officer),
            nik=f"{district}010190{next(serials):04d}",
            name=name,
            village=region_get(code=village),
            **fields,
        )

    return make


def propose(officer, program, sponsor, priority, budget=100_000_000, **options):
    return match_proposal(
        scope=scope_for_user(officer),
        program=program,
        sponsor=sponsor,
        budget=budget,
        priority=priority,
        today=TODAY,
        **options,
    )


def names(proposal) -> list[str]:
    return [row.worker.name for row in proposal.workers]


def test_desil_puts_the_listed_poor_first_then_the_lowest_desil(
    officer, csr_program, company, person
):
    person("Ade Lima", desil=5)
    person("Budi Dua", desil=2)
    person("Cucu Tujuh P3KE", desil=7, in_p3ke=True)
    person("Dede DTKS", in_dtks=True)
    person("Euis Tanpa Desil")
    person("Asep DTKS Satu", desil=1, in_dtks=True)

    proposal = propose(officer, csr_program, company, [DESIL])

    assert names(proposal) == [
        "Cucu Tujuh P3KE",  # P3KE (extreme poverty) before DTKS only
        "Asep DTKS Satu",
        "Dede DTKS",  # listed, desil unknown: after the listed with a desil
        "Budi Dua",
        "Ade Lima",
        "Euis Tanpa Desil",  # unknown desil last
    ]
    assert proposal.workers[0].reasons == ("listed in P3KE, desil 7",)
    assert proposal.workers[3].reasons == ("not in P3KE or DTKS, desil 2",)
    assert proposal.workers[5].reasons == ("not in P3KE or DTKS, desil unknown",)
    assert [row.rank for row in proposal.workers] == [1, 2, 3, 4, 5, 6]


def test_risky_occupations_come_first(officer, csr_program, company, person):
    person("Ani", occupation="pedagang keliling")
    person("Bagus", occupation="Nelayan")
    person("Cahya")
    person("Dadang", occupation="tukang ojek")
    person("Endang", occupation="buruh bangunan")

    proposal = propose(officer, csr_program, company, [RISKY_OCCUPATION])

    assert names(proposal) == ["Bagus", "Dadang", "Endang", "Ani", "Cahya"]
    assert proposal.workers[1].reasons == ("risky occupation (ojek)",)
    assert proposal.workers[3].reasons == ("occupation not on the risky list",)


def _snapshot(month: date, protected: dict[str, int]) -> None:
    SnapshotRun.objects.create(month=month, region_code="32.11", taken_at=timezone.now())
    CoverageSnapshot.objects.bulk_create(
        CoverageSnapshot(
            month=month,
            region_code=code,
            level=SnapshotLevel.VILLAGE,
            protected=value,
            contributions=value * 16_800,
        )
        for code, value in protected.items()
    )


def _base(code: str, value: int, year: int = 2025, kind: str = "eligible") -> None:
    Denominator.objects.create(
        region_id=code,
        year=year,
        kind=kind,
        value=value,
        source="BPJS Kanwil Jawa Barat",
        as_of=date(2025, 6, 30),
        imported_at=timezone.now(),
    )


def test_villages_with_the_lowest_coverage_in_the_latest_snapshot_come_first(
    officer, csr_program, company, person
):
    person("Ahmad Cikeruh", CIKERUH)
    person("Bambang Gudang", GUDANG)
    person("Cecep Sukagalih", SUKAGALIH)
    # November would put Gudang last (90 of 50); December, the latest, is what counts.
    _snapshot(date(2025, 11, 1), {CIKERUH: 1, GUDANG: 90})
    _snapshot(date(2025, 12, 1), {CIKERUH: 30, GUDANG: 5, SUKAGALIH: 2})
    _base(CIKERUH, 100)  # 30 %
    _base(GUDANG, 50)  # 10 %
    _base(GUDANG, 400, kind="working_population")  # BPJS's base is preferred
    # Sukagalih has no base: unknown, after the villages whose share is known.

    proposal = propose(officer, csr_program, company, [LOW_COVERAGE_VILLAGE])

    assert names(proposal) == ["Bambang Gudang", "Ahmad Cikeruh", "Cecep Sukagalih"]
    assert proposal.snapshot_month == date(2025, 12, 1)
    assert proposal.workers[0].reasons == ("Gudang: coverage 10,00 % (5 of 50), Dec 2025",)
    assert "2 protected, no base (coverage unknown)" in proposal.workers[2].reason


def test_without_a_base_the_village_with_fewer_protected_comes_first(
    officer, csr_program, company, person
):
    person("Ahmad Cikeruh", CIKERUH)
    person("Bambang Gudang", GUDANG)
    person("Cecep Sukagalih", SUKAGALIH)
    _snapshot(date(2025, 12, 1), {CIKERUH: 30, GUDANG: 5})  # Sukagalih: no row, 0

    proposal = propose(officer, csr_program, company, [LOW_COVERAGE_VILLAGE])

    assert names(proposal) == ["Cecep Sukagalih", "Bambang Gudang", "Ahmad Cikeruh"]


def test_the_priorities_apply_in_the_admins_order(officer, csr_program, company, person):
    person("Ani Nelayan Kaya", desil=9, occupation="nelayan")
    person("Budi Miskin", desil=1, occupation="pedagang")
    person("Cici Nelayan Miskin", desil=2, occupation="nelayan")

    by_desil = propose(officer, csr_program, company, [DESIL, RISKY_OCCUPATION])
    by_risk = propose(officer, csr_program, company, [RISKY_OCCUPATION, DESIL])

    assert names(by_desil) == ["Budi Miskin", "Cici Nelayan Miskin", "Ani Nelayan Kaya"]
    assert names(by_risk) == ["Cici Nelayan Miskin", "Ani Nelayan Kaya", "Budi Miskin"]
    assert by_risk.workers[0].reasons == (
        "risky occupation (nelayan)",
        "not in P3KE or DTKS, desil 2",
    )


def test_an_unknown_priority_is_refused(officer, csr_program, company):
    with pytest.raises(ValidationFailed):
        propose(officer, csr_program, company, ["richest"])


def test_the_budget_covers_budget_over_contribution_times_months(
    officer, csr_program, company, person
):
    for index in range(12):
        person(f"Pekerja {index:02d}")

    proposal = propose(officer, csr_program, company, [DESIL], budget=2_016_000)

    # Rp 2.016.000 / (Rp 16.800 * 12) = 10 workers.
    assert proposal.monthly_amount == 16_800
    assert proposal.months == 12
    assert proposal.cost_per_worker == 201_600
    assert proposal.covers == 10
    assert proposal.count == 10
    assert proposal.total == 2_016_000
    assert proposal.left_over == 0
    assert proposal.available == 12

    assert propose(officer, csr_program, company, [DESIL], budget=2_015_999).count == 9
    # Six months (July to December) at the same budget: 20 fit, 12 are there.
    half = propose(officer, csr_program, company, [DESIL], budget=2_016_000, months=6)
    assert (half.first_month, half.covers, half.count) == (date(2026, 7, 1), 20, 12)
    assert half.total == 12 * 16_800 * 6
    # A limit lists fewer and says so.
    short = propose(officer, csr_program, company, [DESIL], budget=2_016_000, limit=3)
    assert (short.count, short.covers, short.limited) == (3, 10, True)


def test_the_order_is_sql_a_few_queries_whatever_the_number_of_workers(
    officer, csr_program, company, person, django_assert_max_num_queries
):
    for index in range(30):
        person(f"Pekerja {index:02d}", desil=index % 10 + 1, occupation="nelayan")
    _snapshot(date(2025, 12, 1), {CIKERUH: 3})
    with django_assert_max_num_queries(10):
        proposal = propose(
            officer, csr_program, company, [DESIL, RISKY_OCCUPATION, LOW_COVERAGE_VILLAGE]
        )
        assert [row.reason for row in proposal.workers]
    assert proposal.count == 30


def test_an_accepted_proposal_is_enrolled_submitted_and_counted_against_the_quota(
    officer, csr_program, company, person
):
    Program.objects.filter(pk=csr_program.pk).update(quota_per_sponsor=5, quota_rule="at_most")
    csr_program.refresh_from_db()
    for index in range(8):
        person(f"Pekerja {index:02d}", desil=index + 1)

    proposal = propose(officer, csr_program, company, [DESIL], budget=100_000_000)
    assert (proposal.covers, proposal.quota_room, proposal.count) == (496, 5, 5)
    chosen = [row.worker.pk for row in proposal.workers if row.rank != 2]  # one unticked

    events_before = AuditEvent.objects.count()
    enrolled = match_accept(
        actor=officer,
        scope=scope_for_user(officer),
        program=csr_program,
        sponsor=company,
        worker_ids=chosen,
        today=TODAY,
        budget=proposal.budget,
    )

    assert sorted(e.worker_id for e in enrolled) == sorted(chosen)
    assert {e.status for e in enrolled} == {EnrolmentStatus.SUBMITTED}
    assert {(e.first_month, e.last_month, e.monthly_amount) for e in enrolled} == {
        (date(2026, 1, 1), date(2026, 12, 1), 16_800)
    }
    assert quota_fill(program=csr_program, sponsor=company).held == 4
    # The services' own events, once each: nothing recorded twice.
    actions = list(
        AuditEvent.objects.order_by("pk")[events_before:].values_list("action", flat=True)
    )
    assert actions == ["enrolment.create", "enrolment.submit"]

    again = propose(officer, csr_program, company, [DESIL])
    assert (again.quota_room, again.count, again.available) == (1, 1, 4)
    left = propose(officer, csr_program, company, [DESIL], limit=None)
    assert left.count == 1
    # Two more would pass the quota of at most 5: the service refuses both.
    two = list(
        Worker.objects.filter(village_id=CIKERUH)
        .exclude(pk__in=chosen)
        .values_list("pk", flat=True)
    )[:2]
    with pytest.raises(ValidationFailed, match="at most 5"):
        match_accept(
            actor=officer,
            scope=scope_for_user(officer),
            program=csr_program,
            sponsor=company,
            worker_ids=two,
            today=TODAY,
        )
    assert quota_fill(program=csr_program, sponsor=company).held == 4


def test_drafts_when_not_submitted_and_the_budget_is_kept(officer, csr_program, company, person):
    workers = [person(f"Pekerja {index}") for index in range(3)]
    scope = scope_for_user(officer)
    with pytest.raises(ValidationFailed, match="more than the budget"):
        match_accept(
            actor=officer,
            scope=scope,
            program=csr_program,
            sponsor=company,
            worker_ids=[w.pk for w in workers],
            today=TODAY,
            budget=2 * 201_600,
        )
    enrolled = match_accept(
        actor=officer,
        scope=scope,
        program=csr_program,
        sponsor=company,
        worker_ids=[w.pk for w in workers[:2]],
        today=TODAY,
        budget=2 * 201_600,
        submit=False,
    )
    assert {e.status for e in enrolled} == {EnrolmentStatus.DRAFT}
    # Protected now: no longer proposed, and refused if named again.
    assert names(propose(officer, csr_program, company, [])) == ["Pekerja 2"]
    with pytest.raises(ValidationFailed, match="already funded"):
        match_accept(
            actor=officer,
            scope=scope,
            program=csr_program,
            sponsor=company,
            worker_ids=[workers[0].pk],
            today=TODAY,
        )


@pytest.fixture
def cikeruh_village(demo) -> Sponsor:
    operator = demo["desa.cikeruh"]
    return sponsor_create(
        actor=operator,
        scope=scope_for_user(operator),
        kind="DESA",
        name="Pemerintah Desa Cikeruh",
        region=region_get(code=CIKERUH),
    )


def test_a_worker_outside_the_scope_cannot_be_slipped_in_by_id(
    demo, csr_program, cikeruh_village, person
):
    operator = demo["desa.cikeruh"]
    resident = person("Warga Cikeruh", CIKERUH)
    neighbour = person("Warga Gudang", GUDANG)
    scope = scope_for_user(operator)

    proposal = propose(operator, csr_program, cikeruh_village, [DESIL])
    assert names(proposal) == ["Warga Cikeruh"]
    with pytest.raises(NotFound):
        match_accept(
            actor=operator,
            scope=scope,
            program=csr_program,
            sponsor=cikeruh_village,
            worker_ids=[resident.pk, neighbour.pk],
            today=TODAY,
        )
    assert not resident.enrolments.exists()


def test_a_worker_of_another_regency_is_not_found(officer, csr_program, company, bandung):
    village = bandung["village"]
    outsider = worker_create(
        actor=village,
        scope=scope_for_user(village),
        nik="3204055508900001",
        name="Warga Bandung",
        village=region_get(code="32.04.05.2001"),
    )
    with pytest.raises(NotFound):
        match_accept(
            actor=officer,
            scope=scope_for_user(officer),
            program=csr_program,
            sponsor=company,
            worker_ids=[outsider.pk],
            today=TODAY,
        )
    assert not outsider.enrolments.exists()


def test_only_a_maker_of_the_sponsor_enrols(demo, csr_program, company, person):
    worker = person("Pekerja")
    viewer = demo["tim.koordinasi"]
    with pytest.raises(PermissionDenied):
        match_accept(
            actor=viewer,
            scope=scope_for_user(viewer),
            program=csr_program,
            sponsor=company,
            worker_ids=[worker.pk],
            today=TODAY,
        )
