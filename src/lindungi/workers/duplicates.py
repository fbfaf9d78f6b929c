"""Finding workers who may be one person under two NIKs, set-wise in Polars.

Two workers of the same regency with the same birth date are a candidate pair when their
normalised names are equal, or close by Jaro-Winkler (>= SIMILARITY). Within each
(regency, birth date) the names are sorted and each is compared with the next WINDOW names
(sorted neighbourhood): the work grows with the number of workers, never with its square, even
for a file where thousands share a birth date. Jaro-Winkler rewards a shared beginning, which
sorting brings together; two spellings far apart in sorted order are not compared.
"""

import polars as pl
from django.db import connection
from rapidfuzz.distance import JaroWinkler
from rapidfuzz.process import cpdist

from lindungi.workers.models import DuplicateCandidate

SIMILARITY = 0.92
WINDOW = 3
# A review queue longer than this is not reviewed: the most similar pairs are kept, and a file
# that produces more (placeholder names, one birth date for everyone) needs cleaning first.
MAX_NEW_PAIRS = 20_000


def duplicates_find(*, regency_codes: list[str]) -> int:
    """Search the registry's workers of these regencies again; record the new candidate pairs
    and return how many."""
    if not regency_codes:
        return 0
    workers = registered(regency_codes, key="id").filter(~pl.col("set_aside")).drop("set_aside")
    return _record(candidate_pairs(workers), regency_codes)


def registered(regency_codes: list[str], *, key: str, also_staged: str = "") -> pl.DataFrame:
    """The workers of these regencies (and, with `also_staged`, those whose NIK is in that
    staging table) as `key` (their id or NIK), name, born, regency, and `set_aside` (already
    marked as another worker: not searched)."""
    if key not in {"id", "nik"} or not (also_staged == "" or also_staged.isidentifier()):
        raise ValueError(f"not a key or a table name: {key!r}, {also_staged!r}")
    placeholders = ", ".join(["%s"] * len(regency_codes)) or "NULL"  # IN () is not SQL
    staged = f"OR nik IN (SELECT nik FROM {also_staged})" if also_staged else ""  # noqa: S608
    with connection.cursor() as cursor:
        # The birth date as text, made a date by Polars at once: SQLite's driver would call a
        # Python converter for each of a million rows.
        cursor.execute(
            f"SELECT {key}, name_normalised, CAST(birth_date AS TEXT), substr(village_id, 1, 5), "  # noqa: S608
            "duplicate_of_id IS NOT NULL FROM workers_worker "
            f"WHERE substr(village_id, 1, 5) IN ({placeholders}) {staged}",
            regency_codes,
        )
        rows = cursor.fetchall()
    return pl.DataFrame(
        rows,
        schema={
            "key": pl.Int64 if key == "id" else pl.String,
            "name": pl.String,
            "born": pl.String,
            "regency": pl.String,
            "set_aside": pl.Boolean,
        },
        orient="row",
    ).with_columns(pl.col("born").str.to_date("%Y-%m-%d"))


def after_import(
    before: pl.DataFrame, written: pl.DataFrame, *, update_existing: bool, regency_codes: list[str]
) -> int:
    """Record the candidate pairs among the workers of these regencies once an import has
    written `written` (nik as key, name, born, regency) over `before` (what `registered` read
    just before, by NIK): the registry after the import, composed in memory rather than read
    back a million rows at a time. Return how many pairs are new."""
    before_keys = before.select("key", "set_aside")
    if update_existing:  # the file's version replaces the registered one; a mark stays
        after = pl.concat(
            [
                before.join(written, on="key", how="anti"),
                written.join(before_keys, on="key", how="left").with_columns(
                    pl.col("set_aside").fill_null(False)
                ),
            ],
            how="vertical_relaxed",
        )
    else:  # registered NIKs were left as they were
        after = pl.concat(
            [before, written.join(before_keys, on="key", how="anti").with_columns(set_aside=False)],
            how="vertical_relaxed",
        )
    workers = after.filter(~pl.col("set_aside") & pl.col("regency").is_in(regency_codes))
    pairs = candidate_pairs(workers.drop("set_aside"))
    if pairs.is_empty():
        return 0
    ids = _ids_of(pl.concat([pairs["key"], pairs["key_b"]]).unique().to_list())
    pairs = pairs.with_columns(
        pl.col("key").replace_strict(ids, return_dtype=pl.Int64),
        pl.col("key_b").replace_strict(ids, return_dtype=pl.Int64),
    ).with_columns(key=pl.min_horizontal("key", "key_b"), key_b=pl.max_horizontal("key", "key_b"))
    return _record(pairs, regency_codes)


