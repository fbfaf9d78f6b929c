"""Budget planning from the snapshots and the programs: what a village writes into its APBDes
for next year, what a regency's own schemes need from the APBD, and what it costs to reach a
coverage percentage. Every amount is `workers * monthly contribution * months`, whole Rupiah."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from lindungi.core.errors import ValidationFailed
from lindungi.core.scopes import Scope
from lindungi.coverage import rules
from lindungi.coverage.models import CoverageSnapshot, SnapshotLevel
from lindungi.coverage.rankings import VillageRank, village_ranking
from lindungi.coverage.selectors import (
    Area,
    base_chosen,
    bases_of,
    coverage_area,
    latest_month,
    none_taken,
)
from lindungi.programs.models import FundingSource, Program, SponsorKind
from lindungi.programs.selectors import monthly_amount, program_list, sponsor_list
from lindungi.regions.codes import regency_of
from lindungi.regions.models import Region


@dataclass(frozen=True)
class BudgetLine:
    label: str
    sponsor_kind: str
    funding_source: str
    workers: int
    monthly_contribution: int
    months: int
    amount: int
    program_id: int | None
    program_year: int | None  # the year of the program planned from (an earlier one carried on)


@dataclass(frozen=True)
class BudgetPlan:
    area: Area
    year: int
    as_of_month: date | None  # the snapshot the protected counts come from
    lines: list[BudgetLine]

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)


def monthly_contribution(program: Program | None, year: int) -> int:
    """What one worker of the program costs a month in January of `year` (JKK + JKM, and JHT
    when the program includes it, at its declared income); the schemes' Rp 16.800 without one."""
    if program is None:
        return rules.SCHEME_MONTHLY_CONTRIBUTION
    return monthly_amount(program, date(year, 1, 1))


def _programs_of(scope: Scope, regency: str, year: int, kind: str) -> list[Program]:
    """The regency's programs of `kind` sponsors for the year; when it has none yet (next year
    is not set up), those of its latest earlier year, carried on."""
    for planned_year in (year, year - 1, year - 2):
        found = [
            program
            for program in program_list(scope=scope, year=planned_year)
            if program.region_id == regency and kind in program.sponsor_kinds
        ]
        if found:
            return found
    return []


def _protected(code: str, month: date | None, kind: str) -> int:
    if month is None:
        return 0
    row = CoverageSnapshot.objects.filter(
        month=month, region_code=code, category="", sponsor_kind=kind
    ).values_list("protected", flat=True)
    return row.first() or 0


def _line(
    *, label: str, kind: str, source: str, workers: int, program: Program | None, year: int
) -> BudgetLine:
    monthly = monthly_contribution(program, year)
    months = program.months if program else rules.SCHEME_MONTHS
    return BudgetLine(
        label=label,
        sponsor_kind=kind,
        funding_source=source,
        workers=workers,
        monthly_contribution=monthly,
        months=months,
        amount=rules.cost(workers, monthly, months),
        program_id=program.pk if program else None,
        program_year=program.year if program else None,
    )


def budget_plan(*, scope: Scope, region: Region | str, year: int) -> BudgetPlan:
    """The budget lines of a village (its APBDes line: the workers it protects now or its
    quota, whichever is more, for a year of its village program) or of a regency (one APBD line
    per scheme its agencies sponsor: the workers they protect now or the program's target,
    whichever is more). Protected counts come from the latest snapshot before `year`."""
    area = coverage_area(scope=scope, region=region)
    as_of = latest_month(area.code, until=date(year - 1, 12, 1))
    if area.level == SnapshotLevel.VILLAGE:
        programs = _programs_of(scope, regency_of(area.code), year, SponsorKind.DESA)
        sponsor = (
            sponsor_list(scope=scope, kind=SponsorKind.DESA).filter(region_id=area.code).first()
        )
        quota = sum(program.quota_per_sponsor or 0 for program in programs)
        workers = max(quota, _protected(area.code, as_of, SponsorKind.DESA))
        lines = [
            _line(
                label=programs[0].name if programs else _("Village protection (APBDes)"),
                kind=SponsorKind.DESA,
                source=sponsor.funding_source if sponsor else FundingSource.DANA_DESA,
                workers=workers,
                program=programs[0] if programs else None,
                year=year,
            )
        ]
    elif area.level == SnapshotLevel.REGENCY:
        protected = _protected(area.code, as_of, SponsorKind.OPD)
        lines = [
            _line(
                label=program.name,
                kind=SponsorKind.OPD,
                source=FundingSource.APBD,
                workers=max(program.target or 0, protected),
                program=program,
                year=year,
            )
            for program in _programs_of(scope, area.code, year, SponsorKind.OPD)
        ]
    else:
        raise ValidationFailed(
            _("A budget is planned for a village or a regency, not for %(region)s")
            % {"region": area.name},
            code="coverage.budget_level",
            field="region",
        )
    return BudgetPlan(area=area, year=year, as_of_month=as_of, lines=lines)


@dataclass(frozen=True)
class CostToReach:
    area: Area
    year: int
    target_percent: Decimal
    as_of_month: date
    protected: int
    base: rules.Base | None
    workers_needed: int | None  # None: no base, so no share can be reached or missed
    monthly_contribution: int
    months: int
    rupiah: int | None
    villages_with_room: list[VillageRank]  # most room first

    @property
    def room(self) -> int:
        """How many more workers the villages' quotas take in all."""
        return sum(village.room for village in self.villages_with_room)


def cost_to_reach(
    *, scope: Scope, region: Region | str, percent: Decimal | int | str, year: int
) -> CostToReach:
    """What reaching `percent` coverage in `year` takes from the latest snapshot: how many more
    workers (of the latest base up to that year), at the schemes' contribution for a year, and
    which villages still have room in their quota to take them."""
    target = Decimal(str(percent))
    if not Decimal(0) < target <= Decimal(100):
        raise ValidationFailed(
            _("A coverage target lies above 0 and at most 100 %"), field="percent"
        )
    area = coverage_area(scope=scope, region=region)
    as_of = latest_month(area.code, until=date(year, 12, 1))
    if as_of is None:
        raise none_taken(area, "region")
    protected = _protected(area.code, as_of, "")
    base = base_chosen(bases_of([area.code], year).get(area.code, {}), None)
    needed = rules.gap_workers(protected, base.value if base else None, target)
    monthly, months = rules.SCHEME_MONTHLY_CONTRIBUTION, rules.SCHEME_MONTHS
    with_room: list[VillageRank] = []
    if area.level != SnapshotLevel.NATIONAL:
        with_room = sorted(
            (
                village
                for village in village_ranking(scope=scope, region=area.code, month=as_of)
                if village.room > 0
            ),
            key=lambda village: (-village.room, village.code),
        )
    return CostToReach(
        area=area,
        year=year,
        target_percent=target,
        as_of_month=as_of,
        protected=protected,
        base=base,
        workers_needed=needed,
        monthly_contribution=monthly,
        months=months,
        rupiah=None if needed is None else rules.cost(needed, monthly, months),
        villages_with_room=with_room,
    )
