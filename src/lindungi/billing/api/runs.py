"""`/api/v1/billing/runs`: billing runs of a region (docs/billing.md)."""

import datetime as dt
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.inputs import month as parse_month
from lindungi.api.schemas import ErrorOut, Id
from lindungi.billing.api.common import Month, actor_of, region_named
from lindungi.billing.models import BillingRun
from lindungi.billing.selectors.bills import run_get, run_list
from lindungi.billing.services.runs import billing_run
from lindungi.programs.selectors import sponsor_get

router = Router(tags=["billing"])


class RunOut(Schema):
    id: int
    region_code: str
    region_name: str
    month: dt.date
    kind: str
    months_ahead: int
    started_by: str | None
    started_at: dt.datetime
    finished_at: dt.datetime | None
    bills: int
    lines: int
    enrolments: int
    amount: int

    @staticmethod
    def resolve_region_code(run: BillingRun) -> str:
        return run.region_id

    @staticmethod
    def resolve_region_name(run: BillingRun) -> str:
        return run.region.name

    @staticmethod
    def resolve_started_by(run: BillingRun) -> str | None:
        return run.started_by.username if run.started_by else None


class RunIn(Schema):
    region_code: str | None = Field(
        None, max_length=20, description="a regency or city (a province: superusers); default yours"
    )
    month: Month
    months_ahead: Literal[1, 3, 6, 12] = Field(
        1, description="prepayment: bill this month and the next ones on one bill"
    )
    sponsor_id: Id | None = Field(None, description="bill only this sponsor's enrolments")


@router.get(
    "/billing/runs",
    operation_id="lindungi_api_billing_runs_list",
    response=list[RunOut],
    summary="Billing runs of your region (the regency's officers and BPJS)",
)
@paginate
def runs_list(request: HttpRequest) -> QuerySet[BillingRun]:
    return run_list(scope=scope_for_user(request.user))


@router.post(
    "/billing/runs",
    operation_id="lindungi_api_billing_runs_create",
    response={201: RunOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Bill a month (or 3, 6 or 12 months ahead) to a region's sponsors (regional admin)",
)
def runs_create(request: HttpRequest, payload: RunIn) -> Status[BillingRun]:
    scope = scope_for_user(request.user)
    region = region_named(payload.region_code or getattr(request.user, "region_id", None))
    month = parse_month(payload.month)
    sponsor = (
        sponsor_get(scope=scope, sponsor_id=payload.sponsor_id) if payload.sponsor_id else None
    )
    run = billing_run(
        actor=actor_of(request),
        scope=scope,
        region=region,
        month=month,
        months_ahead=payload.months_ahead,
        sponsor=sponsor,
    )
    return Status(201, run_get(scope=scope, run_id=run.pk))


@router.get(
    "/billing/runs/{int:run_id}",
    operation_id="lindungi_api_billing_runs_get",
    response={200: RunOut, 404: ErrorOut},
    summary="One billing run",
)
def runs_get(request: HttpRequest, run_id: int) -> BillingRun:
    return run_get(scope=scope_for_user(request.user), run_id=run_id)
