"""Importing a regency's employers from CSV or XLSX (BPJS's or the licensing office's list):
every cell checked column-wise with Polars; a file with any broken rule is refused whole,
naming each line (the header is line 1), the column as the file names it, and the rule.
A re-import updates employers by their NIB."""

from dataclasses import dataclass
from pathlib import Path

import polars as pl
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindungi.accounts.models import User
from lindungi.compliance.models import Employer, EmployerStatus
from lindungi.compliance.permissions import may_enforce, may_import_employers
from lindungi.core.audit import Action, audit_record
from lindungi.core.columns import Column, header_map, normalise_header
from lindungi.core.errors import PermissionDenied, ValidationFailed
from lindungi.core.imports import import_recorded
from lindungi.core.scopes import Scope
from lindungi.core.tabular import file_refused, read_table
from lindungi.regions.models import Level, Region

RULES = {
    "required": gettext_lazy("must be filled in"),
    "nib": gettext_lazy("must be an NIB of 13 digits"),
    "region": gettext_lazy("must be a regency or city code inside your area (e.g. 32.11)"),
    "count": gettext_lazy("must be a whole number (0 or more)"),
    "amount": gettext_lazy("must be an amount in whole Rupiah (0 or more)"),
    "status": gettext_lazy(
        "must be not_registered, partial, full or arrears (belum terdaftar, sebagian, "
        "penuh, menunggak)"
    ),
    "arrears_amount": gettext_lazy("must be above 0 for an employer in arrears"),
    "too_long": gettext_lazy("is too long"),
    "duplicate_in_file": gettext_lazy("repeats the NIB of an earlier line"),
}
MAX_LENGTHS = {"name": 200, "sector": 200, "address": 300}

IMPORT_KIND = "pemberi-kerja"  # its records on the list of imports
# The columns of an employer list, the template's titles first (`core.columns`); the importer
# reads these titles and the others listed, in Indonesian and English.
COLUMNS = (
    Column(
        "nib",
        "NIB",
        ("nib", "nomor_induk_berusaha", "no_nib"),
        required=True,
        fmt=gettext_lazy("13 digits"),
        example="1234567890123",
        rule=gettext_lazy("once per file; an employer already recorded is updated"),
    ),
    Column(
        "name",
        "Nama perusahaan",
        ("name", "nama", "nama_perusahaan", "perusahaan", "company", "employer"),
        required=True,
        fmt=gettext_lazy("text, at most 200 characters"),
        example="CV Maju Bersama",
    ),
    Column(
        "sector",
        "Sektor",
        ("sector", "sektor", "kbli", "bidang_usaha", "lapangan_usaha"),
        fmt=gettext_lazy("text, at most 200 characters"),
        example="Perdagangan",
    ),
    Column(
        "address",
        "Alamat",
        ("address", "alamat"),
        fmt=gettext_lazy("text, at most 300 characters"),
        example="Jl. Prabu Geusan Ulun 10",
    ),
    Column(
        "region",
        "Kode wilayah",
        ("region", "region_code", "kode_wilayah", "kode_kabupaten", "kabupaten_kota"),
        fmt=gettext_lazy("regency or city code (e.g. 32.11)"),
        example="32.11",
        rule=gettext_lazy("inside your area; empty: your own regency"),
    ),
    Column(
        "workers",
        "Jumlah pekerja",
        ("workers", "jumlah_pekerja", "tenaga_kerja", "jumlah_tenaga_kerja", "pekerja"),
        fmt=gettext_lazy("a whole number (0 or more)"),
        example="12",
    ),
    Column(
        "status",
        "Status",
        ("status", "status_bpjs", "status_kepesertaan", "registration_status"),
        required=True,
        fmt=gettext_lazy("belum terdaftar, sebagian, penuh or menunggak"),
        example="menunggak",
        rule=gettext_lazy("the employer's registration with BPJS"),
    ),
    Column(
        "arrears",
        "Tunggakan",
        ("arrears", "tunggakan", "jumlah_tunggakan", "nilai_tunggakan"),
        fmt=gettext_lazy("whole Rupiah (0 or more)"),
        example="1.250.000",
        rule=gettext_lazy("above 0 for an employer in arrears"),
    ),
)
FIELDS = tuple(column.field for column in COLUMNS)
REQUIRED = tuple(column.field for column in COLUMNS if column.required)
# Normalised header -> field; Indonesian and English.
ALIASES: dict[str, str] = header_map(COLUMNS)
STATUS_ALIASES = {
    **dict.fromkeys(
        ["NOT_REGISTERED", "BELUM_TERDAFTAR", "BELUM", "TIDAK_TERDAFTAR", "PDS_NON_PESERTA"],
        EmployerStatus.NOT_REGISTERED.value,
    ),
    **dict.fromkeys(
        ["PARTIAL", "SEBAGIAN", "TERDAFTAR_SEBAGIAN", "PDS", "PDS_TK", "PARTLY_REGISTERED"],
        EmployerStatus.PARTIAL.value,
    ),
    **dict.fromkeys(
        ["FULL", "PENUH", "TERDAFTAR", "TERDAFTAR_PENUH", "REGISTERED", "REGISTERED_FULLY"],
        EmployerStatus.FULL.value,
    ),
    **dict.fromkeys(
        ["ARREARS", "MENUNGGAK", "TUNGGAKAN", "IN_ARREARS"], EmployerStatus.ARREARS.value
    ),
}


