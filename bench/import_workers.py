"""Benchmark: importing a 1,000,000-row worker file (`lindungi import-workers`) into an empty table.

Generates N realistic rows (NIKs that encode the village's district, the birth date and the sex;
1 % of rows invalid in varied ways, 0.5 % repeating an earlier NIK) and measures, in one run and
on one database, each step in its own process (so that each has its own peak memory):
  (a) the floor: Polars `read_csv`, the pipeline's column-wise checks (`validation.validate`) and
      a bare load of the valid rows into a plain table without indexes (COPY on PostgreSQL,
      executemany in one transaction on SQLite);
  (b) the real import: `lindungi import-workers FILE --json`, timed from outside (wall time);
  (c) the usual Django way: a django-import-export `ModelResource`, on a slice of clean rows.
Prints seconds, rows/s and peak memory (ru_maxrss) of each, the ratios (b)/(a) and (b)/(c), and
the targets: on PostgreSQL the import within 1.5x the floor and at least 30x django-import-export,
on SQLite at least 100,000 rows/s, and everywhere a peak under 2 GB.

    python bench/import_workers.py [--rows 1000000] [--slice 20000]   # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test python bench/import_workers.py
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

SCRATCH_DB = "lindungi_bench_import"
SETTINGS = "lindungi.config.settings_test"
COLUMNS = (
    "nik",
    "nama",
    "tanggal_lahir",
    "jenis_kelamin",
    "kode_desa",
    "no_hp",
    "pekerjaan",
    "penghasilan",
)
MALE = [
    "Agus", "Budi", "Dedi", "Eko", "Hendra", "Asep", "Ujang", "Dadang", "Iwan", "Joko",
    "Bambang", "Slamet", "Wahyu", "Rudi", "Yusuf", "Ahmad", "Muhammad", "Rizki", "Dimas",
    "Fajar", "Teguh", "Supriyadi", "Sutrisno", "Cecep", "Ade", "Ilham", "Imam", "Nanang",
]  # fmt: skip
FEMALE = [
    "Siti", "Sri", "Dewi", "Nur", "Ani", "Rina", "Yuni", "Euis", "Neneng", "Ratna", "Wati",
    "Lestari", "Fitri", "Indah", "Ayu", "Aminah", "Kartini", "Rahayu", "Nining", "Tuti",
    "Endang", "Sulastri", "Dian", "Putri", "Nurhayati", "Imas", "Lilis", "Iis",
]  # fmt: skip
MARGA = ["Sembiring", "Siregar", "Nasution", "Simanjuntak", "Harahap", "Lubis", "Tarigan"]
MALE_FAMILY = [
    "Saputra", "Hidayat", "Setiawan", "Kurniawan", "Santoso", "Wibowo", "Pratama", "Nugroho",
    "Susanto", "Gunawan", "Maulana", "Ramdani", "Sopandi", "Suryana", "Permana", "Hermawan",
    "Rohman", "Firmansyah", "Hakim", "Syahputra", *MARGA,
]  # fmt: skip
FEMALE_FAMILY = [
    "Lestari", "Wulandari", "Handayani", "Purnamasari", "Sukmawati", "Rahmawati", "Hasanah",
    "Kusumawati", "Anggraini", "Safitri", "Puspitasari", "Maharani", "Fitriani", "Oktaviani",
    "Nurjanah", "Susilawati", "Marlina", "Yulianti", "Agustina", "Permatasari", *MARGA,
]  # fmt: skip
OCCUPATIONS = [
    "petani",
    "nelayan",
    "pedagang",
    "buruh harian",
    "ojek",
    "asisten rumah tangga",
    "sopir",
    "tukang kebun",
]
# Two digits after "08" of Indonesian mobile numbers (Telkomsel, Indosat, XL, Tri, Smartfren…).
OPERATORS = ["11", "12", "13", "21", "22", "23", "51", "52", "53", "14", "15", "16", "55", "56"]
OPERATORS += ["57", "58", "17", "18", "19", "59", "77", "78", "95", "96", "97", "98", "99", "81"]
OPERATORS += ["82", "83", "87", "88", "89", "31", "32", "33", "38"]
FLOOR_TABLE = "bench_import_floor"
FLOOR_DDL = f"""CREATE TABLE {FLOOR_TABLE} (
    nik varchar(16), name varchar(150), name_normalised varchar(150), birth_date date,
    sex varchar(1), village_id varchar(13), province_code varchar(2), address varchar(255),
    phone varchar(20), occupation varchar(100), income bigint, category varchar(13),
    in_p3ke boolean, in_dtks boolean, desil smallint)"""


# --- the generator --------------------------------------------------------------------------


def generate(villages: list[str], n: int, seed: int = 2026) -> tuple[Any, Any, dict[str, int]]:
    """N rows of the columns COLUMNS, a mask of the rows the pipeline must accept, and counts.

    Column-wise in Polars: every random column is one `sample` with its own seed."""
    import polars as pl

    def draw(values: Any, offset: int) -> pl.Series:
        return pl.Series(values).sample(n, with_replacement=True, seed=seed + offset)

    first_day = date(1960, 1, 1)
    days = (date(2005, 12, 31) - first_day).days + 1
    frame = pl.DataFrame(
        {
            "village": draw(villages, 1),
            "sex": draw(["L", "P"], 2),
            "day": draw(pl.int_range(days, eager=True), 3),
            "male": draw(MALE, 4),
            "female": draw(FEMALE, 5),
            "male_family": draw(MALE_FAMILY, 6),
            "female_family": draw(FEMALE_FAMILY, 12),
            "operator": draw(OPERATORS, 7),
            "block": draw(pl.int_range(10_000, eager=True), 8),
            "subscriber": draw(pl.int_range(10_000, eager=True), 9),
            "occupation": draw(OCCUPATIONS, 10),
            "income_step": draw(pl.int_range(81, eager=True), 11),
        }
    )
    female = pl.col("sex") == "P"
    frame = frame.with_columns(born=pl.lit(first_day) + pl.duration(days=pl.col("day")))
    # NIK: district digits of the village, DD (+40 for women) MM YY, then a 4-digit serial.
    day_code = pl.col("born").dt.day() + pl.when(female).then(40).otherwise(0)
    frame = frame.with_columns(
        prefix=pl.concat_str(
            pl.col("village").str.slice(0, 8).str.replace_all(".", "", literal=True),
            day_code.cast(pl.String).str.zfill(2),
            pl.col("born").dt.strftime("%m%y"),
        )
    )
    # Serials unique within each prefix: a random start per prefix, then consecutive numbers.
    start = (pl.col("prefix").hash(seed) % 9999).cast(pl.Int64)
    serial = (start + pl.int_range(pl.len()).over("prefix")) % 9999 + 1
    frame = frame.select(
        nik=pl.col("prefix") + serial.cast(pl.String).str.zfill(4),
        nama=pl.concat_str(
            pl.when(female).then(pl.col("female")).otherwise(pl.col("male")),
            pl.when(female).then(pl.col("female_family")).otherwise(pl.col("male_family")),
            separator=" ",
        ),
        born=pl.col("born"),
        jenis_kelamin=pl.col("sex"),
        kode_desa=pl.col("village"),
        no_hp=pl.concat_str(
            pl.lit("08"),
            pl.col("operator"),
            pl.col("block").cast(pl.String).str.zfill(4),
            pl.col("subscriber").cast(pl.String).str.zfill(4),
        ),
        pekerjaan=pl.col("occupation"),
        penghasilan=1_000_000 + pl.col("income_step") * 50_000,
    )
    columns = {name: frame[name].clone() for name in frame.columns}

    def changed(values: pl.Series, expression: pl.Expr) -> pl.Series:
        """`expression` over `values` (as column "v"; `pl.int_range(pl.len())` numbers them)."""
        return pl.DataFrame({"v": values}).select(v=expression)["v"]

    alternate = pl.int_range(pl.len()) % 2 == 0
    order = pl.int_range(n, eager=True).shuffle(seed=seed)
    bad = order[: n // 100]
    kinds = [bad.gather_every(4, offset) for offset in range(4)]
    # 1. a NIK of 15 or 17 digits
    nik = columns["nik"]
    nik.scatter(
        kinds[0],
        changed(
            nik.gather(kinds[0]),
            pl.when(alternate).then(pl.col("v").str.slice(0, 15)).otherwise(pl.col("v") + "7"),
        ),
    )
    # 2. a birth date 1 to 300 days off the one the NIK encodes
    born = columns["born"]
    born.scatter(
        kinds[1],
        changed(
            born.gather(kinds[1]),
            pl.col("v") + pl.duration(days=pl.int_range(pl.len()) % 300 + 1),
        ),
    )
    # 3. an unknown village: province 99, or a digit missing
    village = columns["kode_desa"]
    village.scatter(
        kinds[2],
        changed(
            village.gather(kinds[2]),
            pl.when(alternate)
            .then("99" + pl.col("v").str.slice(2))
            .otherwise(pl.col("v").str.slice(0, 12)),
        ),
    )
    # 4. a phone number too short, or words instead of one
    phone = columns["no_hp"]
    phone.scatter(
        kinds[3],
        changed(
            phone.gather(kinds[3]),
            pl.when(alternate).then(pl.lit("tidak ada")).otherwise(pl.col("v").str.slice(0, 6)),
        ),
    )
    # 0.5 % repeat the NIK (and person) of an earlier clean row, with their own phone and job.
    rest = order[n // 100 :]
    repeats = rest.filter(rest >= 100).head(n // 200).sort()
    clean_mask = pl.Series([True] * n)
    clean_mask.scatter(pl.concat([bad, repeats]), False)
    clean = pl.int_range(n, eager=True).filter(clean_mask)
    earlier = clean.search_sorted(repeats)  # how many clean rows come before each repeat
    assert (earlier > 0).all()
    sources = clean.gather((repeats.hash(seed) % earlier.cast(pl.UInt64)).cast(pl.Int64))
    for name in ("nik", "nama", "born", "jenis_kelamin", "kode_desa"):
        columns[name].scatter(repeats, columns[name].gather(sources))

    rows = pl.DataFrame(columns).select(
        "nik",
        "nama",
        tanggal_lahir=pl.col("born").dt.strftime("%Y-%m-%d"),
        jenis_kelamin="jenis_kelamin",
        kode_desa="kode_desa",
        no_hp="no_hp",
        pekerjaan="pekerjaan",
        penghasilan="penghasilan",
    )
    counts = {"invalid": bad.len(), "repeats": repeats.len(), "clean": int(clean_mask.sum())}
    return rows, clean_mask, counts


# --- the stages, each in its own process ------------------------------------------------------


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()


def nationwide() -> Any:
    from lindungi.core.scopes import Scope

    return Scope(user_id=None, role="system", region_codes=None, can_write=True)


def stage_prepare(args: argparse.Namespace) -> dict[str, Any]:
    """Migrate, load the real region list, write the file and a slice of its clean rows."""
    from django.core.management import call_command

    from lindungi.regions.loading import load_regions
    from lindungi.regions.models import Level, Region

    call_command("migrate", verbosity=0)
    load_regions()
    villages = sorted(
        Region.objects.filter(level=Level.VILLAGE, is_active=True).values_list("code", flat=True)
    )
    started = time.perf_counter()
    rows, clean_mask, counts = generate(villages, args.rows)
    rows.write_csv(args.csv)
    rows.filter(clean_mask).head(args.slice).write_csv(args.slice_csv)
    seconds = time.perf_counter() - started
    return {
        "villages": len(villages),
        "seconds": seconds,
        "bytes": args.csv.stat().st_size,
        **counts,
    }


def stage_floor(args: argparse.Namespace) -> dict[str, Any]:
    """Read, check, and load the valid rows bare: what no import can beat."""
    import polars as pl
    from django.db import connection, transaction

    from lindungi.workers.importing.columns import map_columns
    from lindungi.workers.importing.loading import WORKER_COLUMNS, plain_values
    from lindungi.workers.importing.pipeline import ImportOptions, _context
    from lindungi.workers.importing.validation import validate

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {FLOOR_TABLE}")
        cursor.execute(FLOOR_DDL)
    started = time.perf_counter()
    raw = pl.read_csv(args.csv, infer_schema=False)
    raw = raw.select(
        pl.col(header).alias(field) for header, field in map_columns(raw.columns).items()
    )
    checked = validate(raw, _context(nationwide(), ImportOptions()))
    valid = checked.valid.select(WORKER_COLUMNS)
    checked_at = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            buffer = valid.write_csv(include_header=False, quote_style="non_numeric").encode()
            with cursor.cursor.copy(
                f"COPY {FLOOR_TABLE} ({', '.join(WORKER_COLUMNS)}) FROM STDIN WITH (FORMAT csv)"
            ) as copy:
                copy.write(buffer)
        else:
            # The fastest bare way in from Python: plain values (as the import stages them),
            # the driver's own executemany.
            plain = plain_values(valid)
            placeholders = ", ".join(["?"] * len(WORKER_COLUMNS))
            sql = f"INSERT INTO {FLOOR_TABLE} ({', '.join(WORKER_COLUMNS)}) VALUES ({placeholders})"
            for offset in range(0, plain.height, 50_000):
                cursor.connection.executemany(sql, plain.slice(offset, 50_000).iter_rows())
    finished = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {FLOOR_TABLE}")
        loaded = cursor.fetchone()[0]
        cursor.execute(f"DROP TABLE {FLOOR_TABLE}")
    assert loaded == valid.height
    return {
        "seconds": finished - started,
        "check_seconds": checked_at - started,
        "load_seconds": finished - checked_at,
        "rows": checked.rows,
        "valid": valid.height,
    }


def stage_import_export(args: argparse.Namespace) -> dict[str, Any]:
    """django-import-export's ModelResource on the slice, into an empty worker table."""
    import tablib
    from django.utils import timezone
    from import_export import fields, resources, widgets

    from lindungi.regions.models import Region
    from lindungi.workers.models import Category, Worker

    class WorkerResource(resources.ModelResource):
        nik = fields.Field(attribute="nik", column_name="nik")
        name = fields.Field(attribute="name", column_name="nama")
        birth_date = fields.Field(
            attribute="birth_date",
            column_name="tanggal_lahir",
            widget=widgets.DateWidget("%Y-%m-%d"),
        )
        sex = fields.Field(attribute="sex", column_name="jenis_kelamin")
        village = fields.Field(
            attribute="village", column_name="kode_desa", widget=widgets.ForeignKeyWidget(Region)
        )
        phone = fields.Field(attribute="phone", column_name="no_hp")
        occupation = fields.Field(attribute="occupation", column_name="pekerjaan")
        income = fields.Field(
            attribute="income", column_name="penghasilan", widget=widgets.IntegerWidget()
        )

        class Meta:
            model = Worker
            fields = (
                "nik",
                "name",
                "birth_date",
                "sex",
                "village",
                "phone",
                "occupation",
                "income",
            )
            import_id_fields = ("nik",)

        def before_save_instance(self, instance: Worker, row: Any, **kwargs: Any) -> None:
            now = timezone.now()
            instance.name_normalised = instance.name.upper()
            instance.province_code = instance.village_id[:2]
            instance.category = Category.BPU
            instance.created_at = instance.created_at or now
            instance.updated_at = now

    empty_worker_tables()
    started = time.perf_counter()
    dataset = tablib.Dataset().load(args.slice_csv.read_text(encoding="utf-8"), format="csv")
    result = WorkerResource().import_data(dataset, dry_run=False, use_transactions=True)
    seconds = time.perf_counter() - started
    assert not result.has_errors(), result.base_errors or result.row_errors()[:3]
    assert not result.has_validation_errors(), result.invalid_rows[:3]
    imported = Worker.objects.count()
    empty_worker_tables()
    return {"seconds": seconds, "rows": len(dataset), "imported": imported}


