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
    """Record the new candidate pairs among the workers of these regencies; return how many."""
    if not regency_codes:
        return 0
    placeholders = ", ".join(["%s"] * len(regency_codes))
    with connection.cursor() as cursor:
        # The birth date as text, made a date by Polars at once: SQLite's driver would call a
        # Python converter for each of a million rows.
        cursor.execute(
            "SELECT id, name_normalised, CAST(birth_date AS TEXT), substr(village_id, 1, 5) "  # noqa: S608
            f"FROM workers_worker WHERE substr(village_id, 1, 5) IN ({placeholders}) "
            "AND duplicate_of_id IS NULL",
            regency_codes,
        )
        workers = pl.DataFrame(
            cursor.fetchall(),
            schema={"id": pl.Int64, "name": pl.String, "born": pl.String, "regency": pl.String},
            orient="row",
        ).with_columns(pl.col("born").str.to_date("%Y-%m-%d"))
    if workers.height < 2:
        return 0
    ordered = workers.sort("regency", "born", "name", "id")
    # Shift the whole sorted frame and keep the neighbours that fall in the same group: much
    # cheaper than a window function over hundreds of thousands of small groups.
    neighbours = pl.concat(
        [
            ordered.with_columns(
                id_b=pl.col("id").shift(-step),
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
        id=pl.min_horizontal("id", "id_b"),
        id_b=pl.max_horizontal("id", "id_b"),
        regency="regency",
        name="name",
        name_b="name_b",
    )
    if pairs.is_empty():
        return 0
    scores = cpdist(
        pairs["name"].to_list(), pairs["name_b"].to_list(), scorer=JaroWinkler.normalized_similarity
    )
    pairs = (
        pairs.with_columns(similarity=pl.Series(scores))
        .filter(pl.col("similarity") >= SIMILARITY)
        .unique(["id", "id_b"])
        .sort("similarity", "id", "id_b", descending=[True, False, False])
        .head(MAX_NEW_PAIRS)
    )
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
        for first, second, regency, same, similarity in pairs.select(
            "id", "id_b", "regency", (pl.col("name") == pl.col("name_b")), "similarity"
        ).iter_rows()
    ]
    before = DuplicateCandidate.objects.filter(regency_code__in=regency_codes).count()
    DuplicateCandidate.objects.bulk_create(candidates, ignore_conflicts=True, batch_size=5_000)
    return DuplicateCandidate.objects.filter(regency_code__in=regency_codes).count() - before
