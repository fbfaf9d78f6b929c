"""The format of a BPJS payment statement (rekening koran / laporan pembayaran): its columns
in Indonesian or English, and the rules each row keeps. Polars reads and checks the file; a file
that breaks a rule is refused whole, naming line, column and rule (`ValidationFailed`, with the
problems in its details)."""

from datetime import date

import polars as pl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindungi.core.columns import Column, header_map, normalise_header
from lindungi.core.errors import ValidationFailed
from lindungi.core.tabular import file_refused
from lindungi.workers.importing.messages import RULES as WORKER_RULES
from lindungi.workers.importing.validation import date_of

# The columns of a statement, the template's titles first (`core.columns`); the importer reads
# these titles and the others listed, in Indonesian and English.
COLUMNS = (
    Column(
        "reference",
        "No tagihan",
        (
            "reference",
            "ref",
            "referensi",
            "no_referensi",
            "nomor_referensi",
            "no_tagihan",
            "nomor_tagihan",
            "kode_tagihan",
            "tagihan",
            "bill",
            "bill_number",
            "bill_no",
            "invoice",
            "invoice_number",
            "no_invoice",
            "kode_bayar",
            "kode_pembayaran",
        ),
        required=True,
        fmt=gettext_lazy("the bill's number, at most 60 characters"),
        example="TAG-3211-202601-000123",
        rule=gettext_lazy(
            "a row matches a bill when the number is the bill's and the amount is what it "
            "still owes; other rows are kept for a person to resolve"
        ),
    ),
    Column(
        "amount",
        "Jumlah",
        (
            "amount",
            "jumlah",
            "jumlah_bayar",
            "jumlah_pembayaran",
            "jumlah_iuran",
            "nominal",
            "nilai",
            "iuran",
            "paid_amount",
            "amount_paid",
            "total",
            "total_bayar",
        ),
        required=True,
        fmt=gettext_lazy("whole Rupiah: 16.800 or Rp 16.800"),
        example="16.800",
        rule=gettext_lazy("above zero"),
    ),
    Column(
        "paid_on",
        "Tanggal bayar",
        (
            "date",
            "tanggal",
            "tgl",
            "tanggal_bayar",
            "tgl_bayar",
            "tanggal_pembayaran",
            "tgl_pembayaran",
            "tanggal_transaksi",
            "tgl_transaksi",
            "paid_on",
            "payment_date",
            "paid_date",
            "value_date",
            "transaction_date",
        ),
        required=True,
        fmt=gettext_lazy("date: YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY"),
        example="2025-12-20",
        rule=gettext_lazy("not in the future"),
    ),
)
FIELDS = tuple(column.field for column in COLUMNS)
# Normalised header (lower case, words joined by "_") -> field; Indonesian and English.
ALIASES: dict[str, str] = header_map(COLUMNS)
RULES = {
    "required": WORKER_RULES["required"],
    "date_format": WORKER_RULES["date_format"],
    "amount_format": gettext_lazy(
        "is not an amount in whole Rupiah above zero (e.g. 16800, 16.800 or Rp 16.800)"
    ),
    "date_future": gettext_lazy("is a date in the future"),
    "reference_length": gettext_lazy("is longer than 60 characters"),
}


def mapped_columns(raw: pl.DataFrame) -> dict[str, str]:
    """The file's header -> field, first match wins; refuse a file without the three columns."""
    mapped: dict[str, str] = {}
    for header in raw.columns:
        target = ALIASES.get(normalise_header(header))
        if target and target not in mapped.values():
            mapped[header] = target
    missing = [name for name in FIELDS if name not in mapped.values()]
    if missing:
        wanted = {
            "reference": _("reference (no tagihan)"),
            "amount": _("amount (jumlah)"),
            "paid_on": _("date (tanggal)"),
        }
        raise ValidationFailed(
            _("The statement needs the columns %(missing)s. Columns in the file: %(columns)s")
            % {
                "missing": ", ".join(wanted[name] for name in missing),
                "columns": ", ".join(raw.columns[:20]),
            },
            code="statement.missing_columns",
            field="file",
            missing=missing,
        )
    if raw.height == 0:
        raise ValidationFailed(_("The file has no rows"), code="statement.empty", field="file")
    return mapped


def amount_of(text: pl.Expr) -> pl.Expr:
    """`16800`, `16.800`, `16,800`, `Rp 16.800`, `16800,00` -> 16800; anything else -> null
    (never a guess: `16.80` or `1.68` are not amounts in Rupiah)."""
    cleaned = text.str.to_uppercase().str.replace(r"^RP\.?\s*", "").str.replace_all(r"\s", "")
    cleaned = cleaned.str.replace(r"[.,]00$", "")
    whole = (
        cleaned.str.contains(r"^[0-9]{1,15}$")
        | cleaned.str.contains(r"^[0-9]{1,3}(\.[0-9]{3})+$")
        | cleaned.str.contains(r"^[0-9]{1,3}(,[0-9]{3})+$")
    )
    return pl.when(whole).then(cleaned.str.replace_all(r"[.,]", "").cast(pl.Int64, strict=False))


def checked_rows(frame: pl.DataFrame, headers: dict[str, str], today: date) -> pl.DataFrame:
    """Rows (line, reference, amount, paid_on, duplicate), or ValidationFailed naming every
    broken rule. Lines are numbered as the user sees them: the header is line 1."""
    frame = frame.with_row_index("line", offset=2)
    text = {name: pl.col(name).cast(pl.String).fill_null("").str.strip_chars() for name in FIELDS}
    frame = frame.select(
        pl.col("line").cast(pl.Int64),
        reference=text["reference"]
        .str.replace(r"^'", "")
        .str.replace_all(r"\s", "")
        .str.to_uppercase(),
        amount_text=text["amount"],
        amount=amount_of(text["amount"]),
        date_text=text["paid_on"],
        paid_on=date_of(text["paid_on"]),
    )
    checks: list[tuple[str, str, pl.Expr]] = [
        ("reference", "required", pl.col("reference") == ""),
        ("reference", "reference_length", pl.col("reference").str.len_chars() > 60),
        ("amount", "required", pl.col("amount_text") == ""),
        (
            "amount",
            "amount_format",
            (pl.col("amount_text") != "") & (pl.col("amount").is_null() | (pl.col("amount") <= 0)),
        ),
        ("paid_on", "required", pl.col("date_text") == ""),
        ("paid_on", "date_format", (pl.col("date_text") != "") & pl.col("paid_on").is_null()),
        ("paid_on", "date_future", pl.col("paid_on") > pl.lit(today)),
    ]
    problems = pl.concat(
        [
            frame.filter(broken).select("line", field=pl.lit(name), rule=pl.lit(rule))
            for name, rule, broken in checks
        ]
    )
    if problems.height:
        raise file_refused(
            problems,
            columns={field: header for header, field in headers.items()},
            rules=RULES,
            code="statement.rules_broken",
        )
    return frame.select(
        "line",
        "reference",
        "amount",
        "paid_on",
        duplicate=pl.col("line") != pl.col("line").min().over("reference"),
    )
