"""Reading coverage figures, always within the reader's scope and always from the snapshots
(a dashboard never counts enrolments): a figure is a few rows found by (month, region).

A region outside the reader's scope looks absent (NotFound), as does a month not taken for it.
The base of a month's share is the region's latest base of the month's year or an earlier one
(BPS publishes August figures late in the year; the figure names the base's year, source and
date). The target is the one of the month's year.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from lindungi.core.errors import NotFound
from lindungi.core.months import add_months, month_start
from lindungi.core.scopes import Scope
from lindungi.coverage import rules
from lindungi.coverage.models import (
    LEVEL_CODE_LENGTH,
    NATIONAL,
    BpjsParticipants,
    CoverageSnapshot,
    CoverageTarget,
    Denominator,
    DenominatorKind,
    SnapshotLevel,
    SnapshotRun,
)
from lindungi.coverage.wording import coverage_sentence
from lindungi.regions.models import Region
from lindungi.regions.selectors import region_not_found

# Which base a share is taken of when the reader names none: BPJS's (what UCJ % is reported
# against), else BPS's working population.
BASE_ORDER = (DenominatorKind.ELIGIBLE, DenominatorKind.WORKING_POPULATION)


@dataclass(frozen=True)
class Area:
    code: str  # "" is Indonesia
    name: str
    level: SnapshotLevel


@dataclass(frozen=True)
class Target:
    percent: Decimal
    year: int
    source: str


@dataclass(frozen=True)
class Gap:
    workers: int
    rupiah: int
    monthly_contribution: int
    months: int


@dataclass(frozen=True)
class Participants:
    """BPJS's own count of registered participants, which includes workers Lindungi does not
    manage; `percent` is of the same base as the figure's."""

    count: int
    month: date
    source: str
    percent: Decimal | None


@dataclass(frozen=True)
class Figure:
    area: Area
    month: date
    protected: int
    contributions: int  # Rupiah of the month's contributions of the protected workers
    base: rules.Base | None
    percent: Decimal | None  # None: unknown (no base), never 0 % or ∞
    bases: tuple[rules.Base, ...]
    target: Target | None
    gap: Gap | None  # None when the base or the target is unknown
    by_category: dict[str, int] = field(default_factory=dict)
    by_sponsor_kind: dict[str, int] = field(default_factory=dict)
    participants: Participants | None = None

    @property
    def sentence(self) -> str:
        """ "38,09 % dari 397.749 pekerja yang eligible, Des 2024", in the reader's language."""
        return coverage_sentence(percent=self.percent, base=self.base, month=self.month)


def coverage_area(*, scope: Scope, region: Region | str | None) -> Area:
    """The region a reader asks about, or NotFound when it is unknown or outside their scope
    (the two look the same). None or "" is Indonesia, for nationwide readers only."""
    code = (region.code if isinstance(region, Region) else (region or "")).strip()
    if code in (NATIONAL, "ID"):
        if not scope.is_nationwide:
            raise region_not_found("ID")
        return Area(NATIONAL, _("Indonesia"), SnapshotLevel.NATIONAL)
    found = region if isinstance(region, Region) else Region.objects.filter(code=code).first()
    if found is None or not scope.covers_region(code):
        raise region_not_found(code)
    return Area(found.code, found.name, SnapshotLevel(found.level))


def regions_above(code: str) -> list[str]:
    """The code and every region above it, the country ("") included."""
    return [code[:length] for length in LEVEL_CODE_LENGTH.values() if length <= len(code)]


def month_taken(month: date, code: str) -> bool:
    """Whether a run covering the region took the month."""
    return SnapshotRun.objects.filter(month=month, region_code__in=regions_above(code)).exists()


def not_taken(area: Area, month: date) -> NotFound:
    return NotFound(
        _("No coverage snapshot of %(region)s for %(month)s")
        % {"region": area.name, "month": f"{month:%Y-%m}"},
        code="coverage.no_snapshot",
        month=month.isoformat(),
    )


def none_taken(area: Area, field: str) -> NotFound:
    """No month at all has been taken for the area (`field` names what the caller asked)."""
    return NotFound(
        _("No coverage snapshot of %(region)s yet") % {"region": area.name},
        code="coverage.no_snapshot",
        field=field,
    )


def latest_month(code: str, until: date | None = None) -> date | None:
    """The latest month taken for a region (up to `until`), or None."""
    runs = SnapshotRun.objects.filter(region_code__in=regions_above(code))
    if until is not None:
        runs = runs.filter(month__lte=until)
    return runs.order_by("-month").values_list("month", flat=True).first()


