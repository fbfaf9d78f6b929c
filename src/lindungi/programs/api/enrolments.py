"""`/api/v1/enrolments`: who is protected by which program, paid by which sponsor, which
months; submitted, verified, returned, cancelled and ended set-wise."""

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.schemas import ErrorOut, Id
from lindungi.core.errors import NotFound
from lindungi.core.masking import mask_kpj, mask_nik
from lindungi.core.scopes import Scope
from lindungi.programs.api.common import MAX_IDS, caller, operation
from lindungi.programs.models import EndReason, Enrolment, EnrolmentStatus
from lindungi.programs.selectors import enrolment_get, enrolment_list, program_get, sponsor_get
from lindungi.programs.services.enrolling import enrolments_create
from lindungi.programs.services.transitions import (
    enrolment_end,
    enrolments_cancel,
    enrolments_submit,
    enrolments_verify,
)
from lindungi.workers.api.search import SearchIn, SearchText, name_only, searched
from lindungi.workers.selectors import worker_list

router = Router(tags=["programs"])


class EnrolmentOut(Schema):
    id: int
    worker_id: int
    worker_name: str
    nik: str
    village_code: str
    program_id: int
    program_name: str
    sponsor_id: int
    sponsor_name: str
    first_month: dt.date
    last_month: dt.date
    months: int
    status: str
    monthly_amount: int
    funding_source: str
    batch_id: int | None
    kpj: str = Field(description="the BPJS membership number, last 4 digits only")
    bpjs_start_date: dt.date | None
    returned_reason: str
    rejected_reason: str
    end_reason: str
    event_date: dt.date | None = Field(None, description="the life event that ended it")
    died_on: dt.date | None = Field(None, description="the worker's recorded date of death")

    @staticmethod
    def resolve_died_on(enrolment: Enrolment) -> dt.date | None:
        return enrolment.worker.died_on

    @staticmethod
    def resolve_worker_name(enrolment: Enrolment) -> str:
        return enrolment.worker.name

    @staticmethod
    def resolve_nik(enrolment: Enrolment) -> str:
        return mask_nik(enrolment.worker.nik)

    @staticmethod
    def resolve_village_code(enrolment: Enrolment) -> str:
        return enrolment.worker.village_id

    @staticmethod
    def resolve_program_name(enrolment: Enrolment) -> str:
        return enrolment.program.name

    @staticmethod
    def resolve_sponsor_name(enrolment: Enrolment) -> str:
        return enrolment.sponsor.name

    @staticmethod
    def resolve_months(enrolment: Enrolment) -> int:
        return enrolment.month_count

    @staticmethod
    def resolve_kpj(enrolment: Enrolment) -> str:
        return mask_kpj(enrolment.kpj)


class EnrolmentsIn(Schema):
    program_id: Id
    sponsor_id: Id
    worker_ids: list[Id] = Field(min_length=1, max_length=MAX_IDS)
    first_month: dt.date | None = Field(
        None, description="default: the program's first month, or this month once it has begun"
    )


class TransitionIn(Schema):
    action: Literal["submit", "approve", "return", "cancel"] = Field(
        description="submit (the maker), approve or return (the regional admin), cancel"
    )
    enrolment_ids: list[Id] = Field(min_length=1, max_length=MAX_IDS)
    reason: str = Field("", max_length=300, description="required to return")


class CountOut(Schema):
    count: int


class EndIn(Schema):
    reason: EndReason
    event_date: dt.date | None = Field(
        None,
        description="the date of the life event (death, move …): protection ends after its "
        "month; a death ends every enrolment of the worker",
    )
    last_month: dt.date | None = Field(
        None, description="without an event date: the last month protected"
    )
    note: str = Field("", max_length=300)


def _enrolments(scope: Scope, ids: list[int]) -> list[Enrolment]:
    """The enrolments a request acts on; one the caller cannot see is missing, as by its id."""
    found = list(enrolment_list(scope=scope).filter(pk__in=ids))
    missing = set(ids) - {enrolment.pk for enrolment in found}
    if missing:
        raise NotFound(_("Enrolment not found"), ids=sorted(missing)[:100])
    return found


@router.get(
    "/enrolments",
    response={200: list[EnrolmentOut], 404: ErrorOut, 422: ErrorOut},
    summary="Enrolments; `search` is part of a name (by NIK: POST /enrolments/search)",
    operation_id=operation("enrolments_list"),
)
@paginate
def enrolments_list(
    request: HttpRequest,
    program_id: int | None = None,
    sponsor_id: int | None = None,
    status: EnrolmentStatus | None = None,
    search: SearchText = "",
) -> object:
    return _enrolments_found(
        request, program_id, sponsor_id, status, name_only(search, "/api/v1/enrolments/search")
    )


