"""Every benefit figure of REGULATIONS.md §4 that the engine uses."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindungi.claims.benefits import BenefitType, NotEligible, Route, benefit
from lindungi.contributions.ratebook import MissingRate
from lindungi.contributions.rules import Category, InvalidBasis
from lindungi.contributions.seed import shipped_rate_book

BOOK = shipped_rate_book()
TODAY = date(2026, 11, 24)


def parts(result):
    return {part.name: part.amount for part in result.components}


@pytest.mark.parametrize("category", [Category.PU, Category.JAKON, Category.PMI])
def test_jkm_is_rp_42_million_in_three_parts(category):
    result = benefit(book=BOOK, type=BenefitType.JKM, category=category, on=TODAY)
    assert parts(result) == {
        "santunan_sekaligus": 20_000_000,
        "santunan_berkala": 12_000_000,
        "biaya_pemakaman": 10_000_000,
    }
    assert result.total == 42_000_000


@pytest.mark.parametrize(
    ("months_paid", "total"), [(0, 10_000_000), (2, 10_000_000), (3, 42_000_000)]
)
def test_a_bpu_member_with_fewer_than_3_paid_months_gets_rp_10_million(months_paid, total):
    result = benefit(
        book=BOOK, type=BenefitType.JKM, category=Category.BPU, on=TODAY, months_paid=months_paid
    )
    assert result.total == total


def test_the_bpu_short_membership_rule_is_marked_uncertain():
    result = benefit(
        book=BOOK, type=BenefitType.JKM, category=Category.BPU, on=TODAY, months_paid=1
    )
    assert [part.confidence for part in result.components] == ["L"]


def test_bpu_jkm_needs_the_months_paid():
    with pytest.raises(InvalidBasis, match="months_paid is required"):
        benefit(book=BOOK, type=BenefitType.JKM, category=Category.BPU, on=TODAY)


@pytest.mark.parametrize(
    ("category", "basis", "santunan"),
    [
        (Category.BPU, None, 48_000_000),  # the lowest declared income, Rp 1 jt
        (Category.BPU, 2_000_000, 96_000_000),
        (Category.PU, 5_000_000, 240_000_000),
        (Category.PU, 300_000, 20_000_000),  # at least the JKM santunan
    ],
)
def test_jkk_death_is_48_times_the_wage_plus_berkala_and_pemakaman(category, basis, santunan):
    result = benefit(book=BOOK, type=BenefitType.JKK_DEATH, category=category, on=TODAY, wage=basis)
    assert parts(result) == {
        "santunan_kematian": santunan,
        "santunan_berkala": 12_000_000,
        "biaya_pemakaman": 10_000_000,
    }


def test_scholarships_for_two_children_total_rp_174_million():
    result = benefit(
        book=BOOK, type=BenefitType.BEASISWA, category=Category.BPU, on=TODAY, months_paid=36
    )
    assert parts(result) == {
        "beasiswa_tk_sd": 2 * 1_500_000 * 8,
        "beasiswa_smp": 2 * 2_000_000 * 3,
        "beasiswa_sma": 2 * 3_000_000 * 3,
        "beasiswa_pt": 2 * 12_000_000 * 5,
    }
    assert result.total == 174_000_000


def test_scholarships_cover_at_most_two_children():
    one = benefit(
        book=BOOK,
        type=BenefitType.BEASISWA,
        category=Category.PU,
        on=TODAY,
        months_paid=40,
        children=1,
    )
    three = benefit(
        book=BOOK,
        type=BenefitType.BEASISWA,
        category=Category.PU,
        on=TODAY,
        months_paid=40,
        children=3,
    )
    assert one.total == 87_000_000
    assert three.total == 174_000_000
    assert "children_capped" in three.notes


def test_the_jkm_scholarship_needs_three_years_but_the_jkk_one_does_not():
    with pytest.raises(NotEligible, match="36 paid months, not 35"):
        benefit(
            book=BOOK, type=BenefitType.BEASISWA, category=Category.BPU, on=TODAY, months_paid=35
        )
    via_jkk = benefit(
        book=BOOK,
        type=BenefitType.BEASISWA,
        category=Category.BPU,
        on=TODAY,
        months_paid=1,
        route=Route.JKK,
    )
    assert via_jkk.total == 174_000_000


@pytest.mark.parametrize(
    ("months_off", "full", "half"),
    [(1, 3_000_000, 0), (12, 36_000_000, 0), (15, 36_000_000, 4_500_000), (0, 0, 0)],
)
def test_stmb_pays_the_full_wage_for_12_months_then_half(months_off, full, half):
    result = benefit(
        book=BOOK,
        type=BenefitType.STMB,
        category=Category.PU,
        on=TODAY,
        wage=3_000_000,
        months_off=months_off,
    )
    assert parts(result) == {"stmb_100": full, "stmb_50": half}


def test_benefits_before_pp_82_2019_are_not_guessed():
    with pytest.raises(MissingRate, match=r"benefit\.jkm\.santunan_sekaligus"):
        benefit(book=BOOK, type=BenefitType.JKM, category=Category.PU, on=date(2019, 1, 1))


@given(
    low=st.integers(min_value=1, max_value=100_000_000),
    high=st.integers(min_value=1, max_value=100_000_000),
    months=st.integers(min_value=0, max_value=60),
)
def test_wage_based_benefits_are_never_negative_and_grow_with_the_wage(low, high, months):
    low, high = sorted((low, high))
    for kind in (BenefitType.JKK_DEATH, BenefitType.STMB):
        cheap = benefit(
            book=BOOK, type=kind, category=Category.PU, on=TODAY, wage=low, months_off=months
        )
        dear = benefit(
            book=BOOK, type=kind, category=Category.PU, on=TODAY, wage=high, months_off=months
        )
        assert 0 <= cheap.total <= dear.total
