"""The one import pipeline behind the CLI, the web upload and the API.

read (Polars, fastexcel) -> map columns -> check column-wise -> refuse NIKs registered outside
the importer's scope -> write set-wise, all in one transaction with one audit event.
"""

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import polars as pl
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import PermissionDenied, ValidationFailed
from lindungi.core.scopes import Scope
from lindungi.core.tabular import UPLOAD_LIMITS, TableLimits, read_table
from lindungi.regions.models import Level, Region
from lindungi.workers import duplicates
from lindungi.workers.importing import loading
from lindungi.workers.importing.columns import PRESETS, map_columns
from lindungi.workers.importing.messages import FIELD_LABELS, RULES
from lindungi.workers.importing.validation import Context, validate
from lindungi.workers.models import ImportBatch
from lindungi.workers.permissions import may_write_workers

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ImportOptions:
    strict: bool = False
    dry_run: bool = False
    on_existing: Literal["skip", "update"] = "skip"
    preset: str | None = None
    village: str | None = None  # the village of every row of a file without a village column
    category: str = "BPU"  # the category of rows that name none: the vulnerable workers


@dataclass
class ImportResult:
    rows: int = 0
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    errors: int = 0
    warnings: int = 0
    seconds: float = 0.0
    batch_id: int | None = None
    written: bool = False
    duplicates: int = 0  # candidate pairs found for review after this import
    problems: pl.DataFrame = field(default_factory=pl.DataFrame)

    def summary(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "imported": self.imported,
            "updated": self.updated,
            "skipped": self.skipped,
            "errors": self.errors,
            "warnings": self.warnings,
            "seconds": round(self.seconds, 3),
        }


def import_workers(
    *,
    actor: User | None,
    scope: Scope,
    path: Path,
    options: ImportOptions,
    on_progress: Progress | None = None,
    name: str | None = None,
    limits: TableLimits = UPLOAD_LIMITS,
) -> ImportResult:
    """Import the workers of a CSV or XLSX file. Invalid rows are reported, valid ones written,
    unless `strict` (any invalid row: nothing written) or `dry_run` (nothing written). `name`
    is the file's name as the operator knows it (messages and the batch name it); `limits`
    bound what one file may hold (an upload's; the server's own command lifts the row cap)."""
    progress = on_progress or (lambda step, done, total: None)
    started = time.perf_counter()
    if not may_write_workers(scope):
        raise PermissionDenied(_("Your role cannot add workers"), code="worker.write_denied")

    progress("read", 0, 1)
    shown = name or path.name
    raw = _mapped(read_table(path, name=shown, limits=limits, keep_nul=True), options)
    progress("read", 1, 1)
    context = _context(scope, options)
    progress("check", 0, raw.height)
    checked = validate(raw, context)
    progress("check", raw.height, raw.height)

    result = ImportResult(rows=checked.rows)
    problems = checked.problems
    progress("load", 0, checked.valid.height)
    with transaction.atomic():
        loading.stage(checked.valid, progress)
        clash = loading.conflicts(scope)
        if clash.outside_lines:
            problems = pl.concat(
                [problems, _refused(checked.valid, clash.outside_lines)], how="diagonal_relaxed"
            ).sort("line", "field")
        result.problems = _explained(problems)
        errors = result.problems.filter(pl.col("severity") == "error")
        result.errors = errors.select("line").n_unique()
        result.warnings = result.problems.height - errors.height
        valid_rows = checked.valid.height - len(clash.outside_lines)
        existing = clash.in_scope
        result.imported = valid_rows - existing
        result.updated = existing if options.on_existing == "update" else 0
        result.skipped = existing if options.on_existing == "skip" else 0
        refuse_all = options.strict and result.errors > 0
        if refuse_all or options.dry_run:
            transaction.set_rollback(True)
            if refuse_all:
                result.imported = result.updated = 0
                result.skipped = valid_rows
        else:
            written = _written(checked.valid, clash.outside_lines)
            regencies = written["regency"].unique().sort().to_list()
            before = duplicates.registered(regencies, key="nik", also_staged=loading.STAGING)
            batch = ImportBatch.objects.create(
                filename=shown[:255],
                started_by=actor,
                status=ImportBatch.Status.DONE,
                options=asdict(options),
            )
            loading.write(
                checked.valid,
                clash=clash,
                update_existing=options.on_existing == "update",
                actor_id=actor.pk if actor else None,
                batch_id=batch.pk,
                now=timezone.now(),
                progress=progress,
            )
            result.batch_id = batch.pk
            result.written = True
            result.duplicates = duplicates.after_import(
                before,
                written,
                update_existing=options.on_existing == "update",
                regency_codes=regencies,
            )
            result.seconds = time.perf_counter() - started
            batch.finished_at = timezone.now()
            batch.summary = result.summary()
            batch.save(update_fields=["finished_at", "summary"])
            audit_record(
                actor=actor,
                action=Action.WORKERS_IMPORT,
                object_type="import_batch",
                object_id=batch.pk,
                region_code=scope.region_codes[0] if scope.region_codes else "",
                details=result.summary(),
            )
    result.seconds = time.perf_counter() - started
    return result