class EnrolmentSearchIn(SearchIn):
    program_id: int | None = None
    sponsor_id: int | None = None
    status: EnrolmentStatus | None = None


@router.post(
    "/enrolments/search",
    response={200: list[EnrolmentOut], 404: ErrorOut, 422: ErrorOut},
    summary="Enrolments found by the worker's whole NIK, its masked form or name; a search by NIK "
    "is recorded",
    operation_id=operation("enrolments_search"),
)
@paginate
def enrolments_search(request: HttpRequest, payload: EnrolmentSearchIn) -> object:
    return _enrolments_found(
        request,
        payload.program_id,
        payload.sponsor_id,
        payload.status,
        searched(request, payload.search, "api enrolments"),
    )


def _enrolments_found(
    request: HttpRequest,
    program_id: int | None,
    sponsor_id: int | None,
    status: str | None,
    search: str,
) -> object:
    scope = scope_for_user(request.user)
    return enrolment_list(
        scope=scope,
        program=program_get(scope=scope, program_id=program_id) if program_id else None,
        sponsor=sponsor_get(scope=scope, sponsor_id=sponsor_id) if sponsor_id else None,
        status=status,
        search=search,
    )


@router.get(
    "/enrolments/{int:enrolment_id}",
    response={200: EnrolmentOut, 404: ErrorOut},
    summary="One enrolment",
    operation_id=operation("enrolments_get"),
)
def enrolments_get(request: HttpRequest, enrolment_id: int) -> Enrolment:
    return enrolment_get(scope=scope_for_user(request.user), enrolment_id=enrolment_id)


@router.post(
    "/enrolments",
    response={
        201: list[EnrolmentOut],
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    summary="Enrol workers in a program, paid by a sponsor (drafts; all or nothing)",
    operation_id=operation("enrolments_add"),
)
def enrolments_add(request: HttpRequest, payload: EnrolmentsIn) -> Status[list[Enrolment]]:
    scope = scope_for_user(request.user)
    program = program_get(scope=scope, program_id=payload.program_id)
    sponsor = sponsor_get(scope=scope, sponsor_id=payload.sponsor_id)
    visible = {
        worker.pk: worker for worker in worker_list(scope=scope).filter(pk__in=payload.worker_ids)
    }
    missing = set(payload.worker_ids) - set(visible)
    if missing:
        raise NotFound(_("Worker not found"), ids=sorted(missing)[:100])
    created = enrolments_create(
        actor=caller(request),
        scope=scope,
        program=program,
        sponsor=sponsor,
        # In the caller's order, repeats kept: the service refuses a worker listed twice.
        workers=[visible[worker_id] for worker_id in payload.worker_ids],
        first_month=payload.first_month,
    )
    ids = [enrolment.pk for enrolment in created]
    return Status(201, list(enrolment_list(scope=scope).filter(pk__in=ids)))


@router.post(
    "/enrolments/transition",
    response={200: CountOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Submit, approve, return or cancel enrolments; answers how many changed",
    operation_id=operation("enrolments_transition"),
)
def enrolments_transition(request: HttpRequest, payload: TransitionIn) -> dict[str, int]:
    scope = scope_for_user(request.user)
    enrolments = _enrolments(scope, payload.enrolment_ids)
    actor = caller(request)
    if payload.action == "submit":
        count = enrolments_submit(actor=actor, scope=scope, enrolments=enrolments)
    elif payload.action == "cancel":
        count = enrolments_cancel(
            actor=actor, scope=scope, enrolments=enrolments, reason=payload.reason
        )
    else:
        count = enrolments_verify(
            actor=actor,
            scope=scope,
            enrolments=enrolments,
            approve=payload.action == "approve",
            reason=payload.reason,
        )
    return {"count": count}


@router.post(
    "/enrolments/{int:enrolment_id}/end",
    response={200: EnrolmentOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="End an active protection for a life event (death, moving away, …); months billed "
    "after the end are credited at once",
    operation_id=operation("enrolments_end"),
)
def enrolments_end(request: HttpRequest, enrolment_id: int, payload: EndIn) -> Enrolment:
    scope = scope_for_user(request.user)
    enrolment = enrolment_get(scope=scope, enrolment_id=enrolment_id)
    enrolment_end(
        actor=caller(request),
        scope=scope,
        enrolment=enrolment,
        reason=payload.reason,
        last_month=payload.last_month,
        event_date=payload.event_date,
        note=payload.note,
    )
    return enrolment_get(scope=scope, enrolment_id=enrolment_id)
