"""`/api/v1/coverage`, `/coverage/trend` and `/coverage/children`: the share of workers
protected in a region, month by month and region by region below, read from the monthly
snapshots within the caller's scope (docs/coverage.md)."""

import datetime as dt
from dataclasses import asdict
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.inputs import month as parse_month
from lindungi.api.schemas import ErrorOut
from lindungi.core.months import add_months, month_start
from lindungi.coverage.api.common import (
    BaseOut,
    Month,
    RegionCode,
    base_out,
    percent_out,
    region_asked,
    taken_month,
)
from lindungi.coverage.children import ChildFigure, coverage_children
from lindungi.coverage.models import DenominatorKind, SnapshotLevel
from lindungi.coverage.selectors import coverage_area, coverage_for, latest_month, months_until
from lindungi.coverage.trend import coverage_trend

router = Router(tags=["coverage"])


class TargetOut(Schema):
    percent: float
    year: int
    source: str


class GapOut(Schema):
    workers: int = Field(description="more protected workers needed to reach the target")
    rupiah: int = Field(description="what protecting them costs for `months` months")
    monthly_contribution: int
    months: int


class ParticipantsOut(Schema):
    count: int = Field(description="BPJS's registered participants, Lindungi's or not")
    month: dt.date
    source: str
    percent: float | None = Field(description="of the same base as the figure; null: unknown")


class CoverageOut(Schema):
    region_code: str = Field(description='"" is Indonesia')
    region_name: str
    level: SnapshotLevel
    month: dt.date
    protected: int = Field(description="workers Lindungi protects in the month")
    contributions: int = Field(description="the month's contributions for them, Rupiah")
    percent: float | None = Field(description="protected ÷ base; null when no base: unknown")
    sentence: str = Field(description="the figure with its base and month, in words")
    base: BaseOut | None
    bases: list[BaseOut] = Field(description="every base of the region for the month's year")
    target: TargetOut | None
    gap: GapOut | None = Field(description="null when the base or the target is unknown")
    by_category: dict[str, int]
    by_sponsor_kind: dict[str, int]
    participants: ParticipantsOut | None


@router.get(
    "/coverage",
    response={200: CoverageOut, 404: ErrorOut, 422: ErrorOut},
    summary="A region's coverage in a month: protected workers over the base, target and gap",
    operation_id="lindungi_api_coverage_coverage_get",
)
def coverage_get(
    request: HttpRequest,
    region: RegionCode | None = None,
    month: Month | None = None,
    base: DenominatorKind | None = None,
) -> CoverageOut:
    scope = scope_for_user(request.user)
    area = coverage_area(scope=scope, region=region_asked(request, region, scope))
    figure = coverage_for(
        scope=scope, region=area.code, month=taken_month(area, month), base_kind=base
    )
    return CoverageOut(
        region_code=figure.area.code,
        region_name=figure.area.name,
        level=figure.area.level,
        month=figure.month,
        protected=figure.protected,
        contributions=figure.contributions,
        percent=percent_out(figure.percent),
        sentence=figure.sentence,
        base=base_out(figure.base),
        bases=[BaseOut(**asdict(item)) for item in figure.bases],
        target=(
            TargetOut(
                percent=float(figure.target.percent),
                year=figure.target.year,
                source=figure.target.source,
            )
            if figure.target
            else None
        ),
        gap=GapOut(**asdict(figure.gap)) if figure.gap else None,
        by_category=figure.by_category,
        by_sponsor_kind=figure.by_sponsor_kind,
        participants=(
            ParticipantsOut(
                count=figure.participants.count,
                month=figure.participants.month,
                source=figure.participants.source,
                percent=percent_out(figure.participants.percent),
            )
            if figure.participants
            else None
        ),
    )


class TrendPointOut(Schema):
    month: dt.date
    protected: int | None = Field(description="null: the month was not taken")
    percent: float | None = Field(description="null: not taken, or no base (unknown)")
    base: BaseOut | None
    target_percent: float | None


@router.get(
    "/coverage/trend",
    response={200: list[TrendPointOut], 404: ErrorOut, 422: ErrorOut},
    summary="A region's coverage month by month, oldest first (a month not taken is null)",
    operation_id="lindungi_api_coverage_coverage_trend_get",
)
def coverage_trend_get(
    request: HttpRequest,
    region: RegionCode | None = None,
    until: Month | None = None,
    months: Annotated[int, Field(ge=1, le=120)] = 12,
    base: DenominatorKind | None = None,
) -> list[TrendPointOut]:
    scope = scope_for_user(request.user)
    area = coverage_area(scope=scope, region=region_asked(request, region, scope))
    last = parse_month(until, "until") if until else latest_month(area.code)
    if last is None:  # nothing taken yet: the months up to the last one, all unknown
        last = add_months(month_start(timezone.localdate()), -1)
    points = coverage_trend(
        scope=scope, region=area.code, months=months_until(last, months), base_kind=base
    )
    return [
        TrendPointOut(
            month=point.month,
            protected=point.protected,
            percent=percent_out(point.percent),
            base=base_out(point.base),
            target_percent=percent_out(point.target_percent),
        )
        for point in points
    ]


class ChildOut(Schema):
    code: str
    name: str
    level: SnapshotLevel
    protected: int
    percent: float | None = Field(description="null when the region has no base: unknown")
    base: BaseOut | None
    target_percent: float | None
    gap_workers: int | None
    rank: int | None = Field(None, description="in a ranking; null: unranked (no base)")


def child_out(child: ChildFigure) -> ChildOut:
    return ChildOut(
        code=child.code,
        name=child.name,
        level=SnapshotLevel(child.level),
        protected=child.protected,
        percent=percent_out(child.percent),
        base=base_out(child.base),
        target_percent=percent_out(child.target_percent),
        gap_workers=child.gap_workers,
        rank=child.rank,
    )


@router.get(
    "/coverage/children",
    response={200: list[ChildOut], 404: ErrorOut, 422: ErrorOut},
    summary="The regions directly below a region in a month, in code order",
    operation_id="lindungi_api_coverage_coverage_children_get",
)
def coverage_children_get(
    request: HttpRequest,
    region: RegionCode | None = None,
    month: Month | None = None,
    base: DenominatorKind | None = None,
) -> list[ChildOut]:
    scope = scope_for_user(request.user)
    area = coverage_area(scope=scope, region=region_asked(request, region, scope))
    children = coverage_children(
        scope=scope, region=area.code, month=taken_month(area, month), base_kind=base
    )
    return [child_out(child) for child in children]
