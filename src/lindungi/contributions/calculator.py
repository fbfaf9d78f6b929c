"""The contribution calculator behind the CLI, the API and the public page.

It computes with the rates in the database and turns a rule's refusal into a `ValidationFailed`
whose message is in the user's language and names the field.
"""

from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindungi.contributions.ratebook import RuleError
from lindungi.contributions.rules import Category, Contribution, Program, Risk, Stage, contribution
from lindungi.contributions.selectors import rate_book
from lindungi.core.errors import ValidationFailed

FIELD_LABELS = {
    "income": gettext_lazy("declared income"),
    "wage": gettext_lazy("wage"),
    "risk": gettext_lazy("risk group"),
    "contract_value": gettext_lazy("contract value"),
    "contract_months": gettext_lazy("contract months"),
    "months_paid": gettext_lazy("months paid"),
    "months_off": gettext_lazy("months off work"),
    "children": gettext_lazy("children"),
}

NOTES = {
    "default_income": gettext_lazy(
        "No income given: the lowest declared income was used, as in the vulnerable-worker schemes."
    ),
    "income_tiers_unconfirmed": gettext_lazy(
        "The official list of BPU income tiers has not been confirmed yet; any whole-Rupiah "
        "income between the lowest and the highest is accepted."
    ),
    "pre_placement": gettext_lazy("Before placement: one payment."),
    "bpu_short_membership": gettext_lazy(
        "Fewer than 3 paid months as a BPU participant: only the short-membership amount is due."
    ),
    "children_capped": gettext_lazy("At most 2 children receive a scholarship."),
}


def explain(error: RuleError) -> ValidationFailed:
    """The rule's refusal, in the user's language, as a domain error naming the field."""
    params = dict(error.params)
    field = params.get("field", "")
    if field:
        params["field"] = str(FIELD_LABELS.get(field, field))
    return ValidationFailed(_(error.template) % params, rule=error.code, field=field)


def quote_contribution(
    *,
    category: Category | str,
    on: date,
    programs: list[Program | str] | None = None,
    income: int | None = None,
    wage: int | None = None,
    risk: Risk | str | None = None,
    contract_value: int | None = None,
    contract_months: int | None = None,
    stage: Stage | str | None = None,
) -> Contribution:
    try:
        return contribution(
            book=rate_book(),
            category=Category(category),
            on=on,
            programs=None if programs is None else [Program(p) for p in programs],
            income=income,
            wage=wage,
            risk=Risk(risk) if risk else None,
            contract_value=contract_value,
            contract_months=contract_months,
            stage=Stage(stage) if stage else None,
        )
    except RuleError as error:
        raise explain(error) from error


def contribution_as_dict(result: Contribution) -> dict[str, Any]:
    """The JSON shape of the CLI and the API."""
    return {
        "category": str(result.category),
        "date": result.on.isoformat(),
        "basis": result.basis,
        "lines": [
            {
                "program": str(line.program),
                "amount": line.amount,
                "employer": line.employer,
                "worker": line.worker,
                "rule": line.rule,
                "confidence": line.confidence,
            }
            for line in result.lines
        ],
        "employer": result.employer,
        "worker": result.worker,
        "total": result.total,
        "confidence": result.confidence,
        "notes": [str(NOTES[note]) for note in result.notes],
    }
