"""`/api/v1/compliance/agreements`: cooperation agreements (KSO/PKS/MoU) of a regency, with the
warning to renew those expiring (`compliance.expiry`, the rule the page and the report share)."""

import datetime as dt
from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
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
    Day,
    LongText,
    Text,
    actor_of,
    agencies_of,
    region_named,
)
from lindungi.compliance.api.documents import DocumentOut
from lindungi.compliance.coordination.agreements import agreement_create
from lindungi.compliance.expiry import EXPIRY_WARNING_DAYS, is_expiring
from lindungi.compliance.models import (
    Agreement,
    AgreementKind,
)
from lindungi.compliance.selectors import (
    agreement_get,
    agreement_list,
    agreements_expiring,
    employer_get,
)
from lindungi.core.errors import ValidationFailed
from lindungi.regions.models import Region

router = Router(tags=["compliance"])


class AgreementOut(Schema):
    id: int
    region_code: str
    kind: str
    number: str
    title: str
    with_bpjs: bool
    village_code: str | None
    employer_id: int | None
    agency_id: int | None
    other_parties: str
    signed_on: dt.date
    starts_on: dt.date
    ends_on: dt.date | None
    scope_text: str
    document: DocumentOut | None
    days_left: int | None = Field(description="days until it ends (None: open-ended)")
    is_expiring: bool = Field(
        description=f"in force or starting soon, and ending within {EXPIRY_WARNING_DAYS} days"
    )

    @staticmethod
    def resolve_region_code(agreement: Agreement) -> str:
        return agreement.region_id

    @staticmethod
    def resolve_village_code(agreement: Agreement) -> str | None:
        return agreement.village_id

    @staticmethod
    def resolve_days_left(agreement: Agreement) -> int | None:
        if agreement.ends_on is None:
            return None
        return (agreement.ends_on - timezone.localdate()).days

    @staticmethod
    def resolve_is_expiring(agreement: Agreement) -> bool:
        return is_expiring(
            starts_on=agreement.starts_on, ends_on=agreement.ends_on, today=timezone.localdate()
        )


class AgreementIn(Schema):
    region_code: str | None = Field(None, max_length=20, description="default: your regency")
    kind: AgreementKind
    number: Annotated[str, Field(min_length=1, max_length=100, pattern=NO_NUL)]
    title: Annotated[str, Field(min_length=1, max_length=300, pattern=NO_NUL)]
    signed_on: Day
    starts_on: Day
    ends_on: Day | None = None
    with_bpjs: bool = True
    village_code: str | None = Field(None, max_length=20)
    employer_id: Id | None = None
    agency_id: Id | None = None
    other_parties: Text = ""
    scope_text: LongText = ""


@router.get(
    f"{PREFIX}/agreements",
    response={200: list[AgreementOut], 422: ErrorOut},
    summary="Cooperation agreements (KSO/PKS/MoU) of your regency; `expiring`: in force or "
    "starting soon and ending within 90 days, soonest first",
    operation_id=OPERATION_ID.format("agreements_list"),
)
@paginate
def agreements_list(request: HttpRequest, expiring: bool = False) -> QuerySet[Agreement]:
    scope = scope_for_user(request.user)
    return agreements_expiring(scope=scope) if expiring else agreement_list(scope=scope)


@router.post(
    f"{PREFIX}/agreements",
    response={201: AgreementOut, **WRITE_RESPONSES},
    summary="Record an agreement with its parties and period (regional admin)",
    operation_id=OPERATION_ID.format("agreements_create"),
)
def agreements_create(request: HttpRequest, payload: AgreementIn) -> Status[Agreement]:
    scope = scope_for_user(request.user)
    region = region_named(request, payload.region_code)
    village = None
    if payload.village_code:
        village = Region.objects.filter(code=payload.village_code).first()
        if village is None or not scope.covers_region(village.code):
            raise ValidationFailed(_("Unknown village"), field="village_code")
    employer = (
        employer_get(scope=scope, employer_id=payload.employer_id) if payload.employer_id else None
    )
    agency = agencies_of(scope, [payload.agency_id], "agency_id")[0] if payload.agency_id else None
    agreement = agreement_create(
        actor=actor_of(request),
        scope=scope,
        region=region,
        kind=payload.kind.value,
        number=payload.number,
        title=payload.title,
        signed_on=payload.signed_on,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        with_bpjs=payload.with_bpjs,
        village=village,
        employer=employer,
        agency=agency,
        other_parties=payload.other_parties,
        scope_text=payload.scope_text,
    )
    return Status(201, agreement_get(scope=scope, agreement_id=agreement.pk))


@router.get(
    f"{PREFIX}/agreements/{{int:agreement_id}}",
    response={200: AgreementOut, 404: ErrorOut},
    summary="One agreement",
    operation_id=OPERATION_ID.format("agreements_get"),
)
def agreements_get(request: HttpRequest, agreement_id: int) -> Agreement:
    return agreement_get(scope=scope_for_user(request.user), agreement_id=agreement_id)
