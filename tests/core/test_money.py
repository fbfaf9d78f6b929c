import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindungi.core.money import format_rupiah


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (0, "Rp 0"),
        (800, "Rp 800"),
        (16_800, "Rp 16.800"),
        (1_000_000, "Rp 1.000.000"),
        (42_000_000, "Rp 42.000.000"),
        (-10_000, "-Rp 10.000"),
    ],
)
def test_rupiah_is_written_with_dots_for_thousands(amount, shown):
    assert format_rupiah(amount) == shown


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_rupiah_round_trips_to_the_same_amount(amount):
    shown = format_rupiah(amount)
    digits = shown.replace("-", "").removeprefix("Rp ").replace(".", "")
    assert int(digits) * (-1 if amount < 0 else 1) == amount


@pytest.mark.parametrize("amount", [16800.0, True, "16800"])
def test_rupiah_refuses_anything_but_whole_integers(amount):
    with pytest.raises(TypeError):
        format_rupiah(amount)
