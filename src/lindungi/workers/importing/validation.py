"""Normalising and checking an import, column by column in Polars. No Django import.

Input: a frame of text columns named after `columns.FIELDS` (missing ones absent). Output: the
rows that pass every rule, typed and ready to load (`valid`), and one row per broken rule
(`problems`: line, field, value, rule, severity). The NIK rules are those of `workers/nik.py`,
written as column expressions; a property test holds the two to the same answers.
"""

from dataclasses import dataclass
from datetime import date

import polars as pl

from lindungi.workers.importing.columns import FIELDS
from lindungi.workers.naming import TITLES_BEFORE
from lindungi.workers.nik import FEMALE_DAY_OFFSET, PROVINCES

CATEGORIES = ("PU", "BPU", "JAKON", "PMI", "MAGANG", "KERJA_PRAKTEK")
CATEGORY_ALIASES = {
    "BUKAN PENERIMA UPAH": "BPU",
    "PENERIMA UPAH": "PU",
    "JASA KONSTRUKSI": "JAKON",
    "PEKERJA MIGRAN": "PMI",
    "PEKERJA MIGRAN INDONESIA": "PMI",
    "KERJA PRAKTIK": "KERJA_PRAKTEK",
    "KERJA PRAKTEK": "KERJA_PRAKTEK",
    **{category: category for category in CATEGORIES},
}
SEX_VALUES = {
    **dict.fromkeys(["L", "LK", "LAKI-LAKI", "LAKI LAKI", "LAKI", "PRIA", "M", "MALE", "1"], "L"),
    **dict.fromkeys(["P", "PR", "PEREMPUAN", "WANITA", "F", "FEMALE", "2"], "P"),
}
YES = ["YA", "Y", "1", "TRUE", "X", "V", "ADA", "YES"]
NO = ["", "TIDAK", "T", "0", "FALSE", "N", "NO", "-"]
MAX = {"name": 150, "address": 255, "occupation": 100}


@dataclass(frozen=True)
class Context:
    """What the checks compare against: the region list, the importer's scope, today."""

    villages: frozenset[str]
    districts: frozenset[str]
    scope_codes: tuple[str, ...] | None  # None: the whole country
    today: date
    defaults: dict[str, str]


@dataclass(frozen=True)
class Validated:
    valid: pl.DataFrame
    problems: pl.DataFrame
    rows: int


def _text(name: str) -> pl.Expr:
    return pl.col(name).cast(pl.String).str.strip_chars().fill_null("")


def normalise(raw: pl.DataFrame, defaults: dict[str, str]) -> pl.DataFrame:
    """Trim every cell, add absent columns (empty or the preset's default), number the lines
    as the operator sees them in the file (the header is line 1)."""
    frame = raw.with_row_index("line", offset=2)
    for name in FIELDS:
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit(defaults.get(name, "")).alias(name))
    frame = frame.select("line", *[_text(name).alias(name) for name in FIELDS])
    for name, value in defaults.items():
        frame = frame.with_columns(
            pl.when(pl.col(name) == "").then(pl.lit(value)).otherwise(pl.col(name)).alias(name)
        )
    return frame


def _nik_checks(nik: pl.Expr, today: date) -> dict[str, pl.Expr]:
    """The NIK's decoded parts and the first rule it breaks (`nik_rule`, null when valid)."""
    day_raw = nik.str.slice(6, 2).cast(pl.Int32, strict=False)
    month = nik.str.slice(8, 2).cast(pl.Int32, strict=False)
    year = nik.str.slice(10, 2).cast(pl.Int32, strict=False)
    female = day_raw > FEMALE_DAY_OFFSET
    day = pl.when(female).then(day_raw - FEMALE_DAY_OFFSET).otherwise(day_raw)

    def born_in(century: int) -> pl.Expr:
        text = pl.format(
            "{}-{}-{}",
            (year + century).cast(pl.String).str.zfill(4),
            month.cast(pl.String).str.zfill(2),
            day.cast(pl.String).str.zfill(2),
        )
        return text.str.to_date("%Y-%m-%d", strict=False)

    recent, older = born_in(2000), born_in(1900)
    born = (
        pl.when(recent.is_not_null() & (recent <= pl.lit(today)))
        .then(recent)
        .otherwise(pl.when(older <= pl.lit(today)).then(older))
    )
    rule = (
        pl.when(nik == "")
        .then(pl.lit("required"))
        .when(nik.str.len_chars() != 16)
        .then(pl.lit("nik_length"))
        .when(~nik.str.contains(r"^[0-9]{16}$"))
        .then(pl.lit("nik_digits"))
        .when(~nik.str.slice(0, 2).is_in(sorted(PROVINCES)))
        .then(pl.lit("nik_province"))
        .when(~month.is_between(1, 12) | born.is_null())
        .then(pl.lit("nik_birth_date"))
        .when(nik.str.slice(12, 4) == "0000")
        .then(pl.lit("nik_serial"))
    )
    return {
        "nik_rule": rule,
        "nik_birth": born,
        "nik_sex": pl.when(female).then(pl.lit("P")).otherwise(pl.lit("L")),
    }


