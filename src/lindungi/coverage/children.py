"""The regions directly below a region in a taken month, from the snapshots, within the
reader's scope: each one's protected workers over its base, its target and its gap."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lindungi.core.months import month_start
from lindungi.core.scopes import Scope, below_q
from lindungi.coverage import rules
from lindungi.coverage.models import NATIONAL, CoverageSnapshot, SnapshotLevel, level_of
from lindungi.coverage.selectors import (
    Area,
    base_chosen,
    bases_of,
    coverage_area,
    month_taken,
    not_taken,
    targets_of,
)
from lindungi.regions.models import Level, Region

CHILD_LEVEL = {
    SnapshotLevel.NATIONAL: SnapshotLevel.PROVINCE,
    SnapshotLevel.PROVINCE: SnapshotLevel.REGENCY,
    SnapshotLevel.REGENCY: SnapshotLevel.DISTRICT,
    SnapshotLevel.DISTRICT: SnapshotLevel.VILLAGE,
}


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
    month = month_start(month)
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
    targets = targets_of(codes, month.year)
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
