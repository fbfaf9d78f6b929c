"""Loading the official region list into the database, set-wise and idempotently.

The list ships inside the package (`regions/data/`, from `idn-area-data`, ODbL 1.0). A refresh
from a newer list inserts new regions, renames or re-parents changed ones, and retires (never
deletes) regions that are gone, because workers, NIKs and bills keep pointing at old codes.
"""

import csv
import hashlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils.translation import gettext as _

from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import ValidationFailed
from lindungi.regions.models import Level, Region, RegionSource

DATA_DIR = Path(__file__).resolve().parent / "data"

# One file per level, with the name of its parent-code column and the pattern of its codes.
FILES: tuple[tuple[Level, str, str | None, re.Pattern[str]], ...] = (
    (Level.PROVINCE, "provinces.csv", None, re.compile(r"\d{2}")),
    (Level.REGENCY, "regencies.csv", "province_code", re.compile(r"\d{2}\.\d{2}")),
    (Level.DISTRICT, "districts.csv", "regency_code", re.compile(r"\d{2}\.\d{2}\.\d{2}")),
    (Level.VILLAGE, "villages.csv", "district_code", re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")),
)

# (code, level, name, parent code) as in the files and as compared with the table.
Row = tuple[str, str, str, str | None]
Progress = Callable[[str, int, int], None]


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    retired: int = 0
    unchanged: int = 0
    skipped: bool = False
    counts: dict[str, int] = field(default_factory=dict)


def read_region_files(directory: Path) -> list[Row]:
    """Read and check the four files; raise `ValidationFailed` naming file, line and rule."""
    rows: list[Row] = []
    known: set[str] = set()
    for level, filename, parent_column, pattern in FILES:
        path = directory / filename
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for line, record in enumerate(csv.DictReader(handle), start=2):
                rows.append(_checked_row(record, level, parent_column, pattern, known, path, line))
    return rows


def _checked_row(
    record: dict[str, str],
    level: Level,
    parent_column: str | None,
    pattern: re.Pattern[str],
    known: set[str],
    path: Path,
    line: int,
) -> Row:
    code = (record.get("code") or "").strip()
    name = " ".join((record.get("name") or "").split())
    parent = (record.get(parent_column) or "").strip() if parent_column else None
    where = _("%(file)s line %(line)d") % {"file": path.name, "line": line}
    if not pattern.fullmatch(code):
        raise ValidationFailed(
            _("%(where)s: code %(code)r is not a %(level)s code")
            % {"where": where, "code": code, "level": level.label},
            line=line,
        )
    if not name:
        raise ValidationFailed(
            _("%(where)s: region %(code)s has no name") % {"where": where, "code": code}, line=line
        )
    if code in known:
        raise ValidationFailed(
            _("%(where)s: code %(code)s appears twice") % {"where": where, "code": code}, line=line
        )
    if parent_column is not None and (parent not in known or code.rpartition(".")[0] != parent):
        raise ValidationFailed(
            _("%(where)s: parent %(parent)r of %(code)s is not a known region above it")
            % {"where": where, "parent": parent, "code": code},
            line=line,
        )
    known.add(code)
    return (code, level.value, name, parent)


def files_checksum(directory: Path) -> str:
    digest = hashlib.sha256()
    for _level, filename, _parent, _pattern in FILES:
        path = directory / filename
        if not path.is_file():
            raise ValidationFailed(_("%(path)s: file not found") % {"path": path}, file=str(path))
        digest.update(path.read_bytes())
    return digest.hexdigest()


def region_counts() -> dict[str, int]:
    """Active regions per level, straight from the database."""
    counts = dict.fromkeys(Level.values, 0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT level, COUNT(*) FROM regions_region WHERE is_active GROUP BY level")
        counts.update(dict(cursor.fetchall()))
    return counts


def load_regions(
    *, directory: Path = DATA_DIR, force: bool = False, on_progress: Progress | None = None
) -> LoadResult:
    """Bring the Region table in line with the files in `directory`, in one transaction.

    Unchanged files (same checksum as the last load, same counts in the table) are skipped
    unless `force`. The comparison is done on whole sets; only new and changed rows are written.
    """
    progress = on_progress or (lambda step, done, total: None)
    checksum = files_checksum(directory)
    last = RegionSource.objects.first()
    if not force and last and last.checksum == checksum and last.counts == region_counts():
        return LoadResult(skipped=True, unchanged=sum(last.counts.values()), counts=last.counts)

    progress("read", 0, 1)
    incoming = read_region_files(directory)
    progress("read", 1, 1)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT code, level, name, parent_id, is_active FROM regions_region")
            existing = {row[0]: row for row in cursor.fetchall()}
        new = [row for row in incoming if row[0] not in existing]
        changed = [
            row for row in incoming if row[0] in existing and existing[row[0]] != (*row, True)
        ]
        incoming_codes = {row[0] for row in incoming}
        gone = [code for code, row in existing.items() if row[4] and code not in incoming_codes]

        _insert(new, progress)
        _update(changed, progress)
        _retire(gone, progress)
        counts = region_counts()
        RegionSource.objects.all().delete()
        RegionSource.objects.create(checksum=checksum, counts=counts)
        result = LoadResult(
            created=len(new),
            updated=len(changed),
            retired=len(gone),
            unchanged=len(incoming) - len(new) - len(changed),
            counts=counts,
        )
        audit_record(
            actor=None,
            action=Action.REGIONS_LOAD,
            object_type="region",
            details={
                "source": str(directory),
                "checksum": checksum,
                "created": result.created,
                "updated": result.updated,
                "retired": result.retired,
            },
        )
    return result


def _chunks(rows: list[Row], size: int = 10_000) -> Iterator[list[Row]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _insert(rows: list[Row], progress: Progress) -> None:
    done = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is the fastest way into PostgreSQL; parents come before children in `rows`.
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(
                "COPY regions_region (code, level, name, parent_id, is_active) FROM STDIN"
            ) as copy:
                for chunk in _chunks(rows):
                    for code, level, name, parent in chunk:
                        copy.write_row((code, level, name, parent, True))
                    done += len(chunk)
                    progress("insert", done, len(rows))
            return
        sql = (
            "INSERT INTO regions_region (code, level, name, parent_id, is_active) "
            "VALUES (%s, %s, %s, %s, %s)"
        )
        for chunk in _chunks(rows):
            cursor.executemany(sql, [(*row, True) for row in chunk])
            done += len(chunk)
            progress("insert", done, len(rows))


def _update(rows: list[Row], progress: Progress) -> None:
    if not rows:
        return
    sql = (
        "UPDATE regions_region SET level = %s, name = %s, parent_id = %s, is_active = %s "
        "WHERE code = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            sql, [(level, name, parent, True, code) for code, level, name, parent in rows]
        )
    progress("update", len(rows), len(rows))


def _retire(codes: list[str], progress: Progress) -> None:
    if not codes:
        return
    for start in range(0, len(codes), 5_000):  # SQLite caps the variables in one statement
        Region.objects.filter(code__in=codes[start : start + 5_000]).update(is_active=False)
    progress("retire", len(codes), len(codes))
