"""Rankings: regencies by coverage, villages against their quota, agencies by their civil
servants who protect a worker."""

from decimal import Decimal

import pytest

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import NotFound, ValidationFailed
from lindungi.coverage.rankings import agency_ranking, regency_ranking, village_ranking
from lindungi.programs.services.asn import asn_protect
from lindungi.programs.services.setup import program_from_scheme
from lindungi.regions.selectors import region_get
from lindungi.workers.services import worker_create
from tests.billing.conftest import activate
from tests.coverage.conftest import FEBRUARY, JANUARY, MARCH, TODAY, take
from tests.coverage.test_selectors import base


def test_regencies_are_ranked_by_coverage_and_unknown_ones_come_last(protected, everything):
    take(JANUARY)
    base("32.11", 80)  # 8 of 80: 10 %
    base("32.04", 10)  # nobody protected: 0 %
    ranking = regency_ranking(scope=everything, region="32", month=JANUARY)
    assert [(r.code, r.rank, r.percent) for r in ranking[:2]] == [
        ("32.11", 1, Decimal("10.00")),
        ("32.04", 2, Decimal("0.00")),
    ]
    assert len(ranking) == 27  # every regency and city of Jawa Barat
    assert all(r.rank is None and r.percent is None for r in ranking[2:])
    with pytest.raises(ValidationFailed):
        regency_ranking(scope=everything, region="32.11", month=JANUARY)


def test_villages_are_ranked_by_how_far_they_filled_their_quota(protected, everything):
    take(JANUARY)
    ranking = village_ranking(scope=everything, region="32.11", month=JANUARY)
    assert len(ranking) > 250  # every village of Sumedang, most with nobody yet
    first, second = ranking[:2]
    # The 2026 village program asks each village for at least 100 workers.
    assert (first.code, first.by_village, first.quota, first.fill_percent, first.room) == (
        "32.11.15.2001",
        5,
        100,
        Decimal("5.00"),
        95,
    )
    assert (second.code, second.by_village, second.rank) == ("32.11.11.2001", 3, 2)
    assert ranking[-1].by_village == 0 and ranking[-1].room == 100
    assert len(village_ranking(scope=everything, region="32.11", month=JANUARY, limit=3)) == 3


def test_village_ranking_needs_a_taken_month_and_a_region_in_scope(protected, bandung):
    take(JANUARY)
    with pytest.raises(NotFound):
        village_ranking(scope=scope_for_user(bandung["admin"]), region="32.11", month=JANUARY)
    with pytest.raises(NotFound):
        village_ranking(scope=scope_for_user(bandung["admin"]), region="32.04", month=FEBRUARY)


def test_agencies_are_ranked_by_the_share_of_their_asn_who_protect_a_worker(demo_workers):
    admin = demo_workers["disnaker"]
    program = program_from_scheme(
        actor=admin,
        scope=scope_for_user(admin),
        region=region_get(code="32.11"),
        scheme="asn_peduli",
        year=2026,
    )
    enrolments = []
    # Rina is Dinkes's only civil servant; Dedi is one of DPPKBP3A's two.
    for username, nik in (("asn.rina", "3211155208850003"), ("asn.dedi", "3211155208850011")):
        asn = demo_workers[username]
        scope = scope_for_user(asn)
        helper = worker_create(
            actor=asn,
            scope=scope,
            nik=nik,
            name="Pekerja Rumah Tangga",
            village=region_get(code="32.11.15.2001"),
            occupation="asisten rumah tangga",
        )
        enrolments.append(
            asn_protect(actor=asn, scope=scope, program=program, worker=helper, today=TODAY)
        )
    activate(enrolments)  # from March, the month they consented in
    take(MARCH)
    ranking = agency_ranking(scope=scope_for_user(admin), region="32.11", month=MARCH)
    by_code = {a.name: a for a in ranking}
    assert ranking[0].rank == 1 and ranking[0].share_percent == 100
    assert (ranking[0].asn_count, ranking[0].asn_protecting, ranking[0].workers) == (1, 1, 1)
    second = ranking[1]
    assert (second.asn_count, second.asn_protecting, second.share_percent) == (
        2,
        1,
        Decimal("50.00"),
    )
    assert all(a.share_percent in (None, 0) for a in ranking[2:])
    assert len(by_code) == len(ranking)
    with pytest.raises(ValidationFailed):
        agency_ranking(scope=scope_for_user(admin), region="32.11.15", month=MARCH)
