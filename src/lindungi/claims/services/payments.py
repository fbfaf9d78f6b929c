"""What BPJS paid to the family for an approved claim, recorded by a BPJS officer or the regional
admin: the amount (never more than approved), the date and the transfer reference."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.claims.models import Claim, ClaimStatus
from lindungi.claims.permissions import may_decide
from lindungi.claims.services.amounts import whole_rupiah
from lindungi.claims.services.steps import allowed, locked, move, recorded
from lindungi.core.audit import Action
from lindungi.core.errors import InvalidState, ValidationFailed
from lindungi.core.money import format_rupiah
from lindungi.core.scopes import Scope


@transaction.atomic
def claim_paid(
    *,
    actor: User | None,
    scope: Scope,
    claim: Claim,
    amount: int,
    paid_on: date,
    reference: str,
    now: datetime | None = None,
) -> Claim:
    """Record that BPJS paid an approved claim to the family: amount, date, transfer
    reference. Never more than the amount approved; a smaller amount is recorded as paid, and
    noted in the audit event."""
    allowed(
        may_decide(scope),
        _("Only BPJS or the admin records claim payments"),
        code="claim.not_decider",
    )
    claim = locked(scope, claim)
    now = now or timezone.now()
    move(claim, ClaimStatus.PAID)
    whole_rupiah(amount)
    if claim.approved_amount is None:
        raise InvalidState(
            _(
                "BPJS approved no amount for this claim (care in kind, or a disability it "
                "assesses): nothing is recorded as paid to the family"
            ),
            code="claim.nothing_approved",
            status=ClaimStatus.APPROVED,
        )
    if amount > claim.approved_amount:
        raise ValidationFailed(
            _("%(amount)s is more than BPJS approved for this claim (%(approved)s)")
            % {
                "amount": format_rupiah(amount),
                "approved": format_rupiah(claim.approved_amount),
            },
            code="claim.amount_above_approved",
            field="amount",
        )
    if paid_on > timezone.localdate(now):
        raise ValidationFailed(_("A payment cannot be dated in the future"), field="paid_on")
    if claim.decided_at is not None and paid_on < timezone.localdate(claim.decided_at):
        raise ValidationFailed(
            _("The payment cannot precede BPJS's decision of %(date)s")
            % {"date": date_format(timezone.localdate(claim.decided_at), "j M Y")},
            field="paid_on",
        )
    reference = " ".join(reference.split())
    if not reference:
        raise ValidationFailed(_("Give the payment's reference"), field="reference")
    claim.paid_amount = amount
    claim.paid_on = paid_on
    claim.payment_reference = reference[:100]
    claim.paid_recorded_by = actor
    details = {
        "amount": amount,
        "paid_on": paid_on.isoformat(),
        "reference": claim.payment_reference,
        "differs_from_approved": claim.approved_amount not in (None, amount),
        "amount_text": format_rupiah(amount),
    }
    return recorded(actor, claim, Action.CLAIM_PAY, now=now, details=details)
