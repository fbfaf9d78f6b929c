"""The benefit calculator behind the CLI, the API and the public page."""

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy

from lindungi.claims.benefits import Benefit, BenefitType, Route, benefit
from lindungi.contributions.calculator import NOTES, explain
from lindungi.contributions.ratebook import RuleError
from lindungi.contributions.rules import Category
from lindungi.contributions.selectors import rate_book

# Each benefit component as a person calls it (`Component.name` is the rule's key).
COMPONENT_LABELS = {
    "santunan_sekaligus": gettext_lazy("Lump-sum death benefit"),
    "santunan_berkala": gettext_lazy("Periodic benefit"),
    "santunan_kematian": gettext_lazy("Death benefit for a work accident"),
    "biaya_pemakaman": gettext_lazy("Funeral costs"),
    "beasiswa_tk_sd": gettext_lazy("Scholarship: kindergarten and primary school"),
    "beasiswa_smp": gettext_lazy("Scholarship: junior high school"),
    "beasiswa_sma": gettext_lazy("Scholarship: senior high school"),
    "beasiswa_pt": gettext_lazy("Scholarship: university"),
    "stmb_100": gettext_lazy("Pay while unable to work, 100 % of the wage"),
    "stmb_50": gettext_lazy("Pay while unable to work, 50 % of the wage"),
}


def component_label(name: str) -> str:
    """A component's name for people; a key without a label keeps its words, not its marks."""
    return str(COMPONENT_LABELS.get(name, name.replace("_", " ")))


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
