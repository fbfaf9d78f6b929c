"""Benchmark: the possible-duplicates review page (`/pekerja/duplikat/`) with 100,000 open pairs.

Creates PAIRS open pairs (100,000 unless `--pairs` says otherwise) of two workers each in the
villages of Kabupaten Sumedang, and a few pairs of another regency, then measures in one run and
on one database the page as the regency admin and as the operator of one village (whose few pairs
hide among the regency's 100,000): the first page and page 200, each the median and the slowest of
CALLS requests through Django's test client after one untimed request (the whole view: session,
scope, count, page, template). Baseline: the queue's former query (the scope as `IN` lists of
every visible worker, its pairs counted whole and the first 100 read), stopped after
BASELINE_LIMIT seconds.

    python bench/duplicates_page.py [--pairs 100000]                   # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/duplicates_page.py

On PostgreSQL it works in a scratch database of its own on that server
(`lindungi_bench_duplicates`), created anew and dropped at the end.
"""

import argparse
import os
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

SCRATCH_DB = "lindungi_bench_duplicates"
SETTINGS = "lindungi.config.settings_test"
REGENCY = "32.11"  # Kabupaten Sumedang
OTHER_REGENCY = "32.04"
CALLS = 15
TARGET_SECONDS = 1.0
BASELINE_LIMIT = 30.0


def fresh_postgres(url: str) -> str:
    import psycopg

    base, _, _ = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {SCRATCH_DB}")
    return f"{base}/{SCRATCH_DB}"


def drop_postgres(url: str) -> None:
    import psycopg

    base, _, _ = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB} WITH (FORCE)")


