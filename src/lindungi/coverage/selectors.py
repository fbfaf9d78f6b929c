"""Reading coverage figures, always within the reader's scope and always from the snapshots
(a dashboard never counts enrolments): a figure is a few rows found by (month, region).

A region outside the reader's scope looks absent (NotFound), as does a month not taken for it.
The base of a month's share is the region's latest base of the month's year or an earlier one
(BPS publishes August figures late in the year; the figure names the base's year, source and
date). The target is the one of the month's year.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from lindungi.core.errors import NotFound
from lindungi.core.months import add_months
from lindungi.core.scopes import Scope, below_q
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
    level_of,
)
from lindungi.coverage.wording import coverage_sentence
from lindungi.regions.models import Level, Region

# Which base a share is taken of when the reader names none: BPJS's (what UCJ % is reported
# against), else BPS's working population.
BASE_ORDER = (DenominatorKind.ELIGIBLE, DenominatorKind.WORKING_POPULATION)
CHILD_LEVEL = {
    SnapshotLevel.NATIONAL: SnapshotLevel.PROVINCE,
    SnapshotLevel.PROVINCE: SnapshotLevel.REGENCY,
    SnapshotLevel.REGENCY: SnapshotLevel.DISTRICT,
    SnapshotLevel.DISTRICT: SnapshotLevel.VILLAGE,
}


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
            raise NotFound(
                _("Region %(code)s not found") % {"code": "ID"},
                code="region.not_found",
                region="ID",
            )
        return Area(NATIONAL, _("Indonesia"), SnapshotLevel.NATIONAL)
    found = region if isinstance(region, Region) else Region.objects.filter(code=code).first()
    if found is None or not scope.covers_region(code):
        raise NotFound(
            _("Region %(code)s not found") % {"code": code}, code="region.not_found", region=code
        )
    return Area(found.code, found.name, SnapshotLevel(found.level))


def _above(code: str) -> list[str]:
    """The code and every region above it, the country ("") included."""
    return [code[:length] for length in LEVEL_CODE_LENGTH.values() if length <= len(code)]


def month_taken(month: date, code: str) -> bool:
    """Whether a run covering the region took the month."""
    return SnapshotRun.objects.filter(month=month, region_code__in=_above(code)).exists()


def not_taken(area: Area, month: date) -> NotFound:
    return NotFound(
        _("No coverage snapshot of %(region)s for %(month)s")
        % {"region": area.name, "month": f"{month:%Y-%m}"},
        month=month.isoformat(),
    )


def latest_month(code: str, until: date | None = None) -> date | None:
    """The latest month taken for a region (up to `until`), or None."""
    runs = SnapshotRun.objects.filter(region_code__in=_above(code))
    if until is not None:
        runs = runs.filter(month__lte=until)
    return runs.order_by("-month").values_list("month", flat=True).first()


def coverage_months(*, scope: Scope, region: Region | str | None) -> list[date]:
    """The months taken for a region, newest first (what a dashboard offers to pick from)."""
    area = coverage_area(scope=scope, region=region)
    return list(
        SnapshotRun.objects.filter(region_code__in=_above(area.code))
        .order_by("-month")
        .values_list("month", flat=True)
        .distinct()
    )


def _region_q(codes: Iterable[str]) -> Q:
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
        Denominator.objects.filter(_region_q(codes), year__lte=year)
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


def _targets(codes: Iterable[str], year: int) -> dict[str, Target]:
    rows = CoverageTarget.objects.filter(_region_q(codes), year=year).values_list(
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
    month = month.replace(day=1)
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
    target = _targets([area.code], month.year).get(area.code)
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
        BpjsParticipants.objects.filter(_region_q([code]), category="", month__lte=month)
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


@dataclass(frozen=True)
class TrendPoint:
    month: date
    protected: int | None  # None: the month was not taken for the region
    percent: Decimal | None
    base: rules.Base | None
    target_percent: Decimal | None


def months_until(last: date, count: int) -> list[date]:
    """`count` months ending with `last`, oldest first."""
    last = last.replace(day=1)
    return [add_months(last, offset) for offset in range(1 - count, 1)]


def coverage_trend(
    *,
    scope: Scope,
    region: Region | str | None,
    months: Sequence[date],
    base_kind: str | None = None,
) -> list[TrendPoint]:
    """The region's headline figure for each month (oldest first); a month not taken shows
    nothing rather than 0. Three queries whatever the number of months."""
    area = coverage_area(scope=scope, region=region)
    wanted = sorted({month.replace(day=1) for month in months})
    if not wanted:
        return []
    counts = dict(
        CoverageSnapshot.objects.filter(
            month__in=wanted, region_code=area.code, category="", sponsor_kind=""
        ).values_list("month", "protected")
    )
    taken = set(
        SnapshotRun.objects.filter(month__in=wanted, region_code__in=_above(area.code)).values_list(
            "month", flat=True
        )
    )
    # Every base up to the last year in one query, then each year's latest (rows newest first).
    stored = (
        Denominator.objects.filter(_region_q([area.code]), year__lte=wanted[-1].year)
        .order_by("-year")
        .values_list("kind", "value", "year", "source", "as_of")
    )
    by_year: dict[int, rules.Base | None] = {}
    for year in {month.year for month in wanted}:
        latest: dict[str, rules.Base] = {}
        for kind, value, base_year, source, as_of in stored:
            if base_year <= year:
                latest.setdefault(kind, rules.Base(kind, value, base_year, source, as_of))
        by_year[year] = base_chosen(latest, base_kind)
    targets = dict(
        CoverageTarget.objects.filter(_region_q([area.code]), year__in=list(by_year)).values_list(
            "year", "percent"
        )
    )
    points = []
    for month in wanted:
        base = by_year[month.year]
        protected = counts.get(month, 0) if month in taken else None
        points.append(
            TrendPoint(
                month=month,
                protected=protected,
                percent=(
                    None
                    if protected is None
                    else rules.coverage_percent(protected, base.value if base else None)
                ),
                base=base,
                target_percent=targets.get(month.year),
            )
        )
    return points


@dataclass(frozen=True)
class ChildFigure:
    code: str
    name: str
    level: str
    protected: int
    base: rules.Base | None
    percent: Decimal | None
    target_percent: Decimal | None
    gap_workers: int | None
    rank: int | None = None


def child_areas(area: Area) -> list[tuple[str, str]]:
    """(code, name) of the active regions directly below an area, in code order."""
    if area.level == SnapshotLevel.VILLAGE:
        return []
    regions = Region.objects.filter(is_active=True)
    if area.code == NATIONAL:
        regions = regions.filter(level=Level.PROVINCE)
    else:
        regions = regions.filter(parent_id=area.code)
    return list(regions.order_by("code").values_list("code", "name"))


def coverage_children(
    *,
    scope: Scope,
    region: Region | str | None,
    month: date,
    base_kind: str | None = None,
) -> list[ChildFigure]:
    """Each region directly below `region` in a taken month, in code order (a child with no
    protected worker shows 0). Four queries whatever the number of children."""
    area = coverage_area(scope=scope, region=region)
    month = month.replace(day=1)
    if not month_taken(month, area.code):
        raise not_taken(area, month)
    children = child_areas(area)
    if not children:
        return []
    level = CHILD_LEVEL[area.level]
    rows = CoverageSnapshot.objects.filter(month=month, level=level, category="", sponsor_kind="")
    if area.code:
        rows = rows.filter(below_q("region_code", area.code))
    counts = dict(rows.values_list("region_code", "protected"))
    codes = [code for code, _ in children]
    bases = bases_of(codes, month.year)
    targets = _targets(codes, month.year)
    figures = []
    for code, name in children:
        protected = counts.get(code, 0)
        base = base_chosen(bases.get(code, {}), base_kind)
        target = targets.get(code)
        figures.append(
            ChildFigure(
                code=code,
                name=name,
                level=level_of(code),
                protected=protected,
                base=base,
                percent=rules.coverage_percent(protected, base.value if base else None),
                target_percent=target.percent if target else None,
                gap_workers=rules.gap_workers(
                    protected, base.value if base else None, target.percent if target else None
                ),
            )
        )
    return figures


# The public page and its open data: aggregates only (counts, bases, targets of regions), read
# for anyone without a reader's scope. Nothing here reaches a worker, a sponsor or a user.
PUBLIC_SCOPE = Scope(user_id=None, role="public", region_codes=None)


def public_months(region_code: str) -> list[date]:
    """The months taken for a region, newest first; NotFound for an unknown region."""
    return coverage_months(scope=PUBLIC_SCOPE, region=region_code)


def public_coverage(region_code: str, month: date) -> Figure:
    """A region's coverage figure for anyone: the snapshot's counts with their base, target and
    BPJS's own count (aggregates only). NotFound for an unknown region or a month not taken."""
    return coverage_for(scope=PUBLIC_SCOPE, region=region_code, month=month)


def public_trend(region_code: str, months: Sequence[date]) -> list[TrendPoint]:
    """A region's headline figure for each month, oldest first, for anyone."""
    return coverage_trend(scope=PUBLIC_SCOPE, region=region_code, months=months)


def public_children(region_code: str, month: date) -> list[ChildFigure]:
    """The regions directly below a region in a taken month, for anyone (aggregates only)."""
    return coverage_children(scope=PUBLIC_SCOPE, region=region_code, month=month)