@dataclass(frozen=True, slots=True)
class EmployersImported:
    created: int
    updated: int


def _whole(text: pl.Expr) -> pl.Expr:
    """`1.250.000`, `1,250,000`, `1 250 000`, `1250000` -> 1250000; anything else -> null."""
    cleaned = text.str.replace_all(r"[\s.,]", "")
    grouped = text.str.contains(r"^[0-9]{1,3}([.,\s][0-9]{3})*$") | text.str.contains(r"^[0-9]+$")
    return pl.when(grouped & cleaned.str.contains(r"^[0-9]{1,15}$")).then(
        cleaned.cast(pl.Int64, strict=False)
    )


def _dotted(text: pl.Expr) -> pl.Expr:
    """`3211` or `32.11` -> `32.11`."""
    digits = text.str.replace_all(r"[\s.]", "")
    return pl.when(digits.str.contains(r"^[0-9]{4}$")).then(
        digits.str.slice(0, 2) + pl.lit(".") + digits.str.slice(2, 2)
    )


def _default_region(scope: Scope) -> str:
    """The regency an employer without a region column belongs to: the importer's own."""
    if scope.region_codes and len(scope.region_codes) == 1:
        return scope.region_codes[0]
    return ""


def _checked(
    path: Path, scope: Scope, name: str | None = None
) -> tuple[pl.DataFrame, dict[str, str]]:
    raw = read_table(path, name=name)
    headers: dict[str, str] = {}
    for header in raw.columns:
        field = ALIASES.get(normalise_header(header))
        if field is not None and field not in headers:
            headers[field] = header
    for field in REQUIRED:
        if field not in headers:
            raise ValidationFailed(
                _("No %(field)s column found. Columns in the file: %(columns)s")
                % {"field": field, "columns": ", ".join(raw.columns[:20])},
                field=field,
            )
    if raw.height == 0:
        raise ValidationFailed(_("The file has no rows"), field="file")
    default_region = _default_region(scope)
    frame = raw.with_row_index("line", offset=2).select(
        pl.col("line").cast(pl.Int64),
        *[
            (
                pl.col(headers[field]).cast(pl.String).fill_null("").str.strip_chars()
                if field in headers
                else pl.lit("")
            ).alias(field)
            for field in FIELDS
        ],
    )
    region_text = (
        pl.when(pl.col("region") == "").then(pl.lit(default_region)).otherwise(pl.col("region"))
    )
    typed = {
        "nib": pl.col("nib").str.replace_all(r"[\s.-]", ""),
        "region": _dotted(region_text),
        "workers": pl.when(pl.col("workers") == "").then(0).otherwise(_whole(pl.col("workers"))),
        "arrears": pl.when(pl.col("arrears") == "").then(0).otherwise(_whole(pl.col("arrears"))),
        "status": pl.col("status")
        .str.to_uppercase()
        .str.replace_all(r"[^A-Z]+", "_")
        .str.strip_chars("_")
        .replace_strict(STATUS_ALIASES, default=None),
    }
    codes = frame.select(typed["region"].unique()).to_series().drop_nulls().to_list()
    allowed = [
        code
        for code in Region.objects.filter(code__in=codes, level=Level.REGENCY).values_list(
            "code", flat=True
        )
        if may_enforce(scope, code)
    ]
    checks: list[tuple[str, str, pl.Expr]] = [
        *[(field, "required", pl.col(field) == "") for field in REQUIRED],
        ("nib", "nib", (pl.col("nib") != "") & ~typed["nib"].str.contains(r"^[0-9]{13}$")),
        ("region", "region", ~typed["region"].is_in(allowed).fill_null(False)),
        ("workers", "count", typed["workers"].is_null()),
        ("arrears", "amount", typed["arrears"].is_null()),
        ("status", "status", (pl.col("status") != "") & typed["status"].is_null()),
        (
            "arrears",
            "arrears_amount",
            (typed["status"] == EmployerStatus.ARREARS.value) & (typed["arrears"] == 0),
        ),
        *[
            (field, "too_long", pl.col(field).str.len_chars() > length)
            for field, length in MAX_LENGTHS.items()
        ],
        (
            "nib",
            "duplicate_in_file",
            (pl.col("nib") != "")
            & (pl.col("line") != pl.col("line").min().over(typed["region"], typed["nib"])),
        ),
    ]
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
            problems, columns=headers, rules=RULES, code="employer.file_rules_broken"
        )
    return frame.with_columns(**typed), headers


