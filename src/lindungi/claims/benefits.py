"""What BPJS Ketenagakerjaan pays when a protected worker dies or is hurt. Pure Python.

`benefit()` reads the benefit rates in force on a day from a `RateBook` and returns the benefit
component by component, each with the rule it comes from (PP 82/2019 on JKK and JKM and its
Lampiran). Components are whole Rupiah, rounded half up once each.

>>> from lindungi.contributions.seed import shipped_rate_book
>>> jkm = benefit(book=shipped_rate_book(), type=BenefitType.JKM, category=Category.PU,
...               on=date(2026, 11, 24))
>>> [(part.name, part.amount) for part in jkm.components]  # doctest: +NORMALIZE_WHITESPACE
[('santunan_sekaligus', 20000000), ('santunan_berkala', 12000000),
 ('biaya_pemakaman', 10000000)]
>>> jkm.total
42000000
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from lindungi.contributions.ratebook import Rate, RateBook, RuleError, gettext_noop, rupiah
from lindungi.contributions.rules import Category, InvalidBasis


class BenefitType(StrEnum):
    JKM = "JKM"  # death not from a work accident
    JKK_DEATH = "JKK_DEATH"  # death from a work accident
    BEASISWA = "BEASISWA"  # scholarships for the children of a deceased or disabled worker
    STMB = "STMB"  # pay while temporarily unable to work after a work accident


class Route(StrEnum):
    JKM = "JKM"
    JKK = "JKK"


class NotEligible(RuleError):
    code = "not_eligible"


@dataclass(frozen=True, slots=True)
class Component:
    name: str
    amount: int
    rule: str
    confidence: str = "H"


@dataclass(frozen=True, slots=True)
class Benefit:
    type: BenefitType
    category: Category
    on: date
    components: tuple[Component, ...]
    notes: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(part.amount for part in self.components)


def benefit(
    *,
    book: RateBook,
    type: BenefitType,  # the domain's word, as in the CLI's --type
    category: Category,
    on: date,
    income: int | None = None,
    wage: int | None = None,
    months_paid: int | None = None,
    months_off: int | None = None,
    children: int = 2,
    route: Route = Route.JKM,
) -> Benefit:
    """The benefit of `type` for a participant of `category` on day `on`."""
    if type is BenefitType.JKM:
        return _jkm(book, category, on, months_paid)
    if type is BenefitType.JKK_DEATH:
        return _jkk_death(book, category, on, _basis(book, category, on, income, wage))
    if type is BenefitType.BEASISWA:
        return _beasiswa(book, category, on, months_paid, children, Route(route))
    return _stmb(book, category, on, _basis(book, category, on, income, wage), months_off)


def maximum(
    *,
    book: RateBook,
    type: BenefitType,
    category: Category,
    on: date,
    income: int | None = None,
    wage: int | None = None,
    months_off: int | None = None,
) -> Benefit:
    """The most the regulation pays for one claim of `type` on day `on`, whatever the
    membership: JKM as for a member past the waiting period (PP 82/2019: Rp 42 jt), the
    scholarship for the most children it covers on the route without a waiting period
    (PP 82/2019), JKK death and STMB at the claim's own wage or income and months off work
    (PP 82/2019 Lampiran: 48 x the wage; 100 %, then 50 %). An amount above it is not a
    benefit of that claim.

    >>> from lindungi.contributions.seed import shipped_rate_book
    >>> book = shipped_rate_book()
    >>> maximum(book=book, type=BenefitType.JKM, category=Category.BPU, on=date(2026, 6, 1)).total
    42000000
    >>> maximum(book=book, type=BenefitType.JKK_DEATH, category=Category.BPU, on=date(2026, 6, 1),
    ...         income=1_000_000).total
    70000000
    """
    if type is BenefitType.JKM:
        return _jkm(book, category, on, months_paid=_ANY)
    if type is BenefitType.BEASISWA:
        children = int(book.at("benefit.beasiswa", on).value["max_children"])
        return _beasiswa(book, category, on, None, children, Route.JKK)
    return benefit(
        book=book,
        type=type,
        category=category,
        on=on,
        income=income,
        wage=wage,
        months_off=months_off,
    )


# Paid months past every waiting period (for `maximum`).
_ANY = 10_000


def _basis(
    book: RateBook, category: Category, on: date, income: int | None, wage: int | None
) -> int:
    """The monthly wage (PU and others) or declared income (BPU) that wage-based benefits use."""
    value = wage if wage is not None else income
    if value is None and category is Category.BPU:
        value = int(book.at("bpu.income.min", on).value)
    if value is None:
        raise InvalidBasis(gettext_noop("%(field)s is required"), field="wage")
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidBasis(
            gettext_noop("%(field)s must be whole Rupiah above 0, not %(value)r"),
            field="wage",
            value=value,
        )
    return value


def _months(name: str, value: int | None) -> int:
    if value is None:
        raise InvalidBasis(gettext_noop("%(field)s is required"), field=name)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidBasis(
            gettext_noop("%(field)s must be a whole number of months, not %(value)r"),
            field=name,
            value=value,
        )
    return value


def _component(name: str, amount: int | Decimal, rate: Rate) -> Component:
    return Component(name, rupiah(amount), rate.rule, rate.confidence)


def _jkm(book: RateBook, category: Category, on: date, months_paid: int | None) -> Benefit:
    """PP 82/2019: Rp42 jt in three parts; a BPU member with fewer than 3 paid months gets only
    the short-membership amount (Peraturan BPJS 5/2021, basis uncertain)."""
    if category is Category.BPU:
        short = book.at("benefit.jkm.bpu_short_membership", on)
        if _months("months_paid", months_paid) < int(short.value["min_paid_months"]):
            part = _component("biaya_pemakaman", int(short.value["biaya_pemakaman"]), short)
            return Benefit(BenefitType.JKM, category, on, (part,), notes=("bpu_short_membership",))
    parts = tuple(
        _component(name, int(rate.value), rate)
        for name in ("santunan_sekaligus", "santunan_berkala", "biaya_pemakaman")
        for rate in [book.at(f"benefit.jkm.{name}", on)]
    )
    return Benefit(BenefitType.JKM, category, on, parts)


def _jkk_death(book: RateBook, category: Category, on: date, basis: int) -> Benefit:
    """PP 82/2019: 48 x the wage (60 % x 80), at least the JKM santunan, plus berkala and
    pemakaman."""
    multiplier = book.at("benefit.jkk.death_multiplier", on)
    floor = book.at("benefit.jkm.santunan_sekaligus", on)
    santunan = max(basis * int(multiplier.value), int(floor.value))
    berkala = book.at("benefit.jkk.santunan_berkala", on)
    pemakaman = book.at("benefit.jkk.biaya_pemakaman", on)
    parts = (
        _component("santunan_kematian", santunan, multiplier),
        _component("santunan_berkala", int(berkala.value), berkala),
        _component("biaya_pemakaman", int(pemakaman.value), pemakaman),
    )
    return Benefit(BenefitType.JKK_DEATH, category, on, parts)


def _beasiswa(
    book: RateBook,
    category: Category,
    on: date,
    months_paid: int | None,
    children: int,
    route: Route,
) -> Benefit:
    """PP 82/2019: per school level, for at most 2 children; the JKM route needs 3 years of
    contributions, the JKK route none. The total is the whole entitlement, paid yearly."""
    table = book.at("benefit.beasiswa", on)
    rules = table.value
    if route is Route.JKM:
        paid = _months("months_paid", months_paid)
        if paid < int(rules["jkm_min_paid_months"]):
            raise NotEligible(
                gettext_noop(
                    "The JKM scholarship needs %(minimum)s paid months, not %(months_paid)s"
                ),
                months_paid=paid,
                minimum=int(rules["jkm_min_paid_months"]),
            )
    if isinstance(children, bool) or not isinstance(children, int) or children < 1:
        raise InvalidBasis(
            gettext_noop("%(field)s must be 1 or more, not %(value)r"),
            field="children",
            value=children,
        )
    covered = min(children, int(rules["max_children"]))
    parts = tuple(
        _component(
            f"beasiswa_{level['level']}", level["per_year"] * level["years"] * covered, table
        )
        for level in rules["levels"]
    )
    notes = ("children_capped",) if covered < children else ()
    return Benefit(BenefitType.BEASISWA, category, on, parts, notes=notes)


def _stmb(
    book: RateBook, category: Category, on: date, basis: int, months_off: int | None
) -> Benefit:
    """PP 82/2019: 100 % of the wage for the first 12 months off work, then 50 % until recovery."""
    months = _months("months_off", months_off)
    schedule = book.at("benefit.stmb", on)
    parts = []
    remaining = months
    for step in schedule.value:
        span = remaining if step["months"] is None else min(remaining, int(step["months"]))
        percent = Decimal(step["percent"])
        name = f"stmb_{int(percent * 100)}"
        parts.append(_component(name, Decimal(basis) * percent * span, schedule))
        remaining -= span
    return Benefit(BenefitType.STMB, category, on, tuple(parts))
