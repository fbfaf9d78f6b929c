"""`/api/v1/coverage`, `/rankings`, `/budget-plan` and `/public/coverage`: the share of workers
protected, read from the monthly snapshots within the caller's scope (docs/coverage.md).

A share is always given with its base (kind, count, source, date); a region without a base has
`percent` null (unknown), never 0. Regions are named by query parameter (`region=32.11`,
`region=ID` for Indonesia); without one, the caller's own region (Indonesia for nationwide
readers). Without `month`, the latest month taken for the region.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.api.inputs import month as parse_month
from lindungi.api.inputs import saved_upload
from lindungi.api.schemas import ErrorOut
from lindungi.core.errors import NotFound
from lindungi.core.scopes import Scope
from lindungi.coverage import rules
from lindungi.coverage.budget import CostToReach, budget_plan, cost_to_reach
from lindungi.coverage.models import DenominatorKind, SnapshotLevel, SnapshotRun
from lindungi.coverage.rankings import agency_ranking, regency_ranking, village_ranking
from lindungi.coverage.selectors import (
    Area,
    ChildFigure,
    coverage_area,
    coverage_children,
    coverage_for,
    coverage_trend,
    latest_month,
    months_until,
    public_coverage,
    public_months,
    public_trend,
)
from lindungi.coverage.services import (
    Imported,
    denominators_import,
    participants_import,
    snapshot_take,
    targets_import,
)

router = Router(tags=["coverage"])
PUBLIC_TREND_MONTHS = 12

RegionCode = Annotated[
    str,
    Field(
        pattern=r"^(ID|[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?)$",
        description="a Kemendagri code (32, 32.11, 32.11.15, 32.11.15.2001) or ID for Indonesia",
    ),
]
Month = Annotated[
    str,
    Field(
        pattern=r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$",
        description="YYYY-MM, or any date of the month (YYYY-MM-DD)",
    ),
]
Year = Annotated[int, Field(ge=2000, le=2100)]
RANKED_AT_MOST = 10_000


def _region(request: HttpRequest, region: str | None, scope: Scope) -> str:
    """The code asked for; by default the caller's own region (Indonesia when nationwide)."""
    if region:
        return "" if region == "ID" else region
    if scope.is_nationwide:
        return ""
    return getattr(request.user, "region_id", None) or "-"


def _taken_month(area: Area, month: str | None) -> dt.date:
    """The month asked for, or the latest month taken for the area (404 when none is)."""
    if month:
        return parse_month(month)
    latest = latest_month(area.code)
    if latest is None:
        raise NotFound(
            _("No coverage snapshot of %(region)s yet") % {"region": area.name}, field="month"
        )
    return latest


