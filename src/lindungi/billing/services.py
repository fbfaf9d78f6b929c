"""Writing bills and payments (docs/billing.md). Every write is a service with an audit event;
set-wise work is in `ledger.py`, lapses and resumptions in `lapses.py`, statements in
`statements.py`, continuity in `continuity.py`, reminders in `reminders.py`; the public
services of all of them are importable from here.

Who may do what:
- the regional admin (Disnaker; superusers anywhere) runs billing and corrections and sets up
  co-funding;
- the regional admin and BPJS officers record payments and import BPJS payment statements; a
  payment above what the sponsor's bills make plausible waits for a second officer of those
  roles (`payment_review`), and one above `rules.PAYMENT_CEILING` is refused;
- a payment by hand is recorded once per sponsor, channel and reference.
Sponsors see their bills (selectors) but do not declare their own payments paid.
The rules of who may are named predicates in `permissions.py`.
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.billing import ledger, rules
from lindungi.billing.continuity import enrolment_continue
from lindungi.billing.lapses import DailyResult, Resumed, billing_daily, resume_after_payments
from lindungi.billing.models import (
    BillingRun,
    Channel,
    CostShare,
    Payment,
    PaymentStatus,
    RunKind,
)
from lindungi.billing.permissions import PAYMENT_ROLES, may_confirm_payment, may_record_payments
from lindungi.billing.reminders import outbox_send, reminders_queue
from lindungi.billing.selectors import payment_get, plausible_payment_for
from lindungi.billing.statements import StatementResult, statement_import
from lindungi.core import sql
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import (
    Conflict,
    InvalidState,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from lindungi.core.money import format_rupiah
from lindungi.core.roles import Role
from lindungi.core.scopes import Scope
from lindungi.programs.models import RELEASED, Enrolment, EnrolmentStatus, Sponsor
from lindungi.programs.selectors import enrolment_list, sponsor_list
from lindungi.regions.models import Level, Region

__all__ = [
    "PAYMENT_ROLES",
    "DailyResult",
    "PaymentAlreadyRecorded",
    "PaymentResult",
    "Resumed",
    "StatementResult",
    "billing_corrections",
    "billing_daily",
    "billing_run",
    "cost_share_set",
    "enrolment_continue",
    "outbox_send",
    "payment_record",
    "payment_review",
    "reminders_queue",
    "statement_import",
]

BILLING_ROLES = ("superuser", Role.ADMIN_PEMDA)


def _may_bill(scope: Scope, region_code: str) -> bool:
    return scope.role in BILLING_ROLES and scope.can_write and scope.covers_region(region_code)


def _billed_region(scope: Scope, region: Region) -> None:
    if region.level not in (Level.PROVINCE, Level.REGENCY):
        raise ValidationFailed(
            _("Billing runs for a regency or city (or a province)"), field="region"
        )
    if not _may_bill(scope, region.code):
        raise PermissionDenied(_("Only the regional admin runs billing for this region"))


@transaction.atomic
def billing_run(
    *,
    actor: User | None,
    scope: Scope,
    region: Region,
    month: date,
    months_ahead: int = 1,
    sponsor: Sponsor | None = None,
    today: date | None = None,
) -> BillingRun:
    """Bill a month (or, prepaying, the next 3, 6 or 12 months) to the sponsors of a region:
    one line per paying sponsor for every enrolment that holds the month (ACTIVE, or ENDED up to
    its last month) and is not billed for it yet, each sponsor's lines on one new bill due by
    `rules.due_date` of the first month. `sponsor` limits a prepayment to one sponsor. Running
    it again bills only what was not billed (the database refuses a second charge of the same
    month). Unallocated payments and credit notes are then applied to the new bills."""
    _billed_region(scope, region)
    if months_ahead not in rules.PREPAY_MONTHS:
        raise ValidationFailed(
            _("Bill 1, 3, 6 or 12 months at a time, not %(months)s") % {"months": months_ahead},
            field="months_ahead",
        )
    today = today or timezone.localdate()
    months = rules.billed_months(month, months_ahead)
    sql.without_jit()
    sql.lock_months(region.code, months)
    run = ledger.run_start(
        region_code=region.code,
        month=months[0],
        kind=RunKind.REGULAR,
        actor=actor,
        months_ahead=months_ahead,
    )
    where, params = sql.region_filter("s.region_id", region.code)
    if sponsor is not None:
        if not sponsor_list(scope=scope).filter(pk=sponsor.pk).exists():
            raise NotFound(_("Sponsor not found"), id=sponsor.pk)
        where, params = f"{where} AND e.sponsor_id = %s", [*params, sponsor.pk]
    issued = ledger.bill_enrolments(run=run, months=months, where=where, params=params, today=today)
    allocations = ledger.settle(
        sponsors="SELECT sponsor_id FROM billing_bill WHERE run_id = %s", params=[run.pk]
    )
    ledger.run_finish(run, issued)
    audit_record(
        actor=actor,
        action=Action.BILLING_RUN,
        object_type="billing_run",
        object_id=run.pk,
        region_code=region.code,
        details={
            "month": months[0].isoformat(),
            "months_ahead": months_ahead,
            "sponsor": sponsor.pk if sponsor is not None else None,
            "bills": issued.bills,
            "lines": issued.lines,
            "enrolments": issued.enrolments,
            "amount": issued.amount,
            "allocations": allocations,
        },
    )
    return run


@transaction.atomic
def billing_corrections(
    *, actor: User | None, scope: Scope, region: Region, today: date | None = None
) -> BillingRun:
    """Credit, on new credit notes, every month billed to a region's sponsors that its
    enrolment no longer holds (ended or lapsed before it, or cancelled): an issued bill is
    never edited. The credit is applied to the sponsor's open bills, oldest first; what is left
    waits for its next bill."""
    _billed_region(scope, region)
    today = today or timezone.localdate()
    month = rules.month_start(today)
    sql.without_jit()
    sql.lock_months(region.code, [month])
    run = ledger.run_start(
        region_code=region.code, month=month, kind=RunKind.CORRECTION, actor=actor
    )
    where, params = sql.region_filter("s.region_id", region.code)
    issued = ledger.credit_enrolments(run=run, where=where, params=params, today=today)
    allocations = ledger.settle(
        sponsors="SELECT sponsor_id FROM billing_bill WHERE run_id = %s", params=[run.pk]
    )
    ledger.run_finish(run, issued)
    audit_record(
        actor=actor,
        action=Action.BILLING_CORRECTIONS,
        object_type="billing_run",
        object_id=run.pk,
        region_code=region.code,
        details={
            "credit_notes": issued.bills,
            "lines": issued.lines,
            "enrolments": issued.enrolments,
            "amount": issued.amount,
            "allocations": allocations,
        },
    )
    return run


@transaction.atomic
def cost_share_set(
    *,
    actor: User | None,
    scope: Scope,
    enrolment: Enrolment,
    sponsor: Sponsor,
    basis_points: int,
) -> CostShare:
    """Co-funding: `sponsor` pays `basis_points` / 10,000 of each month of the enrolment not
    billed yet (5,000 = half), rounded half up; the enrolment's own sponsor pays the rest. Only
    the regional admin agrees co-funding; the co-sponsors together pay less than the month."""
    if not (scope.role in BILLING_ROLES and scope.can_write):
        raise PermissionDenied(_("Only the regional admin sets up co-funding"))
    if not enrolment_list(scope=scope).filter(pk=enrolment.pk).exists():
        raise NotFound(_("Enrolment not found"), id=enrolment.pk)
    if not sponsor_list(scope=scope).filter(pk=sponsor.pk).exists():
        raise NotFound(_("Sponsor not found"), id=sponsor.pk)
    if enrolment.status in (*RELEASED, EnrolmentStatus.ENDED, EnrolmentStatus.LAPSED):
        raise InvalidState(_("This enrolment no longer runs"))
    if sponsor.pk == enrolment.sponsor_id:
        raise ValidationFailed(_("The enrolment's own sponsor pays the rest"), field="sponsor")
    others = CostShare.objects.filter(enrolment=enrolment).exclude(sponsor=sponsor)
    taken = sum(others.values_list("basis_points", flat=True))
    if not 1 <= basis_points <= rules.BASIS_POINTS - 1 - taken:
        raise ValidationFailed(
            _("A share is 1 to %(most)s basis points (10,000 = the whole month)")
            % {"most": rules.BASIS_POINTS - 1 - taken},
            field="basis_points",
        )
    share, created = CostShare.objects.update_or_create(
        enrolment=enrolment,
        sponsor=sponsor,
        defaults={"basis_points": basis_points, "created_by": actor},
    )
    audit_record(
        actor=actor,
        action=Action.BILLING_COST_SHARE,
        object_type="enrolment",
        object_id=enrolment.pk,
        region_code=enrolment.sponsor.region_id,
        details={"sponsor": sponsor.pk, "basis_points": basis_points, "created": created},
    )
    return share


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
        field="reference",
        payment=existing.pk,
    )


def _count(actor: User | None, payment: Payment, today: date) -> PaymentResult:
    """Allocate a counted payment to its sponsor's open bills and start its lapsed enrolments
    again (the caller holds the sponsor's lock)."""
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
        raise PermissionDenied(_("Only the regional admin or BPJS records payments"))
    if not sponsor_list(scope=scope).filter(pk=sponsor.pk).exists():
        raise NotFound(_("Sponsor not found"), id=sponsor.pk)
    today = today or timezone.localdate()
    _checked_amount(amount)
    if channel not in Channel.values:
        raise ValidationFailed(_("Unknown payment channel"), field="channel")
    if paid_on > today:
        raise ValidationFailed(_("A payment cannot be dated in the future"), field="paid_on")
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
        result = _count(actor, payment, today)
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
        raise PermissionDenied(_("Only the regional admin or BPJS confirms payments"))
    payment = payment_get(scope=scope, payment_id=payment.pk)
    Sponsor.objects.select_for_update().filter(pk=payment.sponsor_id).first()
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    if payment.status != PaymentStatus.PENDING:
        raise InvalidState(
            _("This payment is not waiting for a confirmation"), status=payment.status
        )
    if not may_confirm_payment(scope, payment.recorded_by_id):
        raise PermissionDenied(
            _("A second officer confirms this payment: not the one who recorded it")
        )
    reason = " ".join(reason.split())
    if not confirm and not reason:
        raise ValidationFailed(_("Say why the payment is refused"), field="reason")
    today = today or timezone.localdate()
    payment.status = PaymentStatus.COUNTED if confirm else PaymentStatus.REFUSED
    payment.reviewed_by = actor
    payment.reviewed_at = timezone.now()
    payment.review_note = reason[:300]
    payment.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    if confirm:
        result = _count(actor, payment, today)
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
