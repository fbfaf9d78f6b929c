"""`/api/v1/compliance/activities`: coordination activities of a regency with their measured
outcome."""

import datetime as dt
from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.schemas import ErrorOut, Id
from lindungi.compliance.api.common import (
    NO_NUL,
    OPERATION_ID,
    PREFIX,
    WRITE_RESPONSES,
    Count,
    Day,
    LongText,
    Text,
    actor_of,
    agencies_of,
    region_named,
)
from lindungi.compliance.coordination.activities import activity_create
from lindungi.compliance.models import (
    Activity,
    ActivityKind,
)
from lindungi.compliance.selectors import (
    activity_get,
    activity_list,
    activity_outcome,
)
from lindungi.core.errors import ValidationFailed
from lindungi.regions.models import Region

router = Router(tags=["compliance"])


class OutcomeOut(Schema):
    enrolments: int = Field(description="enrolments of the audience's sponsors within 60 days")
    active: int = Field(description="of which active with BPJS now")
    start: dt.date
    end: dt.date


class ActivityOut(Schema):
    id: int
    region_code: str
    kind: str
    title: str
    held_on: dt.date
    place: str
    organiser: str
    village_codes: list[str]
    agency_ids: list[int]
    asn_present: int
    workers_present: int
    attendance: int
    notes: str
    outcome: OutcomeOut

    @staticmethod
    def resolve_region_code(activity: Activity) -> str:
        return activity.region_id

    @staticmethod
    def resolve_village_codes(activity: Activity) -> list[str]:
        return sorted(village.code for village in activity.villages.all())

    @staticmethod
    def resolve_agency_ids(activity: Activity) -> list[int]:
        return sorted(agency.pk for agency in activity.agencies.all())

    @staticmethod
    def resolve_outcome(activity: Activity) -> OutcomeOut:
        outcome = activity_outcome(activity)
        return OutcomeOut(
            enrolments=outcome.enrolments,
            active=outcome.active,
            start=outcome.start,
            end=outcome.end,
        )


class ActivityIn(Schema):
    region_code: str | None = Field(None, max_length=20, description="default: your regency")
    kind: ActivityKind
    title: Annotated[str, Field(min_length=1, max_length=300, pattern=NO_NUL)]
    held_on: Day
    place: Text = ""
    organiser: Annotated[str, Field(max_length=200, pattern=NO_NUL)] = ""
    village_codes: list[Annotated[str, Field(max_length=20)]] = Field([], max_length=500)
    agency_ids: list[Id] = Field([], max_length=200)
    asn_present: Count = 0
    workers_present: Count = 0
    attendance: Count = 0
    notes: LongText = ""


@router.get(
    f"{PREFIX}/activities",
    response={200: list[ActivityOut], 422: ErrorOut},
    summary="FGDs, socialisation events, audiences and meetings, with their outcome: enrolments "
    "in the attending villages and agencies within 60 days",
    operation_id=OPERATION_ID.format("activities_list"),
)
@paginate
def activities_list(
    request: HttpRequest, start: Day | None = None, end: Day | None = None
) -> QuerySet[Activity]:
    return activity_list(scope=scope_for_user(request.user), start=start, end=end)


@router.post(
    f"{PREFIX}/activities",
    response={201: ActivityOut, **WRITE_RESPONSES},
    summary="Record an activity and its audience (regional admin)",
    operation_id=OPERATION_ID.format("activities_create"),
)
def activities_create(request: HttpRequest, payload: ActivityIn) -> Status[Activity]:
    scope = scope_for_user(request.user)
    region = region_named(request, payload.region_code)
    codes = set(payload.village_codes)
    villages = list(Region.objects.filter(code__in=codes))
    if len(villages) != len(codes) or not all(scope.covers_region(v.code) for v in villages):
        raise ValidationFailed(_("Unknown village"), field="village_codes")
    activity = activity_create(
        actor=actor_of(request),
        scope=scope,
        region=region,
        kind=payload.kind.value,
        title=payload.title,
        held_on=payload.held_on,
        place=payload.place,
        organiser=payload.organiser,
        villages=villages,
        agencies=agencies_of(scope, payload.agency_ids, "agency_ids"),
        asn_present=payload.asn_present,
        workers_present=payload.workers_present,
        attendance=payload.attendance,
        notes=payload.notes,
    )
    return Status(201, activity_get(scope=scope, activity_id=activity.pk))


@router.get(
    f"{PREFIX}/activities/{{int:activity_id}}",
    response={200: ActivityOut, 404: ErrorOut},
    summary="One activity with its outcome",
    operation_id=OPERATION_ID.format("activities_get"),
)
def activities_get(request: HttpRequest, activity_id: int) -> Activity:
    return activity_get(scope=scope_for_user(request.user), activity_id=activity_id)
