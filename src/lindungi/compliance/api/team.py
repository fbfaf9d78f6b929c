"""`/api/v1/compliance/team`: the coordination team of a regency."""

from functools import partial
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from lindungi.accounts.models import Agency
from lindungi.accounts.selectors import scope_for_user
from lindungi.api.schemas import ErrorOut, Id
from lindungi.api.versions import expected_version, stale_shows_current
from lindungi.compliance.api.common import (
    NO_NUL,
    OPERATION_ID,
    PREFIX,
    WRITE_RESPONSES,
    Version,
    actor_of,
    agencies_of,
    region_named,
)
from lindungi.compliance.coordination.team import member_create, member_update
from lindungi.compliance.models import (
    TeamMember,
    TeamRole,
)
from lindungi.compliance.selectors import (
    member_get,
    team_list,
)
from lindungi.compliance.services import UNSET

router = Router(tags=["compliance"])


class MemberOut(Schema):
    id: int
    region_code: str
    name: str
    position: str
    team_role: str
    agency_id: int | None
    organisation: str
    is_active: bool
    version: int  # send it back with a PATCH (or as `If-Match`) to refuse a stale change

    @staticmethod
    def resolve_region_code(member: TeamMember) -> str:
        return member.region_id


@router.get(
    f"{PREFIX}/team",
    response={200: list[MemberOut], 422: ErrorOut},
    summary="The coordination team of your regency (active members)",
    operation_id=OPERATION_ID.format("team_members"),
)
@paginate
def team_members(request: HttpRequest) -> QuerySet[TeamMember]:
    return team_list(scope=scope_for_user(request.user))


Name = Annotated[str, Field(min_length=1, max_length=150, pattern=NO_NUL)]
ShortText = Annotated[str, Field(max_length=200, pattern=NO_NUL)]


class MemberIn(Schema):
    region_code: str | None = Field(None, max_length=20, description="default: your regency")
    name: Name
    team_role: TeamRole
    position: ShortText = ""
    agency_id: Id | None = None
    organisation: ShortText = Field("", description="when not an agency: BPJS, Kejari…")
    contact: ShortText = ""


class MemberPatch(Schema):
    """Only the fields sent change; `agency_id` may be cleared with null."""

    name: Name | None = None
    team_role: TeamRole | None = None
    position: ShortText | None = None
    agency_id: Id | None = None
    organisation: ShortText | None = None
    contact: ShortText | None = None
    version: Version | None = None


@router.post(
    f"{PREFIX}/team",
    response={201: MemberOut, **WRITE_RESPONSES},
    summary="Add a member to the coordination team (regional admin)",
    operation_id=OPERATION_ID.format("team_create"),
)
def team_create(request: HttpRequest, payload: MemberIn) -> Status[TeamMember]:
    scope = scope_for_user(request.user)
    region = region_named(request, payload.region_code)
    agency = agencies_of(scope, [payload.agency_id], "agency_id")[0] if payload.agency_id else None
    member = member_create(
        actor=actor_of(request),
        scope=scope,
        region=region,
        name=payload.name,
        team_role=payload.team_role.value,
        position=payload.position,
        agency=agency,
        organisation=payload.organisation,
        contact=payload.contact,
    )
    return Status(201, member_get(scope=scope, member_id=member.pk))


@router.patch(
    f"{PREFIX}/team/{{int:member_id}}",
    response={200: MemberOut, **WRITE_RESPONSES},
    summary="Change a team member: name, role, position, agency, contact (regional admin)",
    operation_id=OPERATION_ID.format("team_patch"),
)
def team_patch(request: HttpRequest, member_id: int, payload: MemberPatch) -> TeamMember:
    scope = scope_for_user(request.user)
    member = member_get(scope=scope, member_id=member_id)
    sent = payload.model_fields_set
    agency: Agency | Any | None = UNSET
    if "agency_id" in sent:
        agency = (
            agencies_of(scope, [payload.agency_id], "agency_id")[0] if payload.agency_id else None
        )
    current = partial(member_get, scope=scope, member_id=member.pk)
    with stale_shows_current(request, MemberOut, current):
        member_update(
            actor=actor_of(request),
            scope=scope,
            member=member,
            name=payload.name if payload.name is not None else UNSET,
            team_role=payload.team_role.value if payload.team_role is not None else UNSET,
            position=payload.position if payload.position is not None else UNSET,
            agency=agency,
            organisation=payload.organisation if payload.organisation is not None else UNSET,
            contact=payload.contact if payload.contact is not None else UNSET,
            expected_version=expected_version(request, payload.version),
        )
    return current()
