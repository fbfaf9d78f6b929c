"""Reading the files of bases (denominators), targets and BPJS participant counts: every cell
checked column-wise with Polars; a file with any broken rule is refused whole, naming each
line (the header is line 1), the column as the file names it, and the rule."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindungi.core.columns import Column, header_map, normalise_header
from lindungi.core.errors import ValidationFailed
from lindungi.core.scopes import Scope
from lindungi.core.tabular import file_refused, read_table
from lindungi.coverage.models import DenominatorKind
from lindungi.regions.models import Region
from lindungi.workers.importing.validation import date_of
from lindungi.workers.models import Category

MAX_SOURCE = 300

RULES = {
    "required": gettext_lazy("must be filled in"),
    "unknown_region": gettext_lazy("is not a region code of the Kemendagri list"),
    "out_of_scope": gettext_lazy("lies outside your area"),
    "year": gettext_lazy("must be a year from 2000 to 2100"),
    "count": gettext_lazy("must be a whole number of workers above 0"),
    "count_or_zero": gettext_lazy("must be a whole number of participants (0 or more)"),
    "percent": gettext_lazy("must be a percentage above 0 and at most 100 (e.g. 62,93)"),
    "date_format": gettext_lazy("is not a date (use YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY)"),
    "month_format": gettext_lazy("is not a month (use YYYY-MM)"),
    "kind_value": gettext_lazy(
        "must be eligible (BPJS's base) or working_population (BPS Sakernas)"
    ),
    "category_value": gettext_lazy("must be empty (all) or PU, BPU, JAKON, PMI, MAGANG, ..."),
    "too_long": gettext_lazy("is too long"),
    "duplicate_in_file": gettext_lazy("repeats the region and period of an earlier line"),
}

# Every column a file of figures may have, the template's titles first (`core.columns`); the
# importer reads these titles and the others listed, in Indonesian and English.
COLUMNS = {
    column.field: column
    for column in (
        Column(
            "region",
            "Kode wilayah",
            ("region", "region_code", "kode", "kode_wilayah", "kode_kemendagri", "wilayah"),
            required=True,
            fmt=gettext_lazy("Kemendagri code (32.11 or 3211), or ID for Indonesia"),
            example="32.11",
            rule=gettext_lazy("a region inside your area"),
        ),
        Column(
            "year",
            "Tahun",
            ("year", "tahun"),
            required=True,
            fmt=gettext_lazy("a year"),
            example="2026",
            rule=RULES["year"],
        ),
        Column(
            "month",
            "Bulan",
            ("month", "bulan", "periode"),
            required=True,
            fmt=gettext_lazy("YYYY-MM"),
            example="2026-01",
            rule=gettext_lazy("the month the count is for"),
        ),
        Column(
            "kind",
            "Jenis",
            ("kind", "base", "jenis", "basis", "dasar"),
            fmt=gettext_lazy("BPJS (eligible workers) or BPS (working population, Sakernas)"),
            example="BPS",
            rule=gettext_lazy("empty: the kind chosen on the import page"),
        ),
        Column(
            "value",
            "Nilai",
            ("value", "nilai", "jumlah", "workers", "pekerja"),
            required=True,
            fmt=gettext_lazy("a whole number (397.749)"),
            example="397.749",
            rule=RULES["count"],
        ),
        Column(
            "count",
            "Jumlah peserta",
            ("count", "participants", "peserta", "jumlah_peserta"),
            required=True,
            fmt=gettext_lazy("a whole number (0 or more)"),
            example="120.000",
            rule=RULES["count_or_zero"],
        ),
        Column(
            "percent",
            "Persen sasaran",
            ("percent", "target", "persen", "target_persen"),
            required=True,
            fmt=gettext_lazy("a percentage (62,93)"),
            example="62,93",
            rule=RULES["percent"],
        ),
        Column(
            "source",
            "Sumber",
            ("source", "sumber"),
            required=True,
            fmt=gettext_lazy("text, at most 300 characters"),
            example="BPS Sakernas Agustus 2025",
            rule=gettext_lazy("where the figure comes from"),
        ),
        Column(
            "date",
            "Tanggal data",
            ("date", "as_of", "tanggal", "per_tanggal", "tanggal_data"),
            required=True,
            fmt=gettext_lazy("date: YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY"),
            example="2025-08-31",
            rule=gettext_lazy("the date the figure was published for"),
        ),
        Column(
            "category",
            "Kategori",
            ("category", "kategori", "segmen"),
            fmt=gettext_lazy("PU, BPU, JAKON, PMI, MAGANG or KERJA_PRAKTEK; empty for all"),
            example="BPU",
            rule=RULES["category_value"],
        ),
    )
}
# Normalised header -> field; Indonesian and English.
ALIASES: dict[str, str] = header_map(COLUMNS.values())
KIND_ALIASES = {
    **dict.fromkeys(["ELIGIBLE", "BPJS", "PEKERJA_ELIGIBLE"], DenominatorKind.ELIGIBLE),
    **dict.fromkeys(
        ["WORKING_POPULATION", "SAKERNAS", "BPS", "BEKERJA", "PENDUDUK_BEKERJA"],
        DenominatorKind.WORKING_POPULATION,
    ),
}


@dataclass(frozen=True)
class FileKind:
    fields: tuple[str, ...]  # read from the file; required as their column says
    key: tuple[str, ...]  # what may appear once per file

    @property
    def columns(self) -> tuple[Column, ...]:
        """The file's columns, as its template writes them."""
        return tuple(COLUMNS[field] for field in self.fields)

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(field for field in self.fields if not COLUMNS[field].required)


