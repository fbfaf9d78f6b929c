"""Every contribution figure of REGULATIONS.md §1 to §3 that the engine uses, and its properties."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindungi.contributions.ratebook import MissingRate, Rate, RateBook, rupiah
from lindungi.contributions.rules import (
    Category,
    InvalidBasis,
    Program,
    ProgramNotAvailable,
    Risk,
    Stage,
    contribution,
)
from lindungi.contributions.seed import shipped_rate_book

BOOK = shipped_rate_book()
TODAY = date(2026, 11, 24)


def lines(result):
    return {str(line.program): (line.employer, line.worker) for line in result.lines}


# --- BPU (§1) -------------------------------------------------------------------------------


def test_bpu_minimum_package_is_rp_16_800():
    result = contribution(book=BOOK, category=Category.BPU, on=TODAY)
    assert lines(result) == {"JKK": (0, 10_000), "JKM": (0, 6_800)}
    assert (result.total, result.worker, result.employer) == (16_800, 16_800, 0)
    assert "default_income" in result.notes


def test_bpu_with_jht_is_rp_36_800():
    result = contribution(
        book=BOOK,
        category=Category.BPU,
        on=TODAY,
        income=1_000_000,
        programs=[Program.JKK, Program.JKM, Program.JHT],
    )
    assert lines(result)["JHT"] == (0, 20_000)
    assert result.total == 36_800


@pytest.mark.parametrize(
    ("income", "jkk", "jht"),
    [(1_000_000, 10_000, 20_000), (20_700_000, 207_000, 414_000), (2_550_000, 25_500, 51_000)],
)
def test_bpu_jkk_is_1_percent_and_jht_2_percent_of_declared_income(income, jkk, jht):
    result = contribution(
        book=BOOK,
        category=Category.BPU,
        on=TODAY,
        income=income,
        programs=[Program.JKK, Program.JKM, Program.JHT],
    )
    assert lines(result) == {"JKK": (0, jkk), "JKM": (0, 6_800), "JHT": (0, jht)}


@pytest.mark.parametrize("income", [999_999, 20_700_001, 0])
def test_bpu_income_outside_the_range_is_refused(income):
    with pytest.raises(InvalidBasis) as refused:
        contribution(book=BOOK, category=Category.BPU, on=TODAY, income=income)
    assert refused.value.params["field"] == "income"


@pytest.mark.parametrize("program", [Program.JP, Program.JKP])
def test_jp_and_jkp_are_not_available_to_bpu(program):
    with pytest.raises(ProgramNotAvailable, match=f"{program} is not available to BPU"):
        contribution(book=BOOK, category=Category.BPU, on=TODAY, programs=[Program.JKK, program])


def test_a_confirmed_tier_list_restricts_bpu_income():
    tiers = Rate("bpu.income.tiers", [1_000_000, 1_500_000], date(2027, 1, 1), None, "tiers")
    book = RateBook([*BOOK.rates(), tiers])
    assert contribution(book=book, category=Category.BPU, on=date(2027, 1, 1), income=1_500_000)
    with pytest.raises(InvalidBasis, match="not one of the income tiers"):
        contribution(book=book, category=Category.BPU, on=date(2027, 1, 1), income=1_200_000)
    # Before the tiers were confirmed, any whole-Rupiah income was fine and still is.
    assert (
        contribution(book=book, category=Category.BPU, on=TODAY, income=1_200_000).total == 18_800
    )


# --- PU (§2) --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("risk", "jkk"),
    [
        (Risk.SANGAT_RENDAH, 12_000),
        (Risk.RENDAH, 27_000),
        (Risk.SEDANG, 44_500),
        (Risk.TINGGI, 63_500),
        (Risk.SANGAT_TINGGI, 87_000),
    ],
)
def test_pu_jkk_by_risk_group(risk, jkk):
    result = contribution(
        book=BOOK, category=Category.PU, on=TODAY, wage=5_000_000, risk=risk, programs=[Program.JKK]
    )
    assert lines(result) == {"JKK": (jkk, 0)}


def test_pu_full_package_on_a_wage_below_the_jp_cap():
    result = contribution(
        book=BOOK, category=Category.PU, on=TODAY, wage=5_000_000, risk=Risk.RENDAH
    )
    assert lines(result) == {
        "JKK": (27_000, 0),
        "JKM": (15_000, 0),
        "JHT": (185_000, 100_000),
        "JP": (100_000, 50_000),
        "JKP": (0, 0),
    }
    assert (result.employer, result.worker, result.total) == (327_000, 150_000, 477_000)


@pytest.mark.parametrize(
    ("on", "cap"),
    [
        (date(2023, 2, 28), 9_077_600),
        (date(2023, 3, 1), 9_559_600),
        (date(2024, 2, 29), 9_559_600),
        (date(2024, 3, 1), 10_042_300),
        (date(2025, 2, 28), 10_042_300),
        (date(2025, 3, 1), 10_547_400),
        (date(2026, 11, 24), 10_547_400),
    ],
)
def test_jp_is_computed_on_the_wage_capped_at_the_ceiling_of_the_month(on, cap):
    result = contribution(
        book=BOOK, category=Category.PU, on=on, wage=20_000_000, programs=[Program.JP]
    )
    assert lines(result)["JP"] == (rupiah(cap * 0.02), rupiah(cap * 0.01))


def test_jht_has_no_cap():
    result = contribution(
        book=BOOK, category=Category.PU, on=TODAY, wage=50_000_000, programs=[Program.JHT]
    )
    assert lines(result)["JHT"] == (1_850_000, 1_000_000)


def test_pu_needs_a_risk_group_for_jkk_and_a_wage():
    with pytest.raises(InvalidBasis, match="risk"):
        contribution(book=BOOK, category=Category.PU, on=TODAY, wage=5_000_000)
    with pytest.raises(InvalidBasis, match="wage is required"):
        contribution(book=BOOK, category=Category.PU, on=TODAY, risk=Risk.RENDAH)


def test_each_line_is_rounded_half_up_once():
    # 0,54 % of 1.234.567 = 6.666,66 -> 6.667; 0,30 % = 3.703,70 -> 3.704; 1 % JP worker
    # on 1.234.567 = 12.345,67 -> 12.346.
    result = contribution(
        book=BOOK,
        category=Category.PU,
        on=TODAY,
        wage=1_234_567,
        risk=Risk.RENDAH,
        programs=[Program.JKK, Program.JKM, Program.JP],
    )
    assert lines(result) == {"JKK": (6_667, 0), "JKM": (3_704, 0), "JP": (24_691, 12_346)}
    assert rupiah(2.5) == 3 and rupiah(3.5) == 4  # half up, not to even


# --- JAKON (§3.1) ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "jkk", "jkm"),
    [
        (50_000_000, 105_000, 15_000),
        (100_000_000, 210_000, 30_000),
        (300_000_000, 210_000 + 340_000, 30_000 + 40_000),
        (1_000_000_000, 210_000 + 680_000 + 650_000, 30_000 + 80_000 + 100_000),
        (2_000_000_000, 2_640_000, 310_000),
        (
            10_000_000_000,
            210_000 + 680_000 + 650_000 + 4_400_000 + 4_500_000,
            30_000 + 80_000 + 100_000 + 400_000 + 500_000,
        ),
    ],
)
def test_jakon_contract_value_is_charged_band_by_band(value, jkk, jkm):
    result = contribution(book=BOOK, category=Category.JAKON, on=TODAY, contract_value=value)
    assert lines(result) == {"JKK": (jkk, 0), "JKM": (jkm, 0)}
    assert result.worker == 0


def test_jakon_is_jkk_and_jkm_together():
    with pytest.raises(ProgramNotAvailable, match="JKK and JKM together"):
        contribution(
            book=BOOK,
            category=Category.JAKON,
            on=TODAY,
            contract_value=1_000_000,
            programs=[Program.JKK],
        )
    with pytest.raises(ProgramNotAvailable, match="JHT is not available to JAKON"):
        contribution(
            book=BOOK,
            category=Category.JAKON,
            on=TODAY,
            contract_value=1_000_000,
            programs=[Program.JKK, Program.JKM, Program.JHT],
        )


# --- PMI (§3.2) ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "months", "amount"),
    [
        (Stage.PRE, None, 37_500),
        (Stage.PLACEMENT, 6, 108_000),
        (Stage.PLACEMENT, 12, 189_000),
        (Stage.PLACEMENT, 24, 332_500),
        (Stage.PLACEMENT, 3, 108_000),
        (Stage.PLACEMENT, 18, 189_000 + 6 * 13_500),
        (Stage.PLACEMENT, 30, 332_500 + 6 * 13_500),
    ],
)
def test_pmi_packages_and_months_beyond(stage, months, amount):
    result = contribution(
        book=BOOK, category=Category.PMI, on=TODAY, stage=stage, contract_months=months
    )
    assert lines(result) == {"JKK+JKM": (0, amount)}


def test_pmi_packages_did_not_exist_before_permenaker_4_2023():
    with pytest.raises(MissingRate, match=r"pmi\.pre_placement"):
        contribution(book=BOOK, category=Category.PMI, on=date(2022, 1, 1), stage=Stage.PRE)


# --- properties -----------------------------------------------------------------------------

incomes = st.integers(min_value=1_000_000, max_value=20_700_000)
wages = st.integers(min_value=1, max_value=500_000_000)
days = st.dates(min_value=date(2023, 4, 1), max_value=date(2030, 12, 31))


@given(low=incomes, high=incomes, on=days)
def test_bpu_is_never_negative_and_grows_with_income(low, high, on):
    low, high = sorted((low, high))
    everything = [Program.JKK, Program.JKM, Program.JHT]
    cheap = contribution(book=BOOK, category=Category.BPU, on=on, income=low, programs=everything)
    dear = contribution(book=BOOK, category=Category.BPU, on=on, income=high, programs=everything)
    assert 0 <= cheap.total <= dear.total
    assert all(line.amount >= 0 for line in dear.lines)


@given(low=wages, high=wages, risk=st.sampled_from(list(Risk)), on=days)
def test_pu_is_never_negative_and_grows_with_the_wage(low, high, risk, on):
    low, high = sorted((low, high))
    cheap = contribution(book=BOOK, category=Category.PU, on=on, wage=low, risk=risk)
    dear = contribution(book=BOOK, category=Category.PU, on=on, wage=high, risk=risk)
    assert 0 <= cheap.total <= dear.total
    for before, after in zip(cheap.lines, dear.lines, strict=True):
        assert 0 <= before.employer <= after.employer
        assert 0 <= before.worker <= after.worker


@given(
    low=st.integers(min_value=1, max_value=50_000_000_000),
    high=st.integers(min_value=1, max_value=50_000_000_000),
)
def test_jakon_is_never_negative_and_grows_with_the_contract(low, high):
    low, high = sorted((low, high))
    cheap = contribution(book=BOOK, category=Category.JAKON, on=TODAY, contract_value=low)
    dear = contribution(book=BOOK, category=Category.JAKON, on=TODAY, contract_value=high)
    assert 0 <= cheap.total <= dear.total


@given(low=st.integers(min_value=1, max_value=120), high=st.integers(min_value=1, max_value=120))
def test_pmi_is_never_negative_and_grows_with_the_contract(low, high):
    low, high = sorted((low, high))
    cheap = contribution(
        book=BOOK, category=Category.PMI, on=TODAY, stage=Stage.PLACEMENT, contract_months=low
    )
    dear = contribution(
        book=BOOK, category=Category.PMI, on=TODAY, stage=Stage.PLACEMENT, contract_months=high
    )
    assert 0 < cheap.total <= dear.total
