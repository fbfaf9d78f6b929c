"""Payments, BPJS payment statements with their unmatched lines, and allocations of money to
bills."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindungi.billing.models.bills import Bill
from lindungi.programs.models import Sponsor
from lindungi.regions.models import Region


class Channel(models.TextChoices):
    TRANSFER = "transfer", _("bank transfer")
    VIRTUAL_ACCOUNT = "virtual_account", _("virtual account")
    TELLER = "teller", _("cash at a bank or BPJS office")
    TPP = "tpp", _("deduction from civil servants' allowance (TPP)")
    STATEMENT = "statement", _("BPJS payment statement")
    OTHER = "other", _("other")


class PaymentStatement(models.Model):
    """A payment statement BPJS sent (CSV or Excel), imported once."""

    filename = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(_("fingerprint"), max_length=64, unique=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported"))
    rows = models.PositiveIntegerField(_("rows"), default=0)
    matched = models.PositiveIntegerField(_("matched"), default=0)
    unmatched = models.PositiveIntegerField(_("not matched"), default=0)
    matched_amount = models.BigIntegerField(_("amount matched"), default=0)

    class Meta:
        verbose_name = _("payment statement")
        verbose_name_plural = _("payment statements")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.filename


class MismatchReason(models.TextChoices):
    UNKNOWN_REFERENCE = "unknown_reference", _("no bill with this number in your area")
    AMOUNT_DIFFERS = "amount_differs", _("the amount differs from what the bill still owes")
    ALREADY_PAID = "already_paid", _("the bill is already paid")
    DUPLICATE_IN_FILE = "duplicate_in_file", _("the bill number appears on an earlier line")
    CREDIT_NOTE = "credit_note", _("the number is a credit note, not a bill")


class LineOutcome(models.TextChoices):
    """How a human resolved a statement line that matched no bill."""

    ALLOCATED = "allocated", _("allocated to a bill")
    REFUND = "refund", _("to be refunded")
    NOT_OURS = "not_ours", _("not ours")


class StatementLine(models.Model):
    """A row of a statement that matched no bill, with the reason, left for a human. (A row
    that matched became a `Payment` naming the statement and its line.) A human resolves it
    once (`services.statements.statement_line_resolve`): allocated to a bill (then a payment
    names the statement and this line), to be refunded, or not ours; with a reason, who and
    when."""

    statement = models.ForeignKey(
        PaymentStatement,
        verbose_name=_("statement"),
        on_delete=models.PROTECT,
        related_name="lines",
        db_index=False,  # the (statement, line) constraint serves it
    )
    line = models.PositiveIntegerField(_("line"))
    reference = models.CharField(_("reference"), max_length=60)
    amount = models.BigIntegerField(_("amount"))
    paid_on = models.DateField(_("paid on"))
    reason = models.CharField(_("reason"), max_length=20, choices=MismatchReason.choices)
    # The bill the reference names, when there is one the importer sees.
    bill = models.ForeignKey(
        Bill,
        verbose_name=_("bill"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolution = models.CharField(_("resolution"), max_length=300, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=10,
        choices=LineOutcome.choices,
        blank=True,
        default="",
        db_default="",  # the import inserts lines in SQL
    )
    # The bill a human allocated the line to (outcome ALLOCATED).
    allocated_to = models.ForeignKey(
        Bill,
        verbose_name=_("allocated to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("unmatched statement line")
        verbose_name_plural = _("unmatched statement lines")
        ordering = ["statement", "line"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "line"], name="statementline_once"),
            models.CheckConstraint(
                condition=models.Q(reason__in=MismatchReason.values),
                name="statementline_reason_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="statementline_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="", resolved_at__isnull=True)
                | (
                    models.Q(outcome__in=LineOutcome.values, resolved_at__isnull=False)
                    & ~models.Q(resolution="")
                ),
                name="statementline_resolved_with_outcome_and_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome=LineOutcome.ALLOCATED, allocated_to__isnull=False)
                | (~models.Q(outcome=LineOutcome.ALLOCATED) & models.Q(allocated_to__isnull=True)),
                name="statementline_allocated_names_bill",
            ),
        ]
        indexes = [
            models.Index(
                fields=["statement"],
                name="statementline_open_idx",
                condition=models.Q(resolved_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}:{self.line} {self.reference}"


class PaymentStatus(models.TextChoices):
    COUNTED = "counted", _("counted")
    PENDING = "pending", _("held for a second officer")
    REFUSED = "refused", _("refused by a second officer")


class Payment(models.Model):
    """Money a sponsor paid. `allocated` is the part spread over its bills (kept equal to the
    sum of its allocations by the services that write them); the rest waits for the sponsor's
    next bill. A payment from a BPJS statement names the statement and its line.

    A payment above what the sponsor's bills make plausible (`rules.plausible_payment`) is held
    (PENDING, nothing allocated) until a second officer confirms it (COUNTED) or refuses it
    (REFUSED, kept for the record, never counted). A sponsor's payment by hand is recorded once
    per channel and reference."""

    sponsor = models.ForeignKey(
        Sponsor,
        verbose_name=_("sponsor"),
        on_delete=models.PROTECT,
        related_name="payments",
        db_index=False,  # the (sponsor, paid_on) index serves it
    )
    amount = models.BigIntegerField(_("amount"))
    allocated = models.BigIntegerField(_("allocated"), default=0)
    paid_on = models.DateField(_("paid on"))
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    # Who recorded it by hand; a statement's payments were recorded by its importer.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # only deleting a user looks payments up by it
    )
    recorded_at = models.DateTimeField(_("recorded"))
    statement = models.ForeignKey(
        PaymentStatement,
        verbose_name=_("statement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
        db_index=False,  # the (statement, line) constraint serves it
    )
    line = models.PositiveIntegerField(_("statement line"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=7,
        choices=PaymentStatus.choices,
        default=PaymentStatus.COUNTED,
        db_default=PaymentStatus.COUNTED,  # a statement's payments are inserted in SQL
    )
    # The plausible bound the amount exceeded, when the payment was held.
    plausible_up_to = models.BigIntegerField(_("plausible up to"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed or refused by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,  # only deleting a user looks payments up by it
    )
    reviewed_at = models.DateTimeField(_("confirmed or refused"), null=True, blank=True)
    review_note = models.CharField(
        _("reason of the refusal"), max_length=300, blank=True, default="", db_default=""
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-id"]
        indexes = [
            models.Index(fields=["sponsor", "paid_on"], name="payment_sponsor_paid_idx"),
            models.Index(
                fields=["sponsor"],
                name="payment_unallocated_idx",
                condition=models.Q(allocated__lt=models.F("amount")),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_positive"),
            models.CheckConstraint(
                condition=models.Q(allocated__gte=0, allocated__lte=models.F("amount")),
                name="payment_allocated_within_amount",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=Channel.values), name="payment_channel_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(statement__isnull=True, line__isnull=True)
                | models.Q(statement__isnull=False, line__isnull=False),
                name="payment_statement_has_line",
            ),
            models.UniqueConstraint(
                fields=["statement", "line"],
                condition=models.Q(statement__isnull=False),
                name="payment_once_per_statement_line",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=PaymentStatus.values), name="payment_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status=PaymentStatus.COUNTED) | models.Q(allocated=0),
                name="payment_only_counted_is_allocated",
            ),
            # A payment recorded by hand once per sponsor, channel and reference (a refused
            # one may be recorded again, rightly).
            models.UniqueConstraint(
                fields=["sponsor", "channel", "reference"],
                condition=models.Q(statement__isnull=True)
                & ~models.Q(reference="")
                & ~models.Q(status=PaymentStatus.REFUSED),
                name="payment_reference_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sponsor_id} {self.paid_on} {self.amount}"


class Allocation(models.Model):
    """Part of a payment, or of a credit note, applied to a bill of the same sponsor.

    Its references are checked once per statement (migration 0002), more strictly than
    foreign keys could: the bill is a regular bill, the credit a credit note, both of the
    payment's (or credit note's) sponsor; a bill's allocations never exceed its total, a credit
    note's never exceed its amount."""

    bill = models.ForeignKey(
        Bill,
        verbose_name=_("bill"),
        on_delete=models.PROTECT,
        related_name="allocations",
        db_constraint=False,  # checked per statement: migration 0002
    )
    payment = models.ForeignKey(
        Payment,
        verbose_name=_("payment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
        db_constraint=False,  # checked per statement: migration 0002
    )
    credit = models.ForeignKey(
        Bill,
        verbose_name=_("credit note"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        db_constraint=False,  # checked per statement: migration 0002
    )
    amount = models.BigIntegerField(_("amount"))
    created_at = models.DateTimeField(_("created"))

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="allocation_positive"),
            models.CheckConstraint(
                condition=models.Q(payment__isnull=False, credit__isnull=True)
                | models.Q(payment__isnull=True, credit__isnull=False),
                name="allocation_from_payment_or_credit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount} to {self.bill_id}"
