"""The NIK decoder (REGULATIONS.md §8), and the import's column-wise NIK rules agreeing with it."""

from datetime import date

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lindungi.workers import nik
from lindungi.workers.importing.validation import _nik_checks

TODAY = date(2026, 11, 24)


def test_a_man_and_a_woman_born_the_same_day():
    man = nik.parse("3211151508900001", today=TODAY)
    woman = nik.parse("3211155508900002", today=TODAY)
    assert (man.sex, man.birth_date) == ("L", date(1990, 8, 15))
    assert (woman.sex, woman.birth_date) == ("P", date(1990, 8, 15))
    assert (man.province_code, man.regency_code, man.district_code) == ("32", "32.11", "32.11.15")
    assert man.serial == "0001"


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("321115150890001", nik.InvalidLength),
        ("32111515089000011", nik.InvalidLength),
        ("32111515089O0001", nik.InvalidFormat),
        ("9911151508900001", nik.InvalidProvince),
        ("3211150013900001", nik.InvalidBirthDate),  # month 13
        ("3211150000900001", nik.InvalidBirthDate),  # day 0 (and 40 for women)
        ("3211153202900001", nik.InvalidBirthDate),  # 32 February
        ("3211157102900001", nik.InvalidBirthDate),  # woman, 31 February
        ("3211151508900000", nik.InvalidSerial),
    ],
)
def test_broken_niks_name_the_rule(value, error):
    with pytest.raises(error):
        nik.parse(value, today=TODAY)
    assert not nik.is_valid(value)


def test_spaces_dots_and_dashes_are_ignored():
    assert nik.validate(" 32.11.15-150890 0001 ") == "3211151508900001"
    assert nik.format("3211151508900001") == "32.11.15.150890.0001"


def test_the_century_is_the_latest_that_is_not_in_the_future():
    assert nik.parse("3211151508100001", today=TODAY).birth_date == date(2010, 8, 15)
    assert nik.parse("3211151512260001", today=TODAY).birth_date == date(1926, 12, 15)
    # 29 February 2000 exists, 29 February 1900 does not.
    assert nik.parse("3211152902000001", today=TODAY).birth_date == date(2000, 2, 29)


def test_an_unknown_district_is_not_an_error():
    assert nik.is_valid("3299991508900001")  # regency 99 does not exist: a warning elsewhere


def test_mismatches_with_the_rows_own_birth_date_and_sex():
    parsed = nik.parse("3211155508900002", today=TODAY)
    assert nik.mismatches(parsed, birth_date=date(1990, 8, 15), sex="P") == []
    assert nik.mismatches(parsed, birth_date=date(1990, 8, 16), sex="L") == ["birth_date", "sex"]


births = st.dates(min_value=date(1927, 1, 1), max_value=TODAY)


@given(
    born=births,
    female=st.booleans(),
    province=st.sampled_from(sorted(nik.PROVINCES)),
    region=st.integers(min_value=101, max_value=9999),
    serial=st.integers(min_value=1, max_value=9999),
)
def test_decoding_an_encoded_nik_gives_back_its_parts(born, female, province, region, serial):
    day = born.day + (40 if female else 0)
    value = f"{province}{region:04d}{day:02d}{born:%m%y}{serial:04d}"
    parsed = nik.parse(value, today=TODAY)
    assert parsed.sex == ("P" if female else "L")
    assert parsed.birth_date.strftime("%d%m%y") == born.strftime("%d%m%y")
    assert parsed.birth_date <= TODAY
    assert parsed.serial == f"{serial:04d}"


sixteen = st.one_of(
    st.text(alphabet="0123456789", min_size=14, max_size=18),
    st.builds(
        lambda province, rest: province + rest,
        st.sampled_from(sorted(nik.PROVINCES)),
        st.text(alphabet="0123456789", min_size=14, max_size=14),
    ),
    st.text(alphabet="0123456789 .-aO", min_size=15, max_size=20),
)


@settings(max_examples=300)
@given(values=st.lists(sixteen, min_size=1, max_size=40))
def test_the_import_and_the_decoder_agree_on_every_nik(values):
    """The column expressions of the import are the decoder's rules, case for case."""
    compacted = [nik.compact(value) for value in values]
    frame = pl.DataFrame({"nik": compacted}).with_columns(**_nik_checks(pl.col("nik"), TODAY))
    for value, rule, born in frame.select("nik", "nik_rule", "nik_birth").iter_rows():
        try:
            parsed = nik.parse(value, today=TODAY)
        except nik.InvalidNik as error:
            assert rule is not None, value
            assert rule == f"nik_{error.rule}" or (rule, error.rule) == ("required", "length")
        else:
            assert rule is None, value
            assert born == parsed.birth_date


@given(
    names=st.lists(
        st.builds(
            lambda title, name, degree: f"{title}{name}{degree}",
            st.sampled_from(["", "H. ", "Hj. ", "Drs. H. ", "dr ", "KH. "]),
            st.text(alphabet="AbCdeSiTu mn.'-", min_size=1, max_size=20),
            st.sampled_from(["", ", S.Pd.", ", M.M.", ",S.E"]),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_the_import_and_the_single_worker_path_normalise_names_alike(names):
    """Duplicate detection compares names normalised in Polars (imports) and in Python (one
    worker registered on a page): both must give the same text."""
    from lindungi.workers.importing.validation import normalised_name
    from lindungi.workers.naming import normalise_name

    in_polars = pl.DataFrame({"name": names}).select(normalised_name(pl.col("name")))["name"]
    assert in_polars.to_list() == [normalise_name(name) for name in names]
