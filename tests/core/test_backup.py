"""`lindungi backup` and `lindungi restore` on the embedded SQLite, as an operator runs them."""

import sqlite3

import pytest

from lindungi.core.backup import database_backup
from lindungi.core.errors import InvalidState
from tests.cli import child_environment, run_lindungi

WORKERS = "nik,nama,kode_desa\n" + "".join(
    f"32111515089{number:01d}000{serial}, Pekerja {serial}{number},32.11.15.2001\n"
    for number, serial in [(0, 1), (0, 2), (1, 3)]
)


def test_a_restored_backup_has_every_worker_and_a_broken_file_is_refused(tmp_path):
    environment = child_environment(
        DJANGO_SETTINGS_MODULE="lindungi.config.settings_test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'live.sqlite3'}",
    )

    def lindungi(*args: str, check: bool = True):
        return run_lindungi(*args, cwd=tmp_path, env=environment, check=check, timeout=300)

    def count() -> str:
        shown = lindungi(
            "shell",
            "-c",
            "from lindungi.workers.models import Worker; print(Worker.objects.count())",
        )
        return shown.stdout.split()[-1]

    lindungi("migrate", "-v", "0")
    lindungi("load-regions", "-v", "0")
    (tmp_path / "warga.csv").write_text(WORKERS)
    lindungi("import-workers", str(tmp_path / "warga.csv"))
    assert count() == "3"

    made = lindungi("backup", str(tmp_path / "backup.sqlite3"))
    assert "3 workers" in made.stdout
    again = lindungi("backup", str(tmp_path / "backup.sqlite3"), check=False)
    assert again.returncode == 2 and "backup.sqlite3" in again.stderr

    lindungi(
        "shell",
        "-c",
        "from lindungi.workers.models import DuplicateCandidate, Worker;"
        "DuplicateCandidate.objects.all().delete(); Worker.objects.all().delete()",
    )
    assert count() == "0"
    restored = lindungi("restore", str(tmp_path / "backup.sqlite3"), "--yes")
    assert "3 workers" in restored.stdout
    assert "memundurkan basis data" in restored.stderr and "jejak audit" in restored.stderr
    assert count() == "3"
    recorded = lindungi(
        "shell",
        "-c",
        "from lindungi.core.models import AuditEvent;"
        "print(AuditEvent.objects.filter(action='database.restore').get().details)",
    )
    assert "'file': 'backup.sqlite3'" in recorded.stdout and "'made_at': '" in recorded.stdout

    # Three tables of the sixty, with the live database's migrations: nothing is replaced.
    with (
        sqlite3.connect(tmp_path / "live.sqlite3") as live,
        sqlite3.connect(tmp_path / "three.sqlite3") as three,
    ):
        for (sql,) in live.execute(
            "SELECT sql FROM sqlite_master WHERE name IN "
            "('django_migrations', 'workers_worker', 'regions_region')"
        ):
            three.execute(sql)
        three.executemany(
            "INSERT INTO django_migrations (app, name, applied) VALUES (?, ?, ?)",
            live.execute("SELECT app, name, applied FROM django_migrations"),
        )
    refused = lindungi("restore", str(tmp_path / "three.sqlite3"), "--yes", check=False)
    assert refused.returncode == 2
    assert "three.sqlite3 tidak memiliki tabel-tabel basis data ini" in refused.stderr
    assert count() == "3"
    with sqlite3.connect(tmp_path / "three.sqlite3") as three:
        three.execute("DELETE FROM django_migrations WHERE app = 'billing'")
    refused = lindungi("restore", str(tmp_path / "three.sqlite3"), "--yes", check=False)
    assert refused.returncode == 2
    assert "dibuat dengan migrasi yang berbeda" in refused.stderr
    assert "billing.0001_initial" in refused.stderr
    assert count() == "3"

    (tmp_path / "broken.sqlite3").write_bytes(b"not a database" * 100)
    refused = lindungi("restore", str(tmp_path / "broken.sqlite3"), "--yes", check=False)
    assert refused.returncode == 2 and "broken.sqlite3" in refused.stderr
    assert count() == "3"


@pytest.mark.django_db
def test_only_a_sqlite_file_is_backed_up_by_lindungi(tmp_path):
    """The test database lives in memory (SQLite) or is PostgreSQL: both are refused."""
    with pytest.raises(InvalidState):
        database_backup(out=tmp_path / "never.sqlite3")
    assert not (tmp_path / "never.sqlite3").exists()
