"""Benchmark: loading the official region list (91,599 rows) into an empty database.

Measures, in one run and on one database:
  (a) `load_regions()` — Lindungi's loader (set-wise: COPY on PostgreSQL, executemany on SQLite);
  (b) the usual Django way, `Region.objects.update_or_create()` per row, on a slice;
  (c) a refresh of an unchanged list (checksum skip) and a forced full comparison.
Prints rows/s for each and the ratio (a)/(b). Target (issue 2): the full load well under 10 s.

    python bench/load_regions.py                       # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python bench/load_regions.py
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindungi.config.settings_test")
    import django

    django.setup()


def fresh_postgres(url: str) -> str:
    """A scratch database beside the one named in `url`, dropped and created anew."""
    import psycopg

    base, _, _ = url.rpartition("/")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS lindungi_bench")
        conn.execute("CREATE DATABASE lindungi_bench")
    return f"{base}/lindungi_bench"


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slice", type=int, default=3000, help="rows for the per-row baseline")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        os.environ["BENCH_ADMIN_URL"] = url
        url = fresh_postgres(url)
    else:
        url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite3'}"
    setup_django(url)

    from django.core.management import call_command
    from django.db import connection, transaction

    from lindungi.regions.loading import DATA_DIR, load_regions, read_region_files
    from lindungi.regions.models import Region, RegionSource

    call_command("migrate", verbosity=0)
    rows = read_region_files(DATA_DIR)

    # (b) baseline first, on an empty table: per-row update_or_create of the first rows
    # (provinces, regencies, then districts: parents always come first).
    sample = rows[: args.slice]

    def per_row() -> None:
        with transaction.atomic():
            for code, level, name, parent in sample:
                Region.objects.update_or_create(
                    code=code, defaults={"level": level, "name": name, "parent_id": parent}
                )

    baseline_seconds = timed(per_row)
    with connection.cursor() as cursor:  # one statement: the parent FK is checked at its end
        cursor.execute("DELETE FROM regions_region")
    RegionSource.objects.all().delete()

    # (a) Lindungi's loader, the whole list into the empty table.
    load_seconds = timed(lambda: load_regions(force=True))
    assert Region.objects.count() == len(rows)
    # (c) refreshes.
    skip_seconds = timed(load_regions)
    compare_seconds = timed(lambda: load_regions(force=True))

    ours = len(rows) / load_seconds
    baseline = len(sample) / baseline_seconds
    print(f"database: {connection.vendor}  rows: {len(rows):,}  baseline slice: {len(sample):,}")
    print(f"{'measure':<46}{'seconds':>9}{'rows/s':>12}")
    print(f"{'(a) load_regions, empty table':<46}{load_seconds:>9.2f}{ours:>12,.0f}")
    print(f"{'(b) update_or_create per row (slice)':<46}{baseline_seconds:>9.2f}{baseline:>12,.0f}")
    print(f"{'(c) refresh, unchanged list (checksum skip)':<46}{skip_seconds:>9.2f}")
    print(f"{'(c) refresh, forced full comparison':<46}{compare_seconds:>9.2f}")
    print(
        f"ratio (a)/(b): {ours / baseline:.0f}x   target: full load < 10 s -> "
        f"{'met' if load_seconds < 10 else 'NOT MET'}"
    )
    if connection.vendor == "postgresql":
        connection.close()
        import psycopg

        with psycopg.connect(os.environ["BENCH_ADMIN_URL"], autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS lindungi_bench")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    sys.exit(main())
