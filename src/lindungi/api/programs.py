"""`/api/v1/sponsors`, `/programs` and `/enrolments`: who pays for whose protection, which
months, and the exchange with BPJS, within the caller's scope."""

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from lindungi.accounts.models import Agency, User
from lindungi.accounts.selectors import scope_for_user, user_get
from lindungi.api.inputs import saved_upload
from lindungi.api.schemas import MAX_MONEY, ErrorOut, Id
from lindungi.api.search import SearchIn, SearchText, name_only, searched
from lindungi.core.errors import NotFound, ValidationFailed
from lindungi.core.masking import mask_kpj, mask_nik
from lindungi.core.months import month_start
from lindungi.core.scopes import Scope
from lindungi.programs.exchange.confirmations import ConfirmationResult, confirmations_import
from lindungi.programs.exchange.handover import handover_pdf
from lindungi.programs.exchange.registration import registration_xlsx
from lindungi.programs.models import (
    EndReason,
    Enrolment,
    EnrolmentStatus,
    FundingSource,
    GroupCode,
    PovertyRule,
    Program,
    QuotaRule,
    Sponsor,
    SponsorKind,
    SubmissionBatch,
)
from lindungi.programs.schemes import SCHEMES
from lindungi.programs.selectors import (
    batch_get,
    batch_list,
    candidates,
    enrolment_get,
    enrolment_list,
    program_get,
    program_last_month,
    program_list,
    quota_fill,
    sponsor_get,
    sponsor_list,
    status_counts,
)
from lindungi.programs.services import (
    batch_create,
    enrolment_end,
    enrolments_cancel,
    enrolments_create,
    enrolments_submit,
    enrolments_verify,
    program_create,
    program_from_scheme,
    sponsor_create,
)
from lindungi.regions.models import Region
from lindungi.regions.selectors import region_get
from lindungi.workers.models import Category, Worker
from lindungi.workers.selectors import worker_get, worker_list

router = Router(tags=["programs"])

