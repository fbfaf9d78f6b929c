"""Reading BPJS's confirmation file (CSV or XLSX) and checking every rule column-wise with
Polars (docs/bpjs-exchange.md): its headers in Indonesian or English mapped to our fields, and a
file with line/column/rule problems refused whole, each problem named."""

import polars as pl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindungi.core.columns import Column, header_map, normalise_header
from lindungi.core.errors import ValidationFailed
from lindungi.core.tabular import file_refused
from lindungi.workers.importing.messages import RULES as WORKER_RULES
from lindungi.workers.importing.validation import date_of

FIELDS = ("nik", "kpj", "start_date", "reason", "note", "status")
# The columns of BPJS's answer, the template's titles first (`core.columns`); the importer
# reads these titles and the others listed, in Indonesian and English.
COLUMNS = (
    Column(
        "nik",
        "NIK",
        ("nik", "no_nik", "nomor_nik", "no_ktp", "nomor_ktp", "nomor_induk_kependudukan"),
        required=True,
        fmt=gettext_lazy("16 digits, as on the KTP"),
        example="3171014707859999",
        rule=gettext_lazy("a worker sent to BPJS in a batch, once per file"),
    ),
    Column(
        "kpj",
        "KPJ",
        (
            "kpj",
            "no_kpj",
            "nomor_kpj",
            "kpj_number",
            "no_peserta",
            "nomor_peserta",
            "no_kepesertaan",
            "nomor_kepesertaan",
            "membership_number",
            "member_number",
        ),
        fmt=gettext_lazy("8 to 16 digits; empty when BPJS rejected the row"),
        example="98765432101",
        rule=gettext_lazy("the membership number BPJS gave; held by no other worker"),
    ),
    Column(
        "start_date",
        "Tanggal efektif",
        (
            "tanggal_efektif",
            "tgl_efektif",
            "tanggal_mulai",
            "tgl_mulai",
            "tanggal_kepesertaan",
            "tgl_kepesertaan",
            "tmt",
            "start_date",
            "effective_date",
        ),
        fmt=gettext_lazy("date: YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY"),
        example="2026-02-01",
        rule=gettext_lazy("must be filled in when the row has a KPJ"),
    ),
    Column(
        "reason",
        "Alasan",
        (
            "alasan",
            "alasan_tolak",
            "alasan_ditolak",
            "alasan_penolakan",
            "reason",
            "rejection_reason",
            "rejected_reason",
        ),
        fmt=gettext_lazy("text; empty when the row has a KPJ"),
        rule=gettext_lazy("why BPJS rejected the row; required when there is no KPJ"),
    ),
    Column(
        "note",
        "Keterangan",
        ("keterangan", "ket", "catatan", "note", "notes", "remarks"),
        fmt=gettext_lazy("text"),
        rule=gettext_lazy("read as the reason when there is no reason column"),
    ),
    Column(
        "status",
        "Status",
        ("status", "status_kepesertaan", "hasil"),
        fmt=gettext_lazy("AKTIF or DITOLAK (also DITERIMA, GAGAL …)"),
        example="AKTIF",
        rule=gettext_lazy("an accepted row has a KPJ, a rejected row has none"),
    ),
)
# Normalised header (lower case, words joined by "_") -> field; Indonesian and English.
ALIASES: dict[str, str] = header_map(COLUMNS)
# Words BPJS writes in a status column for an accepted or a rejected registration.
ACCEPTED = r"^(AKTIF|DITERIMA|BERHASIL|SUKSES|TERDAFTAR|ACTIVE|ACCEPTED|OK)\b"
REJECTED = r"^(DITOLAK|TOLAK|GAGAL|REJECTED|REJECT)\b"
RULES = {
    "required": WORKER_RULES["required"],
    "nik_length": WORKER_RULES["nik_length"],
    "nik_digits": WORKER_RULES["nik_digits"],
    "duplicate_in_file": WORKER_RULES["duplicate_in_file"],
    "date_format": WORKER_RULES["date_format"],
    "kpj_format": gettext_lazy("a KPJ has 8 to 16 digits and nothing else"),
    "kpj_repeated": gettext_lazy(
        "this KPJ already appears on an earlier line of the file, for another NIK"
    ),
    "kpj_taken": gettext_lazy("this KPJ belongs to another worker's enrolment"),
    "start_required": gettext_lazy("must be filled in when the row has a KPJ"),
    "outcome_missing": gettext_lazy(
        "give either the KPJ and its start date, or the reason BPJS rejected the row"
    ),
    "accepted_without_kpj": gettext_lazy("the row says it was accepted but has no KPJ"),
    "rejected_with_kpj": gettext_lazy("the row has a KPJ but says it was rejected"),
}


