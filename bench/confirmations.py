"""Benchmark: importing BPJS's answer for 100,000 enrolments (`confirmations_import`).

Creates, set-wise (one INSERT … SELECT or COPY per table), N workers of Kabupaten Sumedang, one
village sponsor per village, a 2026 village program and one batch of N SENT enrolments; writes
BPJS's answer as a CSV (99 % accepted with a KPJ and a start date in the three date formats BPJS
uses, 1 % rejected with a reason), then measures in one run and on one database:
  (a) `confirmations_import` of the whole file, as a BPJS officer of the regency;
  (b) the usual Django way: read the CSV row by row and `Enrolment.objects.filter(...).update(...)`
      per row, on a slice (rolled back, so (a) finds every enrolment still SENT).
Prints seconds and rows/s of each, the ratio (a)/(b) in rows/s, and the target: the whole file in
under 10 s on PostgreSQL.

    python bench/confirmations.py [--rows 100000] [--slice 5000]   # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/confirmations.py

On PostgreSQL it works in a scratch database of its own on that server
(`lindungi_bench_confirmations`), created anew and dropped at the end.
"""

import argparse
import csv
import os
import resource
import secrets
import shutil
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

SCRATCH_DB = "lindungi_bench_confirmations"
SETTINGS = "lindungi.config.settings_test"
REGENCY = "32.11"  # Kabupaten Sumedang
TARGET_SECONDS = 10.0
REJECTED_EVERY = 100  # one row in a hundred is a rejection


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
    """Regions, officers, a program with one sponsor per village, N workers, N SENT enrolments
    in one batch. Returns what the measures need."""
    import polars as pl
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from lindungi.accounts.selectors import scope_for_user
    from lindungi.accounts.services import user_create
    from lindungi.core.roles import Role
    from lindungi.programs.models import Sponsor, SponsorKind, SubmissionBatch
    from lindungi.programs.services.setup import program_from_scheme
    from lindungi.regions.loading import load_regions
    from lindungi.regions.models import Level, Region
    from lindungi.regions.selectors import region_get

    call_command("migrate", verbosity=0)
    load_regions()
    regency = region_get(code=REGENCY)
    admin = user_create(
        actor=None,
        username="disnaker",
        password=secrets.token_urlsafe(),
        role=Role.ADMIN_PEMDA,
        region=regency,
        full_name="Disnaker",
    )
    bpjs = user_create(
        actor=None,
        username="bpjs",
        password=secrets.token_urlsafe(),
        role=Role.PETUGAS_BPJS,
        region=regency,
        full_name="BPJS Sumedang",
    )
    program = program_from_scheme(
        actor=admin, scope=scope_for_user(admin), region=regency, scheme="desa_100", year=2026
    )
    villages = list(
        Region.objects.filter(level=Level.VILLAGE, is_active=True, code__startswith=REGENCY + ".")
        .order_by("code")
        .values_list("code", flat=True)
    )
    Sponsor.objects.bulk_create(
        Sponsor(
            kind=SponsorKind.DESA,
            name=f"Pemerintah Desa {code}",
            region_id=code,
            funding_source="DANA_DESA",
            group_code="SD",
        )
        for code in villages
    )
    batch = SubmissionBatch.objects.create(
        number="LND-3211-202601-0001", program=program, region=regency, created_by=admin
    )

    # Workers: unique NIKs of the villages' districts (DDMMYY then a serial), column-wise.
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
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    columns = (
        "nik, name, name_normalised, birth_date, sex, village_id, province_code, address, phone, "
        "occupation, category, in_p3ke, in_dtks, created_at, updated_at"
    )
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        values = workers.select(
            "nik",
            "name",
            name_normalised=pl.col("name").str.to_uppercase(),
            birth_date="birth_date",
            sex=pl.lit("L"),
            village_id="village",
            province_code=pl.lit("32"),
            address=pl.lit(""),
            phone=pl.lit(""),
            occupation=pl.lit("petani"),
            category=pl.lit("BPU"),
            in_p3ke=pl.lit(False),
            in_dtks=pl.lit(False),
        )
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
            cursor.executemany(
                f"INSERT INTO workers_worker ({columns}) VALUES ({placeholders})",
                [(*row, stamp, stamp) for row in values.rows()],
            )
        cursor.execute(
            "INSERT INTO programs_enrolment (worker_id, program_id, sponsor_id, first_month, "
            "last_month, status, monthly_amount, funding_source, batch_id, kpj, "
            "returned_reason, rejected_reason, end_reason, end_note, created_at, updated_at) "
            "SELECT w.id, %s, s.id, %s, %s, 'sent', 16800, 'DANA_DESA', %s, '', '', '', '', '', "
            "%s, %s FROM workers_worker w "
            "JOIN programs_sponsor s ON s.region_id = w.village_id AND s.kind = 'DESA' "
            "ORDER BY w.id",
            [
                program.pk,
                connection.ops.adapt_datefield_value(date(2026, 1, 1)),
                connection.ops.adapt_datefield_value(date(2026, 12, 1)),
                batch.pk,
                stamp,
                stamp,
            ],
        )
        enrolled = cursor.rowcount
    SubmissionBatch.objects.filter(pk=batch.pk).update(enrolment_count=enrolled)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as a live database has
    return {
        "bpjs": bpjs,
        "niks": workers["nik"],
        "enrolled": enrolled,
        "villages": len(villages),
        "seconds": time.perf_counter() - started,
    }


