"""`/api/v1/sponsors`: who pays for workers' protection, within the caller's scope."""

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from lindungi.accounts.models import Agency
from lindungi.accounts.selectors import scope_for_user, user_get
from lindungi.api.schemas import MAX_MONEY, ErrorOut, Id
from lindungi.core.errors import ValidationFailed
from lindungi.programs.api.common import caller, operation, region_named
from lindungi.programs.models import FundingSource, GroupCode, Sponsor, SponsorKind
from lindungi.programs.selectors import sponsor_get, sponsor_list
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.regions.models import Region
from lindungi.workers.models import Worker
from lindungi.workers.selectors import worker_get

router = Router(tags=["programs"])


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


@router.get(
    "/sponsors",
    response=list[SponsorOut],
    summary="Sponsors in your scope",
    operation_id=operation("sponsors_list"),
)
@paginate
def sponsors_list(
    request: HttpRequest, kind: SponsorKind | None = None, search: str = ""
) -> object:
    return sponsor_list(scope=scope_for_user(request.user), kind=kind, search=search)


@router.get(
    "/sponsors/{int:sponsor_id}",
    response={200: SponsorOut, 404: ErrorOut},
    summary="One sponsor",
    operation_id=operation("sponsors_get"),
)
def sponsors_get(request: HttpRequest, sponsor_id: int) -> Sponsor:
    return sponsor_get(scope=scope_for_user(request.user), sponsor_id=sponsor_id)


def _agency(agency_id: int, region: Region) -> Agency:
    agency = Agency.objects.filter(pk=agency_id, region=region).first()
    if agency is None:
        raise ValidationFailed(_("Unknown agency in this region"), field="agency_id")
    return agency


@router.post(
    "/sponsors",
    response={201: SponsorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Register a sponsor (a village, an agency, a civil servant, a company, …)",
    operation_id=operation("sponsors_create"),
)
def sponsors_create(request: HttpRequest, payload: SponsorIn) -> Status[Sponsor]:
    scope = scope_for_user(request.user)
    user_calling = caller(request)
    region = region_named(payload.region_code, "region_code")
    agency = None
    if payload.agency_id is not None:
        agency = _agency(payload.agency_id, region)
    elif payload.kind == SponsorKind.OPD:
        agency = user_calling.agency
    user = None
    if payload.kind == SponsorKind.ASN:
        user = user_get(scope=scope, user_id=payload.user_id) if payload.user_id else user_calling
    worker: Worker | None = None
    if payload.worker_id is not None:
        worker = worker_get(scope=scope, worker_id=payload.worker_id)
    sponsor = sponsor_create(
        actor=user_calling,
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
