"""Benchmark: the monthly coverage snapshot of the whole country, and the dashboard's reads.

Builds on PostgreSQL, set-wise (generate_series; no ORM), WORKERS workers (10,000,000 unless
the WORKERS environment variable says otherwise) spread over every active village of the
Kemendagri list (83,762), each with one enrolment of 2026: 85 % paid by their village (one DESA
sponsor per village), 10 % by their regency's agency (OPD), 5 % by one of the agency's civil
servants (ASN; ten per agency); 90 % ACTIVE, 4 % ENDED and 3 % LAPSED after February,
3 % still SUBMITTED (the ended and lapsed ones hold January and February).
Categories: 70 % BPU, 10 % each PU, JAKON, PMI. A base (eligible workers)
for every province and regency and the country. Then measures, in one run and on one database:
  (a) `snapshot_take` of March 2026 for the whole country (target: under 60 s);
  (b) the dashboard's selectors at the national, province (32) and regency (32.11) level:
      `coverage_for`, `coverage_children` and `coverage_trend` over 12 months, each the p95
      of 20 calls (target: under 100 ms each);
  (c) the baseline: the same headline figure counted from the enrolments directly, as a
      dashboard without snapshots would (p95 of 3 calls), and the ratio (c)/(b).
It checks that the snapshot's figures equal the direct counts.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_cov python bench/coverage.py
    WORKERS=1000000 DATABASE_URL=... python bench/coverage.py     # a quick run

It works in a scratch database of its own on that server (`lindungi_bench_coverage`), created
anew and dropped at the end.
"""

import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

SCRATCH_DB = "lindungi_bench_coverage"
SETTINGS = "lindungi.config.settings_test"
MONTH = date(2026, 3, 1)
TODAY = date(2026, 4, 2)
TARGET_SNAPSHOT_SECONDS = 60.0
TARGET_READ_MS = 100.0
CALLS = 20
BASELINE_CALLS = 3
LEVELS = (("national", ""), ("province", "32"), ("regency", "32.11"))


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


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django

    django.setup()


# --- the data, set-wise ----------------------------------------------------------------------

BULK_TABLES = ("workers_worker", "programs_enrolment")