DENOMINATORS = FileKind(
    ("region", "year", "kind", "value", "source", "date"), ("region", "year", "kind")
)
TARGETS = FileKind(("region", "year", "percent", "source"), ("region", "year"))
PARTICIPANTS = FileKind(
    ("region", "month", "category", "count", "source"), ("region", "month", "category")
)


def _headers(raw: pl.DataFrame, kind: FileKind, defaults: dict[str, str]) -> dict[str, str]:
    """Field -> the file's header for it; ValidationFailed naming a missing column."""
    found: dict[str, str] = {}
    for header in raw.columns:
        field = ALIASES.get(normalise_header(header))
        if field in kind.fields and field not in found:
            found[field] = header
    for field in kind.fields:
        if field not in found and field not in kind.optional and field not in defaults:
            raise ValidationFailed(
                _("No %(field)s column found. Columns in the file: %(columns)s")
                % {"field": field, "columns": ", ".join(raw.columns[:20])},
                field=field,
            )
    if raw.height == 0:
        raise ValidationFailed(_("The file has no rows"), field="file")
    return found


def _whole(text: pl.Expr) -> pl.Expr:
    """`397.749`, `397,749`, `397 749` -> 397749; anything else -> null."""
    cleaned = text.str.replace_all(r"[\s.,]", "")
    plain = text.str.contains(r"^[0-9]{1,3}([.,\s][0-9]{3})*$") | text.str.contains(r"^[0-9]+$")
    return pl.when(plain & cleaned.str.contains(r"^[0-9]{1,12}$")).then(
        cleaned.cast(pl.Int64, strict=False)
    )


def _percent(text: pl.Expr) -> pl.Expr:
    """`62,93`, `62.93`, `62,93 %` -> 62.93 (as text: Decimal is made on write)."""
    cleaned = text.str.replace(r"\s*%$", "").str.replace(",", ".", literal=True)
    return pl.when(cleaned.str.contains(r"^[0-9]{1,3}(\.[0-9]{1,2})?$")).then(cleaned)


def _region(text: pl.Expr) -> pl.Expr:
    """A Kemendagri code, dotted (`32.11`) or as digits (`3211`, `3211152001`); "ID" (or
    "Indonesia") is the whole country, ""."""
    digits = text.str.replace_all(r"[\s.]", "")
    dotted = pl.concat_str(
        digits.str.slice(0, 2),
        pl.when(digits.str.len_chars() > 2).then(pl.lit(".") + digits.str.slice(2, 2)),
        pl.when(digits.str.len_chars() > 4).then(pl.lit(".") + digits.str.slice(4, 2)),
        pl.when(digits.str.len_chars() > 6).then(pl.lit(".") + digits.str.slice(6, 4)),
        ignore_nulls=True,
    )
    national = text.str.to_uppercase().is_in(["ID", "INDONESIA", "NASIONAL", "NATIONAL"])
    return (
        pl.when(national)
        .then(pl.lit(""))
        .when(digits.str.contains(r"^[0-9]+$"))
        .then(dotted)
        .otherwise(text)
    )


def _in_scope(region: pl.Expr, scope: Scope) -> pl.Expr:
    if scope.region_codes is None:
        return pl.lit(True)
    inside = pl.lit(False)
    for code in scope.region_codes:
        inside = inside | (region == code) | region.str.starts_with(code + ".")
    return inside