def _mapped(raw: pl.DataFrame, options: ImportOptions) -> pl.DataFrame:
    preset = PRESETS.get(options.preset) if options.preset else None
    if options.preset and preset is None:
        raise ValidationFailed(
            _("Unknown preset %(preset)s (choose: %(choices)s)")
            % {"preset": options.preset, "choices": ", ".join(sorted(PRESETS))},
            field="preset",
        )
    mapping = map_columns(raw.columns, preset)
    if "nik" not in mapping.values():
        raise ValidationFailed(
            _("No NIK column found. Columns in the file: %(columns)s")
            % {"columns": ", ".join(raw.columns[:20])},
            field="nik",
        )
    return raw.select([pl.col(header).alias(target) for header, target in mapping.items()])


def _context(scope: Scope, options: ImportOptions) -> Context:
    villages = frozenset(
        Region.objects.filter(level=Level.VILLAGE, is_active=True).values_list("code", flat=True)
    )
    districts = frozenset(
        Region.objects.filter(level=Level.DISTRICT).values_list("code", flat=True)
    )
    preset = PRESETS.get(options.preset or "")
    defaults = {"category": options.category, **(preset.defaults if preset else {})}
    village = options.village
    if village is None and scope.region_codes and len(scope.region_codes[0]) == 13:
        village = scope.region_codes[0]  # a village operator's file is about their village
    if village:
        defaults["village"] = village
    return Context(
        villages=villages,
        districts=districts,
        scope_codes=scope.region_codes,
        today=timezone.localdate(),
        defaults=defaults,
    )


def _written(valid: pl.DataFrame, refused_lines: list[int]) -> pl.DataFrame:
    """The rows the import writes, as duplicate detection compares them."""
    return valid.filter(~pl.col("line").is_in(refused_lines)).select(
        key="nik",
        name="name_normalised",
        born="birth_date",
        regency=pl.col("village_id").str.slice(0, 5),
    )


def _refused(valid: pl.DataFrame, lines: list[int]) -> pl.DataFrame:
    return valid.filter(pl.col("line").is_in(lines)).select(
        "line",
        field=pl.lit("nik"),
        value=pl.col("nik"),
        rule=pl.lit("registered_elsewhere"),
        severity=pl.lit("error"),
    )


def _explained(problems: pl.DataFrame) -> pl.DataFrame:
    """Add the field's label and the rule's message in the operator's language."""
    if problems.is_empty():
        return problems.with_columns(
            field_label=pl.lit(""), message=pl.lit(""), severity_label=pl.lit("")
        )
    labels = {key: str(label) for key, label in FIELD_LABELS.items()}
    rules = {key: str(text) for key, text in RULES.items()}
    severities = {"error": _("error"), "warning": _("warning")}
    return problems.with_columns(
        field_label=pl.col("field").replace_strict(labels, default=pl.col("field")),
        message=pl.format(
            "{}: {}",
            pl.col("field").replace_strict(labels, default=pl.col("field")),
            pl.col("rule").replace_strict(rules, default=pl.col("rule")),
        ),
        severity_label=pl.col("severity").replace_strict(severities, default=pl.col("severity")),
    )
