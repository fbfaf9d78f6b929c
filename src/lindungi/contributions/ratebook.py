"""Dated rates, and looking one up for a day. Pure Python: no Django import.

Every number Lindungi computes with is a `Rate`: a key (`bpu.jkm.flat`), a value, the days it
is in force (`berlaku_mulai` to `berlaku_sampai`, both inclusive; open-ended when `sampai` is
None), the rule it comes from and how sure we are of it (H: the primary text or two consistent
sources, M: one reputable source, L: weak, to be verified).
A result for a past day never changes when a newer version is added.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


def gettext_noop(template: str) -> str:
    """Marks a message for the translation catalogue without importing Django; each interface
    translates `RuleError.template` and fills in `RuleError.params` itself."""
    return template


class RuleError(ValueError):
    """A calculation that cannot be made, with an English `%(name)s` template and its params."""

    code = "rule_error"

    def __init__(self, template: str, **params: Any) -> None:
        self.template = template
        self.params = params
        self.message = template % params
        super().__init__(self.message)


class MissingRate(RuleError):
    code = "missing_rate"


@dataclass(frozen=True, slots=True)
class Rate:
    key: str
    value: Any
    berlaku_mulai: date
    berlaku_sampai: date | None
    rule: str
    source: str = ""
    confidence: str = "H"

    def in_force(self, on: date) -> bool:
        return self.berlaku_mulai <= on and (
            self.berlaku_sampai is None or on <= self.berlaku_sampai
        )


class RateBook:
    """All versions of all rates; `at(key, on)` gives the one in force on a day."""

    def __init__(self, rates: Iterable[Rate]) -> None:
        self._by_key: dict[str, list[Rate]] = {}
        for rate in rates:
            self._by_key.setdefault(rate.key, []).append(rate)
        for versions in self._by_key.values():
            versions.sort(key=lambda rate: rate.berlaku_mulai)

    def at(self, key: str, on: date) -> Rate:
        for rate in reversed(self._by_key.get(key, [])):
            if rate.in_force(on):
                return rate
        raise MissingRate(
            gettext_noop("No rate %(key)s is in force on %(on)s"), key=key, on=on.isoformat()
        )

    def keys(self) -> list[str]:
        return sorted(self._by_key)

    def rates(self) -> list[Rate]:
        """Every version of every rate, by key and start day."""
        return [rate for key in self.keys() for rate in self._by_key[key]]


def rupiah(amount: Decimal | int) -> int:
    """Whole Rupiah, rounding half up: Lindungi's one rounding rule, applied once per line.

    >>> rupiah(Decimal("10042.5"))
    10043
    >>> rupiah(Decimal("10042.49"))
    10042
    """
    return int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_of(base: int, rate: Decimal) -> int:
    """`rate` (a fraction: 0.0054) of `base` Rupiah, rounded half up."""
    return rupiah(Decimal(base) * rate)
