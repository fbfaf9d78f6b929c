"""Every write of coverage: taking a month's snapshot, and importing bases, targets and BPJS's
participant counts. One transaction and one audit event each."""

import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import Conflict, ValidationFailed
from lindungi.core.imports import import_recorded
from lindungi.core.months import month_start
from lindungi.core.scopes import Scope
from lindungi.coverage import permissions, snapshots
from lindungi.coverage.importing import (
    DENOMINATORS,
    PARTICIPANTS,
    TARGETS,
    as_date,
    read_checked,
)
from lindungi.coverage.models import (
    LEVEL_CODE_LENGTH,
    NATIONAL,
    BpjsParticipants,
    CoverageTarget,
    Denominator,
    SnapshotLevel,
    SnapshotRun,
)
from lindungi.coverage.rules import region_covers
from lindungi.regions.selectors import region_get

# The kind of each import on the list of imports.
IMPORT_KINDS = {
    permissions.DENOMINATORS: "basis-cakupan",
    permissions.TARGETS: "target-cakupan",
    permissions.PARTICIPANTS: "peserta-bpjs",
}


@dataclass(frozen=True)
class Taken:
    run: SnapshotRun
    is_new: bool  # False: the month was already taken and nothing changed


def snapshot_take(
    *,
    month: date,
    actor: User | None,
    region_prefix: str | None = None,
    force: bool = False,
    today: date | None = None,
) -> Taken:
    """Take the coverage snapshot of `month` for the region `region_prefix` and everything
    below it (the whole country when None): protected workers per village, category and
    sponsor kind, rolled up to every district, regency, province and the country.

    Snapshots are immutable. A month already taken for the region (or for a region around it)
    is left as it is and the earlier run returned, however the enrolments changed since (a late
    BPJS activation, a lapse): the past a dashboard shows never moves. Taking a larger region
    later keeps the villages already taken and adds the others. Only `force` (the superuser or
    the system) replaces a month: the region's rows are counted again and, when a larger run
    already covered the month, the rows of the regions above it are summed again so that every
    level still adds up. `actor` None is the system (the monthly job)."""
    permissions.snapshot_checked(actor, region_prefix, force)
    month = month_start(month)
    today = today or timezone.localdate()
    if month > month_start(today):
        raise ValidationFailed(
            _("%(month)s has not started yet") % {"month": f"{month:%Y-%m}"},
            code="coverage.month_not_started",
            field="month",
        )
    prefix = region_get(code=region_prefix).code if region_prefix else NATIONAL
    started = time.perf_counter()
    with transaction.atomic():
        snapshots.lock_month(month)
        snapshots.tune_for_bulk()
        runs = list(SnapshotRun.objects.filter(month=month))
        covering = [run for run in runs if region_covers(run.region_code, prefix)]
        if covering and not force:
            return Taken(run=covering[0], is_new=False)
        inside = [
            run
            for run in runs
            if run.region_code != prefix and region_covers(prefix, run.region_code)
        ]
        frozen: list[str] = []
        if force:
            snapshots.delete_within(month=month, prefix=prefix)
            SnapshotRun.objects.filter(
                month=month, region_code__in=[prefix, *(run.region_code for run in inside)]
            ).delete()
        else:
            frozen = [run.region_code for run in inside]
        refresh_above = force and any(run.region_code != prefix for run in covering)
        try:
            counted = snapshots.count_villages(month=month, prefix=prefix, frozen=frozen)
            rows = counted.rows + snapshots.roll_up(
                month=month, prefix=prefix, ancestors=refresh_above
            )
            if len(prefix) <= LEVEL_CODE_LENGTH[SnapshotLevel.REGENCY]:
                rows += snapshots.count_agencies(
                    month=month,
                    prefix=prefix,
                    frozen=[
                        code
                        for code in frozen
                        if len(code) <= LEVEL_CODE_LENGTH[SnapshotLevel.REGENCY]
                    ],
                )
        except IntegrityError as error:
            raise Conflict(
                _("Another snapshot of %(month)s was written meanwhile; try again")
                % {"month": f"{month:%Y-%m}"},
                code="coverage.snapshot_concurrent",
            ) from error
        run = SnapshotRun.objects.create(
            month=month,
            region_code=prefix,
            taken_by=actor if actor is not None and actor.is_authenticated else None,
            taken_at=timezone.now(),
            forced=force,
            villages=counted.villages,
            protected=counted.protected,
            rows=rows,
            seconds=round(time.perf_counter() - started, 3),
        )
        audit_record(
            actor=actor,
            action=Action.COVERAGE_SNAPSHOT_TAKEN,
            object_type="coverage_snapshot_run",
            object_id=run.pk,
            region_code=prefix,
            details={
                "month": month.isoformat(),
                "forced": force,
                "kept": frozen,
                "villages": counted.villages,
                "protected": counted.protected,
                "rows": rows,
            },
        )
    return Taken(run=run, is_new=True)


