"""What a month (or a project, or a placement) of Jamsostek protection costs. Pure Python.

`contribution()` takes a category, its basis and a day, reads the rates in force that day from a
`RateBook`, and returns one line per program with the employer/worker split and the rule that
produced it. Money is whole Rupiah; each line is rounded once, half up (`ratebook.rupiah`); the
total is the sum of the rounded lines. Sources: PP 44/2015 jo. PP 82/2019 (JKK, JKM), PP 46/2015
(JHT), PP 45/2015 (JP), PP 37/2021 (JKP), PP 49/2020 with Permenaker 5/2021 (construction
projects) and Permenaker 4/2023 (migrant workers); each rate names its article in the rates data
file (`data/rates-2026-11.json`).

>>> from lindungi.contributions.seed import shipped_rate_book
>>> bpu = contribution(book=shipped_rate_book(), category=Category.BPU, on=date(2026, 11, 24))
>>> [(str(line.program), line.amount) for line in bpu.lines], bpu.total
([('JKK', 10000), ('JKM', 6800)], 16800)
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from lindungi.contributions.ratebook import (
    Rate,
    RateBook,
    RuleError,
    gettext_noop,
    percent_of,
    rupiah,
)


class Category(StrEnum):
    BPU = "BPU"  # bukan penerima upah: informal workers, the vulnerable workers' category
    PU = "PU"  # penerima upah: wage earners
    JAKON = "JAKON"  # jasa konstruksi: construction projects without known wages
    PMI = "PMI"  # pekerja migran Indonesia


class Program(StrEnum):
    JKK = "JKK"
    JKM = "JKM"
    JHT = "JHT"
    JP = "JP"
    JKP = "JKP"


class Risk(StrEnum):
    SANGAT_RENDAH = "sangat_rendah"
    RENDAH = "rendah"
    SEDANG = "sedang"
    TINGGI = "tinggi"
    SANGAT_TINGGI = "sangat_tinggi"


class Stage(StrEnum):
    PRE = "pre"  # before placement (calon PMI)
    PLACEMENT = "placement"  # during and after the work contract


# What each category may be insured for, and what it gets when the caller names nothing.
AVAILABLE: dict[Category, frozenset[Program]] = {
    Category.BPU: frozenset({Program.JKK, Program.JKM, Program.JHT}),
    Category.PU: frozenset(Program),
    Category.JAKON: frozenset({Program.JKK, Program.JKM}),
    Category.PMI: frozenset({Program.JKK, Program.JKM}),
}
DEFAULT: dict[Category, frozenset[Program]] = {
    Category.BPU: frozenset({Program.JKK, Program.JKM}),
    Category.PU: frozenset(Program),
    Category.JAKON: frozenset({Program.JKK, Program.JKM}),
    Category.PMI: frozenset({Program.JKK, Program.JKM}),
}
ORDER = list(Program)


class ProgramNotAvailable(RuleError):
    code = "program_not_available"


class InvalidBasis(RuleError):
    code = "invalid_basis"


@dataclass(frozen=True, slots=True)
class Line:
    """One program's contribution. `program` is `JKK+JKM` where a package covers both."""

    program: str
    employer: int
    worker: int
    rule: str
    confidence: str = "H"

    @property
    def amount(self) -> int:
        return self.employer + self.worker


@dataclass(frozen=True, slots=True)
class Contribution:
    category: Category
    on: date
    lines: tuple[Line, ...]
    basis: int | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def employer(self) -> int:
        return sum(line.employer for line in self.lines)

    @property
    def worker(self) -> int:
        return sum(line.worker for line in self.lines)

    @property
    def total(self) -> int:
        return self.employer + self.worker

    @property
    def confidence(self) -> str:
        """The weakest mark among the lines: a figure is only as sure as its least sure part."""
        return min((line.confidence for line in self.lines), key="LMH".index, default="H")