def candidate_pairs(workers: pl.DataFrame) -> pl.DataFrame:
    """Pairs of `workers` (key, name, born, regency) with one birth date in one regency and
    names at least SIMILARITY alike: key < key_b, regency, same (equal names), similarity;
    the most similar MAX_NEW_PAIRS."""
    empty = pl.DataFrame(
        schema={
            "key": workers.schema["key"],
            "key_b": workers.schema["key"],
            "regency": pl.String,
            "same": pl.Boolean,
            "similarity": pl.Float64,
        }
    )
    if workers.height < 2:
        return empty
    ordered = workers.sort("regency", "born", "name", "key")
    # Shift the whole sorted frame and keep the neighbours that fall in the same group: much
    # cheaper than a window function over hundreds of thousands of small groups.
    neighbours = pl.concat(
        [
            ordered.with_columns(
                key_b=pl.col("key").shift(-step),
                name_b=pl.col("name").shift(-step),
                regency_b=pl.col("regency").shift(-step),
                born_b=pl.col("born").shift(-step),
            ).filter(
                (pl.col("regency") == pl.col("regency_b")) & (pl.col("born") == pl.col("born_b"))
            )
            for step in range(1, WINDOW + 1)
        ]
    )
    pairs = neighbours.select(
        key=pl.min_horizontal("key", "key_b"),
        key_b=pl.max_horizontal("key", "key_b"),
        regency="regency",
        name="name",
        name_b="name_b",
    )
    if pairs.is_empty():
        return empty
    scores = cpdist(
        pairs["name"].to_list(), pairs["name_b"].to_list(), scorer=JaroWinkler.normalized_similarity
    )
    return (
        pairs.with_columns(similarity=pl.Series(scores, dtype=pl.Float64))
        .filter(pl.col("similarity") >= SIMILARITY)
        .unique(["key", "key_b"])
        .sort("similarity", "key", "key_b", descending=[True, False, False])
        .head(MAX_NEW_PAIRS)
        .select(
            "key",
            "key_b",
            "regency",
            same=pl.col("name") == pl.col("name_b"),
            similarity="similarity",
        )
    )


def _ids_of(niks: list[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(niks), 1_000):
            chunk = niks[start : start + 1_000]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"SELECT nik, id FROM workers_worker WHERE nik IN ({placeholders})",  # noqa: S608
                chunk,
            )
            ids.update(cursor.fetchall())
    return ids


def _record(pairs: pl.DataFrame, regency_codes: list[str]) -> int:
    """Queue the pairs (key and key_b are worker ids) not queued yet; return how many."""
    # The loop builds rows for the few pairs that passed the threshold, not for every worker.
    candidates = [
        DuplicateCandidate(
            first_id=first,
            second_id=second,
            regency_code=regency,
            reason=DuplicateCandidate.Reason.SAME_NAME
            if same
            else DuplicateCandidate.Reason.SIMILAR_NAME,
            similarity=round(similarity, 4),
        )
        for first, second, regency, same, similarity in pairs.iter_rows()
    ]
    if not candidates:
        return 0
    before = DuplicateCandidate.objects.filter(regency_code__in=regency_codes).count()
    DuplicateCandidate.objects.bulk_create(candidates, ignore_conflicts=True, batch_size=5_000)
    statistics_refresh()
    return DuplicateCandidate.objects.filter(regency_code__in=regency_codes).count() - before


def statistics_refresh() -> None:
    """Refresh SQLite's statistics of the registry and the queue once pairs were queued. The
    review page joins both; without statistics SQLite walks the whole queue for a village's few
    pairs (1.2 s at 100,000 pairs, BENCHMARKS.md), with them it starts from the village's
    workers. A sampled ANALYZE takes milliseconds; PostgreSQL's autovacuum keeps its own."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit = 1000")
        cursor.execute("ANALYZE workers_worker")
        cursor.execute("ANALYZE workers_duplicatecandidate")