@dataclass(frozen=True)
class Imported:
    rows: int
    created: int
    updated: int


Figures = TypeVar("Figures", Denominator, CoverageTarget, BpjsParticipants)


def _upsert(
    model: type[Figures],
    objects: list[Figures],
    *,
    key: list[str],
    update: list[str],
) -> int:
    """Write the rows, each replacing the stored row of its key; returns how many it replaced.

    Regional rows go in with batched INSERT … ON CONFLICT; the country's (region NULL, which a
    unique constraint does not match) are the few a file has at most, updated one by one."""
    regional = [obj for obj in objects if obj.region_id is not None]
    national = [obj for obj in objects if obj.region_id is None]
    codes = {obj.region_id for obj in regional}
    stored = set(model.objects.filter(region_id__in=codes).values_list(*key))
    replaced = sum(1 for obj in regional if tuple(getattr(obj, f) for f in key) in stored)
    model.objects.bulk_create(
        regional,
        batch_size=5_000,
        update_conflicts=True,
        unique_fields=[f.removesuffix("_id") for f in key],
        update_fields=update,
    )
    for obj in national:
        match = {f: getattr(obj, f) for f in key}
        _, created = model.objects.update_or_create(
            **match, defaults={f: getattr(obj, f) for f in update}
        )
        replaced += 0 if created else 1
    return replaced


def _region_or_country(code: str) -> str | None:
    return code or None


def denominators_import(
    *,
    path: Path,
    actor: User | None,
    scope: Scope,
    kind: str | None = None,
    name: str | None = None,
) -> Imported:
    """Import bases of coverage (columns: region code, year, kind, value, source, date; `kind`
    given here when the file has no such column). A row for a region, year and kind already
    stored replaces it (a corrected release); a file with any broken row writes nothing."""
    permissions.import_checked(scope, permissions.DENOMINATORS)
    with import_recorded(
        kind=IMPORT_KINDS[permissions.DENOMINATORS],
        name=name or path.name,
        actor=actor,
        scope=scope,
    ) as log:
        imported = _denominators(path=path, actor=actor, scope=scope, kind=kind, name=name)
        log.rows, log.created = imported.rows, imported.created
    return imported


def _denominators(
    *, path: Path, actor: User | None, scope: Scope, kind: str | None, name: str | None
) -> Imported:
    frame = read_checked(
        path, DENOMINATORS, scope, defaults={"kind": kind} if kind else None, name=name
    )
    now = timezone.now()
    with transaction.atomic():
        # One object per row of a small file (one row per region, at most the 91,000 regions),
        # written with batched INSERT … ON CONFLICT, not one query each.
        replaced = _upsert(
            Denominator,
            [
                Denominator(
                    region_id=_region_or_country(row["region"]),
                    year=row["year"],
                    kind=row["kind"],
                    value=row["value"],
                    source=row["source"],
                    as_of=as_date(row["date"]),
                    imported_by=actor,
                    imported_at=now,
                )
                for row in frame.iter_rows(named=True)
            ],
            key=["region_id", "year", "kind"],
            update=["value", "source", "as_of", "imported_by", "imported_at"],
        )
        audit_record(
            actor=actor,
            action=Action.COVERAGE_DENOMINATORS_IMPORTED,
            object_type="file",
            object_id=(name or path.name)[:64],
            details={"rows": frame.height, "replaced": replaced},
        )
    return Imported(rows=frame.height, created=frame.height - replaced, updated=replaced)


