"""`/api/v1/calculator/benefit`: the benefit calculator. Public: no personal data. (The
contribution calculator is `contributions.api.calculator`.)"""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from lindungi.api.schemas import ErrorOut
from lindungi.claims.benefits import BenefitType, Route
from lindungi.claims.calculator import benefit_as_dict, quote_benefit
from lindungi.contributions.rules import Category

router = Router(tags=["calculator"], auth=None)


class BenefitIn(Schema):
    type: BenefitType
    category: Category
    date: dt.date | None = None
    income: int | None = None
    wage: int | None = None
    months_paid: int | None = None
    months_off: int | None = None
    children: int = 2
    route: Route = Route.JKM


class ComponentOut(Schema):
    name: str
    amount: int
    rule: str
    confidence: str


class BenefitOut(Schema):
    type: BenefitType
    category: Category
    date: dt.date
    components: list[ComponentOut]
    total: int
    notes: list[str]


@router.post(
    "/calculator/benefit",
    response={200: BenefitOut, 422: ErrorOut},
    summary="What BPJS pays, component by component with its rule",
)
def calculator_benefit(request: HttpRequest, payload: BenefitIn) -> dict[str, object]:
    result = quote_benefit(
        **payload.dict(exclude={"date"}), on=payload.date or timezone.localdate()
    )
    return benefit_as_dict(result)