def _secondary_indexes(cursor: Any) -> list[tuple[str, str]]:
    """(name, definition) of the non-unique-key indexes of the bulk tables, dropped during the
    load and built afterwards, as a bulk load does."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
        [list(BULK_TABLES)],
    )
    return list(cursor.fetchall())


def prepare(workers: int) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection

    from lindungi.regions.loading import load_regions

    call_command("migrate", verbosity=0)
    load_regions()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # no FK triggers while loading
        cursor.execute("ALTER TABLE programs_enrolment DROP CONSTRAINT enrolment_no_double_funding")
        indexes = _secondary_indexes(cursor)
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
        cursor.execute(
            "CREATE TEMP TABLE v AS SELECT ROW_NUMBER() OVER (ORDER BY code) - 1 AS n, code "
            "FROM regions_region WHERE level = 'village' AND is_active"
        )
        cursor.execute("CREATE UNIQUE INDEX ON v (n)")
        cursor.execute("SELECT COUNT(*) FROM v")
        (villages,) = cursor.fetchone()
        # One agency per regency, ten civil servants in each, half of them sponsors.
        cursor.execute(
            "INSERT INTO accounts_agency (region_id, code, name) SELECT code, 'dinsos', "
            "'Dinas Sosial ' || name FROM regions_region WHERE level = 'regency' AND is_active"
        )
        cursor.execute(
            "INSERT INTO accounts_user (password, is_superuser, username, first_name, "
            "last_name, email, is_staff, is_active, date_joined, full_name, role, region_id, "
            "agency_id, nip) SELECT '!', false, 'asn' || a.id || '.' || k, '', '', '', false, "
            "true, now(), 'ASN ' || k, 'asn', a.region_id, a.id, "
            "lpad((a.id * 10 + k)::text, 18, '0') FROM accounts_agency a, "
            "generate_series(0, 9) k"
        )
        cursor.execute(
            "INSERT INTO programs_program (region_id, template, name, year, sponsor_kinds, "
            "includes_jht, income_basis, start_month, months, categories, min_age, max_age, "
            "must_live_in_sponsor_village, poverty_rule, quota_per_sponsor, quota_rule, "
            "is_active, created_at) SELECT code, 'desa_100', 'Perlindungan 2026 ' || code, "
            """2026, '["DESA", "OPD", "ASN"]', false, 1000000, '2026-01-01', 12, """
            """'["BPU", "PU", "JAKON", "PMI"]', 18, 65, false, 'none', 100, 'at_least', true, """
            "now() FROM regions_region WHERE level = 'regency' AND is_active"
        )
        common = "group_code, nip, decision_number, contact, created_at"
        cursor.execute(
            f"INSERT INTO programs_sponsor (kind, name, region_id, funding_source, {common}) "
            "SELECT 'DESA', 'Desa ' || code, code, 'DANA_DESA', 'SD', '', '', '', now() FROM v"
        )
        cursor.execute(
            f"INSERT INTO programs_sponsor (kind, name, region_id, funding_source, agency_id, "
            f"{common}) SELECT 'OPD', name, region_id, 'APBD', id, 'SG', '', '', '', now() "
            "FROM accounts_agency"
        )
        cursor.execute(
            f"INSERT INTO programs_sponsor (kind, name, region_id, funding_source, agency_id, "
            f"user_id, {common}) SELECT 'ASN', full_name, region_id, 'TPP', agency_id, id, '', "
            "nip, '', '', now() FROM accounts_user WHERE role = 'asn' AND "
            "CAST(split_part(username, '.', 2) AS int) < 5"
        )
        cursor.execute(
            "INSERT INTO workers_worker (nik, name, name_normalised, birth_date, sex, "
            "village_id, province_code, address, phone, occupation, category, in_p3ke, in_dtks, "
            "created_at, updated_at) SELECT '9' || lpad(i::text, 15, '0'), 'Pekerja ' || i, "
            "'PEKERJA ' || i, DATE '1980-01-01' + (i %% 9000), "
            "CASE WHEN i %% 2 = 0 THEN 'L' ELSE 'P' END, v.code, substr(v.code, 1, 2), '', '', "
            "'petani', CASE i %% 10 WHEN 0 THEN 'PU' WHEN 1 THEN 'JAKON' WHEN 2 THEN 'PMI' "
            "ELSE 'BPU' END, false, false, now(), now() "
            "FROM generate_series(0, %s - 1) i JOIN v ON v.n = i %% %s",
            [workers, villages],
        )
        cursor.execute("ANALYZE workers_worker")
        # The sponsors each worker's enrolment names: the village's, the regency's agency, or
        # one of that agency's five sponsoring civil servants.
        cursor.execute(
            "CREATE TEMP TABLE regency_sponsors AS SELECT p.region_id AS regency, p.id AS "
            "program_id, o.id AS opd_id, a.ids AS asn_ids FROM programs_program p "
            "JOIN programs_sponsor o ON o.kind = 'OPD' AND o.region_id = p.region_id "
            "JOIN (SELECT region_id, array_agg(id ORDER BY id) AS ids FROM programs_sponsor "
            "WHERE kind = 'ASN' GROUP BY region_id) a ON a.region_id = p.region_id"
        )
        cursor.execute("CREATE UNIQUE INDEX ON regency_sponsors (regency)")
        cursor.execute(
            "INSERT INTO programs_enrolment (worker_id, program_id, sponsor_id, first_month, "
            "last_month, status, monthly_amount, funding_source, kpj, bpjs_start_date, "
            "returned_reason, rejected_reason, end_reason, end_note, created_at, updated_at) "
            "SELECT w.id, r.program_id, CASE WHEN w.id % 20 < 17 THEN d.id "
            "WHEN w.id % 20 < 19 THEN r.opd_id ELSE r.asn_ids[1 + (w.id / 20) % 5] END, "
            "DATE '2026-01-01', CASE WHEN w.id % 100 < 90 THEN DATE '2026-12-01' "
            "WHEN w.id % 100 < 97 THEN DATE '2026-02-01' ELSE DATE '2026-12-01' END, "
            "CASE WHEN w.id % 100 < 90 THEN 'active' WHEN w.id % 100 < 94 THEN 'ended' "
            "WHEN w.id % 100 < 97 THEN 'lapsed' ELSE 'submitted' END, 16800, "
            "CASE WHEN w.id % 20 < 17 THEN 'DANA_DESA' WHEN w.id % 20 < 19 THEN 'APBD' "
            "ELSE 'TPP' END, CASE WHEN w.id % 100 < 97 THEN (26000000000 + w.id)::text "
            "ELSE '' END, DATE '2026-01-01', '', '', '', '', now(), now() "
            "FROM workers_worker w JOIN programs_sponsor d ON d.kind = 'DESA' "
            "AND d.region_id = w.village_id JOIN regency_sponsors r "
            "ON r.regency = substr(w.village_id, 1, 5)"
        )
        enrolled = cursor.rowcount
        # A base of eligible workers for every province and regency, and the country: two and
        # a half per worker.
        cursor.execute(
            "INSERT INTO coverage_denominator (region_id, year, kind, value, source, as_of, "
            "imported_at) SELECT code, 2026, 'eligible', n * 5 / 2, 'bench', DATE '2025-12-31', "
            "now() FROM (SELECT substr(village_id, 1, 5) AS code, COUNT(*) AS n "
            "FROM workers_worker GROUP BY 1 UNION ALL SELECT province_code, COUNT(*) "
            "FROM workers_worker GROUP BY 1) counted"
        )
        cursor.execute(
            "INSERT INTO coverage_denominator (region_id, year, kind, value, source, as_of, "
            "imported_at) VALUES (NULL, 2026, 'eligible', %s, 'bench', DATE '2025-12-31', now())",
            [workers * 5 // 2],
        )
        loaded = time.perf_counter() - started
        for _, definition in indexes:
            cursor.execute(definition)
        cursor.execute(
            "ALTER TABLE programs_enrolment ADD CONSTRAINT enrolment_no_double_funding "
            "EXCLUDE USING gist (worker_id WITH =, daterange(first_month, last_month, '[]') "
            "WITH &&) WHERE (status NOT IN ('rejected', 'cancelled'))"
        )
        cursor.execute("SET session_replication_role = DEFAULT")
        # What autovacuum does on a live database: statistics, hint bits, the visibility map.
        for table in (*BULK_TABLES, "programs_sponsor"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return {
        "villages": villages,
        "enrolled": enrolled,
        "load_seconds": loaded,
        "total_seconds": time.perf_counter() - started,
    }


# --- the measures ----------------------------------------------------------------------------


def p95(call: Callable[[], Any], times: int) -> tuple[float, Any]:
    """The 95th percentile of `times` calls in milliseconds, and the last result."""
    spent, result = [], None
    for _ in range(times):
        started = time.perf_counter()
        result = call()
        spent.append((time.perf_counter() - started) * 1000)
    if times < 20:
        return max(spent), result
    return statistics.quantiles(spent, n=20)[-1], result


def direct_count(code: str) -> int:
    """The baseline: protected workers of a region counted from the enrolments."""
    from django.db import connection

    from lindungi.coverage.snapshots import protected_in, within

    protected, params = protected_in("e", MONTH)
    inside, inside_params = within("w.village_id", code)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM programs_enrolment e "
            f"JOIN workers_worker w ON w.id = e.worker_id WHERE {protected} AND {inside}",
            [*params, *inside_params],
        )
        return int(cursor.fetchone()[0])


def measure(workers: int) -> int:
    from django.db import connection

    from lindungi.core.scopes import Scope
    from lindungi.coverage.children import coverage_children
    from lindungi.coverage.selectors import coverage_for, months_until
    from lindungi.coverage.services import snapshot_take
    from lindungi.coverage.trend import coverage_trend

    made = prepare(workers)
    print(
        f"database: {connection.vendor}  workers: {workers:,}  enrolments: {made['enrolled']:,} "
        f"over {made['villages']:,} villages (loaded in {made['load_seconds']:.0f} s, indexes "
        f"and constraints built: {made['total_seconds']:.0f} s in all)"
    )
    started = time.perf_counter()
    february = snapshot_take(month=date(2026, 2, 1), actor=None, today=TODAY)
    february_seconds = time.perf_counter() - started
    started = time.perf_counter()
    taken = snapshot_take(month=MONTH, actor=None, today=TODAY)
    snapshot_seconds = time.perf_counter() - started
    run = taken.run
    print(
        f"(a) snapshot_take, March 2026, whole country: {snapshot_seconds:.1f} s "
        f"({run.protected:,} protected, {run.villages:,} villages, {run.rows:,} rows; "
        f"February: {february_seconds:.1f} s)   target: under {TARGET_SNAPSHOT_SECONDS:.0f} s "
        f"-> {'met' if snapshot_seconds < TARGET_SNAPSHOT_SECONDS else 'NOT MET'}"
    )
    scope = Scope(user_id=None, role="superuser", region_codes=None, can_write=True)
    months = months_until(MONTH, 12)
    print(f"{'(b) p95 of 20 calls, ms':<34}{'for':>9}{'children':>10}{'trend':>9}"
          f"{'(c) direct':>12}{'ratio':>9}")  # fmt: skip
    ok = february.run.protected > run.protected > 0
    worst = 0.0
    for label, code in LEVELS:
        figure_ms, figure = p95(
            lambda code=code: coverage_for(scope=scope, region=code, month=MONTH), CALLS
        )
        children_ms, _ = p95(
            lambda code=code: coverage_children(scope=scope, region=code, month=MONTH), CALLS
        )
        trend_ms, _ = p95(
            lambda code=code: coverage_trend(scope=scope, region=code, months=months), CALLS
        )
        direct_ms, counted = p95(lambda code=code: direct_count(code), BASELINE_CALLS)
        worst = max(worst, figure_ms, children_ms, trend_ms)
        ok = ok and counted == figure.protected
        print(
            f"{label + ' (' + (code or 'ID') + ')':<34}{figure_ms:>9.1f}{children_ms:>10.1f}"
            f"{trend_ms:>9.1f}{direct_ms:>12.0f}{direct_ms / figure_ms:>8.0f}x"
            f"   {figure.protected:,} protected, {figure.percent} %"
        )
    print(
        f"(b) slowest p95: {worst:.1f} ms   target: under {TARGET_READ_MS:.0f} ms -> "
        f"{'met' if worst < TARGET_READ_MS else 'NOT MET'}"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"check (each level's snapshot equals the direct count; February counts the workers "
        f"who ended or lapsed after January too): {'met' if ok else 'NOT MET'}   "
        f"peak memory: {peak:,.0f} MB"
    )
    return 0 if ok else 1


def main() -> int:
    workers = int(os.environ.get("WORKERS", "10000000"))
    if not 10_000 <= workers <= 20_000_000:
        print("WORKERS: 10,000 to 20,000,000", file=sys.stderr)
        return 2
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith("postgres"):
        print("This benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…", file=sys.stderr)
        return 2
    url = fresh_postgres(given)
    try:
        setup_django(url)
        return measure(workers)
    finally:
        from django.db import connections

        connections.close_all()
        drop_postgres(given)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    sys.exit(main())
