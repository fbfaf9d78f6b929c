"""The rates shipped with Lindungi (`data/rates-2026-11.json`), read without Django.

The database is seeded from this file by migration `contributions 0002`; tests and doctests use
`shipped_rate_book()` to compute with exactly the shipped figures.
"""

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from lindungi.contributions.ratebook import Rate, RateBook

SEED_FILE = Path(__file__).resolve().parent / "data" / "rates-2026-11.json"


def read_seed_rows(path: Path = SEED_FILE) -> list[dict[str, Any]]:
    """The rows of a rates file, with their dates parsed."""
    rows = json.loads(path.read_text(encoding="utf-8"))["rates"]
    return [
        {
            **row,
            "berlaku_mulai": date.fromisoformat(row["berlaku_mulai"]),
            "berlaku_sampai": date.fromisoformat(row["berlaku_sampai"])
            if row["berlaku_sampai"]
            else None,
        }
        for row in rows
    ]


@cache
def shipped_rate_book() -> RateBook:
    return RateBook(Rate(**row) for row in read_seed_rows())
