"""Coverage arithmetic: pure functions over plain values (no Django).

A share is `protected ÷ base`, and a base is never assumed: a region without one (or with a
base of 0) has an *unknown* coverage, `None`, which pages show as "unknown", never as 0 % or ∞
(always quote a percentage with its base and date: BPS publishes Sakernas shares that way).

The cost of protecting more workers is `workers * monthly contribution * months`; the schemes'
contribution is Rp 16.800 a month (JKK + JKM at the lowest declared income, PP 44/2015 as
amended by PP 82/2019).
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
# JKK 0,24 % of Rp 1.000.000 is not it: BPU's JKK is Rp 10.000 and JKM Rp 6.800 at the lowest
# income (PP 44/2015 as amended by PP 82/2019). The planner takes the program's own amount
# when there is one; this is the fallback for a region with no program yet.
SCHEME_MONTHLY_CONTRIBUTION = 16_800
SCHEME_MONTHS = 12


@dataclass(frozen=True, slots=True)
class Base:
    """What a share is taken of: a count with its kind, source and date."""

    kind: str  # "eligible" (BPJS) | "working_population" (BPS Sakernas)
    value: int
    year: int
    source: str
    as_of: date


def coverage_percent(protected: int, base: int | None) -> Decimal | None:
    """Protected workers as a percentage of the base, to two decimals (half up); `None` when
    there is no base or the base is 0: unknown, not 0 % and not infinite.

    >>> coverage_percent(151_491, 397_749)
    Decimal('38.09')
    >>> coverage_percent(0, 1_000)
    Decimal('0.00')
    >>> coverage_percent(12, None) is None
    True
    >>> coverage_percent(12, 0) is None
    True
    >>> coverage_percent(150, 100)  # more protected than the base: shown as it is
    Decimal('150.00')
    """
    if not base or base <= 0:
        return None
    return (Decimal(protected) * HUNDRED / Decimal(base)).quantize(CENT, rounding=ROUND_HALF_UP)


def workers_for(percent: Decimal, base: int) -> int:
    """How many protected workers a share of a base takes, rounded up (a target of 62,93 % of
    2.800.000 is reached at 1.762.040 workers, not one fewer).

    >>> workers_for(Decimal("62.93"), 2_800_000)
    1762040
    >>> workers_for(Decimal("50"), 3)
    2
    """
    exact = Decimal(percent) * Decimal(base) / HUNDRED
    return int(exact.to_integral_value(rounding=ROUND_CEILING))


def gap_workers(protected: int, base: int | None, target_percent: Decimal | None) -> int | None:
    """Workers still to protect to reach the target; 0 once it is reached; `None` when the base
    or the target is unknown.

    >>> gap_workers(151_491, 397_749, Decimal("40"))
    7609
    >>> gap_workers(200, 397, Decimal("40"))
    0
    >>> gap_workers(10, None, Decimal("40")) is None
    True
    >>> gap_workers(10, 100, None) is None
    True
    """
    if not base or base <= 0 or target_percent is None:
        return None
    return max(0, workers_for(target_percent, base) - protected)


def cost(workers: int, monthly_contribution: int, months: int) -> int:
    """Whole Rupiah to protect `workers` for `months` at a monthly contribution.

    >>> cost(100, 16_800, 12)
    20160000
    >>> cost(0, 16_800, 12)
    0
    """
    if workers < 0 or monthly_contribution < 0 or months < 0:
        raise ValueError("workers, contribution and months are never negative")
    return workers * monthly_contribution * months


def quota_room(protected: int, quota: int | None) -> int:
    """How many more workers a sponsor's quota takes (0 without a quota, or once it is filled).

    >>> quota_room(37, 100)
    63
    >>> quota_room(120, 100)
    0
    >>> quota_room(5, None)
    0
    """
    if not quota:
        return 0
    return max(0, quota - protected)


def share(part: int, whole: int) -> Decimal | None:
    """A part of a whole in percent, to two decimals; `None` for an empty whole.

    >>> share(3, 8)
    Decimal('37.50')
    >>> share(0, 0) is None
    True
    """
    return coverage_percent(part, whole)


def format_count(value: int) -> str:
    """A count as Indonesian offices write it, a dot for thousands.

    >>> format_count(397749)
    '397.749'
    >>> format_count(12)
    '12'
    """
    return f"{value:,}".replace(",", ".")


def format_percent(value: Decimal) -> str:
    """A percentage as Indonesian offices write it, a comma before the two decimals.

    >>> format_percent(Decimal("38.09"))
    '38,09 %'
    >>> format_percent(Decimal("1234.5"))
    '1.234,50 %'
    """
    text = f"{Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP):,}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".") + " %"


def region_covers(outer: str, inner: str) -> bool:
    """Whether region `inner` is `outer` or lies below it ("" is the country).

    >>> region_covers("32.11", "32.11.15"), region_covers("32.11", "32.110")
    (True, False)
    >>> region_covers("", "32")
    True
    """
    return outer == "" or inner == outer or inner.startswith(outer + ".")
