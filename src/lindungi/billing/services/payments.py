"""Recording payments (docs/billing.md).

- The regional admin and BPJS officers record payments; a payment above what the sponsor's
  bills make plausible waits for a second officer of those roles (`payment_review`), and one
  above `rules.PAYMENT_CEILING` is refused;
- a payment by hand is recorded once per sponsor, channel and reference.
Sponsors see their bills (selectors) but do not declare their own payments paid. Who may is
decided by the named predicates of `permissions.py`; statements are imported by
`services.statements`.
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.billing import ledger, rules
from lindungi.billing.lapses import Resumed, resume_after_payments
from lindungi.billing.models import Channel, Payment, PaymentStatus
from lindungi.billing.permissions import may_confirm_payment, may_record_payments
from lindungi.billing.selectors.payments import payment_get, plausible_payment_for
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import (
    Conflict,
    InvalidState,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from lindungi.core.money import format_rupiah
from lindungi.core.scopes import Scope
from lindungi.programs.models import Sponsor
from lindungi.programs.selectors import sponsor_list


class PaymentAlreadyRecorded(Conflict):
    """The sponsor's payment with this channel and reference is recorded already (`payment`
    in the details names it)."""


@dataclass(frozen=True)
class PaymentResult:
    """A recorded payment, how much of it went to open bills, and the lapsed enrolments it
    started again (a new enrolment each, from the payment's month). A held payment
    (`is_held`) went nowhere yet: a second officer confirms it first."""

    payment: Payment
    allocated: int
    resumed: Resumed

    @property
    def unallocated(self) -> int:
        return self.payment.amount - self.allocated

    @property
    def is_held(self) -> bool:
        return self.payment.status == PaymentStatus.PENDING


def _checked_amount(amount: int) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValidationFailed(_("A payment is a positive whole number of Rupiah"), field="amount")
    if amount > rules.PAYMENT_CEILING:
        raise ValidationFailed(
            _("A payment above %(ceiling)s from one sponsor cannot be right: check the amount")
            % {"ceiling": format_rupiah(rules.PAYMENT_CEILING)},
            code="payment.above_ceiling",
            field="amount",
            ceiling=rules.PAYMENT_CEILING,
        )


def _refuse_repeated(sponsor: Sponsor, channel: str, reference: str) -> None:
    """The sponsor's payment with this channel and reference, if recorded already (and not
    refused), refuses the new one, naming it."""
    if not reference:
        return
    existing = (
        Payment.objects.filter(
            sponsor=sponsor, channel=channel, reference=reference, statement__isnull=True
        )
        .exclude(status=PaymentStatus.REFUSED)
        .first()
    )
    if existing is not None:
        _already_recorded(existing)


def _already_recorded(existing: Payment) -> None:
    raise PaymentAlreadyRecorded(
        _("This payment was already recorded: %(amount)s paid on %(date)s, reference %(reference)s")
        % {
            "amount": format_rupiah(existing.amount),
            "date": date_format(existing.paid_on, "j M Y"),
            "reference": existing.reference,
        },
        code="payment.duplicate_reference",
        field="reference",
        payment=existing.pk,
    )


def count_payment(
    actor: User | None, payment: Payment, today: date, first: tuple[int, int] | None = None
) -> PaymentResult:
    """Allocate a counted payment to its sponsor's open bills, oldest first, and start its
    lapsed enrolments again (the caller checked the payment and holds the sponsor's lock).
    `first` (bill id, amount) applies that part to a bill a human named before the rest is
    spread (a statement line resolved by hand)."""
    if first is not None:
        ledger.allocate(payment_id=payment.pk, bill_id=first[0], amount=first[1])
    ledger.settle(sponsors="SELECT %s", params=[payment.sponsor_id])
    resumed = resume_after_payments(
        actor=actor, payments="SELECT %s", params=[payment.pk], today=today
    )
    payment.refresh_from_db()
    return PaymentResult(payment=payment, allocated=payment.allocated, resumed=resumed)


@transaction.atomic
def payment_record(
    *,
    actor: User | None,
    scope: Scope,
    sponsor: Sponsor,
    amount: int,
    paid_on: date,
    channel: str,
    reference: str = "",
    today: date | None = None,
) -> PaymentResult:
    """Record money a sponsor paid and allocate it to its open bills, oldest first (a bill is
    open while its allocations are less than its total); what is left waits for its next bill.
    A payment after the sponsor's enrolments lapsed starts them again as new enrolments from
    the payment's month (`lapses.resume_after_payments`), and says so.

    A payment above `rules.plausible_payment` for the sponsor (what it owes and 12 months of
    its latest month; 0 for a sponsor never billed) is held, allocated to nothing, until a
    second officer confirms it (`payment_review`); one above `rules.PAYMENT_CEILING` is
    refused. The same channel and reference twice for one sponsor is refused, naming the
    payment recorded (`PaymentAlreadyRecorded`)."""
    if not may_record_payments(scope):
        raise PermissionDenied(
            _("Only the regional admin or BPJS records payments"), code="payment.not_allowed"
        )
    if not sponsor_list(scope=scope).filter(pk=sponsor.pk).exists():
        raise NotFound(_("Sponsor not found"), id=sponsor.pk)
    today = today or timezone.localdate()
    _checked_amount(amount)
    if channel not in Channel.values:
        raise ValidationFailed(_("Unknown payment channel"), field="channel")
    if paid_on > today:
        raise ValidationFailed(
            _("A payment cannot be dated in the future"), code="payment.future", field="paid_on"
        )
    reference = " ".join(reference.split())[:60]
    # One writer per sponsor at a time: allocations read what is still open.
    Sponsor.objects.select_for_update().filter(pk=sponsor.pk).first()
    _refuse_repeated(sponsor, channel, reference)
    bound = plausible_payment_for(sponsor=sponsor)
    held = amount > bound
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                sponsor=sponsor,
                amount=amount,
                paid_on=paid_on,
                channel=channel,
                reference=reference,
                recorded_by=actor,
                recorded_at=timezone.now(),
                status=PaymentStatus.PENDING if held else PaymentStatus.COUNTED,
                plausible_up_to=bound if held else None,
            )
    except IntegrityError:
        # Recorded meanwhile by another request (the lock keeps this to SQLite's edge cases).
        _refuse_repeated(sponsor, channel, reference)
        raise
    if held:
        result = PaymentResult(payment=payment, allocated=0, resumed=Resumed())
    else:
        result = count_payment(actor, payment, today)
    audit_record(
        actor=actor,
        action=Action.PAYMENT_HOLD if held else Action.PAYMENT_RECORD,
        object_type="payment",
        object_id=payment.pk,
        region_code=sponsor.region_id,
        details={
            "sponsor": sponsor.pk,
            "amount": amount,
            "amount_text": format_rupiah(amount),
            "paid_on": paid_on.isoformat(),
            "channel": channel,
            "reference": reference,
            "allocated": result.allocated,
            "resumed": result.resumed.count,
            "plausible_up_to": bound,
        },
    )
    return result


@transaction.atomic
def payment_review(
    *,
    actor: User | None,
    scope: Scope,
    payment: Payment,
    confirm: bool,
    reason: str = "",
    today: date | None = None,
) -> PaymentResult:
    """A second officer confirms a held payment, which then counts (allocated to the
    sponsor's open bills, lapsed enrolments started again), or refuses it with a reason (kept,
    never counted; the same reference may then be recorded again). The officer who recorded
    it does not review it."""
    if not may_record_payments(scope):
        raise PermissionDenied(
            _("Only the regional admin or BPJS confirms payments"), code="payment.not_allowed"
        )
    payment = payment_get(scope=scope, payment_id=payment.pk)
    Sponsor.objects.select_for_update().filter(pk=payment.sponsor_id).first()
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status != PaymentStatus.PENDING:
        raise InvalidState(
            _("This payment is not waiting for a confirmation"),
            code="payment.not_held",
            status=payment.status,
        )
    if not may_confirm_payment(scope, payment.recorded_by_id):
        raise PermissionDenied(
            _("A second officer confirms this payment: not the one who recorded it"),
            code="payment.same_officer",
        )
    reason = " ".join(reason.split())
    if not confirm and not reason:
        raise ValidationFailed(
            _("Say why the payment is refused"), code="payment.reason_missing", field="reason"
        )
    today = today or timezone.localdate()
    payment.status = PaymentStatus.COUNTED if confirm else PaymentStatus.REFUSED
    payment.reviewed_by = actor
    payment.reviewed_at = timezone.now()
    payment.review_note = reason[:300]
    payment.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    if confirm:
        result = count_payment(actor, payment, today)
    else:
        result = PaymentResult(payment=payment, allocated=0, resumed=Resumed())
    audit_record(
        actor=actor,
        action=Action.PAYMENT_CONFIRM if confirm else Action.PAYMENT_REFUSE,
        object_type="payment",
        object_id=payment.pk,
        region_code=payment.sponsor.region_id,
        details={
            "sponsor": payment.sponsor_id,
            "amount": payment.amount,
            "amount_text": format_rupiah(payment.amount),
            "recorded_by": payment.recorded_by_id,
            "plausible_up_to": payment.plausible_up_to,
            "reason": payment.review_note,
            "allocated": result.allocated,
            "resumed": result.resumed.count,
        },
    )
    return result
