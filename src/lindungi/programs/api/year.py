"""`/api/v1/programs/year`, `/api/v1/programs/participations`, `/api/v1/enrolments/renew` and
`/api/v1/enrolments/continuity-gaps`: the program year (opening it for the regency, a sponsor
confirming its program with its decision), renewing a sponsor's enrolments in bulk, and the
continuity guarantee. The same services as the pages and the CLI."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.schemas import ErrorOut, Id
from lindungi.programs.api.common import Year, caller, operation, region_named
from lindungi.programs.models import Participation
from lindungi.programs.selectors import (
    continuity_gap_count,
    continuity_gaps,
    participation_list,
    sponsor_get,
)
from lindungi.programs.services.continuity import enrolments_renew, renewal_plan
from lindungi.programs.services.year import participation_confirm, year_open

router = Router(tags=["programs"])


class YearOpenIn(Schema):
    year: Year
    region_code: str | None = Field(None, max_length=20, description="default: your regency")


class YearOpenedOut(Schema):
    year: int
    programs_created: int
    programs_kept: int
    participations_created: int
    participations_kept: int
    program_ids: list[int]


class ParticipationOut(Schema):
    id: int
    program_id: int
    program_name: str
    year: int
    sponsor_id: int
    sponsor_name: str
    sponsor_kind: str
    previous_program_id: int | None
    quota: int | None
    status: str
    decision_number: str
    decision_date: dt.date | None
    confirmed_at: dt.datetime | None

    @staticmethod
    def resolve_program_name(participation: Participation) -> str:
        return participation.program.name

    @staticmethod
    def resolve_year(participation: Participation) -> int:
        return participation.program.year

    @staticmethod
    def resolve_sponsor_name(participation: Participation) -> str:
        return participation.sponsor.name

    @staticmethod
    def resolve_sponsor_kind(participation: Participation) -> str:
        return participation.sponsor.kind

    @staticmethod
    def resolve_previous_program_id(participation: Participation) -> int | None:
        return participation.previous_id


class ConfirmIn(Schema):
    decision_number: str = Field("", max_length=100, description="the musdes decision's number")
    decision_date: dt.date | None = None
    quota: int | None = Field(None, ge=1, le=10_000_000)


class RenewIn(Schema):
    sponsor_id: Id
    year: Year
    submit: bool = Field(True, description="submit for verification (else: drafts)")
    dry_run: bool = Field(False, description="only say who would continue and who not")


class LeftOutOut(Schema):
    enrolment_id: int
    worker_id: int
    name: str
    nik: str = Field(description="masked")
    reason: str = Field(
        description="dead, moved, pu, ended, ineligible, already_funded, no_consent, "
        "over_quota, over_budget, no_program"
    )
    text: str


class RenewalOut(Schema):
    sponsor_id: int
    year: int
    dry_run: bool
    continued: int
    enrolment_ids: list[int]
    left_out: list[LeftOutOut]


class MonthCountOut(Schema):
    month: dt.date
    count: int


class SponsorGapsOut(Schema):
    sponsor_id: int
    sponsor_name: str
    count: int
    by_month: list[MonthCountOut]


class GapsOut(Schema):
    total: int
    sponsors: list[SponsorGapsOut]


@router.post(
    "/programs/year/open",
    response={200: YearOpenedOut, 403: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Open a year: next year's programs of the regency and every village's and "
    "agency's draft, in one step (regional admin; idempotent)",
    operation_id=operation("programs_year_open"),
)
def programs_year_open(request: HttpRequest, payload: YearOpenIn) -> YearOpenedOut:
    code = payload.region_code or getattr(request.user, "region_id", None)
    opened = year_open(
        actor=caller(request),
        scope=scope_for_user(request.user),
        region=region_named(code, "region_code"),
        year=payload.year,
    )
    return YearOpenedOut(**{**opened.__dict__, "program_ids": list(opened.program_ids)})


@router.get(
    "/programs/participations",
    response=list[ParticipationOut],
    summary="Villages' and agencies' programs of a year, to confirm with their decision",
    operation_id=operation("participations_list"),
)
@paginate
def participations_list(request: HttpRequest, year: Year | None = None, status: str = "") -> object:
    return participation_list(scope=scope_for_user(request.user), year=year, status=status[:9])


@router.post(
    "/programs/participations/{int:participation_id}/confirm",
    response={200: ParticipationOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Confirm a sponsor's program of the year with its decision (musdes for a village)",
    operation_id=operation("participations_confirm"),
)
def participations_confirm(
    request: HttpRequest, participation_id: Id, payload: ConfirmIn
) -> Participation:
    return participation_confirm(
        actor=caller(request),
        scope=scope_for_user(request.user),
        participation=Participation(pk=participation_id),  # read again within the scope
        decision_number=payload.decision_number,
        decision_date=payload.decision_date,
        quota=payload.quota,
    )


@router.post(
    "/enrolments/renew",
    response={200: RenewalOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Continue all of a sponsor's enrolments into a year in one action (submitted for "
    "verification); the ones left out listed with their reason",
    operation_id=operation("enrolments_renew"),
)
def enrolments_renew_api(request: HttpRequest, payload: RenewIn) -> RenewalOut:
    scope = scope_for_user(request.user)
    sponsor = sponsor_get(scope=scope, sponsor_id=payload.sponsor_id)
    if payload.dry_run:
        plan = renewal_plan(scope=scope, sponsor=sponsor, year=payload.year)
        ids: list[int] = []
        continued = plan.count
        left_out = plan.left_out
    else:
        renewal = enrolments_renew(
            actor=caller(request),
            scope=scope,
            sponsor=sponsor,
            year=payload.year,
            submit=payload.submit,
        )
        ids = [enrolment.pk for enrolment in renewal.created]
        continued = len(ids)
        left_out = renewal.left_out
    return RenewalOut(
        sponsor_id=sponsor.pk,
        year=payload.year,
        dry_run=payload.dry_run,
        continued=continued,
        enrolment_ids=ids,
        left_out=[LeftOutOut(**item.__dict__) for item in left_out],
    )


@router.get(
    "/enrolments/continuity-gaps",
    response=GapsOut,
    summary="Protected workers whose next month, in the coming three months, nothing funds "
    "yet, per sponsor",
    operation_id=operation("enrolments_continuity_gaps"),
)
def enrolments_continuity_gaps(request: HttpRequest) -> GapsOut:
    scope = scope_for_user(request.user)
    today = timezone.localdate()
    return GapsOut(
        total=continuity_gap_count(scope=scope, today=today),
        sponsors=[
            SponsorGapsOut(
                sponsor_id=gaps.sponsor.pk,
                sponsor_name=gaps.sponsor.name,
                count=gaps.count,
                by_month=[MonthCountOut(month=m, count=n) for m, n in gaps.by_month],
            )
            for gaps in continuity_gaps(scope=scope, today=today)
        ],
    )
