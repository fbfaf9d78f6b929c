"""When a cooperation agreement (KSO/PKS/MoU) is expiring: the one rule the agreements page,
the API, the six-monthly report and the selectors share. Pure: no Django.

An agreement is expiring when it is in force or starts soon and its end falls within the
warning window, today included: protection paid under it stops unless it is renewed. One that
starts next month and ends within 90 days is expiring too (it will end before long, renewing it
is due now); one already ended, or open-ended, is not.

>>> today = dt.date(2026, 1, 10)
>>> is_expiring(starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2026, 4, 10), today=today)
True
>>> is_expiring(starts_on=dt.date(2026, 2, 1), ends_on=dt.date(2026, 3, 31), today=today)
True
>>> is_expiring(starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2026, 1, 9), today=today)
False
>>> is_expiring(starts_on=dt.date(2025, 1, 1), ends_on=None, today=today)
False
"""

import datetime as dt

EXPIRY_WARNING_DAYS = 90


def expiry_window(
    today: dt.date, within_days: int = EXPIRY_WARNING_DAYS
) -> tuple[dt.date, dt.date]:
    """The first and last day an expiring agreement may end on (both included)."""
    return today, today + dt.timedelta(days=within_days)


def is_expiring(
    *,
    starts_on: dt.date,
    ends_on: dt.date | None,
    today: dt.date,
    within_days: int = EXPIRY_WARNING_DAYS,
) -> bool:
    """In force or starting within the window, and ending within it."""
    if ends_on is None:
        return False
    first, last = expiry_window(today, within_days)
    return starts_on <= last and first <= ends_on <= last
