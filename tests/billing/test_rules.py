"""The pure rules of billing: due dates, lapses, shares. Table-driven and property-based."""

import doctest
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindungi.billing import rules

months = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 1)).map(rules.month_start)
days = st.dates(min_value=date(2000, 3, 1), max_value=date(2100, 12, 31))


def test_the_docstring_examples_hold():
    failed, attempted = doctest.testmod(rules)
    assert attempted > 0
    assert failed == 0


@pytest.mark.parametrize(
    ("month", "due"),
    [
        (date(2026, 1, 1), date(2026, 1, 15)),  # Thursday
        (date(2026, 2, 1), date(2026, 2, 16)),  # the 15th is a Sunday
        (date(2026, 3, 1), date(2026, 3, 16)),  # Sunday again
        (date(2026, 4, 1), date(2026, 4, 15)),  # Wednesday
        (date(2026, 8, 1), date(2026, 8, 17)),  # Saturday: Monday the 17th
        (date(2026, 11, 1), date(2026, 11, 16)),  # Sunday
        (date(2027, 5, 20), date(2027, 5, 17)),  # any day of the month: its own 15th
    ],
)
def test_the_due_date_is_the_15th_or_the_monday_after_a_weekend(month, due):
    assert rules.due_date(month) == due


@pytest.mark.parametrize(
    ("oldest_unpaid", "lapses_on"),
    [
        (date(2026, 2, 1), date(2026, 4, 16)),  # Feb, Mar, Apr unpaid; 15 Apr is a Wednesday
        (date(2026, 1, 1), date(2026, 3, 17)),  # 15 Mar is a Sunday: due Monday the 16th
        (date(2026, 6, 1), date(2026, 8, 18)),  # 15 Aug is a Saturday: due Monday the 17th
        (date(2023, 7, 1), date(2023, 9, 16)),  # PROBIS p.85: July to September unpaid
        (date(2026, 11, 1), date(2027, 1, 16)),  # across the year
    ],
)
def test_an_enrolment_lapses_the_day_after_its_third_unpaid_month_falls_due(
    oldest_unpaid, lapses_on
):
    assert rules.lapse_date(oldest_unpaid) == lapses_on


@pytest.mark.parametrize(
    ("today", "through"),
    [
        (date(2026, 4, 15), date(2026, 1, 1)),
        (date(2026, 4, 16), date(2026, 2, 1)),
        (date(2026, 3, 16), date(2025, 12, 1)),  # March's due date is the 16th
        (date(2026, 3, 17), date(2026, 1, 1)),
        (date(2026, 1, 31), date(2025, 11, 1)),
    ],
)
def test_which_oldest_unpaid_months_have_lapsed_by_a_day(today, through):
    assert rules.lapsing_through(today) == through


@given(days)
def test_lapsing_through_is_the_last_month_whose_lapse_date_has_come(today):
    through = rules.lapsing_through(today)
    assert rules.lapse_date(through) <= today
    assert rules.lapse_date(rules.add_months(through, 1)) > today


@given(months)
def test_a_due_date_is_a_weekday_between_the_15th_and_the_17th_of_its_month(month):
    due = rules.due_date(month)
    assert due.weekday() < 5
    assert (due.year, due.month) == (month.year, month.month)
    assert 15 <= due.day <= 17


@given(months)
def test_a_lapse_comes_after_three_due_dates_and_before_the_fourth(month):
    lapsed = rules.lapse_date(month)
    assert lapsed > rules.due_date(rules.add_months(month, 2))
    assert lapsed <= rules.due_date(rules.add_months(month, 3))
    assert lapsed - rules.due_date(rules.add_months(month, 2)) == timedelta(days=1)


@given(months, months)
def test_a_lapsed_enrolment_keeps_a_month_inside_its_period(first, oldest):
    last = rules.lapsed_last_month(first, oldest)
    assert last >= first
    assert last < oldest or last == first


@pytest.mark.parametrize(
    ("amount", "co_shares", "own", "parts"),
    [
        (16_800, [5_000], 8_400, [8_400]),  # the province pays half
        (16_800, [3_333], 11_201, [5_599]),  # 5,599.44 rounds down
        (16_801, [5_000], 8_400, [8_401]),  # 8,400.5 rounds up: the own sponsor takes less
        (16_801, [3_333, 3_333], 5_601, [5_600, 5_600]),
        (16_800, [1], 16_798, [2]),  # 1.68 rounds up to 2
        (16_800, [9_999], 2, [16_798]),
    ],
)
def test_shares_round_half_up_and_the_own_sponsor_takes_the_rest(amount, co_shares, own, parts):
    assert rules.share_amounts(amount, co_shares) == (own, parts)


@given(
    st.integers(min_value=1, max_value=10_000_000),
    st.lists(st.integers(min_value=1, max_value=4_000), min_size=0, max_size=2),
)
def test_the_shares_always_sum_to_the_month(amount, co_shares):
    own, parts = rules.share_amounts(amount, co_shares)
    assert own + sum(parts) == amount
    assert all(part >= 0 for part in parts)
    assert own >= 0


def test_co_sponsors_cannot_pay_the_whole_month():
    with pytest.raises(ValueError, match="less than the whole month"):
        rules.share_amounts(16_800, [5_000, 5_000])


@pytest.mark.parametrize("months_ahead", [0, 2, 4, 24])
def test_prepayment_is_only_1_3_6_or_12_months(months_ahead):
    with pytest.raises(ValueError, match="months ahead"):
        rules.billed_months(date(2026, 1, 1), months_ahead)


@given(months, st.sampled_from(rules.PREPAY_MONTHS))
def test_billed_months_are_consecutive_first_days(month, months_ahead):
    billed = rules.billed_months(month, months_ahead)
    assert len(billed) == months_ahead
    assert all(day.day == 1 for day in billed)
    assert all(rules.months_between(a, b) == 2 for a, b in pairwise(billed))


@pytest.mark.parametrize(
    ("today", "due"),
    [(date(2026, 3, 1), True), (date(2026, 3, 9), True), (date(2026, 3, 10), False)],
)
def test_reminders_go_out_before_the_10th(today, due):
    assert rules.reminders_due(today) is due