def contribution(
    *,
    book: RateBook,
    category: Category,
    on: date,
    programs: Iterable[Program] | None = None,
    income: int | None = None,
    wage: int | None = None,
    risk: Risk | None = None,
    contract_value: int | None = None,
    contract_months: int | None = None,
    stage: Stage | None = None,
) -> Contribution:
    """The monthly contribution (BPU, PU), the one-off project contribution (JAKON) or the
    placement package (PMI) in force on `on`, line by line."""
    chosen = _programs(category, programs)
    if category is Category.BPU:
        return _bpu(book, on, chosen, income)
    if category is Category.PU:
        return _pu(book, on, chosen, wage, risk)
    if category is Category.JAKON:
        return _jakon(book, on, contract_value)
    return _pmi(book, on, stage, contract_months)


def _programs(category: Category, programs: Iterable[Program] | None) -> list[Program]:
    chosen = DEFAULT[category] if programs is None else frozenset(programs)
    refused = sorted(chosen - AVAILABLE[category], key=ORDER.index)
    if refused:
        raise ProgramNotAvailable(
            gettext_noop("%(programs)s is not available to %(category)s participants"),
            programs=", ".join(refused),
            category=str(category),
        )
    if not chosen:
        raise ProgramNotAvailable(gettext_noop("Choose at least one program"))
    if category in {Category.JAKON, Category.PMI} and chosen != AVAILABLE[category]:
        raise ProgramNotAvailable(
            gettext_noop("%(category)s protection is JKK and JKM together"),
            category=str(category),
        )
    return sorted(chosen, key=ORDER.index)


def _whole_rupiah(name: str, value: int | None, *, minimum: int = 1) -> int:
    if value is None:
        raise InvalidBasis(gettext_noop("%(field)s is required"), field=name)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidBasis(
            gettext_noop("%(field)s must be whole Rupiah, not %(value)r"), field=name, value=value
        )
    if value < minimum:
        raise InvalidBasis(
            gettext_noop("%(field)s must be at least %(minimum)s, not %(value)s"),
            field=name,
            value=value,
            minimum=minimum,
        )
    return value


def _bpu(book: RateBook, on: date, programs: list[Program], income: int | None) -> Contribution:
    """BPU: JKK 1 % and JHT 2 % of the declared income, JKM flat (PP 44/2015, PP 46/2015)."""
    low, high = book.at("bpu.income.min", on), book.at("bpu.income.max", on)
    tiers = book.at("bpu.income.tiers", on)
    notes = []
    if income is None:
        income = int(low.value)
        notes.append("default_income")
    income = _whole_rupiah("income", income)
    if not low.value <= income <= high.value:
        raise InvalidBasis(
            gettext_noop(
                "Declared income must be between %(minimum)s and %(maximum)s, not %(value)s"
            ),
            field="income",
            value=income,
            minimum=low.value,
            maximum=high.value,
        )
    if tiers.value and income not in tiers.value:
        raise InvalidBasis(
            gettext_noop("Declared income %(value)s is not one of the income tiers"),
            field="income",
            value=income,
        )
    lines = []
    for program in programs:
        if program is Program.JKM:
            rate = book.at("bpu.jkm.flat", on)
            lines.append(_worker_line(program, int(rate.value), rate))
        else:
            rate = book.at(f"bpu.{program.lower()}.rate", on)
            lines.append(_worker_line(program, percent_of(income, Decimal(rate.value)), rate))
    confidence_of_basis = min(low.confidence, high.confidence, key="LMH".index)
    if confidence_of_basis != "H" or not tiers.value:
        notes.append("income_tiers_unconfirmed")
    return Contribution(Category.BPU, on, tuple(lines), basis=income, notes=tuple(notes))


