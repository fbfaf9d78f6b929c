"""The coverage arithmetic as pure rules: table-driven cases, properties, and the examples in
the module's docstrings."""

import doctest
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindungi.coverage import rules


def test_docstring_examples():
    failed, attempted = doctest.testmod(rules)
    assert attempted > 0
    assert failed == 0


@pytest.mark.parametrize(
    ("protected", "base", "percent"),
    [
        (151_491, 397_749, Decimal("38.09")),  # Kab. Sumedang 2024 (WORKFORCE.md)
        (1_159_887, 2_871_182, Decimal("40.40")),  # Sulawesi Selatan, 31 Jul 2024
        (52_402, 99_038, Decimal("52.91")),  # Kota Sukabumi, Dec 2023
        (1, 3, Decimal("33.33")),
        (2, 3, Decimal("66.67")),
        (0, 5, Decimal("0.00")),
        (5, None, None),
        (5, 0, None),
        (0, 0, None),
    ],
)
def test_coverage_percent_by_hand(protected, base, percent):
    assert rules.coverage_percent(protected, base) == percent


@pytest.mark.parametrize(
    ("protected", "base", "target", "gap"),
    [
        (151_491, 397_749, Decimal("40"), 7_609),  # 159.100 needed (159.099,6 rounded up)
        (1_320_000, 2_800_000, Decimal("62.93"), 442_040),
        (10, 10, Decimal("100"), 0),
        (11, 10, Decimal("50"), 0),
        (10, None, Decimal("50"), None),
        (10, 0, Decimal("50"), None),
        (10, 100, None, None),
    ],
)
def test_gap_to_target_by_hand(protected, base, target, gap):
    assert rules.gap_workers(protected, base, target) == gap


def test_gap_in_rupiah_is_workers_times_contribution_times_months():
    assert rules.cost(100, 16_800, 12) == 20_160_000
    assert rules.cost(7_609, rules.SCHEME_MONTHLY_CONTRIBUTION, rules.SCHEME_MONTHS) == (
        1_533_974_400
    )
    with pytest.raises(ValueError):
        rules.cost(-1, 16_800, 12)


def test_formats_as_indonesian_offices_write():
    assert rules.format_percent(Decimal("38.09")) == "38,09 %"
    assert rules.format_count(397_749) == "397.749"


@given(st.integers(0, 10**8), st.integers(1, 10**8), st.decimals("0.01", "100", places=2))
def test_reaching_the_gap_reaches_the_target(protected, base, target):
    gap = rules.gap_workers(protected, base, target)
    assert gap is not None and gap >= 0
    reached = Decimal(protected + gap) * 100 / Decimal(base)
    assert reached >= target
    if gap > 0:  # one fewer would not reach it
        assert Decimal(protected + gap - 1) * 100 / Decimal(base) < target


@given(st.integers(0, 10**8), st.integers(1, 10**8))
def test_a_known_base_gives_a_finite_share(protected, base):
    percent = rules.coverage_percent(protected, base)
    assert percent is not None and percent >= 0
