"""A region's coverage month by month, from the snapshots, within the reader's scope: the
headline figure of each month (a month not taken shows nothing rather than 0) with the base
of its year and the year's target."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lindungi.core.months import month_start
from lindungi.core.scopes import Scope
from lindungi.coverage import rules
from lindungi.coverage.models import CoverageSnapshot, CoverageTarget, Denominator, SnapshotRun
from lindungi.coverage.selectors import base_chosen, coverage_area, region_q, regions_above
from lindungi.regions.models import Region


@dataclass(frozen=True)
class TrendPoint:
    month: date
    protected: int | None  # None: the month was not taken for the region
    percent: Decimal | None
    base: rules.Base | None
    target_percent: Decimal | None


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
    wanted = sorted({month_start(month) for month in months})
    if not wanted:
        return []
    counts = dict(
        CoverageSnapshot.objects.filter(
            month__in=wanted, region_code=area.code, category="", sponsor_kind=""
        ).values_list("month", "protected")
    )
    taken = set(
        SnapshotRun.objects.filter(
            month__in=wanted, region_code__in=regions_above(area.code)
        ).values_list("month", flat=True)
    )
    # Every base up to the last year in one query, then each year's latest (rows newest first).
    stored = (
        Denominator.objects.filter(region_q([area.code]), year__lte=wanted[-1].year)
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
        CoverageTarget.objects.filter(region_q([area.code]), year__in=list(by_year)).values_list(
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
