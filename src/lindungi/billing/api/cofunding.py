"""`/api/v1/cost-shares`: co-funding, a co-sponsor's share of an enrolment's months
(docs/billing.md), read within the caller's scope, set and ended by the regional admin."""

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.schemas import ErrorOut, Id
from lindungi.billing.api.common import actor_of
from lindungi.billing.models import CostShare
from lindungi.billing.selectors.bills import cost_share_list
from lindungi.billing.services.cofunding import cost_share_end, cost_share_set
from lindungi.programs.selectors import enrolment_get, sponsor_get

router = Router(tags=["billing"])


class CostShareOut(Schema):
    enrolment_id: int
    worker_name: str
    program_id: int
    own_sponsor_id: int
    own_sponsor_name: str
    sponsor_id: int = Field(description="the co-sponsor")
    sponsor_name: str
    basis_points: int = Field(description="of 10,000: the co-sponsor's part of each month")
    created_at: dt.datetime

    @staticmethod
    def resolve_worker_name(share: CostShare) -> str:
        return share.enrolment.worker.name

    @staticmethod
    def resolve_program_id(share: CostShare) -> int:
        return share.enrolment.program_id

    @staticmethod
    def resolve_own_sponsor_id(share: CostShare) -> int:
        return share.enrolment.sponsor_id

    @staticmethod
    def resolve_own_sponsor_name(share: CostShare) -> str:
        return share.enrolment.sponsor.name

    @staticmethod
    def resolve_sponsor_name(share: CostShare) -> str:
        return share.sponsor.name


class CostShareIn(Schema):
    enrolment_id: Id
    sponsor_id: Id = Field(description="the co-sponsor")
    basis_points: int = Field(ge=1, le=9999, description="of 10,000 (5000 = half of each month)")


class CostShareEndedOut(Schema):
    enrolment_id: int
    sponsor_id: int
    basis_points: int = Field(description="the share that ended")


@router.get(
    "/cost-shares",
    operation_id="lindungi_api_billing_cost_shares_list",
    response={200: list[CostShareOut], 404: ErrorOut, 422: ErrorOut},
    summary="Co-funding shares of the enrolments you see (of an enrolment, a sponsor as own or "
    "co-sponsor, or a program)",
)
@paginate
def cost_shares_list(
    request: HttpRequest,
    enrolment_id: Id | None = None,
    sponsor_id: Id | None = None,
    program_id: Id | None = None,
) -> QuerySet[CostShare]:
    scope = scope_for_user(request.user)
    sponsor = sponsor_get(scope=scope, sponsor_id=sponsor_id) if sponsor_id else None
    return cost_share_list(
        scope=scope, sponsor=sponsor, program_id=program_id, enrolment_id=enrolment_id
    )


@router.post(
    "/cost-shares",
    operation_id="lindungi_api_billing_cost_shares_set",
    response={200: CostShareOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Set a co-sponsor's share of an enrolment's months not billed yet (the regional "
    "admin); the enrolment's own sponsor pays the rest",
)
def cost_shares_set(request: HttpRequest, payload: CostShareIn) -> Status[CostShare]:
    scope = scope_for_user(request.user)
    share = cost_share_set(
        actor=actor_of(request),
        scope=scope,
        enrolment=enrolment_get(scope=scope, enrolment_id=payload.enrolment_id),
        sponsor=sponsor_get(scope=scope, sponsor_id=payload.sponsor_id),
        basis_points=payload.basis_points,
    )
    return Status(200, cost_share_list(scope=scope).get(pk=share.pk))


@router.delete(
    "/cost-shares/{int:enrolment_id}/{int:sponsor_id}",
    operation_id="lindungi_api_billing_cost_shares_end",
    response={200: CostShareEndedOut, 403: ErrorOut, 404: ErrorOut},
    summary="End a co-sponsor's share: the own sponsor pays the months not billed yet in full",
)
def cost_shares_end(request: HttpRequest, enrolment_id: int, sponsor_id: int) -> CostShareEndedOut:
    scope = scope_for_user(request.user)
    ended = cost_share_end(
        actor=actor_of(request),
        scope=scope,
        enrolment=enrolment_get(scope=scope, enrolment_id=enrolment_id),
        sponsor=sponsor_get(scope=scope, sponsor_id=sponsor_id),
    )
    return CostShareEndedOut(enrolment_id=enrolment_id, sponsor_id=sponsor_id, basis_points=ended)
