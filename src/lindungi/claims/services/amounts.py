"""What an amount of a claim must be: a positive whole number of Rupiah, never above the most
the regulation pays for the claim's benefit (PP 82/2019, at the claim's basis and the rates of
its event date)."""

from django.utils.translation import gettext as _

from lindungi.claims import rules
from lindungi.claims.benefits import maximum
from lindungi.claims.models import Claim
from lindungi.claims.services.assessment import category
from lindungi.contributions.calculator import explain
from lindungi.contributions.ratebook import RuleError
from lindungi.contributions.selectors import rate_book
from lindungi.core.errors import ValidationFailed
from lindungi.core.money import format_rupiah


def benefit_maximum(claim: Claim) -> int | None:
    """The most the regulation pays for this claim (`benefits.maximum`, at the claim's basis
    and with the rates of its event date); for a benefit Lindungi does not compute (care in
    kind, disability assessed by BPJS), `rules.UNCOMPUTED_CEILING`."""
    kind = rules.benefit_type(claim.type, claim.jkk_kind)
    if kind is None:
        return rules.UNCOMPUTED_CEILING
    income = claim.benefit.get("income")
    try:
        return maximum(
            book=rate_book(),
            type=kind,
            category=category(claim.worker),
            on=claim.event_date,
            income=income if isinstance(income, int) else None,
            months_off=claim.months_off,
        ).total
    except RuleError as error:
        raise explain(error) from error


def whole_rupiah(amount: int | None) -> None:
    """A given amount is a positive whole number of Rupiah (None: no amount given)."""
    if amount is not None and (
        isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0
    ):
        raise ValidationFailed(_("The amount is a positive whole number of Rupiah"), field="amount")


def within_maximum(claim: Claim, amount: int) -> None:
    """The amount is not more than the regulation pays for this claim (`benefit_maximum`)."""
    most = benefit_maximum(claim)
    if most is not None and amount > most:
        raise ValidationFailed(
            _("%(amount)s is more than the regulation pays for this benefit: at most %(maximum)s")
            % {"amount": format_rupiah(amount), "maximum": format_rupiah(most)},
            code="claim.amount_above_maximum",
            field="amount",
            maximum=most,
        )