def _pu(
    book: RateBook, on: date, programs: list[Program], wage: int | None, risk: Risk | None
) -> Contribution:
    """PU: percentages of the monthly wage; JP on the wage capped at the ceiling of the month."""
    wage = _whole_rupiah("wage", wage)
    lines = []
    for program in programs:
        if program is Program.JKK:
            if risk is None:
                raise InvalidBasis(gettext_noop("%(field)s is required for JKK"), field="risk")
            rate = book.at(f"pu.jkk.rate.{Risk(risk).value}", on)
            lines.append(_employer_line(program, percent_of(wage, Decimal(rate.value)), rate))
        elif program is Program.JKM:
            rate = book.at("pu.jkm.rate", on)
            lines.append(_employer_line(program, percent_of(wage, Decimal(rate.value)), rate))
        elif program is Program.JKP:
            rate = book.at("pu.jkp.cost", on)
            lines.append(_employer_line(program, int(rate.value), rate))
        else:
            base = wage
            cap_rate = None
            if program is Program.JP:
                cap_rate = book.at("pu.jp.cap", on)
                base = min(wage, int(cap_rate.value))
            key = program.lower()
            employer = book.at(f"pu.{key}.employer", on)
            worker = book.at(f"pu.{key}.worker", on)
            rule = f"{employer.rule}; {worker.rule}"
            if cap_rate is not None:
                rule += f"; {cap_rate.rule}"
            lines.append(
                Line(
                    program=program,
                    employer=percent_of(base, Decimal(employer.value)),
                    worker=percent_of(base, Decimal(worker.value)),
                    rule=rule,
                    confidence=_weakest(employer, worker, cap_rate),
                )
            )
    return Contribution(Category.PU, on, tuple(lines), basis=wage)


def _jakon(book: RateBook, on: date, contract_value: int | None) -> Contribution:
    """JAKON: JKK and JKM on the contract value, each band of it at its own rate, once per
    project (PP 49/2020 Pasal 12)."""
    value = _whole_rupiah("contract_value", contract_value)
    bands = book.at("jakon.bands", on)
    jkk = jkm = Decimal(0)
    lower = 0
    for band in bands.value:
        upper = value if band["upto"] is None else min(value, int(band["upto"]))
        if upper > lower:
            jkk += Decimal(upper - lower) * Decimal(band["jkk"])
            jkm += Decimal(upper - lower) * Decimal(band["jkm"])
        if band["upto"] is None or value <= int(band["upto"]):
            break
        lower = int(band["upto"])
    lines = (
        Line(Program.JKK, rupiah(jkk), 0, bands.rule, bands.confidence),
        Line(Program.JKM, rupiah(jkm), 0, bands.rule, bands.confidence),
    )
    return Contribution(Category.JAKON, on, lines, basis=value)


def _pmi(
    book: RateBook, on: date, stage: Stage | None, contract_months: int | None
) -> Contribution:
    """PMI: Permenaker 4/2023 Pasal 18 packages. Before placement a flat amount; for a contract,
    the longest package that fits in it plus the monthly rate for every month beyond."""
    if stage is None or Stage(stage) is Stage.PRE:
        rate = book.at("pmi.pre_placement", on)
        line = _worker_line("JKK+JKM", int(rate.value), rate)
        return Contribution(Category.PMI, on, (line,), notes=("pre_placement",))
    months = _whole_rupiah("contract_months", contract_months)
    packages = book.at("pmi.packages", on)
    extra = book.at("pmi.extra_month", on)
    sizes = sorted(int(size) for size in packages.value)
    fitting = [size for size in sizes if size <= months] or sizes[:1]
    package = fitting[-1]
    beyond = max(months - package, 0)
    amount = int(packages.value[str(package)]) + beyond * int(extra.value)
    rule = f"{packages.rule} ({package} bulan)"
    if beyond:
        rule += f"; {extra.rule} x {beyond}"
    line = Line("JKK+JKM", 0, amount, rule, _weakest(packages, extra))
    return Contribution(Category.PMI, on, (line,), basis=months)


def _worker_line(program: str, amount: int, rate: Rate) -> Line:
    return Line(program, 0, amount, rate.rule, rate.confidence)


def _employer_line(program: str, amount: int, rate: Rate) -> Line:
    return Line(program, amount, 0, rate.rule, rate.confidence)


def _weakest(*rates: Rate | None) -> str:
    return min((rate.confidence for rate in rates if rate), key="LMH".index, default="H")
