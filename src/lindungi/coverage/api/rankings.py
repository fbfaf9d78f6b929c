"""`/api/v1/rankings`: villages by how far they filled their quota, agencies by the share of
their civil servants who protect a worker, a province's regencies by coverage."""

import datetime as dt
from dataclasses import asdict
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.schemas import ErrorOut
from lindungi.coverage.api.common import Month, RegionCode, percent_out, region_asked, taken_month
from lindungi.coverage.api.figures import ChildOut, child_out
from lindungi.coverage.rankings import agency_ranking, regency_ranking, village_ranking
from lindungi.coverage.selectors import coverage_area
from lindungi.regions.codes import province_of

router = Router(tags=["coverage"])
RANKED_AT_MOST = 10_000


class VillageRankOut(Schema):
    rank: int | None = Field(description="null: the regency set no quota per village")
    code: str
    name: str
    protected: int = Field(description="every protected resident, whoever pays")
    by_village: int = Field(description="residents the village itself pays for")
    quota: int | None
    fill_percent: float | None
    room: int = Field(description="how many more the quota takes")


class AgencyRankOut(Schema):
    rank: int | None = Field(description="null: no civil servant registered")
    agency_id: int
    name: str
    region_code: str
    asn_count: int
    asn_protecting: int
    share_percent: float | None
    workers: int


class RankingOut(Schema):
    kind: Literal["villages", "agencies", "regencies"]
    region_code: str
    region_name: str
    month: dt.date
    count: int = Field(description="ranked in all (the lists hold `limit` from `offset`)")
    villages: list[VillageRankOut] = []
    agencies: list[AgencyRankOut] = []
    regencies: list[ChildOut] = []


@router.get(
    "/rankings",
    response={200: RankingOut, 404: ErrorOut, 422: ErrorOut},
    summary="Villages by how far they filled their quota, agencies by the share of their civil "
    "servants who protect a worker, or a province's regencies by coverage",
    operation_id="lindungi_api_coverage_rankings_get",
)
def rankings_get(
    request: HttpRequest,
    kind: Literal["villages", "agencies", "regencies"],
    region: RegionCode | None = None,
    month: Month | None = None,
    limit: Annotated[int, Field(ge=1, le=RANKED_AT_MOST)] = 100,
    offset: Annotated[int, Field(ge=0, le=RANKED_AT_MOST)] = 0,
) -> RankingOut:
    scope = scope_for_user(request.user)
    code = region_asked(request, region, scope)
    if kind == "regencies" and not region:
        code = province_of(code)  # the caller's province
    area = coverage_area(scope=scope, region=code)
    first = taken_month(area, month)
    out = RankingOut(kind=kind, region_code=area.code, region_name=area.name, month=first, count=0)
    window = slice(offset, offset + limit)
    if kind == "villages":
        villages = village_ranking(scope=scope, region=area.code, month=first)
        out.count = len(villages)
        out.villages = [
            VillageRankOut(**{**asdict(village), "fill_percent": percent_out(village.fill_percent)})
            for village in villages[window]
        ]
    elif kind == "agencies":
        agencies = agency_ranking(scope=scope, region=area.code, month=first)
        out.count = len(agencies)
        out.agencies = [
            AgencyRankOut(**{**asdict(agency), "share_percent": percent_out(agency.share_percent)})
            for agency in agencies[window]
        ]
    else:
        regencies = regency_ranking(scope=scope, region=area.code, month=first)
        out.count = len(regencies)
        out.regencies = [child_out(child) for child in regencies[window]]
    return out