MAX_IDS = 10_000
Year = Annotated[int, Field(ge=2000, le=2100)]
Purpose = Annotated[
    str, Field(min_length=1, max_length=200, description="why you need the full NIKs")
]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def _binary(content_type: str, description: str) -> dict[str, Any]:
    """How a download is documented: schemathesis checks the content type against it."""
    return {
        "responses": {
            200: {
                "description": description,
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Sponsors


class SponsorOut(Schema):
    id: int
    kind: str
    name: str
    region_code: str
    region_name: str
    funding_source: str
    group_code: str
    agency_id: int | None
    agency_name: str | None
    user_id: int | None
    nip: str
    tpp: int | None
    decision_number: str
    decision_date: dt.date | None
    contact: str

    @staticmethod
    def resolve_region_code(sponsor: Sponsor) -> str:
        return sponsor.region_id

    @staticmethod
    def resolve_region_name(sponsor: Sponsor) -> str:
        return sponsor.region.name

    @staticmethod
    def resolve_agency_name(sponsor: Sponsor) -> str | None:
        return sponsor.agency.name if sponsor.agency else None


class SponsorIn(Schema):
    kind: SponsorKind
    name: str = Field(max_length=200)
    region_code: str = Field(
        max_length=20, description="the village for a DESA sponsor, else the regency"
    )
    funding_source: FundingSource | None = None
    group_code: GroupCode | Literal[""] | None = None
    agency_id: Id | None = Field(
        None, description="OPD: default your own agency; ASN: always the civil servant's own"
    )
    user_id: Id | None = Field(None, description="ASN: default your own account")
    worker_id: Id | None = Field(None, description="MANDIRI: the worker who pays")
    nip: str = Field(
        "", max_length=18, description="ASN: always the civil servant's own (from the account)"
    )
    tpp: int | None = Field(None, ge=0, le=MAX_MONEY)
    decision_number: str = Field("", max_length=100)
    decision_date: dt.date | None = None
    contact: str = Field("", max_length=200)


@router.get("/sponsors", response=list[SponsorOut], summary="Sponsors in your scope")
@paginate
def sponsors_list(
    request: HttpRequest, kind: SponsorKind | None = None, search: str = ""
) -> object:
    return sponsor_list(scope=scope_for_user(request.user), kind=kind, search=search)


@router.get(
    "/sponsors/{int:sponsor_id}", response={200: SponsorOut, 404: ErrorOut}, summary="One sponsor"
)
def sponsors_get(request: HttpRequest, sponsor_id: int) -> Sponsor:
    return sponsor_get(scope=scope_for_user(request.user), sponsor_id=sponsor_id)


def _region(code: str | None, field: str) -> Region:
    """The region a request names; an unknown code is invalid input (422), not a 404."""
    try:
        return region_get(code=code or "")
    except NotFound as error:
        raise ValidationFailed(
            _("Unknown region: %(code)s") % {"code": code or "-"}, field=field
        ) from error


def _agency(agency_id: int, region: Region) -> Agency:
    agency = Agency.objects.filter(pk=agency_id, region=region).first()
    if agency is None:
        raise ValidationFailed(_("Unknown agency in this region"), field="agency_id")
    return agency


@router.post(
    "/sponsors",
    response={201: SponsorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Register a sponsor (a village, an agency, a civil servant, a company, …)",
)
def sponsors_create(request: HttpRequest, payload: SponsorIn) -> Status:
    scope = scope_for_user(request.user)
    caller: User = request.user  # type: ignore[assignment]
    region = _region(payload.region_code, "region_code")
    agency = None
    if payload.agency_id is not None:
        agency = _agency(payload.agency_id, region)
    elif payload.kind == SponsorKind.OPD:
        agency = caller.agency
    user = None
    if payload.kind == SponsorKind.ASN:
        user = user_get(scope=scope, user_id=payload.user_id) if payload.user_id else caller
    worker: Worker | None = None
    if payload.worker_id is not None:
        worker = worker_get(scope=scope, worker_id=payload.worker_id)
    sponsor = sponsor_create(
        actor=caller,
        scope=scope,
        kind=payload.kind,
        name=payload.name,
        region=region,
        funding_source=payload.funding_source or "",
        group_code=payload.group_code,
        agency=agency,
        user=user,
        nip=payload.nip,
        tpp=payload.tpp,
        decision_number=payload.decision_number,
        decision_date=payload.decision_date,
        worker=worker,
        contact=payload.contact,
    )
    return Status(201, sponsor_get(scope=scope, sponsor_id=sponsor.pk))


# Programs


class QuotaOut(Schema):
    sponsor_id: int
    held: int
    quota: int | None
    rule: str
    percent: int
    by_status: dict[str, int]


class ProgramOut(Schema):
    id: int
    region_code: str
    region_name: str
    template: str
    name: str
    year: int
    sponsor_kinds: list[str]
    includes_jht: bool
    income_basis: int
    start_month: dt.date
    last_month: dt.date
    months: int
    categories: list[str]
    min_age: int | None
    max_age: int | None
    must_live_in_sponsor_village: bool
    poverty_rule: str
    quota_per_sponsor: int | None
    quota_rule: str
    target: int | None
    budget: int | None
    is_active: bool

    @staticmethod
    def resolve_region_code(program: Program) -> str:
        return program.region_id

    @staticmethod
    def resolve_region_name(program: Program) -> str:
        return program.region.name

    @staticmethod
    def resolve_last_month(program: Program) -> dt.date:
        return program_last_month(program)


class ProgramDetailOut(ProgramOut):
    quota: QuotaOut | None = Field(None, description="the sponsor's fill, with `sponsor_id`")


class SchemeOut(Schema):
    key: str
    name: str
    description: str
    defaults: dict[str, Any]


class ProgramIn(Schema):
    """Either a ready `scheme` and a `year` (any other field overrides the scheme's value), or
    a program described in full (`name`, `sponsor_kinds` and `income_basis` at least)."""

    scheme: str | None = Field(None, max_length=32, description="see /programs/schemes")
    year: Year
    region_code: str | None = Field(None, max_length=20, description="default: your regency")
    name: str | None = Field(None, max_length=200)
    sponsor_kinds: list[SponsorKind] | None = Field(None, max_length=len(SponsorKind))
    income_basis: int | None = Field(None, ge=1, le=MAX_MONEY)
    months: int | None = Field(None, ge=1, le=12)
    start_month: dt.date | None = None
    categories: list[Category] | None = Field(None, max_length=len(Category))
    min_age: int | None = Field(None, ge=0, le=120)
    max_age: int | None = Field(None, ge=0, le=120)
    must_live_in_sponsor_village: bool | None = None
    poverty_rule: PovertyRule | None = None
    quota_per_sponsor: int | None = Field(None, ge=1, le=10_000_000)
    quota_rule: QuotaRule | None = None
    target: int | None = Field(None, ge=1, le=100_000_000)
    budget: int | None = Field(None, ge=0, le=MAX_MONEY)
    includes_jht: bool | None = None


# Fields whose null means "none" (no age limit, no quota); a null elsewhere means "not given".
NULLABLE = {"min_age", "max_age", "quota_per_sponsor", "target", "budget"}
REQUIRED_WITHOUT_SCHEME = ("name", "sponsor_kinds", "income_basis")


@router.get("/programs", response=list[ProgramOut], summary="Programs of your regency")
@paginate
def programs_list(request: HttpRequest, year: int | None = None) -> object:
    return program_list(scope=scope_for_user(request.user), year=year)


@router.get("/programs/schemes", response=list[SchemeOut], summary="The ready schemes")
def programs_schemes(request: HttpRequest, year: Year | None = None) -> list[dict[str, Any]]:
    year = year or timezone.localdate().year
    return [
        {
            "key": scheme.key,
            "name": str(scheme.name) % {"year": year},
            "description": str(scheme.description),
            "defaults": {
                "sponsor_kinds": list(scheme.sponsor_kinds),
                "quota_per_sponsor": scheme.quota_per_sponsor,
                "quota_rule": scheme.quota_rule,
                "must_live_in_sponsor_village": scheme.must_live_in_sponsor_village,
                "poverty_rule": scheme.poverty_rule,
                "categories": list(scheme.categories),
                "min_age": scheme.min_age,
                "max_age": scheme.max_age,
                "months": scheme.months,
                "start_month": scheme.start_month,
                "income_basis": scheme.income_basis,
                "includes_jht": scheme.includes_jht,
            },
        }
        for scheme in SCHEMES.values()
    ]


@router.get(
    "/programs/{int:program_id}",
    response={200: ProgramDetailOut, 404: ErrorOut},
    summary="One program; with `sponsor_id`, how far that sponsor has filled its quota",
)
def programs_get(
    request: HttpRequest, program_id: int, sponsor_id: int | None = None
) -> ProgramDetailOut:
    scope = scope_for_user(request.user)
    program = program_get(scope=scope, program_id=program_id)
    detail = ProgramDetailOut.from_orm(program)
    if sponsor_id is not None:
        sponsor = sponsor_get(scope=scope, sponsor_id=sponsor_id)
        fill = quota_fill(program=program, sponsor=sponsor)
        detail.quota = QuotaOut(
            sponsor_id=sponsor.pk,
            held=fill.held,
            quota=fill.quota,
            rule=fill.rule,
            percent=fill.percent,
            by_status=fill.by_status,
        )
    return detail


@router.post(
    "/programs",
    response={201: ProgramOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Start a program, from a ready scheme or described in full (regional admin)",
)
def programs_create(request: HttpRequest, payload: ProgramIn) -> Status:
    scope = scope_for_user(request.user)
    fields = {
        name: value
        for name, value in payload.dict(exclude_unset=True).items()
        if value is not None or name in NULLABLE
    }
    scheme = fields.pop("scheme", None)
    year = fields.pop("year")
    code = fields.pop("region_code", None) or getattr(request.user, "region_id", None)
    region = _region(code, "region_code")
    if scheme:
        program = program_from_scheme(
            actor=request.user, scope=scope, region=region, scheme=scheme, year=year, **fields
        )
    else:
        missing = [name for name in REQUIRED_WITHOUT_SCHEME if not fields.get(name)]
        if missing:
            raise ValidationFailed(
                _("Choose a scheme, or give the program's %(fields)s")
                % {"fields": ", ".join(missing)},
                field=missing[0],
            )
        program = program_create(
            actor=request.user, scope=scope, region=region, year=year, **fields
        )
    return Status(201, program)


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
    first = month_start(first_month) if first_month else _first_month(program)
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


def _first_month(program: Program) -> dt.date:
    """The month an enrolment made today starts in, as `enrolments_create` decides it."""
    return max(program.start_month, month_start(timezone.localdate()))


# Enrolments


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
    last_month: dt.date = Field(description="the last month protected")
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
)
def enrolments_add(request: HttpRequest, payload: EnrolmentsIn) -> Status:
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
        actor=request.user,
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
)
def enrolments_transition(request: HttpRequest, payload: TransitionIn) -> dict[str, int]:
    scope = scope_for_user(request.user)
    enrolments = _enrolments(scope, payload.enrolment_ids)
    actor = request.user
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
    summary="End an active protection after a month (death, moving away, …)",
)
def enrolments_end(request: HttpRequest, enrolment_id: int, payload: EndIn) -> Enrolment:
    scope = scope_for_user(request.user)
    enrolment = enrolment_get(scope=scope, enrolment_id=enrolment_id)
    enrolment_end(
        actor=request.user,
        scope=scope,
        enrolment=enrolment,
        reason=payload.reason,
        last_month=payload.last_month,
        note=payload.note,
    )
    return enrolment_get(scope=scope, enrolment_id=enrolment_id)


# Batches for BPJS


class BatchOut(Schema):
    id: int
    number: str
    program_id: int
    program_name: str
    region_code: str
    created_by: str | None
    created_at: dt.datetime
    enrolment_count: int

    @staticmethod
    def resolve_program_name(batch: SubmissionBatch) -> str:
        return batch.program.name

    @staticmethod
    def resolve_region_code(batch: SubmissionBatch) -> str:
        return batch.region_id

    @staticmethod
    def resolve_created_by(batch: SubmissionBatch) -> str | None:
        return batch.created_by.username if batch.created_by else None


class BatchDetailOut(BatchOut):
    by_status: dict[str, int] = Field({}, description="its enrolments by status")


class BatchIn(Schema):
    program_id: Id
    sponsor_id: Id | None = Field(None, description="only this sponsor's verified enrolments")


class UnmatchedOut(Schema):
    line: int
    nik: str
    reason: str

    @staticmethod
    def resolve_nik(row: dict[str, Any]) -> str:
        return mask_nik(str(row["nik"]))


class ConfirmationOut(Schema):
    activated: int
    rejected: int
    unmatched: list[UnmatchedOut]
    total_rows: int


@router.get(
    "/enrolments/batches",
    response=list[BatchOut],
    summary="Batches sent to BPJS (the regional admin and BPJS)",
)
@paginate
def batches_list(request: HttpRequest) -> object:
    return batch_list(scope=scope_for_user(request.user))


@router.post(
    "/enrolments/batches",
    response={201: BatchOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Put the verified enrolments of a program (or of one sponsor) in a batch for BPJS",
)
def batches_create(request: HttpRequest, payload: BatchIn) -> Status:
    scope = scope_for_user(request.user)
    program = program_get(scope=scope, program_id=payload.program_id)
    sponsor = (
        sponsor_get(scope=scope, sponsor_id=payload.sponsor_id) if payload.sponsor_id else None
    )
    batch = batch_create(actor=request.user, scope=scope, program=program, sponsor=sponsor)
    return Status(201, batch_get(scope=scope, batch_id=batch.pk))


@router.get(
    "/enrolments/batches/{int:batch_id}",
    response={200: BatchDetailOut, 404: ErrorOut},
    summary="One batch",
)
def batches_get(request: HttpRequest, batch_id: int) -> BatchDetailOut:
    scope = scope_for_user(request.user)
    batch = batch_get(scope=scope, batch_id=batch_id)
    detail = BatchDetailOut.from_orm(batch)
    detail.by_status = status_counts(enrolment_list(scope=scope).filter(batch=batch))
    return detail


@router.get(
    "/enrolments/batches/{int:batch_id}/file",
    response={403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    openapi_extra=_binary(XLSX, "BPJS's collective-registration workbook"),
    summary="The batch's registration file for BPJS: full NIKs, so its purpose is recorded",
)
def batches_file(
    request: HttpRequest,
    batch_id: int,
    purpose: Query[Purpose],
) -> HttpResponse:
    scope = scope_for_user(request.user)
    batch = batch_get(scope=scope, batch_id=batch_id)
    content = registration_xlsx(actor=request.user, scope=scope, batch=batch, purpose=purpose)
    return _download(content, XLSX, f"{batch.number}.xlsx")


@router.get(
    "/enrolments/batches/{int:batch_id}/handover",
    response={403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    openapi_extra=_binary(PDF, "Berita Acara Serah Terima Data, to sign"),
    summary="The batch's handover statement (PDF)",
)
def batches_handover(request: HttpRequest, batch_id: int) -> HttpResponse:
    scope = scope_for_user(request.user)
    batch = batch_get(scope=scope, batch_id=batch_id)
    content = handover_pdf(actor=request.user, scope=scope, batch=batch)
    return _download(content, PDF, f"berita-acara-{batch.number}.pdf")


@router.post(
    "/enrolments/confirmations",
    response={200: ConfirmationOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Import BPJS's answer to a batch (CSV or XLSX): KPJs activate, rejections release",
)
def confirmations_upload(request: HttpRequest, file: File[UploadedFile]) -> ConfirmationResult:
    with saved_upload(file, default_name="konfirmasi.csv") as path:
        return confirmations_import(
            actor=request.user, scope=scope_for_user(request.user), path=path
        )
