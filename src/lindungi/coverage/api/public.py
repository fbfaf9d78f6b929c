"""`/api/v1/public/coverage`: a region's coverage for anyone, without signing in: aggregates
only (counts, bases, targets of regions), open data."""

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from lindungi.api.inputs import month as parse_month
from lindungi.api.schemas import ErrorOut
from lindungi.core.errors import NotFound
from lindungi.coverage.api.common import BaseOut, Month, RegionCode, base_out, percent_out
from lindungi.coverage.models import SnapshotLevel
from lindungi.coverage.public import public_coverage, public_months, public_trend
from lindungi.coverage.selectors import months_until

router = Router(tags=["coverage"])
PUBLIC_TREND_MONTHS = 12


class PublicPointOut(Schema):
    month: dt.date
    protected: int | None = Field(description="null: the month was not taken")
    percent: float | None = Field(description="null: not taken, or no base (unknown)")


class PublicCoverageOut(Schema):
    region_code: str = Field(description='"" is Indonesia')
    region_name: str
    level: SnapshotLevel
    month: dt.date
    protected: int
    percent: float | None = Field(description="protected ÷ base; null when no base: unknown")
    base: BaseOut | None
    target_percent: float | None
    target_source: str | None
    gap_workers: int | None
    by_category: dict[str, int]
    by_sponsor_kind: dict[str, int]
    trend: list[PublicPointOut] = Field(description="the twelve months up to `month`")
    months: list[dt.date] = Field(description="every month taken, newest first")


@router.get(
    "/public/coverage",
    auth=None,
    response={200: PublicCoverageOut, 404: ErrorOut, 422: ErrorOut},
    summary="A region's coverage for anyone, without signing in (aggregates only, open data)",
    operation_id="lindungi_api_coverage_public_coverage_get",
)
def public_coverage_get(
    request: HttpRequest, region: RegionCode = "ID", month: Month | None = None
) -> PublicCoverageOut:
    code = "" if region == "ID" else region
    months = public_months(code)
    chosen = parse_month(month) if month else (months[0] if months else None)
    if chosen is None:
        raise NotFound(
            _("No coverage has been taken for this region yet"),
            code="coverage.no_snapshot",
            region=region,
        )
    figure = public_coverage(code, chosen)
    trend = public_trend(code, months_until(chosen, PUBLIC_TREND_MONTHS))
    return PublicCoverageOut(
        region_code=figure.area.code,
        region_name=figure.area.name,
        level=SnapshotLevel(figure.area.level),
        month=figure.month,
        protected=figure.protected,
        percent=percent_out(figure.percent),
        base=base_out(figure.base),
        target_percent=percent_out(figure.target.percent) if figure.target else None,
        target_source=figure.target.source if figure.target else None,
        gap_workers=figure.gap.workers if figure.gap else None,
        by_category=figure.by_category,
        by_sponsor_kind=figure.by_sponsor_kind,
        trend=[
            PublicPointOut(
                month=point.month, protected=point.protected, percent=percent_out(point.percent)
            )
            for point in trend
        ],
        months=months,
    )