def date_of(text: pl.Expr) -> pl.Expr:
    """YYYY-MM-DD (also with a time), DD-MM-YYYY, DD/MM/YYYY, or an Excel serial day number."""
    serial = pl.when(text.str.contains(r"^[0-9]{1,5}(\.0+)?$")).then(
        text.str.extract(r"^([0-9]+)", 1).cast(pl.Int64, strict=False)
    )
    from_serial = pl.lit(date(1899, 12, 30)) + pl.duration(days=serial)
    return pl.coalesce(
        text.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False),
        text.str.to_date("%d-%m-%Y", strict=False),
        text.str.to_date("%d/%m/%Y", strict=False),
        pl.when(serial.is_between(1, 80_000)).then(from_serial),
    )


def _whole_number(text: pl.Expr) -> pl.Expr:
    """`Rp 1.500.000`, `1,500,000`, `1500000,00` -> 1500000; anything else -> null."""
    cleaned = (
        text.str.to_uppercase()
        .str.replace(r"^RP\.?\s*", "")
        .str.replace(r"[.,]00$", "")
        .str.replace_all(r"[\s.,]", "")
    )
    return pl.when(cleaned.str.contains(r"^[0-9]{1,15}$")).then(cleaned.cast(pl.Int64))


def _in_scope(village: pl.Expr, scope_codes: tuple[str, ...] | None) -> pl.Expr:
    if scope_codes is None:
        return pl.lit(True)
    inside = pl.lit(False)
    for code in scope_codes:
        inside = inside | (village == code) | village.str.starts_with(code + ".")
    return inside


