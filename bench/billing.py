"""Benchmark: a billing run for 1,000,000 active enrolments, and a 100,000-row BPJS statement.

Creates, set-wise (COPY or one INSERT … SELECT per table), N workers over the villages of West
Java (province 32), one village sponsor per village and a 2026 program per regency; 90 % of the
workers are enrolled by their village, the other 10 % pay for themselves (one MANDIRI sponsor
each, as self-paying members settle their own bills). Every enrolment is ACTIVE. Then measures,
in one run and on one database:
  (a) `billing_run` for January 2026 over the whole province (one line per enrolment, one bill
      per sponsor), as a superuser;
  (b) the same run again (nothing left to bill: it must change nothing);
  (c) `statement_import` of a 100,000-row statement: 95 % exact payments of self-payers' bills,
      1 % of village bills, 2 % with a wrong amount, 1 % unknown numbers, 1 % repeated lines;
  (d) the usual Django way: a loop over a 10,000-enrolment slice creating one `BillLine` per
      enrolment (and the sponsor's bill on first sight) with the ORM; rolled back.
Prints seconds and rows/s, the ratio (a)/(d) in rows/s, and the targets: (a) under 10 s and (c)
under 5 s on PostgreSQL.

    python bench/billing.py [--rows 1000000] [--statement 100000] [--slice 10000]   # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_billing python bench/billing.py

On PostgreSQL it works in a scratch database of its own on that server
(`lindungi_bench_billing`), created anew and dropped at the end.
"""

import argparse
import os
import resource
import secrets
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

SCRATCH_DB = "lindungi_bench_billing"
SETTINGS = "lindungi.config.settings_test"
PROVINCE = "32"  # Jawa Barat: 27 regencies and cities, 5,957 villages
MONTH = date(2026, 1, 1)
TODAY = date(2026, 1, 5)
TARGET_RUN_SECONDS = 10.0
TARGET_STATEMENT_SECONDS = 5.0
SELF_PAYING_SHARE = 10  # one worker in ten pays for themself


def fresh_postgres(url: str) -> str:
    """A scratch database on the server of `url`, dropped and created anew."""
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


