"""Coverage figures read from the snapshots: the arithmetic against hand-computed cases, the
base and its date, trends, children, and the reader's scope."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from lindungi.accounts.selectors import scope_for_user
from lindungi.core.errors import NotFound
from lindungi.coverage.children import coverage_children
from lindungi.coverage.models import BpjsParticipants, CoverageTarget, Denominator
from lindungi.coverage.selectors import coverage_for, coverage_months, months_until
from lindungi.coverage.trend import coverage_trend
from tests.coverage.conftest import FEBRUARY, JANUARY, take

AS_OF = date(2025, 12, 31)


def base(code: str | None, value: int, *, year: int = 2026, kind: str = "eligible") -> None:
    Denominator.objects.create(
        region_id=code,
        year=year,
        kind=kind,
        value=value,
        source="BPJS Kanwil Jawa Barat",
        as_of=AS_OF,
        imported_at=timezone.now(),
    )


def target(code: str | None, percent: str, year: int = 2026) -> None:
    CoverageTarget.objects.create(
        region_id=code,
        year=year,
        percent=Decimal(percent),
        source="RPJMD",
        imported_at=timezone.now(),
    )


@pytest.fixture
def january(protected):
    take(JANUARY)


def test_coverage_is_protected_over_the_base_with_the_gap_to_the_target(january, everything):
    base("32.11", 20)
    target("32.11", "50")
    figure = coverage_for(scope=everything, region="32.11", month=JANUARY)
    assert figure.protected == 8
    assert figure.percent == Decimal("40.00")
    assert (figure.base.value, figure.base.source, figure.base.as_of) == (
        20,
        "BPJS Kanwil Jawa Barat",
        AS_OF,
    )
    # 50 % of 20 is 10 workers: 2 more, a year each at Rp 16.800: Rp 403.200.
    assert (figure.gap.workers, figure.gap.rupiah) == (2, 2 * 16_800 * 12)
    assert figure.by_category == {"BPU": 8}
    assert figure.by_sponsor_kind == {"DESA": 8}
    assert figure.contributions == 8 * 16_800


def test_no_base_means_unknown_never_zero_or_infinite(january, everything):
    target("32.11", "50")
    figure = coverage_for(scope=everything, region="32.11", month=JANUARY)
    assert figure.protected == 8
    assert figure.percent is None
    assert figure.gap is None
    assert figure.sentence == "coverage unknown: no base of workers for Jan 2026"


def test_the_sentence_names_the_base_and_the_month(january, everything):
    base("32.11", 397_749, year=2024)
    figure = coverage_for(scope=everything, region="32.11", month=JANUARY)
    assert figure.base.year == 2024  # the latest base up to the month's year
    assert figure.percent == Decimal("0.00")
    assert figure.sentence == "0.00 % of 397,749 eligible workers, Jan 2026"
    with translation.override("id"):
        # Indonesian number and month formats ("Des 2024" style); the words come from the
        # locale's translation of the msgid.
        assert figure.sentence.startswith("0,00 %")
        assert "397.749" in figure.sentence


def test_bpjs_base_is_preferred_and_working_population_can_be_asked_for(january, everything):
    base("32.11", 40, kind="working_population")
    base("32.11", 20, kind="eligible")
    assert coverage_for(scope=everything, region="32.11", month=JANUARY).percent == 40
    by_bps = coverage_for(
        scope=everything, region="32.11", month=JANUARY, base_kind="working_population"
    )
    assert by_bps.percent == 20
    assert by_bps.sentence == "20.00 % of 40 working people, Jan 2026"
    assert len(by_bps.bases) == 2


def test_bpjs_participants_include_workers_lindungi_does_not_manage(january, everything):
    base("32.11", 1_000)
    BpjsParticipants.objects.create(
        region_id="32.11",
        month=date(2025, 12, 1),
        count=381,
        source="BPJS Cabang Sumedang",
        imported_at=timezone.now(),
    )
    figure = coverage_for(scope=everything, region="32.11", month=JANUARY)
    assert figure.participants.count == 381
    assert figure.participants.percent == Decimal("38.10")
    assert figure.participants.month == date(2025, 12, 1)


def test_the_country_has_its_own_base_and_target(january, everything):
    base(None, 100)
    target(None, "52.5")
    figure = coverage_for(scope=everything, region=None, month=JANUARY)
    assert (figure.area.name, figure.protected, figure.percent) == ("Indonesia", 8, 8)
    assert figure.gap.workers == 45  # 52,5 % of 100 is 52,5: 53 workers


def test_a_month_not_taken_is_not_found(january, everything):
    with pytest.raises(NotFound):
        coverage_for(scope=everything, region="32.11", month=FEBRUARY)


def test_trend_shows_taken_months_and_leaves_the_others_empty(january, everything):
    take(date(2026, 3, 1))
    base("32.11", 16)
    points = coverage_trend(
        scope=everything, region="32.11", months=months_until(date(2026, 3, 1), 3)
    )
    assert [(p.month.month, p.protected, p.percent) for p in points] == [
        (1, 8, Decimal("50.00")),
        (2, None, None),
        (3, 8, Decimal("50.00")),
    ]
    assert coverage_months(scope=everything, region="32.11") == [date(2026, 3, 1), JANUARY]


def test_children_list_every_region_below_with_zero_where_none_is_protected(january, everything):
    base("32.11.15.2001", 10)
    villages = coverage_children(scope=everything, region="32.11.15", month=JANUARY)
    by_code = {child.code: child for child in villages}
    assert by_code["32.11.15.2001"].protected == 5
    assert by_code["32.11.15.2001"].percent == 50
    others = [child for child in villages if child.code != "32.11.15.2001"]
    assert others and all(c.protected == 0 and c.percent is None for c in others)
    provinces = coverage_children(scope=everything, region="", month=JANUARY)
    assert len(provinces) == 38
    assert {p.code: p.protected for p in provinces}["32"] == 8


def test_a_dashboard_reads_a_few_rows(january, everything, django_assert_max_num_queries):
    with django_assert_max_num_queries(7):
        coverage_for(scope=everything, region="32.11", month=JANUARY)
    with django_assert_max_num_queries(6):
        coverage_children(scope=everything, region="32.11", month=JANUARY)
    with django_assert_max_num_queries(5):
        coverage_trend(scope=everything, region="32.11", months=months_until(JANUARY, 12))


def test_a_reader_sees_only_their_own_region(january, demo_workers, bandung):
    other = scope_for_user(bandung["admin"])
    with pytest.raises(NotFound) as outside:
        coverage_for(scope=other, region="32.11", month=JANUARY)
    with pytest.raises(NotFound) as missing:
        coverage_for(scope=other, region="99.99", month=JANUARY)
    assert outside.value.message.replace("32.11", "X") == missing.value.message.replace(
        "99.99", "X"
    )
    with pytest.raises(NotFound):
        coverage_trend(scope=other, region="32.11", months=[JANUARY])
    with pytest.raises(NotFound):
        coverage_children(scope=other, region="32", month=JANUARY)
    with pytest.raises(NotFound):
        coverage_for(scope=other, region=None, month=JANUARY)  # the country: superusers only
    village = scope_for_user(demo_workers["desa.cikeruh"])
    assert coverage_for(scope=village, region="32.11.15.2001", month=JANUARY).protected == 5
    with pytest.raises(NotFound):
        coverage_for(scope=village, region="32.11.15", month=JANUARY)
    regency = scope_for_user(demo_workers["tim.koordinasi"])
    assert coverage_for(scope=regency, region="32.11", month=JANUARY).protected == 8


def test_months_until_counts_back_across_a_year():
    assert months_until(date(2026, 2, 14), 3) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