def _percent(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# Output


class BaseOut(Schema):
    kind: DenominatorKind = Field(description="eligible (BPJS's base) or working_population (BPS)")
    value: int = Field(description="workers")
    year: int
    source: str
    as_of: dt.date


def _base(base: rules.Base | None) -> BaseOut | None:
    return None if base is None else BaseOut(**asdict(base))


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
)
def coverage_get(
    request: HttpRequest,
    region: RegionCode | None = None,
    month: Month | None = None,
    base: DenominatorKind | None = None,
) -> CoverageOut:
    scope = scope_for_user(request.user)
    area = coverage_area(scope=scope, region=_region(request, region, scope))
    figure = coverage_for(
        scope=scope, region=area.code, month=_taken_month(area, month), base_kind=base
    )
    return CoverageOut(
        region_code=figure.area.code,
        region_name=figure.area.name,
        level=figure.area.level,
        month=figure.month,
        protected=figure.protected,
        contributions=figure.contributions,
        percent=_percent(figure.percent),
        sentence=figure.sentence,
        base=_base(figure.base),
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
                percent=_percent(figure.participants.percent),
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
)
def coverage_trend_get(
    request: HttpRequest,
    region: RegionCode | None = None,
    until: Month | None = None,
    months: Annotated[int, Field(ge=1, le=120)] = 12,
    base: DenominatorKind | None = None,
) -> list[TrendPointOut]:
    scope = scope_for_user(request.user)
    area = coverage_area(scope=scope, region=_region(request, region, scope))
    last = parse_month(until, "until") if until else latest_month(area.code)
    if last is None:  # nothing taken yet: the months up to the last one, all unknown
        last = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    points = coverage_trend(
        scope=scope, region=area.code, months=months_until(last, months), base_kind=base
    )
    return [
        TrendPointOut(
            month=point.month,
            protected=point.protected,
            percent=_percent(point.percent),
            base=_base(point.base),
            target_percent=_percent(point.target_percent),
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


def _child(child: ChildFigure) -> ChildOut:
    return ChildOut(
        code=child.code,
        name=child.name,
        level=SnapshotLevel(child.level),
        protected=child.protected,
        percent=_percent(child.percent),
        base=_base(child.base),
        target_percent=_percent(child.target_percent),
        gap_workers=child.gap_workers,
        rank=child.rank,
    )


@router.get(
    "/coverage/children",
    response={200: list[ChildOut], 404: ErrorOut, 422: ErrorOut},
    summary="The regions directly below a region in a month, in code order",
)
def coverage_children_get(
    request: HttpRequest,
    region: RegionCode | None = None,
    month: Month | None = None,
    base: DenominatorKind | None = None,
) -> list[ChildOut]:
    scope = scope_for_user(request.user)
    area = coverage_area(scope=scope, region=_region(request, region, scope))
    children = coverage_children(
        scope=scope, region=area.code, month=_taken_month(area, month), base_kind=base
    )
    return [_child(child) for child in children]


# Rankings


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
    code = _region(request, region, scope)
    if kind == "regencies" and not region:
        code = code[:2]  # the caller's province
    area = coverage_area(scope=scope, region=code)
    first = _taken_month(area, month)
    out = RankingOut(kind=kind, region_code=area.code, region_name=area.name, month=first, count=0)
    window = slice(offset, offset + limit)
    if kind == "villages":
        villages = village_ranking(scope=scope, region=area.code, month=first)
        out.count = len(villages)
        out.villages = [
            VillageRankOut(**{**asdict(village), "fill_percent": _percent(village.fill_percent)})
            for village in villages[window]
        ]
    elif kind == "agencies":
        agencies = agency_ranking(scope=scope, region=area.code, month=first)
        out.count = len(agencies)
        out.agencies = [
            AgencyRankOut(**{**asdict(agency), "share_percent": _percent(agency.share_percent)})
            for agency in agencies[window]
        ]
    else:
        regencies = regency_ranking(scope=scope, region=area.code, month=first)
        out.count = len(regencies)
        out.regencies = [_child(child) for child in regencies[window]]
    return out


# Budget planning


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
        base=_base(cost.base),
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
)
def budget_plan_get(
    request: HttpRequest,
    region: RegionCode | None = None,
    year: Year | None = None,
    percent: Annotated[float | None, Field(gt=0, le=100, allow_inf_nan=False)] = None,
) -> BudgetPlanOut:
    scope = scope_for_user(request.user)
    area = coverage_area(scope=scope, region=_region(request, region, scope))
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


# Public (no sign-in): aggregates only


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
)
def public_coverage_get(
    request: HttpRequest, region: RegionCode = "ID", month: Month | None = None
) -> PublicCoverageOut:
    code = "" if region == "ID" else region
    months = public_months(code)
    chosen = parse_month(month) if month else (months[0] if months else None)
    if chosen is None:
        raise NotFound(_("No coverage has been taken for this region yet"), region=region)
    figure = public_coverage(code, chosen)
    trend = public_trend(code, months_until(chosen, PUBLIC_TREND_MONTHS))
    return PublicCoverageOut(
        region_code=figure.area.code,
        region_name=figure.area.name,
        level=SnapshotLevel(figure.area.level),
        month=figure.month,
        protected=figure.protected,
        percent=_percent(figure.percent),
        base=_base(figure.base),
        target_percent=_percent(figure.target.percent) if figure.target else None,
        target_source=figure.target.source if figure.target else None,
        gap_workers=figure.gap.workers if figure.gap else None,
        by_category=figure.by_category,
        by_sponsor_kind=figure.by_sponsor_kind,
        trend=[
            PublicPointOut(
                month=point.month, protected=point.protected, percent=_percent(point.percent)
            )
            for point in trend
        ],
        months=months,
    )