def employers_import(
    path: Path, actor: User | None, scope: Scope, name: str | None = None
) -> EmployersImported:
    """Create or update (by regency and NIB) the employers of a file, all or nothing. Written
    by the regional admin or a BPJS officer for their regency; one audit event with counts."""
    if not may_import_employers(scope):
        raise PermissionDenied(
            _("Only the regional admin or BPJS records employers and referrals of this region"),
            code="employer.write_denied",
        )
    path = Path(path)
    with import_recorded(kind=IMPORT_KIND, name=name or path.name, actor=actor, scope=scope) as log:
        result = _imported(path, actor, scope, name)
        log.rows, log.created = result.created + result.updated, result.created
    return result


@transaction.atomic
def _imported(path: Path, actor: User | None, scope: Scope, name: str | None) -> EmployersImported:
    valid, _headers = _checked(path, scope, name)
    rows = valid.select(FIELDS).to_dicts()
    keys = {(row["region"], row["nib"]) for row in rows}
    regions = {code for code, _ in keys}
    existing = {
        key
        for key in Employer.objects.filter(region_id__in=regions).values_list("region_id", "nib")
        if key in keys
    }
    Employer.objects.bulk_create(
        [
            Employer(
                region_id=row["region"],
                nib=row["nib"],
                name=" ".join(row["name"].split()),
                sector=row["sector"],
                address=row["address"],
                workers=row["workers"],
                status=row["status"],
                arrears=row["arrears"],
            )
            for row in rows
        ],
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["region", "nib"],
        update_fields=["name", "sector", "address", "workers", "status", "arrears", "updated_at"],
    )
    result = EmployersImported(created=len(keys) - len(existing), updated=len(existing))
    for code in sorted(regions):
        audit_record(
            actor=actor,
            action=Action.EMPLOYER_IMPORT,
            object_type="employer",
            region_code=code,
            details={
                "file": name or path.name,
                "created": result.created,
                "updated": result.updated,
            },
        )
    return result
