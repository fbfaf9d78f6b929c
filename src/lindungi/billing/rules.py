"""When BPU contributions fall due, when an unpaid enrolment lapses, and how a month is shared
between sponsors: pure rules over dates and integer Rupiah (PP 44/2015 on the JKK and JKM
programs; BPJS Ketenagakerjaan's business process, PROBIS p.59 and p.85; docs/billing.md).

Months are the first day of the month. No Django here: the services feed these rules' answers
into their SQL, and the tests hold both together.
"""

from collections.abc import Sequence
from datetime import date, timedelta

from lindungi.core.months import add_months, month_start, months_between

__all__ = [
    "BASIS_POINTS",
    "DUE_DAY",
    "LAPSE_AFTER_MONTHS",
    "PAYMENT_CEILING",
    "PLAUSIBLE_MONTHS",
    "PREPAY_MONTHS",
    "REMINDER_BEFORE_DAY",
    "add_months",
    "bill_number",
    "billed_months",
    "due_date",
    "lapse_date",
    "lapsed_last_month",
    "lapsing_through",
    "month_start",
    "months_between",
    "period_end",
    "plausible_payment",
    "reminders_due",
    "share_amounts",
    "share_of",
]

DUE_DAY = 15  # BPU contributions are due by the 15th of the month they cover (PP 44/2015)
LAPSE_AFTER_MONTHS = 3  # three consecutive unpaid months end the membership (PROBIS p.59, p.85)
PREPAY_MONTHS = (1, 3, 6, 12)  # a sponsor may pay 3, 6 or 12 months ahead
REMINDER_BEFORE_DAY = 10  # reminders go out before the 10th, five days before the due date
BASIS_POINTS = 10_000  # a whole month
# A payment above what the sponsor owes and 12 more months of its bills is held for a second
# officer; one above Rp 100 miliar is refused outright: no sponsor of these schemes pays that
# (a village's 100 workers cost Rp 20 jt a year, a regency's whole program a few miliar).
PLAUSIBLE_MONTHS = 12
PAYMENT_CEILING = 100_000_000_000


def due_date(month: date) -> date:
    """The day a month's contribution is due: the 15th of that month itself, moved to the next
    Monday when it falls on a weekend. Public holidays are not known to Lindungi and are not
    taken into account (BPJS moves the date to the next working day).

    >>> due_date(date(2026, 1, 1))  # a Thursday
    datetime.date(2026, 1, 15)
    >>> due_date(date(2026, 2, 1))  # the 15th is a Sunday
    datetime.date(2026, 2, 16)
    >>> due_date(date(2026, 8, 1))  # the 15th is a Saturday
    datetime.date(2026, 8, 17)
    """
    day = month_start(month).replace(day=DUE_DAY)
    if day.weekday() >= 5:  # Saturday 5, Sunday 6
        day += timedelta(days=7 - day.weekday())
    return day


def lapse_date(oldest_unpaid: date) -> date:
    """The day an enrolment lapses if its oldest unpaid month is still unpaid: the day after
    the due date of the third consecutive unpaid month (PROBIS p.85: paid to June, nothing for
    July to September, so the membership has ended when October's payment comes).

    >>> lapse_date(date(2026, 2, 1))  # February, March and April unpaid
    datetime.date(2026, 4, 16)
    >>> lapse_date(date(2023, 7, 1))  # the PROBIS example: 15 Sep 2023 is a Friday
    datetime.date(2023, 9, 16)
    """
    third = add_months(month_start(oldest_unpaid), LAPSE_AFTER_MONTHS - 1)
    return due_date(third) + timedelta(days=1)


def lapsing_through(today: date) -> date:
    """The latest oldest-unpaid month whose enrolments have lapsed by `today`: every enrolment
    whose oldest unpaid month is this month or earlier has lapsed (`lapse_date` grows with the
    month, so one comparison in SQL selects them all).

    >>> lapsing_through(date(2026, 4, 16))
    datetime.date(2026, 2, 1)
    >>> lapsing_through(date(2026, 4, 15))
    datetime.date(2026, 1, 1)
    """
    candidate = add_months(month_start(today), 1 - LAPSE_AFTER_MONTHS)
    if lapse_date(candidate) <= today:
        return candidate
    return add_months(candidate, -1)