def mapped(raw: pl.DataFrame) -> dict[str, str]:
    """The file's header -> field, first match wins; refuse a file that cannot be an answer."""
    mapped: dict[str, str] = {}
    for header in raw.columns:
        field = ALIASES.get(normalise_header(header))
        if field and field not in mapped.values():
            mapped[header] = field
    found = set(mapped.values())
    columns = ", ".join(raw.columns[:20])
    if "nik" not in found:
        raise ValidationFailed(
            _("No NIK column found. Columns in the file: %(columns)s") % {"columns": columns},
            field="nik",
        )
    if not found & {"kpj", "reason", "note", "status"}:
        raise ValidationFailed(
            _(
                "No KPJ column and no column with BPJS's reason (keterangan, alasan) found. "
                "Columns in the file: %(columns)s"
            )
            % {"columns": columns},
            field="kpj",
        )
    if "kpj" in found and "start_date" not in found:
        raise ValidationFailed(
            _(
                "The file has a KPJ column but no start date column (tanggal efektif, "
                "tgl_mulai or start_date). Columns in the file: %(columns)s"
            )
            % {"columns": columns},
            field="start_date",
        )
    if raw.height == 0:
        raise ValidationFailed(_("The file has no rows"), field="file")
    return mapped


def checked(frame: pl.DataFrame, headers: dict[str, str]) -> pl.DataFrame:
    """Normalised rows (line, nik, kpj, start_date, reason), or ValidationFailed naming every
    broken rule. Lines are numbered as the user sees them: the header is line 1."""
    frame = frame.with_row_index("line", offset=2)
    for name in FIELDS:
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit("").alias(name))
    text = {name: pl.col(name).cast(pl.String).fill_null("").str.strip_chars() for name in FIELDS}
    frame = frame.select(
        pl.col("line").cast(pl.Int64),
        # A leading apostrophe is how people keep Excel from turning numbers into numbers.
        nik=text["nik"].str.replace_all(r"^'|[\s.\-]", ""),
        kpj=text["kpj"].str.replace_all(r"^'|[\s.\-]", ""),
        start_text=text["start_date"],
        start_date=date_of(text["start_date"]),
        reason=pl.coalesce(
            *[pl.when(text[name] != "").then(text[name]) for name in ("reason", "note", "status")],
            pl.lit(""),
        ).str.replace_all(r"\s+", " "),
        said=pl.concat_str(text["status"], text["note"], separator=" ")
        .str.strip_chars()
        .str.to_uppercase(),
    )
    frame = frame.with_columns(
        nik_ok=pl.col("nik").str.contains(r"^[0-9]{16}$"),
        nik_first=pl.col("line").min().over("nik"),
        kpj_first=pl.when(pl.col("kpj") != "").then(pl.col("line").min().over("kpj")),
        kpj_first_nik=pl.when(pl.col("kpj") != "").then(pl.col("nik").first().over("kpj")),
    )
    has_kpj = pl.col("kpj") != ""
    checks: list[tuple[str, str, pl.Expr]] = [
        ("nik", "required", pl.col("nik") == ""),
        ("nik", "nik_length", (pl.col("nik") != "") & (pl.col("nik").str.len_chars() != 16)),
        (
            "nik",
            "nik_digits",
            (pl.col("nik").str.len_chars() == 16) & ~pl.col("nik").str.contains(r"^[0-9]+$"),
        ),
        ("nik", "duplicate_in_file", pl.col("nik_ok") & (pl.col("line") != pl.col("nik_first"))),
        ("kpj", "kpj_format", has_kpj & ~pl.col("kpj").str.contains(r"^[0-9]{8,16}$")),
        (
            "kpj",
            "kpj_repeated",
            has_kpj
            & (pl.col("line") != pl.col("kpj_first"))
            & (pl.col("nik") != pl.col("kpj_first_nik")),
        ),
        ("start_date", "start_required", has_kpj & (pl.col("start_text") == "")),
        (
            "start_date",
            "date_format",
            (pl.col("start_text") != "") & pl.col("start_date").is_null(),
        ),
        (
            "kpj" if "kpj" in headers.values() else "reason",
            "outcome_missing",
            ~has_kpj & (pl.col("reason") == ""),
        ),
        ("kpj", "accepted_without_kpj", ~has_kpj & pl.col("said").str.contains(ACCEPTED)),
        (
            "status" if "status" in headers.values() else "note",
            "rejected_with_kpj",
            has_kpj & pl.col("said").str.contains(REJECTED),
        ),
    ]
    problems = pl.concat(
        [
            frame.filter(broken).select("line", field=pl.lit(field), rule=pl.lit(rule))
            for field, rule, broken in checks
        ]
    )
    if problems.height:
        raise file_refused(
            problems,
            columns=columns_named(headers),
            rules=RULES,
            code="confirmation.file_rules_broken",
        )
    return frame.select(
        "line",
        "nik",
        "kpj",
        "start_date",
        reason=pl.when(pl.col("kpj") == "").then(pl.col("reason").str.slice(0, 300)),
    )


def columns_named(headers: dict[str, str]) -> dict[str, str]:
    """Field -> the column as the file names it (`headers` is the file's header -> field); the
    reason BPJS gives is read from the note or the status column when the file has no reason."""
    columns = {field: header for header, field in headers.items()}
    columns.setdefault("reason", columns.get("note", columns.get("status", "")))
    return columns