# Writes: snapshots and imports


class SnapshotIn(Schema):
    month: Month
    region_code: RegionCode | None = Field(
        None, description="this region and below (default: yours; Indonesia for a superuser)"
    )
    force: bool = Field(False, description="count a month already taken again (superuser)")


class SnapshotRunOut(Schema):
    month: dt.date
    region_code: str = Field(description='"" is Indonesia')
    taken_by: str | None = Field(description="null: the system (the monthly job)")
    taken_at: dt.datetime
    forced: bool
    villages: int
    protected: int
    rows: int
    seconds: float
    is_new: bool = Field(description="false: the month was already taken, nothing changed")


@router.post(
    "/coverage/snapshots",
    response={
        200: SnapshotRunOut,
        201: SnapshotRunOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    summary="Take a month's coverage snapshot (the regional admin for their region; the "
    "superuser anywhere, `force` to count a taken month again). 200: already taken",
)
def snapshots_create(request: HttpRequest, payload: SnapshotIn) -> Status[SnapshotRunOut]:
    actor = request.user
    assert isinstance(actor, User)  # noqa: S101 - every route but the public one signs in
    if payload.region_code:
        prefix: str | None = None if payload.region_code == "ID" else payload.region_code
    else:
        prefix = None if actor.is_superuser else actor.region_id
    taken = snapshot_take(
        month=parse_month(payload.month), actor=actor, region_prefix=prefix, force=payload.force
    )
    run: SnapshotRun = taken.run
    return Status(
        201 if taken.is_new else 200,
        SnapshotRunOut(
            month=run.month,
            region_code=run.region_code,
            taken_by=run.taken_by.username if run.taken_by else None,
            taken_at=run.taken_at,
            forced=run.forced,
            villages=run.villages,
            protected=run.protected,
            rows=run.rows,
            seconds=run.seconds,
            is_new=taken.is_new,
        ),
    )


class ImportedOut(Schema):
    rows: int
    created: int
    updated: int = Field(description="rows that replaced a stored one (a corrected release)")


def _imported(
    request: HttpRequest,
    file: UploadedFile,
    load: Callable[[Path, User, Scope], Imported],
) -> Status[ImportedOut]:
    """Save the upload under its own (cleaned) name, whose suffix tells CSV from Excel, and
    import it; a broken file answers 422 naming each line, column and rule."""
    actor = request.user
    assert isinstance(actor, User)  # noqa: S101 - every route but the public one signs in
    with saved_upload(file, default_name="figures.csv") as path:
        result = load(path, actor, scope_for_user(actor))
    return Status(201, ImportedOut(**asdict(result)))


IMPORT_RESPONSES = {201: ImportedOut, 403: ErrorOut, 422: ErrorOut}


@router.post(
    "/coverage/denominators",
    response=IMPORT_RESPONSES,
    summary="Import bases of coverage (CSV or XLSX: region, year, kind, value, source, date); "
    "a file with any broken row writes nothing",
)
def denominators_upload(
    request: HttpRequest,
    file: File[UploadedFile],
    kind: Form[DenominatorKind | None] = None,
) -> Status[ImportedOut]:
    return _imported(
        request,
        file,
        lambda path, actor, scope: denominators_import(
            path=path, actor=actor, scope=scope, kind=kind
        ),
    )


@router.post(
    "/coverage/targets",
    response=IMPORT_RESPONSES,
    summary="Import coverage targets (CSV or XLSX: region, year, percent, source)",
)
def targets_upload(request: HttpRequest, file: File[UploadedFile]) -> Status[ImportedOut]:
    return _imported(
        request,
        file,
        lambda path, actor, scope: targets_import(path=path, actor=actor, scope=scope),
    )


@router.post(
    "/coverage/participants",
    response=IMPORT_RESPONSES,
    summary="Import BPJS's registered participants (CSV or XLSX: region, month, category, "
    "count, source)",
)
def participants_upload(request: HttpRequest, file: File[UploadedFile]) -> Status[ImportedOut]:
    return _imported(
        request,
        file,
        lambda path, actor, scope: participants_import(path=path, actor=actor, scope=scope),
    )