def empty_worker_tables() -> None:
    """Delete every worker and the rows that point at workers (import batches stay).

    Not row by row: `duplicate_of` is an unindexed self-reference, so a plain DELETE checks each
    deleted worker with a scan of the whole table. TRUNCATE on PostgreSQL; SQLite with its
    foreign-key checks off (outside a transaction, where the PRAGMA takes effect)."""
    from django.db import connection

    tables = [
        table
        for table in ("workers_duplicatecandidate", "workers_worker")
        if table in connection.introspection.table_names()
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
            return
        cursor.execute("PRAGMA foreign_keys = OFF")
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")
        cursor.execute("PRAGMA foreign_keys = ON")


STAGES = {
    "prepare": stage_prepare,
    "floor": stage_floor,
    "import-export": stage_import_export,
}


# --- the conductor ----------------------------------------------------------------------------


def run(command: list[str], env: dict[str, str]) -> tuple[dict[str, Any], float, float]:
    """Run `command`; its last line of output (JSON), its wall time and its peak memory (MB)."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, env=env, text=True)
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if child.returncode != 0:
        sys.exit(f"failed ({child.returncode}): {' '.join(command)}\n{output}")
    lines = output.strip().splitlines()
    return json.loads(lines[-1]) if lines else {}, wall, usage.ru_maxrss / 1024


def fresh_postgres(url: str) -> str:
    """A scratch database beside the one named in `url`, dropped and created anew."""
    import psycopg

    base, _, _ = url.rpartition("/")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
        conn.execute(f"CREATE DATABASE {SCRATCH_DB}")
    return f"{base}/{SCRATCH_DB}"


def drop_postgres(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB}")


def conduct(args: argparse.Namespace) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="lindungi-bench-import-"))
    admin_url = os.environ.get("DATABASE_URL", "")
    postgres = admin_url.startswith("postgres")
    url = fresh_postgres(admin_url) if postgres else f"sqlite:///{workdir / 'bench.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": SETTINGS}
    src = str(Path(__file__).resolve().parents[1] / "src")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    csv, slice_csv = workdir / "workers.csv", workdir / "slice.csv"
    me = [sys.executable, str(Path(__file__).resolve())]
    files = ["--csv", str(csv), "--slice-csv", str(slice_csv)]
    sizes = ["--rows", str(args.rows), "--slice", str(args.slice)]
    try:
        made, _, _ = run([*me, "--stage", "prepare", *files, *sizes], env)
        floor, _, floor_peak = run([*me, "--stage", "floor", *files], env)
        # (c) first: it starts and ends with an empty worker table, which (b) then finds.
        base, _, base_peak = run([*me, "--stage", "import-export", *files], env)
        lindungi = str(Path(sys.executable).with_name("lindungi"))
        real, real_wall, real_peak = run([lindungi, "import-workers", str(csv), "--json"], env)
    finally:
        if postgres:
            drop_postgres(admin_url)
        shutil.rmtree(workdir, ignore_errors=True)

    n = args.rows
    accepted = real["imported"] + real["updated"] + real["skipped"]
    floor_rate = n / floor["seconds"]
    real_rate = n / real_wall
    base_rate = base["rows"] / base["seconds"]
    print(
        f"database: {'postgresql' if postgres else 'sqlite'}  rows: {n:,} "
        f"({made['bytes'] / 1e6:.0f} MB CSV over {made['villages']:,} villages, generated in "
        f"{made['seconds']:.1f} s)  import-export slice: {base['rows']:,}"
    )
    print(
        f"accepted: {accepted:,} of {real['rows']:,} ({100 * accepted / real['rows']:.2f} %; "
        f"expected {made['clean']:,}: {made['invalid']:,} invalid + {made['repeats']:,} repeated "
        f"NIKs)  rejected: {real['errors']:,}  warnings: {real['warnings']:,}"
    )
    print(f"{'measure':<52}{'seconds':>9}{'rows/s':>12}{'peak MB':>9}")
    table = [
        ("(a) floor: read_csv + validate + bare load", floor["seconds"], floor_rate, floor_peak),
        ("    of which read_csv + validate", floor["check_seconds"], None, None),
        ("    of which bare load of the valid rows", floor["load_seconds"], None, None),
        ("(b) lindungi import-workers --json (wall time)", real_wall, real_rate, real_peak),
        ("    as the pipeline times itself (JSON seconds)", real["seconds"], None, None),
        ("(c) django-import-export ModelResource (slice)", base["seconds"], base_rate, base_peak),
    ]
    for label, seconds, rate, peak in table:
        rate_text = f"{rate:>12,.0f}" if rate else " " * 12
        peak_text = f"{peak:>9,.0f}" if peak else ""
        print(f"{label:<52}{seconds:>9.2f}{rate_text}{peak_text}".rstrip())

    def verdict(met: bool) -> str:
        return "met" if met else "NOT MET"

    over_floor = real_wall / floor["seconds"]
    over_base = real_rate / base_rate
    print(
        f"ratio (b)/(a), time per row: {over_floor:.2f}x "
        f"({real['seconds'] / floor['seconds']:.2f}x with the pipeline's own seconds)"
        + (f"   target: within 1.5x -> {verdict(over_floor <= 1.5)}" if postgres else "")
    )
    print(
        f"ratio (b)/(c), rows/s: {over_base:.0f}x"
        + (f"   target: at least 30x -> {verdict(over_base >= 30)}" if postgres else "")
    )
    if not postgres:
        met = verdict(real_rate >= 100_000)
        print(f"(b) rows/s: {real_rate:,.0f}   target: at least 100,000 -> {met}")
    print(
        f"(b) peak memory: {real_peak:,.0f} MB   target: under 2 GB -> {verdict(real_peak < 2048)}"
    )
    ok = accepted == made["clean"] == floor["valid"] and base["imported"] == base["rows"]
    print(f"generator check (pipeline and floor accept exactly the clean rows): {verdict(ok)}")
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the generated file")
    parser.add_argument("--slice", type=int, default=20_000, help="rows for django-import-export")
    parser.add_argument("--stage", choices=sorted(STAGES), help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--slice-csv", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rows < 1000:
        parser.error("--rows: at least 1000")
    if args.stage is None:
        return conduct(args)
    setup_django()
    print(json.dumps(STAGES[args.stage](args)))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    sys.exit(main())
