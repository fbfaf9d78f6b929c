"""Budget planning: a village's APBDes line, a regency's APBD for its own schemes, and what it
costs to reach a coverage percentage."""

from datetime import date
from decimal import Decimal

import pytest

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import NotFound, ValidationFailed
from lindungi.coverage.budget import budget_plan, cost_to_reach
from lindungi.coverage.rules import cost
from lindungi.programs.services.setup import program_from_scheme
from lindungi.regions.selectors import region_get
from tests.coverage.conftest import take
from tests.coverage.test_selectors import base


def test_a_hundred_workers_for_a_year_cost_twenty_million():
    assert cost(100, 16_800, 12) == 20_160_000


def test_a_village_plans_its_quota_for_next_year(protected, demo_workers):
    take(date(2025, 12, 1))
    operator = scope_for_user(demo_workers["desa.cikeruh"])
    plan = budget_plan(scope=operator, region="32.11.15.2001", year=2027)
    (line,) = plan.lines
    # No 2027 program yet: the 2026 one is carried on, 100 workers at least.
    assert (line.workers, line.monthly_contribution, line.months) == (100, 16_800, 12)
    assert line.amount == plan.total == 20_160_000
    assert (line.funding_source, line.sponsor_kind, line.program_year) == (
        "DANA_DESA",
        "DESA",
        2026,
    )


def test_a_village_protecting_more_than_its_quota_plans_for_them_all(
    protected, enrol, village_program, cikeruh, everything
):
    village_program.quota_per_sponsor = 6
    village_program.save(update_fields=["quota_per_sponsor"])
    enrol(village_program, cikeruh, 2, skip=5)  # 7 protected now
    take(date(2026, 1, 1))
    plan = budget_plan(scope=everything, region="32.11.15.2001", year=2027)
    assert plan.lines[0].workers == 7
    assert plan.total == 7 * 16_800 * 12
    assert plan.as_of_month == date(2026, 1, 1)


def test_a_regency_plans_the_apbd_for_its_agencies_scheme(demo_workers, everything):
    admin = demo_workers["disnaker"]
    program = program_from_scheme(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        scheme="mitra_instansi",
        year=2026,
        target=250,
    )
    plan = budget_plan(scope=everything, region="32.11", year=2026)
    (line,) = plan.lines
    assert (line.program_id, line.funding_source, line.workers) == (program.pk, "APBD", 250)
    assert line.amount == 250 * 16_800 * 12
    with pytest.raises(ValidationFailed):
        budget_plan(scope=everything, region="32", year=2026)


def test_cost_to_reach_a_percentage_and_the_villages_with_room(protected, everything):
    take(date(2026, 1, 1))
    base("32.11", 1_000)
    reach = cost_to_reach(scope=everything, region="32.11", percent=10, year=2026)
    # 10 % of 1.000 is 100 workers; 8 are protected: 92 more, a year each at Rp 16.800.
    assert (reach.protected, reach.workers_needed) == (8, 92)
    assert reach.rupiah == 92 * 16_800 * 12 == 18_547_200
    assert reach.villages_with_room[0].room == 100  # villages with nobody yet come first
    rooms = {v.code: v.room for v in reach.villages_with_room}
    assert (rooms["32.11.15.2001"], rooms["32.11.11.2001"]) == (95, 97)
    assert reach.room >= reach.workers_needed


def test_cost_to_reach_without_a_base_is_unknown(protected, everything):
    take(date(2026, 1, 1))
    reach = cost_to_reach(scope=everything, region="32.11", percent=Decimal("40"), year=2026)
    assert reach.workers_needed is None and reach.rupiah is None
    with pytest.raises(ValidationFailed):
        cost_to_reach(scope=everything, region="32.11", percent=0, year=2026)


def test_cost_to_reach_needs_a_snapshot_and_a_region_in_scope(protected, bandung, everything):
    with pytest.raises(NotFound):
        cost_to_reach(scope=everything, region="32.11", percent=40, year=2026)
    take(date(2026, 1, 1))
    with pytest.raises(NotFound):
        cost_to_reach(scope=scope_for_user(bandung["admin"]), region="32.11", percent=40, year=2026)