def lapsed_last_month(first_month: date, oldest_unpaid: date) -> date:
    """The last month a lapsed enrolment keeps: its last paid month, the one before the oldest
    unpaid month. An enrolment never paid keeps its first month (a month cannot end before it
    starts); its charge for that month is credited like the others.

    >>> lapsed_last_month(date(2026, 1, 1), date(2026, 2, 1))
    datetime.date(2026, 1, 1)
    >>> lapsed_last_month(date(2026, 1, 1), date(2026, 1, 1))
    datetime.date(2026, 1, 1)
    """
    return max(first_month, add_months(oldest_unpaid, -1))


def billed_months(month: date, months_ahead: int = 1) -> list[date]:
    """The months one run bills: `month` and, when prepaying, the ones after it.

    >>> [f"{m:%Y-%m}" for m in billed_months(date(2026, 11, 20), 3)]
    ['2026-11', '2026-12', '2027-01']
    """
    if months_ahead not in PREPAY_MONTHS:
        raise ValueError(f"months ahead must be one of {PREPAY_MONTHS}, not {months_ahead}")
    first = month_start(month)
    return [add_months(first, offset) for offset in range(months_ahead)]


def share_of(amount: int, basis_points: int) -> int:
    """A co-sponsor's share of a monthly amount, rounded half up to whole Rupiah.

    >>> share_of(16_800, 5_000)
    8400
    >>> share_of(16_801, 5_000)  # 8,400.5 rounds up
    8401
    >>> share_of(16_800, 3_333)
    5599
    """
    if not 0 <= basis_points <= BASIS_POINTS:
        raise ValueError(f"a share is 0 to {BASIS_POINTS} basis points, not {basis_points}")
    return (amount * basis_points + BASIS_POINTS // 2) // BASIS_POINTS


def share_amounts(amount: int, co_shares: Sequence[int]) -> tuple[int, list[int]]:
    """The enrolment's own sponsor's part and each co-sponsor's part of a monthly amount: each
    co-sponsor's rounded half up, the own sponsor takes the remainder, so the parts always sum
    to the amount. The co-sponsors together pay less than the whole month.

    >>> share_amounts(16_800, [5_000])
    (8400, [8400])
    >>> share_amounts(16_801, [3_333, 3_333])
    (5601, [5600, 5600])
    """
    if sum(co_shares) >= BASIS_POINTS:
        raise ValueError("co-sponsors pay less than the whole month; the own sponsor pays the rest")
    parts = [share_of(amount, points) for points in co_shares]
    return amount - sum(parts), parts


def bill_number(prefix: str, region_code: str, month: date, serial: int) -> str:
    """A bill's number: kind, region without dots, year and month, serial.

    >>> bill_number("TAG", "32.11", date(2026, 1, 1), 123)
    'TAG-3211-202601-000123'
    """
    return f"{prefix}-{region_code.replace('.', '')}-{month:%Y%m}-{serial:06d}"


def period_end(last_month: date) -> date:
    """The last day a sponsored period covers.

    >>> period_end(date(2026, 12, 1))
    datetime.date(2026, 12, 31)
    """
    return add_months(month_start(last_month), 1) - timedelta(days=1)


def reminders_due(today: date) -> bool:
    """Whether this is the time to remind sponsors of this month's bill: before the 10th.

    >>> reminders_due(date(2026, 3, 9)), reminders_due(date(2026, 3, 10))
    (True, False)
    """
    return today.day < REMINDER_BEFORE_DAY


def plausible_payment(*, open_amount: int, latest_month: int) -> int:
    """The largest payment a sponsor plausibly makes at once: what its bills still owe plus
    `PLAUSIBLE_MONTHS` months of its latest month billed (charges of that month). A sponsor
    never billed has 0: any payment from it waits for a second officer.

    >>> plausible_payment(open_amount=33_600, latest_month=16_800)
    235200
    >>> plausible_payment(open_amount=0, latest_month=0)
    0
    """
    return max(open_amount, 0) + PLAUSIBLE_MONTHS * max(latest_month, 0)
