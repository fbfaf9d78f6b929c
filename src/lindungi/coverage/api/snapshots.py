"""`/api/v1/coverage/snapshots`: taking a month's coverage snapshot (who may is
`coverage.permissions.snapshot_checked`)."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from lindungi.accounts.models import User
from lindungi.api.inputs import month as parse_month
from lindungi.api.schemas import ErrorOut
from lindungi.coverage.api.common import Month, RegionCode
from lindungi.coverage.models import SnapshotRun
from lindungi.coverage.services import snapshot_take

router = Router(tags=["coverage"])


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
    operation_id="lindungi_api_coverage_snapshots_create",
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