def targets_import(
    *,
    path: Path,
    actor: User | None,
    scope: Scope,
    name: str | None = None,
) -> Imported:
    """Import coverage targets (columns: region code, year, percent, source). A region's
    target for a year already stored is replaced; a file with any broken row writes nothing."""
    permissions.import_checked(scope, permissions.TARGETS)
    with import_recorded(
        kind=IMPORT_KINDS[permissions.TARGETS], name=name or path.name, actor=actor, scope=scope
    ) as log:
        imported = _targets(path=path, actor=actor, scope=scope, name=name)
        log.rows, log.created = imported.rows, imported.created
    return imported


def _targets(*, path: Path, actor: User | None, scope: Scope, name: str | None) -> Imported:
    frame = read_checked(path, TARGETS, scope, name=name)
    now = timezone.now()
    with transaction.atomic():
        replaced = _upsert(
            CoverageTarget,
            [
                CoverageTarget(
                    region_id=_region_or_country(row["region"]),
                    year=row["year"],
                    percent=Decimal(row["percent"]),
                    source=row["source"],
                    imported_by=actor,
                    imported_at=now,
                )
                for row in frame.iter_rows(named=True)
            ],
            key=["region_id", "year"],
            update=["percent", "source", "imported_by", "imported_at"],
        )
        audit_record(
            actor=actor,
            action=Action.COVERAGE_TARGETS_IMPORTED,
            object_type="file",
            object_id=(name or path.name)[:64],
            details={"rows": frame.height, "replaced": replaced},
        )
    return Imported(rows=frame.height, created=frame.height - replaced, updated=replaced)


def participants_import(
    *,
    path: Path,
    actor: User | None,
    scope: Scope,
    name: str | None = None,
) -> Imported:
    """Import BPJS's registered participants (columns: region code, month, category (empty for
    all), count, source): they include workers Lindungi does not manage. A count already stored
    for the region, month and category is replaced; a file with any broken row writes nothing."""
    permissions.import_checked(scope, permissions.PARTICIPANTS)
    with import_recorded(
        kind=IMPORT_KINDS[permissions.PARTICIPANTS],
        name=name or path.name,
        actor=actor,
        scope=scope,
    ) as log:
        imported = _participants(path=path, actor=actor, scope=scope, name=name)
        log.rows, log.created = imported.rows, imported.created
    return imported


def _participants(*, path: Path, actor: User | None, scope: Scope, name: str | None) -> Imported:
    frame = read_checked(path, PARTICIPANTS, scope, name=name)
    now = timezone.now()
    with transaction.atomic():
        replaced = _upsert(
            BpjsParticipants,
            [
                BpjsParticipants(
                    region_id=_region_or_country(row["region"]),
                    month=as_date(row["month"]),
                    category=row["category"],
                    count=row["count"],
                    source=row["source"],
                    imported_by=actor,
                    imported_at=now,
                )
                for row in frame.iter_rows(named=True)
            ],
            key=["region_id", "month", "category"],
            update=["count", "source", "imported_by", "imported_at"],
        )
        audit_record(
            actor=actor,
            action=Action.COVERAGE_PARTICIPANTS_IMPORTED,
            object_type="file",
            object_id=(name or path.name)[:64],
            details={"rows": frame.height, "replaced": replaced},
        )
    return Imported(rows=frame.height, created=frame.height - replaced, updated=replaced)
