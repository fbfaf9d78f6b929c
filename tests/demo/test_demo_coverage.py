"""The demo's coverage as a newcomer finds it on 24 November 2026: real bases with their sources,
BPJS's own counts, a target, and a snapshot for every month of 2026 up to October."""

from datetime import date
from decimal import Decimal

from django.test import Client

from lindungi.accounts.selectors import scope_for_user
from lindungi.coverage.models import (
    BpjsParticipants,
    CoverageTarget,
    Denominator,
    SnapshotRun,
)
from lindungi.coverage.rules import coverage_percent
from lindungi.coverage.selectors import coverage_for
from lindungi.demo.seed import seed_demo
from tests.conftest import client_for

OCTOBER = date(2026, 10, 1)
TODAY = date(2026, 11, 24)


def test_every_month_before_this_one_is_taken_by_the_system(demo_billed):
    runs = SnapshotRun.objects.order_by("month")
    assert [run.month for run in runs] == [date(2026, month, 1) for month in range(1, 11)]
    assert {(run.region_code, run.taken_by_id, run.forced) for run in runs} == {("", None, False)}
    assert all(run.protected > 400 for run in runs)
    counts = (Denominator.objects.count(), BpjsParticipants.objects.count(), runs.count())
    seed_demo(today=TODAY)  # seeding again changes nothing
    assert (
        Denominator.objects.count(),
        BpjsParticipants.objects.count(),
        SnapshotRun.objects.count(),
    ) == counts


def test_sumedangs_share_is_of_bpjs_eligible_workers_with_bpjs_own_count(demo_billed):
    figure = coverage_for(
        scope=scope_for_user(demo_billed["disnaker"]), region="32.11", month=OCTOBER
    )
    assert (figure.base.kind, figure.base.value, figure.base.year) == ("eligible", 397_749, 2024)
    assert figure.base.as_of == date(2024, 12, 31)
    assert "Paritrana Award 2025" in figure.base.source
    assert figure.percent == coverage_percent(figure.protected, 397_749)
    assert {(b.kind, b.value, b.year) for b in figure.bases} == {
        ("eligible", 397_749, 2024),
        ("working_population", 578_680, 2025),  # BPS's latest, derived in WORKFORCE.md
    }
    assert (figure.participants.count, figure.participants.percent) == (151_491, Decimal("38.09"))
    assert figure.target.percent == Decimal("42.00")
    assert "target kabupaten demo sendiri" in figure.target.source
    assert figure.gap.workers == 167_055 - figure.protected  # 42 % of 397.749, rounded up
    assert figure.by_sponsor_kind.keys() >= {"DESA", "OPD", "ASN"}


def test_the_province_and_the_country_are_shares_of_bpss_working_population(demo_billed):
    superuser = scope_for_user(demo_billed["admin"])
    province = coverage_for(scope=superuser, region="32", month=OCTOBER)
    sumedang = coverage_for(scope=superuser, region="32.11", month=OCTOBER)
    assert province.protected == sumedang.protected  # the demo's only enrolments
    assert (province.base.kind, province.base.value, province.base.year) == (
        "working_population",
        24_510_000,
        2025,
    )
    assert province.target is None and province.gap is None  # no target found: unknown
    assert province.participants.count == 4_960_000
    country = coverage_for(scope=superuser, region="", month=OCTOBER)
    assert (country.base.value, country.participants.count) == (146_540_000, 41_380_000)
    assert country.target is None  # RPJPN's target is for 2025
    assert CoverageTarget.objects.get(region=None).year == 2025
    assert set(BpjsParticipants.objects.filter(region=None).values_list("category", flat=True)) == {
        "",
        "PU",
        "BPU",
        "JAKON",
    }


def test_the_dashboard_has_a_trend_and_the_public_page_its_figures(demo_billed):
    trend = client_for(demo_billed["disnaker"]).get("/api/v1/coverage/trend?months=11").json()
    assert [point["month"] for point in trend][-1] == "2026-10-01"
    assert all(point["protected"] for point in trend[1:])  # January to October
    assert trend[0]["protected"] is None  # December 2025 was not taken
    assert all(point["target_percent"] == 42.0 for point in trend[1:])
    public = Client().get("/api/v1/public/coverage?region=32.11").json()
    assert (public["month"], public["base"]["value"]) == ("2026-10-01", 397_749)
    assert len(public["months"]) == 10
    district = Client().get("/api/v1/public/coverage?region=32.11.15").json()
    assert district["protected"] > 0 and district["percent"] is None  # no base: unknown
