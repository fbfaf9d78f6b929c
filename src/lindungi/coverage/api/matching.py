"""`/api/v1/coverage/matching`: the workers a sponsor's budget should protect first, and
enrolling the accepted proposal in one step, within the caller's scope."""

import datetime as dt
from typing import Literal, cast

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from lindungi.accounts.models import User
from lindungi.accounts.selectors import scope_for_user
from lindungi.api.schemas import MAX_MONEY, ErrorOut, Id
from lindungi.core.masking import mask_nik
from lindungi.coverage.matching.priorities import DEFAULT_PRIORITY
from lindungi.coverage.matching.proposals import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    Proposal,
    ProposedWorker,
    match_accept,
    match_proposal,
)
from lindungi.programs.api.common import MAX_IDS
from lindungi.programs.api.enrolments import EnrolmentOut
from lindungi.programs.models import Enrolment
from lindungi.programs.selectors import enrolment_list, program_get, sponsor_get

router = Router(tags=["coverage"])

Priority = Literal["desil", "risky_occupation", "low_coverage_village"]


class MatchIn(Schema):
    program_id: Id
    sponsor_id: Id
    budget: int = Field(ge=1, le=MAX_MONEY, description="Rupiah the sponsor will spend")
    months: int | None = Field(
        None, ge=1, le=12, description="the last months of the program to fund; default: all left"
    )
    priority: list[Priority] = Field(
        cast(list[Priority], list(DEFAULT_PRIORITY)),
        max_length=3,
        description=(
            "in order: desil (P3KE/DTKS first, then lowest desil), risky_occupation, "
            "low_coverage_village (lowest coverage in the latest snapshot first)"
        ),
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="workers listed at most")


class ProposedOut(Schema):
    rank: int
    id: int
    name: str
    nik: str = Field(description="masked")
    village_code: str
    village_name: str
    desil: int | None
    in_p3ke: bool
    in_dtks: bool
    occupation: str
    reasons: list[str] = Field(description="why the worker ranks here, one per priority")

    @staticmethod
    def resolve_id(row: ProposedWorker) -> int:
        return row.worker.pk

    @staticmethod
    def resolve_name(row: ProposedWorker) -> str:
        return row.worker.name

    @staticmethod
    def resolve_nik(row: ProposedWorker) -> str:
        return mask_nik(row.worker.nik)

    @staticmethod
    def resolve_village_code(row: ProposedWorker) -> str:
        return row.worker.village_id

    @staticmethod
    def resolve_village_name(row: ProposedWorker) -> str:
        return row.worker.village.name

    @staticmethod
    def resolve_desil(row: ProposedWorker) -> int | None:
        return row.worker.desil

    @staticmethod
    def resolve_in_p3ke(row: ProposedWorker) -> bool:
        return row.worker.in_p3ke

    @staticmethod
    def resolve_in_dtks(row: ProposedWorker) -> bool:
        return row.worker.in_dtks

    @staticmethod
    def resolve_occupation(row: ProposedWorker) -> str:
        return row.worker.occupation

    @staticmethod
    def resolve_reasons(row: ProposedWorker) -> list[str]:
        return list(row.reasons)


class ProposalOut(Schema):
    program_id: int
    sponsor_id: int
    budget: int
    priority: list[str]
    first_month: dt.date
    last_month: dt.date
    months: int
    monthly_amount: int = Field(description="one worker's contribution a month")
    cost_per_worker: int = Field(description="monthly_amount * months")
    covers: int = Field(description="whole workers the budget pays for")
    quota_room: int | None = Field(description="what an 'at most' quota still takes")
    program_room: int | None = Field(description="what the program's own budget still pays for")
    available: int = Field(description="eligible workers not yet protected")
    snapshot_month: dt.date | None = Field(description="where village coverage comes from")
    count: int = Field(description="workers proposed")
    total: int = Field(description="Rupiah of the proposed workers")
    left_over: int
    limited: bool = Field(description="more would fit than `limit` lists")
    workers: list[ProposedOut]

    @staticmethod
    def resolve_program_id(proposal: Proposal) -> int:
        return proposal.program.pk

    @staticmethod
    def resolve_sponsor_id(proposal: Proposal) -> int:
        return proposal.sponsor.pk


class AcceptIn(Schema):
    program_id: Id
    sponsor_id: Id
    worker_ids: list[Id] = Field(min_length=1, max_length=MAX_IDS)
    months: int | None = Field(None, ge=1, le=12, description="as in the proposal")
    budget: int | None = Field(
        None, ge=1, le=MAX_MONEY, description="refuse a choice that costs more than this"
    )
    submit: bool = Field(True, description="submit for verification at once (else drafts)")


@router.post(
    "/coverage/matching",
    response={200: ProposalOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="The workers a sponsor's budget should protect first, in the priorities' order",
    operation_id="lindungi_api_matching_matching_propose",
)
def matching_propose(request: HttpRequest, payload: MatchIn) -> Proposal:
    scope = scope_for_user(request.user)
    return match_proposal(
        scope=scope,
        program=program_get(scope=scope, program_id=payload.program_id),
        sponsor=sponsor_get(scope=scope, sponsor_id=payload.sponsor_id),
        budget=payload.budget,
        months=payload.months,
        priority=list(payload.priority),
        limit=payload.limit,
    )


@router.post(
    "/coverage/matching/accept",
    response={
        201: list[EnrolmentOut],
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    summary="Enrol the accepted workers of a proposal in one step (all or nothing)",
    operation_id="lindungi_api_matching_matching_accept",
)
def matching_accept(request: HttpRequest, payload: AcceptIn) -> Status[list[Enrolment]]:
    scope = scope_for_user(request.user)
    actor = request.user
    assert isinstance(actor, User)  # noqa: S101 - the route signs in
    enrolled = match_accept(
        actor=actor,
        scope=scope,
        program=program_get(scope=scope, program_id=payload.program_id),
        sponsor=sponsor_get(scope=scope, sponsor_id=payload.sponsor_id),
        worker_ids=payload.worker_ids,
        months=payload.months,
        budget=payload.budget,
        submit=payload.submit,
    )
    ids = [enrolment.pk for enrolment in enrolled]
    return Status(201, list(enrolment_list(scope=scope).filter(pk__in=ids).order_by("pk")))
