"""A killed import leaves the registry exactly as it was before the import began."""

import signal
import subprocess
import time
from pathlib import Path

import polars as pl
import pytest
from django.db import connection

from tests.cli import COMMAND, child_environment, run_lindungi

ROWS = 300_000


@pytest.fixture
def scratch_database(tmp_path: Path):
    """A database of its own for the child processes, on the backend the suite runs on."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path}/kill.sqlite3"
        return
    import psycopg

    settings = connection.settings_dict
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    base = f"postgres://{settings['USER']}@{host}:{port}"
    name = f"{settings['NAME']}_kill"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{base}/{name}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _letters(number: int) -> str:
    """A distinct made-up name per number, letters only (names lose their digits when
    normalised, and a file of identical names is a different test)."""
    syllables = ["ba", "di", "ku", "ne", "so", "ra", "mi", "tu", "ja", "le", "wo", "ha"]
    parts = []
    for _ in range(5):
        number, rest = divmod(number, len(syllables))
        parts.append(syllables[rest])
    return "".join(parts).title()


def big_file(path: Path, rows: int) -> Path:
    """`rows` valid workers of Desa Cikeruh (32.11.15.2001), unique NIKs."""
    serial = pl.int_range(0, rows, eager=True)
    frame = pl.DataFrame({"serial": serial}).select(
        nik=pl.format(
            "321115{}{}90{}",
            ((pl.col("serial") // 9999) % 28 + 1).cast(pl.String).str.zfill(2),
            ((pl.col("serial") // (9999 * 28)) % 12 + 1).cast(pl.String).str.zfill(2),
            (pl.col("serial") % 9999 + 1).cast(pl.String).str.zfill(4),
        ),
        nama=pl.Series([_letters(number) for number in range(rows)]),
        kode_desa=pl.lit("32.11.15.2001"),
    )
    frame.write_csv(path)
    return path


@pytest.mark.django_db(transaction=True)
def test_killing_the_import_mid_load_leaves_the_database_as_it_was(tmp_path, scratch_database):
    environment = child_environment(
        DJANGO_SETTINGS_MODULE="lindungi.config.settings_test", DATABASE_URL=scratch_database
    )

    def lindungi(*args: str):
        return run_lindungi(*args, cwd=tmp_path, env=environment, check=True, timeout=300)

    lindungi("migrate", "-v", "0")
    lindungi("load-regions", "-v", "0")
    small = tmp_path / "small.csv"
    small.write_text("nik,nama,kode_desa\n3211151508900001,Sudah Ada,32.11.15.2001\n")
    lindungi("import-workers", str(small), "--json")

    child = subprocess.Popen(
        [
            *COMMAND,
            "import-workers",
            str(big_file(tmp_path / "big.csv", ROWS)),
            "-v",
            "2",
        ],
        env=environment,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    for line in child.stderr:
        if "(write)" in line:  # staged, the search indexes set aside: the insert has begun
            break
    time.sleep(0.1)  # well inside the insert, which takes a second or more for this many rows
    assert child.poll() is None, "the import finished before it could be killed"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    counted = lindungi(
        "shell",
        "-c",
        "from lindungi.workers.models import Worker, ImportBatch;"
        "print(Worker.objects.count(), ImportBatch.objects.count())",
    )
    assert counted.stdout.split()[-2:] == ["1", "1"]
    if connection.vendor == "sqlite":
        check = lindungi(
            "shell",
            "-c",
            "from django.db import connection; cursor = connection.cursor();"
            "cursor.execute('PRAGMA integrity_check'); print(cursor.fetchone()[0])",
        )
        assert check.stdout.split()[-1] == "ok"
    # A file this large into a registry this small sets the search indexes aside while it
    # loads (loading.REBUILD_AT): the kill put them back.
    indexes = lindungi(
        "shell",
        "-c",
        "from django.db import connection; cursor = connection.cursor();"
        "found = connection.introspection.get_constraints(cursor, 'workers_worker');"
        "print(sorted(name for name in found if name.endswith('_idx')))",
    )
    assert indexes.stdout.strip().splitlines()[-1] == str(
        ["worker_duplicate_idx", "worker_duplicate_of_idx", "worker_village_name_idx"]
    )

    # The same file, left alone, does import: the kill above hit a real load.
    finished = lindungi("import-workers", str(tmp_path / "big.csv"), "--json")
    assert f'"imported": {ROWS}' in finished.stdout
