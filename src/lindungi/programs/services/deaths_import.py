"""A list of deaths (from Dukcapil, the village's register, BPJS), imported: a CSV or XLSX
with a NIK and a date of death per row. Every rule is checked column-wise first; a file that
breaks one is refused whole, naming each line, column and rule, and nothing is written.
Otherwise every death is recorded through `endings.deaths_record` in one transaction: each
worker is marked dead and his enrolments end after the month of his death."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindungi.accounts.models import User
from lindungi.core.columns import Column, header_map, normalise_header
from lindungi.core.errors import PermissionDenied, ValidationFailed
from lindungi.core.imports import import_recorded
from lindungi.core.scopes import Scope
from lindungi.core.tabular import file_refused, read_table
from lindungi.programs.permissions import may_record_death
from lindungi.programs.services.endings import deaths_record, visible_workers
from lindungi.workers.importing.messages import RULES as WORKER_RULES
from lindungi.workers.importing.validation import date_of
from lindungi.workers.models import Worker

IMPORT_KIND = "kematian"  # its records on the list of imports
COLUMNS = (
    Column(
        "nik",
        "NIK",
        ("nik", "no_nik", "nomor_nik", "no_ktp", "nomor_ktp", "nomor_induk_kependudukan"),
        required=True,
        fmt=gettext_lazy("16 digits, as on the KTP"),
        example="3171014707859999",
        rule=gettext_lazy("a worker registered in your area, once per file"),
    ),
    Column(
        "died_on",
        "Tanggal meninggal",
        (
            "tanggal_meninggal",
            "tgl_meninggal",
            "tanggal_kematian",
            "tgl_kematian",
            "tanggal_wafat",
            "tgl_wafat",
            "meninggal",
            "date_of_death",
            "death_date",
            "died_on",
        ),
        required=True,
        fmt=gettext_lazy("date: YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY"),
        example="2025-12-15",
        rule=gettext_lazy("not in the future; the same date if the death is already recorded"),
    ),
)
ALIASES: dict[str, str] = header_map(COLUMNS)
RULES = {
    "required": WORKER_RULES["required"],
    "nik_length": WORKER_RULES["nik_length"],
    "nik_digits": WORKER_RULES["nik_digits"],
    "duplicate_in_file": WORKER_RULES["duplicate_in_file"],
    "date_format": WORKER_RULES["date_format"],
    "date_future": gettext_lazy("a date of death cannot be in the future"),
    "nik_unknown": gettext_lazy("no worker with this NIK in your area"),
    "other_date": gettext_lazy("this worker's death is already recorded with another date"),
}


@dataclass(frozen=True)
class DeathsImported:
    """What an import did: rows read, workers newly marked dead, enrolments ended and
    cancelled, rows whose death was already recorded with the same date."""

    rows: int
    deaths: int
    ended: int
    cancelled: int
    already: int


def deaths_import(
    *,
    actor: User | None,
    scope: Scope,
    path: Path,
    name: str | None = None,
    today: date | None = None,
) -> DeathsImported:
    """Record the deaths a file lists (a NIK and a date of death per row; other columns are
    ignored)."""
    if not may_record_death(scope):
        raise PermissionDenied(
            _("Your role does not record a worker's death"), code="worker.not_death_recorder"
        )
    with import_recorded(kind=IMPORT_KIND, name=name or path.name, actor=actor, scope=scope) as log:
        result = _imported(actor=actor, scope=scope, path=path, name=name, today=today)
        log.rows, log.created = result.rows, result.deaths
    return result


def _imported(
    *, actor: User | None, scope: Scope, path: Path, name: str | None, today: date | None
) -> DeathsImported:
    today = today or timezone.localdate()
    raw = read_table(path, name=name)
    headers: dict[str, str] = {}
    for header in raw.columns:
        field = ALIASES.get(normalise_header(header))
        if field and field not in headers.values():
            headers[header] = field
    columns = {field: header for header, field in headers.items()}
    for field, words in (("nik", "NIK"), ("died_on", "tanggal meninggal")):
        if field not in columns:
            raise ValidationFailed(
                _("No %(column)s column found. Columns in the file: %(columns)s")
                % {"column": words, "columns": ", ".join(raw.columns[:20])},
                field=field,
            )
    frame = raw.select(pl.col(h).alias(f) for h, f in headers.items()).with_row_index(
        "line", offset=2
    )
    text = {
        field: pl.col(field).cast(pl.String).fill_null("").str.strip_chars()
        for field in ("nik", "died_on")
    }
    frame = frame.select(
        pl.col("line").cast(pl.Int64),
        nik=text["nik"].str.replace_all(r"^'|[\s.\-]", ""),
        died_text=text["died_on"],
        died_on=date_of(text["died_on"]),
    )
    frame = frame.with_columns(nik_first=pl.col("line").min().over("nik"))
    niks = frame.filter(pl.col("nik").str.contains(r"^[0-9]{16}$"))["nik"].to_list()
    known: dict[str, tuple[int, date | None]] = {}
    visible = visible_workers(scope)
    for start in range(0, len(niks), 1000):
        for pk, nik, died_on in visible.filter(nik__in=niks[start : start + 1000]).values_list(
            "pk", "nik", "died_on"
        ):
            known[nik] = (pk, died_on)
    stored = pl.DataFrame(
        {
            "nik": list(known),
            "worker_id": [pk for pk, _died in known.values()],
            "recorded": [died for _pk, died in known.values()],
        },
        schema={"nik": pl.String, "worker_id": pl.Int64, "recorded": pl.Date},
    )
    frame = frame.join(stored, on="nik", how="left")
    nik_ok = pl.col("nik").str.contains(r"^[0-9]{16}$")
    checks: list[tuple[str, str, pl.Expr]] = [
        ("nik", "required", pl.col("nik") == ""),
        ("nik", "nik_length", (pl.col("nik") != "") & (pl.col("nik").str.len_chars() != 16)),
        (
            "nik",
            "nik_digits",
            (pl.col("nik").str.len_chars() == 16) & ~pl.col("nik").str.contains(r"^[0-9]+$"),
        ),
        ("nik", "duplicate_in_file", nik_ok & (pl.col("line") != pl.col("nik_first"))),
        ("nik", "nik_unknown", nik_ok & pl.col("worker_id").is_null()),
        ("died_on", "required", pl.col("died_text") == ""),
        ("died_on", "date_format", (pl.col("died_text") != "") & pl.col("died_on").is_null()),
        ("died_on", "date_future", pl.col("died_on") > pl.lit(today)),
        (
            "died_on",
            "other_date",
            pl.col("recorded").is_not_null()
            & pl.col("died_on").is_not_null()
            & (pl.col("recorded") != pl.col("died_on")),
        ),
    ]
    problems = pl.concat(
        [
            frame.filter(broken.fill_null(False)).select(
                "line", field=pl.lit(field), rule=pl.lit(rule)
            )
            for field, rule, broken in checks
        ]
    )
    if problems.height:
        raise file_refused(problems, columns=columns, rules=RULES, code="deaths.file_rules_broken")
    fresh = frame.filter(pl.col("recorded").is_null())
    already = frame.height - fresh.height
    if fresh.height == 0:
        return DeathsImported(rows=frame.height, deaths=0, ended=0, cancelled=0, already=already)
    workers = Worker.objects.in_bulk(fresh["worker_id"].to_list())
    with transaction.atomic():
        done = deaths_record(
            actor=actor,
            scope=scope,
            deaths=[
                (workers[pk], died_on)
                for pk, died_on in fresh.select("worker_id", "died_on").iter_rows()
            ],
            note=_("list %(file)s") % {"file": (name or path.name)[:100]},
            source="import",
            today=today,
        )
    return DeathsImported(
        rows=frame.height,
        deaths=done.deaths,
        ended=done.ended,
        cancelled=done.cancelled,
        already=already,
    )
