"""The claim rules over dates and months (pure)."""

import doctest
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindungi.claims import rules
from lindungi.claims.benefits import BenefitType

WIB = ZoneInfo("Asia/Jakarta")


def test_the_examples_in_the_module_hold():
    failed, attempted = doctest.testmod(rules)
    assert attempted and not failed


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_a_jkk_claim_may_be_made_for_5_years_and_no_longer(event):
    expiry = rules.jkk_expiry(event)
    assert expiry.year == event.year + 5
    assert not rules.is_expired(event, expiry)
    assert rules.is_expired(event, expiry + timedelta(days=1))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.times())
def test_the_deadline_is_48_hours_after_a_known_hour(event, hour):
    happened = datetime.combine(event, hour, tzinfo=WIB)
    assert rules.report_deadline(event, hour, WIB) == happened + timedelta(hours=48)


@given(
    st.lists(st.tuples(st.integers(0, 35), st.booleans()), unique_by=lambda m: m[0]),
    st.integers(0, 35),
)
def test_paid_months_count_only_paid_months_up_to_the_event(months, through):
    def month(index):
        return date(2026 + index // 12, index % 12 + 1, 1)

    states = [(month(index), paid) for index, paid in months]
    expected = sum(1 for index, paid in months if paid and index <= through)
    assert rules.paid_months(states, month(through) + timedelta(days=20)) == expected


@pytest.mark.parametrize(
    ("claim_type", "kind", "expected"),
    [
        ("JKM", "", BenefitType.JKM),
        ("BEASISWA", "", BenefitType.BEASISWA),
        ("JKK", "death", BenefitType.JKK_DEATH),
        ("JKK", "stmb", BenefitType.STMB),
        ("JKK", "care", None),
        ("JKK", "disability", None),
    ],
)
def test_each_claim_is_computed_with_its_benefit_rule(claim_type, kind, expected):
    assert rules.benefit_type(claim_type, kind) is expected


def test_an_unknown_hour_gives_the_whole_day():
    deadline = rules.report_deadline(date(2026, 3, 2), None, WIB)
    assert not rules.is_late(deadline, deadline)
    assert rules.is_late(deadline, deadline + timedelta(microseconds=1))
    assert deadline.time() == time.max