def validate(raw: pl.DataFrame, context: Context) -> Validated:
    """Check every rule on every row at once; see the module docstring."""
    frame = normalise(raw, context.defaults)
    nik = pl.col("nik").str.replace_all(r"[\s.\-]", "")
    village_digits = pl.col("village").str.replace_all(r"[^0-9]", "")
    # Lazy, so that Polars computes each shared part once (the NIK's date alone is used in five
    # places): the NIK checks of a million rows took 2.1 s eagerly, 1.2 s lazily.
    lazy = frame.lazy().with_columns(
        nik=nik,
        name=pl.col("name").str.replace_all(r"\s+", " "),
        sex_given=pl.col("sex").str.to_uppercase().replace_strict(SEX_VALUES, default=None),
        birth_given=date_of(pl.col("birth_date")),
        village_code=pl.when(village_digits.str.len_chars() == 10).then(
            pl.format(
                "{}.{}.{}.{}",
                village_digits.str.slice(0, 2),
                village_digits.str.slice(2, 2),
                village_digits.str.slice(4, 2),
                village_digits.str.slice(6, 4),
            )
        ),
        category_code=pl.col("category")
        .str.to_uppercase()
        .str.replace_all(r"[_\-]", " ")
        .str.replace_all(r"\s+", " ")
        .replace_strict(
            {alias.replace("_", " "): code for alias, code in CATEGORY_ALIASES.items()},
            default=None,
        ),
        income_value=_whole_number(pl.col("income")),
        phone_digits=pl.col("phone").str.replace_all(r"[\s\-().]", "").str.replace(r"^\+?62", "0"),
        desil_value=pl.col("desil").cast(pl.Int32, strict=False),
        p3ke_flag=pl.col("in_p3ke").str.to_uppercase(),
        dtks_flag=pl.col("in_dtks").str.to_uppercase(),
    )
    frame = (
        lazy.with_columns(**_nik_checks(pl.col("nik"), context.today))
        .with_columns(
            first_line=pl.col("line").min().over("nik"),
            birth=pl.coalesce("birth_given", "nik_birth"),
            sex_code=pl.coalesce("sex_given", "nik_sex"),
        )
        .collect()
    )

    nik_ok = pl.col("nik_rule").is_null()
    villages = pl.Series(sorted(context.villages), dtype=pl.String).implode()
    districts = pl.Series(sorted(context.districts), dtype=pl.String).implode()
    issued_in = pl.format(
        "{}.{}.{}",
        pl.col("nik").str.slice(0, 2),
        pl.col("nik").str.slice(2, 2),
        pl.col("nik").str.slice(4, 2),
    )
    checks: list[tuple[str, str, pl.Expr, str]] = [
        # (field, rule, broken when, severity)
        ("nik", "nik", nik_ok.not_(), "error"),
        ("nik", "duplicate_in_file", nik_ok & (pl.col("line") != pl.col("first_line")), "error"),
        ("name", "required", pl.col("name") == "", "error"),
        ("name", "too_long", pl.col("name").str.len_chars() > MAX["name"], "error"),
        (
            "birth_date",
            "date_format",
            (pl.col("birth_date") != "") & pl.col("birth_given").is_null(),
            "error",
        ),
        (
            "birth_date",
            "nik_mismatch",
            nik_ok
            & pl.col("birth_given").is_not_null()
            & (
                (pl.col("birth_given").dt.day() != pl.col("nik_birth").dt.day())
                | (pl.col("birth_given").dt.month() != pl.col("nik_birth").dt.month())
                | (pl.col("birth_given").dt.year() % 100 != pl.col("nik_birth").dt.year() % 100)
            ),
            "error",
        ),
        ("birth_date", "in_future", pl.col("birth_given") > pl.lit(context.today), "error"),
        ("sex", "sex_value", (pl.col("sex") != "") & pl.col("sex_given").is_null(), "error"),
        (
            "sex",
            "nik_mismatch",
            nik_ok & pl.col("sex_given").is_not_null() & (pl.col("sex_given") != pl.col("nik_sex")),
            "error",
        ),
        ("village", "required", pl.col("village") == "", "error"),
        (
            "village",
            "unknown_village",
            (pl.col("village") != "")
            & (pl.col("village_code").is_null() | ~pl.col("village_code").is_in(villages)),
            "error",
        ),
        (
            "village",
            "out_of_scope",
            pl.col("village_code").is_in(villages)
            & ~_in_scope(pl.col("village_code"), context.scope_codes),
            "error",
        ),
        ("category", "category_value", pl.col("category_code").is_null(), "error"),
        ("income", "number", (pl.col("income") != "") & pl.col("income_value").is_null(), "error"),
        (
            "phone",
            "phone",
            (pl.col("phone") != "") & ~pl.col("phone_digits").str.contains(r"^[0-9]{8,15}$"),
            "error",
        ),
        (
            "desil",
            "desil",
            (pl.col("desil") != "") & ~pl.col("desil_value").is_between(1, 10).fill_null(False),
            "error",
        ),
        ("in_p3ke", "yes_no", ~pl.col("p3ke_flag").is_in(YES + NO), "error"),
        ("in_dtks", "yes_no", ~pl.col("dtks_flag").is_in(YES + NO), "error"),
        ("address", "too_long", pl.col("address").str.len_chars() > MAX["address"], "error"),
        (
            "occupation",
            "too_long",
            pl.col("occupation").str.len_chars() > MAX["occupation"],
            "error",
        ),
        ("nik", "nik_region_unknown", nik_ok & ~issued_in.is_in(districts), "warning"),
        # PostgreSQL refuses a NUL in text (and SQLite would keep it): the row is refused.
        *[
            (name, "nul_character", pl.col(name).str.contains("\x00", literal=True), "error")
            for name in FIELDS
        ],
    ]
    problems = pl.concat(
        [
            frame.filter(broken).select(
                "line",
                field=pl.lit(field),
                value=pl.col(field).str.replace_all("\x00", "\u2400", literal=True),
                rule=pl.col("nik_rule") if rule == "nik" else pl.lit(rule),
                severity=pl.lit(severity),
                first_line=pl.col("first_line"),
            )
            for field, rule, broken, severity in checks
        ],
        how="vertical",
    ).sort("line", "field")
    rejected = problems.filter(pl.col("severity") == "error").select("line").unique()
    valid = frame.join(rejected, on="line", how="anti").select(
        "line",
        "nik",
        "name",
        name_normalised=normalised_name(pl.col("name")),
        birth_date=pl.col("birth"),
        sex=pl.col("sex_code"),
        village_id=pl.col("village_code"),
        province_code=pl.col("village_code").str.slice(0, 2),
        address=pl.col("address"),
        phone=pl.col("phone_digits"),
        occupation=pl.col("occupation"),
        income=pl.col("income_value"),
        category=pl.col("category_code"),
        in_p3ke=pl.col("p3ke_flag").is_in(YES),
        in_dtks=pl.col("dtks_flag").is_in(YES),
        desil=pl.col("desil_value"),
    )
    return Validated(valid=valid, problems=problems, rows=frame.height)


def normalised_name(name: pl.Expr) -> pl.Expr:
    """Upper case, without honorifics, degrees after a comma, punctuation or double spaces:
    `"Hj. Siti  Aminah, S.Pd."` -> `"SITI AMINAH"`."""
    return (
        name.str.to_uppercase()
        .str.replace(r",.*$", "")
        .str.strip_chars()
        .str.replace(TITLES_BEFORE.pattern, "")
        .str.replace_all(r"[^A-Z ]", " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )
