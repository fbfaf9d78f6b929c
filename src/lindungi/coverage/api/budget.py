"""`/api/v1/budget-plan`: a village's APBDes line or a regency's APBD lines for a year, and
what reaching a coverage percentage costs."""

import datetime as dt
from dataclasses import asdict
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.schemas import ErrorOut
from lindungi.coverage.api.common import BaseOut, RegionCode, Year, base_out, region_asked
from lindungi.coverage.budget import CostToReach, budget_plan, cost_to_reach
from lindungi.coverage.models import SnapshotLevel
from lindungi.coverage.selectors import coverage_area

router = Router(tags=["coverage"])


class BudgetLineOut(Schema):
    label: str
    sponsor_kind: str
    funding_source: str
    workers: int
    monthly_contribution: int
    months: int
    amount: int = Field(description="workers * monthly contribution * months, Rupiah")
    program_id: int | None
    program_year: int | None = Field(description="an earlier year's program carried on")


class VillageRoomOut(Schema):
    code: str
    name: str
    by_village: int
    quota: int | None
    room: int


class CostToReachOut(Schema):
    target_percent: float
    as_of_month: dt.date
    protected: int
    base: BaseOut | None
    workers_needed: int | None = Field(description="null: no base, so unknown")
    monthly_contribution: int
    months: int
    rupiah: int | None
    room: int = Field(description="how many more the villages' quotas take in all")
    villages_with_room: list[VillageRoomOut]


class BudgetPlanOut(Schema):
    region_code: str
    region_name: str
    level: SnapshotLevel
    year: int
    as_of_month: dt.date | None = Field(description="the snapshot the counts come from")
    lines: list[BudgetLineOut] | None = Field(
        description="a village's APBDes line or a regency's APBD lines; null for other levels"
    )
    total: int | None
    cost_to_reach: CostToReachOut | None = Field(description="when `percent` is given")


def _cost_out(cost: CostToReach) -> CostToReachOut:
    return CostToReachOut(
        target_percent=float(cost.target_percent),
        as_of_month=cost.as_of_month,
        protected=cost.protected,
        base=base_out(cost.base),
        workers_needed=cost.workers_needed,
        monthly_contribution=cost.monthly_contribution,
        months=cost.months,
        rupiah=cost.rupiah,
        room=cost.room,
        villages_with_room=[
            VillageRoomOut(
                code=village.code,
                name=village.name,
                by_village=village.by_village,
                quota=village.quota,
                room=village.room,
            )
            for village in cost.villages_with_room
        ],
    )


@router.get(
    "/budget-plan",
    response={200: BudgetPlanOut, 404: ErrorOut, 422: ErrorOut},
    summary="A village's APBDes line or a regency's APBD lines for a year, and (with `percent`) "
    "what reaching that coverage costs",
    operation_id="lindungi_api_coverage_budget_plan_get",
)
def budget_plan_get(
    request: HttpRequest,
    region: RegionCode | None = None,
    year: Year | None = None,
    percent: Annotated[float | None, Field(gt=0, le=100, allow_inf_nan=False)] = None,
) -> BudgetPlanOut:
    scope = scope_for_user(request.user)
    area = coverage_area(scope=scope, region=region_asked(request, region, scope))
    planned_year = year or timezone.localdate().year + 1
    planned = area.level in (SnapshotLevel.VILLAGE, SnapshotLevel.REGENCY)
    if not planned and percent is None:
        # The planner's own refusal: a budget is planned for a village or a regency.
        budget_plan(scope=scope, region=area.code, year=planned_year)
    plan = budget_plan(scope=scope, region=area.code, year=planned_year) if planned else None
    cost = (
        cost_to_reach(
            scope=scope,
            region=area.code,
            percent=Decimal(str(round(percent, 2))),
            year=planned_year,
        )
        if percent is not None
        else None
    )
    return BudgetPlanOut(
        region_code=area.code,
        region_name=area.name,
        level=area.level,
        year=planned_year,
        as_of_month=plan.as_of_month if plan else (cost.as_of_month if cost else None),
        lines=[BudgetLineOut(**asdict(line)) for line in plan.lines] if plan else None,
        total=plan.total if plan else None,
        cost_to_reach=_cost_out(cost) if cost else None,
    )
