"""Backing up and restoring the embedded SQLite database, online and consistent.

SQLite's backup API copies the database page by page while the web server keeps serving: the
copy is one consistent moment, including what WAL holds. PostgreSQL is backed up with its own
tools (`pg_dump -Fc`, `pg_restore`; see the README), never by Lindungi.
"""

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext as _

from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import InvalidState, ValidationFailed

REQUIRED_TABLES = ("django_migrations", "workers_worker", "regions_region")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    workers: int


def _sqlite_path() -> Path:
    if connection.vendor != "sqlite":
        raise InvalidState(
            _("Lindungi backs up only its embedded SQLite database; use pg_dump for PostgreSQL")
        )
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file:"):
        raise InvalidState(_("This database lives in memory and cannot be backed up"))
    return Path(name)


def _checked(path: Path) -> int:
    """Integrity, and that it is a Lindungi database; returns its number of workers."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as source:
            (verdict,) = source.execute("PRAGMA quick_check").fetchone()
            tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
            missing = [table for table in REQUIRED_TABLES if table not in tables]
            if verdict != "ok" or missing:
                raise ValidationFailed(
                    _("%(file)s is not an intact Lindungi backup") % {"file": path.name},
                    file=path.name,
                )
            (workers,) = source.execute("SELECT count(*) FROM workers_worker").fetchone()
    except sqlite3.DatabaseError as error:
        raise ValidationFailed(
            _("%(file)s is not an intact Lindungi backup") % {"file": path.name}, file=path.name
        ) from error
    return int(workers)


def _listed(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" (+{len(names) - limit})" if len(names) > limit else "")


def _same_schema_checked(path: Path) -> None:
    """Refuse a backup whose applied migrations or tables differ from the live database's:
    restoring it would leave a database the code cannot use (and the restore could not even
    record itself). Nothing is replaced before this passes."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as source:
        applied = {
            f"{app}.{name}"
            for app, name in source.execute("SELECT app, name FROM django_migrations")
        }
        tables = {
            row[0]
            for row in source.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
    live = {f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()}
    missing, extra = sorted(live - applied), sorted(applied - live)
    if missing or extra:
        raise ValidationFailed(
            _(
                "%(file)s was made with other migrations than this database's "
                "(missing in the backup: %(missing)s; only in the backup: %(extra)s): nothing "
                "was restored. Restore it with the Lindungi version that made it"
            )
            % {
                "file": path.name,
                "missing": _listed(missing) or "-",
                "extra": _listed(extra) or "-",
            },
            file=path.name,
        )
    expected = {t for t in connection.introspection.table_names() if not t.startswith("sqlite_")}
    absent = sorted(expected - tables)  # SQLite's own (sqlite_stat1 after ANALYZE) aside
    if absent:
        raise ValidationFailed(
            _("%(file)s lacks tables of this database (%(tables)s): nothing was restored")
            % {"file": path.name, "tables": _listed(absent)},
            file=path.name,
        )


def backup_made_at(path: Path) -> datetime:
    """When a backup file was written (its modification time)."""
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)


def database_backup(*, out: Path) -> BackupInfo:
    """Copy the live database to `out` (a new file) while it keeps serving."""
    live = _sqlite_path()
    if out.exists():
        raise ValidationFailed(_("%(file)s already exists") % {"file": out}, file=out.name)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with sqlite3.connect(live) as source, sqlite3.connect(partial) as target:
        source.backup(target, pages=4096)
    partial.rename(out)
    workers = _checked(out)
    audit_record(
        actor=None, action=Action.DATABASE_BACKUP, details={"file": out.name, "workers": workers}
    )
    return BackupInfo(out, out.stat().st_size, workers)


def database_restore(*, source: Path) -> BackupInfo:
    """Replace the live database's content with a backup's, in one step: readers see either the
    old database or the restored one. Stop the web server and the workers first. The backup
    must be intact and at the live database's migration state, with its tables; everything
    recorded after the backup was made is gone, audit events included, so the restore records
    itself (file, time of the backup) in the restored database."""
    live = _sqlite_path()
    if not source.is_file():
        raise ValidationFailed(
            _("%(file)s: file not found") % {"file": source.name}, file=source.name
        )
    workers = _checked(source)
    _same_schema_checked(source)
    made_at = backup_made_at(source)
    connection.close()
    with (
        sqlite3.connect(f"file:{source}?mode=ro", uri=True) as backup,
        sqlite3.connect(live) as target,
    ):
        backup.backup(target)
    audit_record(
        actor=None,
        action=Action.DATABASE_RESTORE,
        details={"file": source.name, "made_at": made_at.isoformat(), "workers": workers},
    )
    return BackupInfo(source, source.stat().st_size, workers)
