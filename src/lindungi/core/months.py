"""Months as Lindungi counts them: a month is the `date` of its first day.

Contributions, bills, enrolments and coverage snapshots are all monthly; every module takes its
month arithmetic and its reading of `2026-01` from here.
"""

from datetime import date


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    """
    >>> add_months(date(2026, 11, 1), 3)
    datetime.date(2027, 2, 1)
    """
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> int:
    """How many months from `first` to `last`, both included."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def parse_month(text: str | None, *, low: int = 2000, high: int = 2100) -> date | None:
    """`2026-01` (or a day of it, `2026-01-15`) as 1 January 2026; None for anything else,
    a year outside `low` to `high` included. Pages answer None with a message, the API with 422.

    >>> parse_month("2026-03-15"), parse_month("2026-13"), parse_month("٢٠٢٦-01")
    (datetime.date(2026, 3, 1), None, None)
    """
    text = (text or "").strip()
    year, dash, month = text[:7].partition("-")
    rest = text[7:]
    if not dash or not (year.isascii() and year.isdigit() and len(year) == 4):
        return None
    if not (month.isascii() and month.isdigit() and len(month) == 2):
        return None
    if rest and not (len(rest) == 3 and rest[0] == "-"):
        return None
    try:
        value = date(int(year), int(month), int(rest[1:]) if rest else 1)
    except ValueError:
        return None
    return value.replace(day=1) if low <= value.year <= high else None