def write_answer(path: Path, niks: Any) -> dict[str, int]:
    """BPJS's answer: a KPJ and a start date in one of three formats, or a rejection."""
    import polars as pl

    index = pl.int_range(niks.len(), eager=True)
    rejected = index % REJECTED_EVERY == REJECTED_EVERY - 1
    formats = ["2026-02-01", "01-02-2026", "01/02/2026"]
    start = pl.when(pl.col("i") % 3 == 0).then(pl.lit(formats[0]))
    start = start.when(pl.col("i") % 3 == 1).then(pl.lit(formats[1])).otherwise(pl.lit(formats[2]))
    frame = pl.DataFrame({"NIK": niks, "i": index, "rejected": rejected}).select(
        "NIK",
        KPJ=pl.when(pl.col("rejected"))
        .then(pl.lit(""))
        .otherwise((26_000_000_000 + pl.col("i")).cast(pl.String)),
        **{"Tanggal Efektif": pl.when(pl.col("rejected")).then(pl.lit("")).otherwise(start)},
        Keterangan=pl.when(pl.col("rejected"))
        .then(pl.lit("DITOLAK: NIK tidak ditemukan di Dukcapil"))
        .otherwise(pl.lit("AKTIF")),
    )
    frame.write_csv(path)
    return {"rejected": int(rejected.sum()), "accepted": int((~rejected).sum())}


# --- the measures ----------------------------------------------------------------------------


def naive(path: Path, rows: int) -> float:
    """The usual Django way, on the first `rows` rows: one UPDATE per row. Rolled back."""
    from django.db import transaction

    from lindungi.programs.models import Enrolment, EnrolmentStatus

    started = time.perf_counter()
    with transaction.atomic():
        with path.open(encoding="utf-8") as handle:
            for number, row in enumerate(csv.DictReader(handle)):
                if number >= rows:
                    break
                matched = Enrolment.objects.filter(
                    worker__nik=row["NIK"], status=EnrolmentStatus.SENT
                )
                if row["KPJ"]:
                    text = row["Tanggal Efektif"]
                    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
                        try:
                            start = datetime.strptime(text, pattern).date()  # noqa: DTZ007
                            break
                        except ValueError:
                            continue
                    matched.update(
                        status=EnrolmentStatus.ACTIVE, kpj=row["KPJ"], bpjs_start_date=start
                    )
                else:
                    matched.update(
                        status=EnrolmentStatus.REJECTED, rejected_reason=row["Keterangan"]
                    )
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds


def measure(args: argparse.Namespace, workdir: Path) -> int:
    from django.db import connection

    from lindungi.accounts.selectors import scope_for_user
    from lindungi.programs.exchange.confirmations import confirmations_import
    from lindungi.programs.models import Enrolment, EnrolmentStatus

    made = prepare(args.rows)
    answer = workdir / "jawaban.csv"
    expected = write_answer(answer, made["niks"])
    naive_seconds = naive(answer, args.slice)
    bpjs = made["bpjs"]
    started = time.perf_counter()
    result = confirmations_import(actor=bpjs, scope=scope_for_user(bpjs), path=answer)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    active = Enrolment.objects.filter(status=EnrolmentStatus.ACTIVE).exclude(kpj="").count()
    rejected = Enrolment.objects.filter(status=EnrolmentStatus.REJECTED).count()

    postgres = connection.vendor == "postgresql"
    rate = args.rows / seconds
    naive_rate = args.slice / naive_seconds
    print(
        f"database: {connection.vendor}  rows: {args.rows:,} ({made['enrolled']:,} SENT "
        f"enrolments over {made['villages']} villages, made in {made['seconds']:.1f} s)  "
        f"baseline slice: {args.slice:,}"
    )
    print(f"{'measure':<58}{'seconds':>9}{'rows/s':>12}")
    print(f"{'(a) confirmations_import, whole file':<58}{seconds:>9.2f}{rate:>12,.0f}")
    print(
        f"{'(b) ORM filter(...).update(...) per row (slice)':<58}"
        f"{naive_seconds:>9.2f}{naive_rate:>12,.0f}"
    )
    print(f"ratio (a)/(b), rows/s: {rate / naive_rate:.0f}x   peak memory: {peak:,.0f} MB")

    def verdict(met: bool) -> str:
        return "met" if met else "NOT MET"

    if postgres:
        print(
            f"(a) {args.rows:,} rows in {seconds:.2f} s   target: under {TARGET_SECONDS:.0f} s "
            f"-> {verdict(seconds < TARGET_SECONDS)}"
        )
    ok = (
        result.activated == active == expected["accepted"]
        and result.rejected == rejected == expected["rejected"]
        and not result.unmatched
    )
    print(
        f"check (every accepted row active with its KPJ, every rejected row rejected): "
        f"{verdict(ok)} ({active:,} active, {rejected:,} rejected)"
    )
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="workers and enrolments")
    parser.add_argument("--slice", type=int, default=5_000, help="rows for the ORM baseline")
    args = parser.parse_args()
    if not 1_000 <= args.rows <= 2_000_000:
        parser.error("--rows: 1,000 to 2,000,000")
    args.slice = min(args.slice, args.rows)
    workdir = Path(tempfile.mkdtemp(prefix="lindungi-bench-confirm-"))
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
