"""`/api/v1/calculator/contribution`: the contribution calculator. Public: no personal data."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from lindungi.api.schemas import ErrorOut
from lindungi.contributions.calculator import contribution_as_dict, quote_contribution
from lindungi.contributions.rules import Category, Program, Risk, Stage

router = Router(tags=["calculator"], auth=None)


class ContributionIn(Schema):
    category: Category
    date: dt.date | None = None
    programs: list[Program] | None = None
    income: int | None = None
    wage: int | None = None
    risk: Risk | None = None
    contract_value: int | None = None
    contract_months: int | None = None
    stage: Stage | None = None


class ContributionLineOut(Schema):
    program: str
    amount: int
    employer: int
    worker: int
    rule: str
    confidence: str


class ContributionOut(Schema):
    category: Category
    date: dt.date
    basis: int | None
    lines: list[ContributionLineOut]
    employer: int
    worker: int
    total: int
    confidence: str
    notes: list[str]


@router.post(
    "/calculator/contribution",
    response={200: ContributionOut, 422: ErrorOut},
    summary="What protection costs on a date, line by line with its rule",
)
def calculator_contribution(request: HttpRequest, payload: ContributionIn) -> dict[str, object]:
    result = quote_contribution(
        **payload.dict(exclude={"date"}), on=payload.date or timezone.localdate()
    )
    return contribution_as_dict(result)
