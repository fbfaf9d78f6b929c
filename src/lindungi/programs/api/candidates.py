"""`/api/v1/programs/{id}/candidates`: the workers a sponsor may enrol in a program."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.schemas import ErrorOut
from lindungi.core.masking import mask_nik
from lindungi.core.months import month_start
from lindungi.programs.api.common import operation
from lindungi.programs.selectors import candidates, program_first_month, program_get, sponsor_get
from lindungi.workers.api.search import SearchIn, SearchText, name_only, searched
from lindungi.workers.models import Worker

router = Router(tags=["programs"])


class CandidateOut(Schema):
    id: int
    nik: str
    name: str
    sex: str
    birth_year: int
    village_code: str
    village_name: str
    occupation: str
    category: str
    in_p3ke: bool
    in_dtks: bool
    desil: int | None
    protected: bool = Field(description="already funded for one of the program's months")

    @staticmethod
    def resolve_nik(worker: Worker) -> str:
        return mask_nik(worker.nik)

    @staticmethod
    def resolve_birth_year(worker: Worker) -> int:
        return worker.birth_date.year

    @staticmethod
    def resolve_village_code(worker: Worker) -> str:
        return worker.village_id

    @staticmethod
    def resolve_village_name(worker: Worker) -> str:
        return worker.village.name


@router.get(
    "/programs/{int:program_id}/candidates",
    response={200: list[CandidateOut], 404: ErrorOut, 422: ErrorOut},
    summary="The workers a sponsor may enrol in the program, listed poor first where preferred; "
    "`search` is part of a name (by NIK: POST …/candidates/search)",
    operation_id=operation("programs_candidates"),
)
@paginate
def programs_candidates(
    request: HttpRequest,
    program_id: int,
    sponsor_id: int,
    first_month: dt.date | None = None,
    occupation: str = "",
    listed_only: bool = False,
    unprotected_only: bool = True,
    search: SearchText = "",
) -> object:
    search = name_only(search, f"/api/v1/programs/{program_id}/candidates/search")
    return _candidates_found(
        request,
        program_id,
        sponsor_id,
        first_month,
        occupation,
        listed_only,
        unprotected_only,
        search,
    )


class CandidateSearchIn(SearchIn):
    sponsor_id: int
    first_month: dt.date | None = None
    occupation: str = Field("", max_length=100)
    listed_only: bool = False
    unprotected_only: bool = True


@router.post(
    "/programs/{int:program_id}/candidates/search",
    response={200: list[CandidateOut], 404: ErrorOut, 422: ErrorOut},
    summary="The workers a sponsor may enrol, found by a whole NIK, its masked form or a name; a "
    "search by NIK is recorded",
    operation_id=operation("programs_candidates_search"),
)
@paginate
def programs_candidates_search(
    request: HttpRequest, program_id: int, payload: CandidateSearchIn
) -> object:
    return _candidates_found(
        request,
        program_id,
        payload.sponsor_id,
        payload.first_month,
        payload.occupation,
        payload.listed_only,
        payload.unprotected_only,
        searched(request, payload.search, "api candidates"),
    )


def _candidates_found(
    request: HttpRequest,
    program_id: int,
    sponsor_id: int,
    first_month: dt.date | None,
    occupation: str,
    listed_only: bool,
    unprotected_only: bool,
    search: str,
) -> object:
    scope = scope_for_user(request.user)
    program = program_get(scope=scope, program_id=program_id)
    sponsor = sponsor_get(scope=scope, sponsor_id=sponsor_id)
    first = month_start(first_month) if first_month else program_first_month(program)
    return candidates(
        scope=scope,
        program=program,
        sponsor=sponsor,
        first_month=first,
        occupation=occupation,
        listed_only=listed_only,
        unprotected_only=unprotected_only,
        search=search,
    )