def read_checked(
    path: Path,
    kind: FileKind,
    scope: Scope,
    defaults: dict[str, str] | None = None,
    name: str | None = None,
) -> pl.DataFrame:
    """The file's rows as typed columns (`line`, and each field), or ValidationFailed listing
    every broken rule. `defaults` fill a field the file has no column for."""
    defaults = defaults or {}
    raw = read_table(path, name=name)
    headers = _headers(raw, kind, defaults)
    frame = raw.with_row_index("line", offset=2).select(
        pl.col("line").cast(pl.Int64),
        *[
            (
                pl.col(headers[field]).cast(pl.String).fill_null("").str.strip_chars()
                if field in headers
                else pl.lit(defaults.get(field, ""))
            ).alias(field)
            for field in kind.fields
        ],
    )
    checks: list[tuple[str, str, pl.Expr]] = []
    typed: dict[str, pl.Expr] = {}
    required = [f for f in kind.fields if f not in kind.optional]
    checks += [(field, "required", pl.col(field) == "") for field in required]
    if "region" in kind.fields:
        typed["region"] = _region(pl.col("region"))
        codes = frame.select(typed["region"].unique()).to_series().drop_nulls().to_list()
        known = ["", *Region.objects.filter(code__in=codes).values_list("code", flat=True)]
        filled = pl.col("region") != ""
        checks.append(("region", "unknown_region", filled & ~typed["region"].is_in(known)))
        checks.append(
            (
                "region",
                "out_of_scope",
                filled & typed["region"].is_in(known) & ~_in_scope(typed["region"], scope),
            )
        )
    if "year" in kind.fields:
        typed["year"] = pl.col("year").cast(pl.Int64, strict=False)
        checks.append(
            ("year", "year", (pl.col("year") != "") & ~typed["year"].is_between(2000, 2100))
        )
    if "month" in kind.fields:
        month_text = pl.col("month").str.replace(r"^([0-9]{4})[-/]([0-9]{1,2})$", "$1-$2-01")
        typed["month"] = date_of(month_text).dt.truncate("1mo")
        checks.append(("month", "month_format", (pl.col("month") != "") & typed["month"].is_null()))
    if "kind" in kind.fields:
        typed["kind"] = (
            pl.col("kind")
            .str.to_uppercase()
            .str.replace_all(r"[^A-Z]+", "_")
            .replace_strict(KIND_ALIASES, default=None)
        )
        checks.append(("kind", "kind_value", typed["kind"].is_null()))
    if "value" in kind.fields:
        typed["value"] = _whole(pl.col("value"))
        checks.append(
            ("value", "count", (pl.col("value") != "") & ~(typed["value"].fill_null(0) > 0))
        )
    if "count" in kind.fields:
        typed["count"] = _whole(pl.col("count"))
        checks.append(
            ("count", "count_or_zero", (pl.col("count") != "") & typed["count"].is_null())
        )
    if "percent" in kind.fields:
        typed["percent"] = _percent(pl.col("percent"))
        number = typed["percent"].cast(pl.Float64, strict=False)
        checks.append(
            (
                "percent",
                "percent",
                (pl.col("percent") != "") & ~(number.fill_null(0).is_between(0, 100, "right")),
            )
        )
    if "date" in kind.fields:
        typed["date"] = date_of(pl.col("date"))
        checks.append(("date", "date_format", (pl.col("date") != "") & typed["date"].is_null()))
    if "category" in kind.fields:
        typed["category"] = pl.col("category").str.to_uppercase()
        checks.append(
            (
                "category",
                "category_value",
                (pl.col("category") != "") & ~typed["category"].is_in(Category.values),
            )
        )
    if "source" in kind.fields:
        checks.append(("source", "too_long", pl.col("source").str.len_chars() > MAX_SOURCE))
    first = pl.col("line").min().over([typed.get(key, pl.col(key)) for key in kind.key])
    checks.append((kind.key[0], "duplicate_in_file", pl.col("line") != first))
    problems = pl.concat(
        [
            frame.filter(broken.fill_null(False)).select(
                "line", field=pl.lit(field), rule=pl.lit(rule)
            )
            for field, rule, broken in checks
        ]
    ).unique(["line", "field"], keep="first", maintain_order=True)
    if problems.height:
        raise file_refused(
            problems, columns=headers, rules=RULES, code="coverage.file_rules_broken"
        )
    return frame.with_columns(**typed)


def as_date(value: date | None) -> date:
    if value is None:  # never: a row without its date was refused
        raise ValueError("a checked row has a date")
    return value