def prepare(rows: int) -> dict[str, Any]:
    """Regions, a superuser, one program per regency, one sponsor per village, N workers, N
    ACTIVE enrolments (10 % self-paying, with a MANDIRI sponsor each)."""
    import polars as pl
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from lindungi.accounts.models import User
    from lindungi.regions.loading import load_regions
    from lindungi.regions.models import Level, Region

    call_command("migrate", verbosity=0)
    load_regions()
    admin = User.objects.create_superuser("bench", password=secrets.token_urlsafe())
    villages = list(
        Region.objects.filter(level=Level.VILLAGE, is_active=True, code__startswith=PROVINCE + ".")
        .order_by("code")
        .values_list("code", flat=True)
    )
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    started = time.perf_counter()
    index = pl.int_range(rows, eager=True)
    block = index // 9999
    workers = pl.DataFrame({"i": index, "block": block}).with_columns(
        village=pl.Series(villages).gather(index % len(villages)),
    )
    workers = workers.with_columns(
        nik=pl.format(
            "{}{}{}{}{}",
            pl.col("village").str.slice(0, 8).str.replace_all(".", "", literal=True),
            (pl.col("block") % 28 + 1).cast(pl.String).str.zfill(2),
            ((pl.col("block") // 28) % 12 + 1).cast(pl.String).str.zfill(2),
            (70 + (pl.col("block") // 336) % 30).cast(pl.String),
            (pl.col("i") % 9999 + 1).cast(pl.String).str.zfill(4),
        ),
        birth_date=pl.date(
            1900 + 70 + (pl.col("block") // 336) % 30,
            (pl.col("block") // 28) % 12 + 1,
            pl.col("block") % 28 + 1,
        ).dt.strftime("%Y-%m-%d"),
        name=pl.format("Pekerja {}", pl.col("i")),
    )
    columns = (
        "nik, name, name_normalised, birth_date, sex, village_id, province_code, address, phone, "
        "occupation, category, in_p3ke, in_dtks, created_at, updated_at"
    )
    values = workers.select(
        "nik",
        "name",
        name_normalised=pl.col("name").str.to_uppercase(),
        birth_date="birth_date",
        sex=pl.lit("L"),
        village_id="village",
        province_code=pl.lit(PROVINCE),
        address=pl.lit(""),
        phone=pl.lit(""),
        occupation=pl.lit("petani"),
        category=pl.lit("BPU"),
        in_p3ke=pl.lit(False),
        in_dtks=pl.lit(False),
    )
    day = connection.ops.adapt_datefield_value
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = values.with_columns(
                created_at=pl.lit(now.isoformat()), updated_at=pl.lit(now.isoformat())
            ).write_csv(include_header=False, quote_style="non_numeric")
            with cursor.cursor.copy(
                f"COPY workers_worker ({columns}) FROM STDIN WITH (FORMAT csv)"
            ) as copy:
                copy.write(buffer.encode())
        else:
            placeholders = ", ".join(["%s"] * 15)
            sql = f"INSERT INTO workers_worker ({columns}) VALUES ({placeholders})"
            for offset in range(0, values.height, 50_000):
                cursor.executemany(
                    sql, [(*row, stamp, stamp) for row in values.slice(offset, 50_000).rows()]
                )
        # One 2026 village program per regency of the province.
        cursor.execute(
            "INSERT INTO programs_program (region_id, template, name, year, sponsor_kinds, "
            "includes_jht, income_basis, start_month, months, categories, min_age, max_age, "
            "must_live_in_sponsor_village, poverty_rule, quota_per_sponsor, quota_rule, "
            "is_active, created_at) "
            "SELECT code, 'desa_100', 'Desa Melindungi 2026 ' || code, 2026, "
            """'["DESA", "MANDIRI"]', false, 1000000, %s, 12, '["BPU"]', 18, 65, true, """
            "'preferred', 100, 'at_least', true, %s FROM regions_region "
            "WHERE level = 'regency' AND code LIKE %s",
            [day(MONTH), stamp, PROVINCE + ".%"],
        )
        cursor.execute(
            "INSERT INTO programs_sponsor (kind, name, region_id, funding_source, group_code, "
            "nip, decision_number, contact, created_at) "
            "SELECT 'DESA', 'Pemerintah Desa ' || name, code, 'DANA_DESA', 'SD', '', '', '', %s "
            "FROM regions_region WHERE level = 'village' AND is_active AND code LIKE %s",
            [stamp, PROVINCE + ".%"],
        )
        # Every tenth worker pays for themself: a MANDIRI sponsor of their regency. Enrolments
        # are written sponsor by sponsor, as each sponsor enrols its workers together.
        cursor.execute(
            "INSERT INTO programs_sponsor (kind, name, region_id, funding_source, group_code, "
            "nip, decision_number, contact, worker_id, created_at) "
            "SELECT 'MANDIRI', name, substr(village_id, 1, 5), 'SELF', '', '', '', '', id, %s "
            "FROM workers_worker WHERE id %% %s = 0",
            [stamp, SELF_PAYING_SHARE],
        )
        enrolment_columns = (
            "INSERT INTO programs_enrolment (worker_id, program_id, sponsor_id, first_month, "
            "last_month, status, monthly_amount, funding_source, kpj, bpjs_start_date, "
            "returned_reason, rejected_reason, end_reason, end_note, created_at, updated_at) "
        )
        period = [day(MONTH), day(date(2026, 12, 1))]
        cursor.execute(
            enrolment_columns
            + "SELECT w.id, p.id, s.id, %s, %s, 'active', 16800, s.funding_source, "
            "CAST(26000000000 + w.id AS varchar(16)), %s, '', '', '', '', %s, %s "
            "FROM workers_worker w JOIN programs_sponsor s ON s.region_id = w.village_id "
            "AND s.kind = 'DESA' JOIN programs_program p "
            "ON p.region_id = substr(w.village_id, 1, 5) "
            "WHERE w.id %% %s <> 0 ORDER BY s.id, w.id",
            [*period, day(MONTH), stamp, stamp, SELF_PAYING_SHARE],
        )
        enrolled = cursor.rowcount
        cursor.execute(
            enrolment_columns + "SELECT w.id, p.id, s.id, %s, %s, 'active', 16800, 'SELF', "
            "CAST(26000000000 + w.id AS varchar(16)), %s, '', '', '', '', %s, %s "
            "FROM workers_worker w JOIN programs_sponsor s ON s.worker_id = w.id "
            "AND s.kind = 'MANDIRI' JOIN programs_program p "
            "ON p.region_id = substr(w.village_id, 1, 5) ORDER BY s.id, w.id",
            [*period, day(MONTH), stamp, stamp],
        )
        enrolled += cursor.rowcount
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as a live database has
        cursor.execute("SELECT COUNT(*) FROM programs_sponsor")
        (sponsors,) = cursor.fetchone()
    return {
        "admin": admin,
        "enrolled": enrolled,
        "sponsors": sponsors,
        "villages": len(villages),
        "seconds": time.perf_counter() - started,
    }


def write_statement(path: Path, rows: int) -> dict[str, int]:
    """A BPJS statement of `rows` rows against the bills of the run, Indonesian headers."""
    import polars as pl

    from lindungi.billing.models import Bill
    from lindungi.programs.models import SponsorKind

    own = list(
        Bill.objects.filter(sponsor__kind=SponsorKind.MANDIRI)
        .order_by("number")
        .values_list("number", "total")
    )
    villages = list(
        Bill.objects.filter(sponsor__kind=SponsorKind.DESA)
        .order_by("number")
        .values_list("number", "total")
    )
    exact_own = rows * 95 // 100
    exact_village = min(rows // 100, len(villages))
    wrong = rows * 2 // 100
    unknown = rows // 100
    repeated = rows - exact_own - exact_village - wrong - unknown
    assert exact_own + wrong <= len(own), "not enough self-payers' bills for the statement"
    numbers = [number for number, _ in own[:exact_own]] + [
        number for number, _ in villages[:exact_village]
    ]
    amounts = [total for _, total in own[:exact_own]] + [
        total for _, total in villages[:exact_village]
    ]
    numbers += [number for number, _ in own[exact_own : exact_own + wrong]]
    amounts += [total - 800 for _, total in own[exact_own : exact_own + wrong]]
    numbers += [f"TAG-9999-202601-{serial:06d}" for serial in range(unknown)]
    amounts += [16_800] * unknown
    numbers += numbers[:repeated]
    amounts += amounts[:repeated]
    frame = pl.DataFrame(
        {
            "No Tagihan": numbers,
            # As BPJS prints them: "Rp 2.822.400".
            "Jumlah": [f"Rp {amount:,}".replace(",", ".") for amount in amounts],
            "Tanggal": ["05/01/2026"] * len(numbers),
        }
    )
    frame.select("No Tagihan", "Jumlah", "Tanggal").write_csv(path)
    return {
        "matched": exact_own + exact_village,
        "unmatched": wrong + unknown + repeated,
    }


# --- the measures ----------------------------------------------------------------------------


def naive(slice_rows: int) -> float:
    """The usual Django way on `slice_rows` enrolments: a bill per sponsor on first sight and
    one `BillLine.objects.create` per enrolment. Rolled back."""
    from django.db import transaction
    from django.utils import timezone

    from lindungi.billing.models import Bill, BillingRun, BillLine
    from lindungi.programs.models import Enrolment

    started = time.perf_counter()
    with transaction.atomic():
        run = BillingRun.objects.create(
            region_id=PROVINCE, month=date(2026, 2, 1), started_at=timezone.now()
        )
        bills: dict[int, Bill] = {}
        enrolments = Enrolment.objects.filter(status="active").order_by("id")[:slice_rows]
        for enrolment in enrolments:
            bill = bills.get(enrolment.sponsor_id)
            if bill is None:
                bill = bills[enrolment.sponsor_id] = Bill.objects.create(
                    sponsor_id=enrolment.sponsor_id,
                    month=date(2026, 2, 1),
                    run=run,
                    number=f"NAIVE-{enrolment.sponsor_id}",
                    issued_on=TODAY,
                    due_date=date(2026, 2, 16),
                    total=enrolment.monthly_amount,
                )
            else:
                bill.total += enrolment.monthly_amount
                bill.save(update_fields=["total"])
            BillLine.objects.create(
                bill=bill,
                enrolment=enrolment,
                sponsor_id=enrolment.sponsor_id,
                month=date(2026, 2, 1),
                amount=enrolment.monthly_amount,
            )
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds


def measure(args: argparse.Namespace, workdir: Path) -> int:
    from django.db import connection

    from lindungi.accounts.selectors import scope_for_user
    from lindungi.billing.models import Bill, BillLine
    from lindungi.billing.services.runs import billing_run
    from lindungi.billing.services.statements import statement_import
    from lindungi.regions.selectors import region_get

    made = prepare(args.rows)
    admin = made["admin"]
    scope = scope_for_user(admin)
    province = region_get(code=PROVINCE)
    naive_seconds = naive(args.slice)

    started = time.perf_counter()
    run = billing_run(actor=admin, scope=scope, region=province, month=MONTH, today=TODAY)
    run_seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = billing_run(actor=admin, scope=scope, region=province, month=MONTH, today=TODAY)
    again_seconds = time.perf_counter() - started
    lines = BillLine.objects.count()
    bills = Bill.objects.count()

    statement = workdir / "laporan-pembayaran.csv"
    expected = write_statement(statement, args.statement)
    started = time.perf_counter()
    result = statement_import(actor=admin, scope=scope, path=statement, today=TODAY)
    statement_seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    postgres = connection.vendor == "postgresql"
    rate = run.lines / run_seconds
    naive_rate = args.slice / naive_seconds
    print(
        f"database: {connection.vendor}  enrolments: {made['enrolled']:,} ACTIVE over "
        f"{made['villages']:,} villages, {made['sponsors']:,} sponsors (made in "
        f"{made['seconds']:.1f} s)  statement: {args.statement:,} rows  baseline slice: "
        f"{args.slice:,}"
    )
    print(f"{'measure':<62}{'seconds':>9}{'rows/s':>12}")
    table = [
        ("(a) billing_run, January 2026, whole province", run_seconds, rate),
        ("(b) the same run again (bills nothing)", again_seconds, None),
        (
            "(c) statement_import + reconciliation",
            statement_seconds,
            args.statement / statement_seconds,
        ),
        ("(d) ORM loop, one BillLine.create per enrolment (slice)", naive_seconds, naive_rate),
    ]
    for label, seconds, per_second in table:
        shown = f"{per_second:>12,.0f}" if per_second else ""
        print(f"{label:<62}{seconds:>9.2f}{shown}")
    print(f"ratio (a)/(d), rows/s: {rate / naive_rate:.0f}x   peak memory: {peak:,.0f} MB")

    def verdict(met: bool) -> str:
        return "met" if met else "NOT MET"

    if postgres:
        print(
            f"(a) {run.lines:,} lines in {run_seconds:.2f} s   target: under "
            f"{TARGET_RUN_SECONDS:.0f} s -> {verdict(run_seconds < TARGET_RUN_SECONDS)}"
        )
        print(
            f"(c) {args.statement:,} rows in {statement_seconds:.2f} s   target: under "
            f"{TARGET_STATEMENT_SECONDS:.0f} s -> "
            f"{verdict(statement_seconds < TARGET_STATEMENT_SECONDS)}"
        )
    ok = (
        run.lines == made["enrolled"] == lines
        and run.bills == made["sponsors"] == bills
        and again.lines == 0
        and result.matched == expected["matched"]
        and result.unmatched == expected["unmatched"]
    )
    print(
        f"check (one line per enrolment, one bill per sponsor, the rerun bills nothing, the "
        f"statement matches as written): {verdict(ok)} ({lines:,} lines, {bills:,} bills, "
        f"{result.matched:,} matched, {result.unmatched:,} unmatched)"
    )
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="active enrolments")
    parser.add_argument("--statement", type=int, default=100_000, help="statement rows")
    parser.add_argument("--slice", type=int, default=10_000, help="enrolments for the baseline")
    args = parser.parse_args()
    if not 10_000 <= args.rows <= 2_000_000:
        parser.error("--rows: 10,000 to 2,000,000")
    if not 100 <= args.statement <= args.rows // SELF_PAYING_SHARE:
        parser.error("--statement: 100 to a tenth of --rows (the self-payers' bills)")
    args.slice = min(args.slice, args.rows)
    workdir = Path(tempfile.mkdtemp(prefix="lindungi-bench-billing-"))
    given = os.environ.get("DATABASE_URL", "")
    postgres = given.startswith("postgres")
    url = fresh_postgres(given) if postgres else f"sqlite:///{workdir / 'bench.sqlite3'}"
    try:
        setup_django(url)
        return measure(args, workdir)
    finally:
        if postgres:
            from django.db import connections

            connections.close_all()
            drop_postgres(given)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    sys.exit(main())
