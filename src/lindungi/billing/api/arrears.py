"""`/api/v1/billing/overdue` and `/billing/expiring`: what needs attention, and
`/sponsors/{id}/account`: a sponsor's account."""

import datetime as dt
from dataclasses import asdict
from typing import Annotated

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.schemas import ErrorOut
from lindungi.billing.selectors.accounts import Account, sponsor_account
from lindungi.billing.selectors.arrears import Overdue, expiring_enrolments, overdue_sponsors
from lindungi.core.masking import mask_nik
from lindungi.programs.models import Enrolment
from lindungi.programs.selectors import sponsor_get

router = Router(tags=["billing"])


class OverdueOut(Schema):
    sponsor_id: int
    sponsor_name: str
    region_code: str
    bills: int
    owed: int
    oldest_due: dt.date
    workers: int

    @staticmethod
    def resolve_sponsor_id(item: Overdue) -> int:
        return item.sponsor.pk

    @staticmethod
    def resolve_sponsor_name(item: Overdue) -> str:
        return item.sponsor.name

    @staticmethod
    def resolve_region_code(item: Overdue) -> str:
        return item.sponsor.region_id


class ExpiringOut(Schema):
    id: int
    worker_id: int
    worker_name: str
    nik: str
    program_id: int
    program_name: str
    sponsor_id: int
    sponsor_name: str
    first_month: dt.date
    last_month: dt.date

    @staticmethod
    def resolve_worker_name(enrolment: Enrolment) -> str:
        return enrolment.worker.name

    @staticmethod
    def resolve_nik(enrolment: Enrolment) -> str:
        return mask_nik(enrolment.worker.nik)

    @staticmethod
    def resolve_program_name(enrolment: Enrolment) -> str:
        return enrolment.program.name

    @staticmethod
    def resolve_sponsor_name(enrolment: Enrolment) -> str:
        return enrolment.sponsor.name


class AccountOut(Schema):
    sponsor_id: int
    sponsor_name: str
    billed: int
    credited: int
    paid: int
    open: int = Field(description="still owed on its bills")
    unallocated: int = Field(description="paid and not yet applied to a bill")
    unused_credit: int
    held: int = Field(0, description="paid and waiting for a second officer's confirmation")


@router.get(
    "/billing/overdue",
    operation_id="lindungi_api_billing_overdue_list",
    response=list[OverdueOut],
    summary="Sponsors with bills past their due date, the most overdue first",
)
@paginate
def overdue_list(request: HttpRequest) -> list[Overdue]:
    return overdue_sponsors(scope=scope_for_user(request.user))


@router.get(
    "/billing/expiring",
    operation_id="lindungi_api_billing_expiring_list",
    response=list[ExpiringOut],
    summary="Active enrolments whose sponsored period ends soon and that nothing continues yet",
)
@paginate
def expiring_list(
    request: HttpRequest, within_days: Annotated[int, Field(ge=1, le=366)] = 60
) -> QuerySet[Enrolment]:
    return expiring_enrolments(scope=scope_for_user(request.user), within_days=within_days)


@router.get(
    "/sponsors/{int:sponsor_id}/account",
    operation_id="lindungi_api_billing_sponsors_account",
    response={200: AccountOut, 404: ErrorOut},
    summary="A sponsor's account: billed, credited, paid, still open",
)
def sponsors_account(request: HttpRequest, sponsor_id: int) -> AccountOut:
    scope = scope_for_user(request.user)
    sponsor = sponsor_get(scope=scope, sponsor_id=sponsor_id)
    account: Account = sponsor_account(scope=scope, sponsor=sponsor)
    return AccountOut(sponsor_id=sponsor.pk, sponsor_name=sponsor.name, **asdict(account))