def coverage_months(*, scope: Scope, region: Region | str | None) -> list[date]:
    """The months taken for a region, newest first (what a dashboard offers to pick from)."""
    area = coverage_area(scope=scope, region=region)
    return list(
        SnapshotRun.objects.filter(region_code__in=regions_above(area.code))
        .order_by("-month")
        .values_list("month", flat=True)
        .distinct()
    )


def region_q(codes: Iterable[str]) -> Q:
    codes = list(codes)
    regional = [code for code in codes if code]
    q = Q(region_id__in=regional)
    if NATIONAL in codes:
        q |= Q(region__isnull=True)
    return q


def bases_of(codes: Iterable[str], year: int) -> dict[str, dict[str, rules.Base]]:
    """Region -> kind -> its latest base of `year` or before."""
    found: dict[str, dict[str, rules.Base]] = {}
    rows = (
        Denominator.objects.filter(region_q(codes), year__lte=year)
        .order_by("region_id", "kind", "-year")
        .values_list("region_id", "kind", "value", "year", "source", "as_of")
    )
    for region_id, kind, value, base_year, source, as_of in rows:
        found.setdefault(region_id or NATIONAL, {}).setdefault(
            kind, rules.Base(kind, value, base_year, source, as_of)
        )
    return found


def base_chosen(bases: dict[str, rules.Base], kind: str | None) -> rules.Base | None:
    if kind:
        return bases.get(kind)
    return next((bases[k] for k in BASE_ORDER if k in bases), None)


def targets_of(codes: Iterable[str], year: int) -> dict[str, Target]:
    rows = CoverageTarget.objects.filter(region_q(codes), year=year).values_list(
        "region_id", "percent", "source"
    )
    return {code or NATIONAL: Target(percent, year, source) for code, percent, source in rows}


def _gap(protected: int, base: rules.Base | None, target: Target | None) -> Gap | None:
    workers = rules.gap_workers(
        protected, base.value if base else None, target.percent if target else None
    )
    if workers is None:
        return None
    monthly, months = rules.SCHEME_MONTHLY_CONTRIBUTION, rules.SCHEME_MONTHS
    return Gap(workers, rules.cost(workers, monthly, months), monthly, months)


def coverage_for(
    *,
    scope: Scope,
    region: Region | str | None,
    month: date,
    base_kind: str | None = None,
) -> Figure:
    """A region's coverage in a month: protected workers, their share of the base (with the
    base's source and date), the year's target and the gap to it, by category and by sponsor
    kind, and BPJS's own count when the region imported one."""
    area = coverage_area(scope=scope, region=region)
    month = month_start(month)
    if not month_taken(month, area.code):
        raise not_taken(area, month)
    rows = CoverageSnapshot.objects.filter(month=month, region_code=area.code).values_list(
        "category", "sponsor_kind", "protected", "contributions"
    )
    protected = contributions = 0
    by_category: dict[str, int] = {}
    by_kind: dict[str, int] = {}
    for category, kind, count, amount in rows:
        if not category and not kind:
            protected, contributions = count, amount
        elif not kind:
            by_category[category] = count
        elif not category:
            by_kind[kind] = count
    all_bases = bases_of([area.code], month.year).get(area.code, {})
    base = base_chosen(all_bases, base_kind)
    target = targets_of([area.code], month.year).get(area.code)
    return Figure(
        area=area,
        month=month,
        protected=protected,
        contributions=contributions,
        base=base,
        percent=rules.coverage_percent(protected, base.value if base else None),
        bases=tuple(all_bases[k] for k in BASE_ORDER if k in all_bases),
        target=target,
        gap=_gap(protected, base, target),
        by_category=dict(sorted(by_category.items(), key=lambda item: -item[1])),
        by_sponsor_kind=dict(sorted(by_kind.items(), key=lambda item: -item[1])),
        participants=_participants(area.code, month, base),
    )


def _participants(code: str, month: date, base: rules.Base | None) -> Participants | None:
    row = (
        BpjsParticipants.objects.filter(region_q([code]), category="", month__lte=month)
        .order_by("-month")
        .values_list("count", "month", "source")
        .first()
    )
    if row is None:
        return None
    count, when, source = row
    return Participants(
        count, when, source, rules.coverage_percent(count, base.value if base else None)
    )


def months_until(last: date, count: int) -> list[date]:
    """`count` months ending with `last`, oldest first."""
    last = month_start(last)
    return [add_months(last, offset) for offset in range(1 - count, 1)]