def prepare(pairs: int) -> dict[str, Any]:
    """Regions, two officers, twice `pairs` workers and `pairs` open pairs in the regency (and 100
    pairs in another); returns the officers."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from lindungi.accounts.services import user_create
    from lindungi.core.roles import Role
    from lindungi.regions.loading import load_regions
    from lindungi.regions.models import Level, Region
    from lindungi.regions.selectors import region_get
    from lindungi.workers.duplicates import statistics_refresh

    call_command("migrate", verbosity=0)
    load_regions()
    villages = list(
        Region.objects.filter(level=Level.VILLAGE, is_active=True, code__startswith=REGENCY + ".")
        .order_by("code")
        .values_list("code", flat=True)
    )
    elsewhere = (
        Region.objects.filter(level=Level.VILLAGE, code__startswith=OTHER_REGENCY + ".")
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )
    admin = user_create(
        actor=None,
        username="disnaker",
        password=secrets.token_urlsafe(),
        role=Role.ADMIN_PEMDA,
        region=region_get(code=REGENCY),
        full_name="Disnaker",
    )
    village = user_create(
        actor=None,
        username="desa",
        password=secrets.token_urlsafe(),
        role=Role.OPERATOR_DESA,
        region=region_get(code=villages[0]),
        full_name="Operator Desa",
    )
    started = time.perf_counter()
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    total = pairs + 100
    columns = (
        "nik, name, name_normalised, birth_date, sex, village_id, province_code, address, phone, "
        "occupation, category, in_p3ke, in_dtks, created_at, updated_at"
    )
    born = connection.ops.adapt_datefield_value(date(1990, 8, 15))
    with transaction.atomic(), connection.cursor() as cursor:
        # Pair k is workers 2k and 2k+1 (ids 2k+1 and 2k+2 in this fresh database), in one
        # village; the last 100 pairs live in another regency. Plain rows, one executemany.
        cursor.executemany(
            f"INSERT INTO workers_worker ({columns}) "
            "VALUES (%s, %s, %s, %s, 'L', %s, '32', '', '', '', 'BPU', FALSE, FALSE, %s, %s)",
            [
                (
                    f"32{index:014d}",
                    f"Warga {index // 2}",
                    f"WARGA {index // 2}",
                    born,
                    villages[(index // 2) % len(villages)] if index // 2 < pairs else elsewhere,
                    stamp,
                    stamp,
                )
                for index in range(2 * total)
            ],
        )
        cursor.execute(
            "INSERT INTO workers_duplicatecandidate (first_id, second_id, regency_code, reason, "
            "similarity, status, found_at) "
            "SELECT id, id + 1, substr(village_id, 1, 5), 'same_name', "
            "0.92 + ((id / 2) %% 800) / 10000.0, 'open', %s "
            "FROM workers_worker WHERE id %% 2 = 1",
            [stamp],
        )
    # What an import does after queuing pairs (SQLite's sampled statistics), and on PostgreSQL
    # what autovacuum would do after such a load.
    statistics_refresh()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"data: {2 * total:,} workers, {total:,} pairs in {time.perf_counter() - started:.1f} s")
    return {"admin": admin, "village": village}


def measure_page(user: Any, page: int) -> tuple[float, float, str]:
    from django.test import Client

    client = Client()
    client.force_login(user)
    client.get("/pekerja/duplikat/")  # the process's first request loads the URLs and templates
    times = []
    body = ""
    for _ in range(CALLS):
        started = time.perf_counter()
        response = client.get("/pekerja/duplikat/", {"page": page} if page > 1 else {})
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        body = response.content.decode()
    return statistics.median(times), max(times), body


def baseline(user: Any) -> str:
    """The former selector: the scope as `IN (SELECT id FROM visible workers)` twice, the whole
    queue counted, the first 100 pairs read; stopped after BASELINE_LIMIT seconds."""
    from django.db import OperationalError, connection, transaction
    from django.db.utils import DatabaseError

    from lindungi.accounts.selectors import scope_for_user
    from lindungi.workers.models import DuplicateCandidate
    from lindungi.workers.selectors import worker_list

    scope = scope_for_user(user)
    visible = worker_list(scope=scope)
    old = (
        DuplicateCandidate.objects.filter(status="open", first__in=visible, second__in=visible)
        .select_related("first__village", "second__village")
        .order_by("-similarity", "id")
    )
    started = time.perf_counter()
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL statement_timeout = {int(BASELINE_LIMIT * 1000)}")
            else:
                connection.ensure_connection()
                deadline = started + BASELINE_LIMIT
                connection.connection.set_progress_handler(
                    lambda: int(time.perf_counter() > deadline), 100_000
                )
            old.count()
            list(old[:100])
    except (OperationalError, DatabaseError):
        return f"> {BASELINE_LIMIT:.0f} s (stopped)"
    finally:
        if connection.vendor == "sqlite":
            connection.connection.set_progress_handler(None, 0)
    return f"{time.perf_counter() - started:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=100_000)
    arguments = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    url = os.environ.get("DATABASE_URL", "")
    scratch_dir = None
    if url.startswith("postgres"):
        url = fresh_postgres(url)
    else:
        scratch_dir = tempfile.mkdtemp(prefix="lindungi-bench-")
        url = f"sqlite:///{scratch_dir}/bench.sqlite3"
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()
    from django.db import connection

    try:
        users = prepare(arguments.pairs)
        print(f"database: {connection.vendor}, {CALLS} calls each, median / slowest")
        worst = 0.0
        for name, page in (("admin", 1), ("admin", 200), ("village", 1)):
            median, slowest, body = measure_page(users[name], page)
            worst = max(worst, slowest)
            shown = body.count('data-testid="candidate"')
            print(
                f"  {name:8} page {page:>3}: {median * 1000:7.1f} ms / {slowest * 1000:7.1f} ms"
                f"  ({shown} pairs shown)"
            )
        for name in ("admin", "village"):
            print(f"  baseline, former query, {name}: {baseline(users[name])}")
        verdict = "met" if worst < TARGET_SECONDS else "NOT MET"
        print(f"target: every request under {TARGET_SECONDS:.0f} s: {verdict}")
    finally:
        connection.close()
        if scratch_dir:
            shutil.rmtree(scratch_dir, ignore_errors=True)
        else:
            drop_postgres(url)


if __name__ == "__main__":
    main()
