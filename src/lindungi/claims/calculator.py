"""The benefit calculator behind the CLI, the API and the public page."""

from datetime import date
from typing import Any

from lindungi.claims.benefits import Benefit, BenefitType, Route, benefit
from lindungi.contributions.calculator import NOTES, explain
from lindungi.contributions.ratebook import RuleError
from lindungi.contributions.rules import Category
from lindungi.contributions.selectors import rate_book


def quote_benefit(
    *,
    type: BenefitType | str,  # the domain's word, as in the CLI's --type
    category: Category | str,
    on: date,
    income: int | None = None,
    wage: int | None = None,
    months_paid: int | None = None,
    months_off: int | None = None,
    children: int = 2,
    route: Route | str = Route.JKM,
) -> Benefit:
    try:
        return benefit(
            book=rate_book(),
            type=BenefitType(type),
            category=Category(category),
            on=on,
            income=income,
            wage=wage,
            months_paid=months_paid,
            months_off=months_off,
            children=children,
            route=Route(route),
        )
    except RuleError as error:
        raise explain(error) from error


def benefit_as_dict(result: Benefit) -> dict[str, Any]:
    return {
        "type": str(result.type),
        "category": str(result.category),
        "date": result.on.isoformat(),
        "components": [
            {
                "name": part.name,
                "amount": part.amount,
                "rule": part.rule,
                "confidence": part.confidence,
            }
            for part in result.components
        ],
        "total": result.total,
        "notes": [str(NOTES[note]) for note in result.notes],
    }
