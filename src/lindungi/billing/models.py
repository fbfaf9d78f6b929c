"""Bills, payments and what happens to an enrolment whose bills stay unpaid (docs/billing.md).

Money is integer Rupiah; months are stored as the first day of the month. Nothing here is ever
edited to change an amount: a billing run adds bills, a correction adds a credit bill, a payment
adds allocations. The database holds the guarantees that matter for money:

- a charge line exists once per (enrolment, month, sponsor): no month is billed twice to the
  same sponsor, whatever runs at the same time (the lines' primary key);
- a line is on its own sponsor's bill; an allocation applies a sponsor's money to that same
  sponsor's bill, never beyond the bill's total, the payment's amount or the credit note
  (checked once per statement: migration 0002);
- every row that carries money is protected from deletion (`PROTECT`).

What a bill has been paid is not stored on it but summed from its allocations (`paid`, which
the selectors annotate): a statement of 100,000 payments then adds rows and rewrites none.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindungi.programs.models import Enrolment, Sponsor
from lindungi.regions.models import Region


class RunKind(models.TextChoices):
    REGULAR = "regular", _("monthly billing")
    CORRECTION = "correction", _("corrections (credits)")
    RESUMPTION = "resumption", _("billing of resumed enrolments")


class BillingRun(models.Model):
    """One run of the monthly billing (or of the corrections) for a region, with its counts."""

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))
    kind = models.CharField(
        _("kind"), max_length=10, choices=RunKind.choices, default=RunKind.REGULAR
    )
    months_ahead = models.PositiveSmallIntegerField(_("months billed"), default=1)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    bills = models.PositiveIntegerField(_("bills"), default=0)
    lines = models.PositiveIntegerField(_("lines"), default=0)
    enrolments = models.PositiveIntegerField(_("enrolments"), default=0)
    amount = models.BigIntegerField(_("amount"), default=0)

    class Meta:
        verbose_name = _("billing run")
        verbose_name_plural = _("billing runs")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["region", "month"], name="billingrun_region_month_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=RunKind.values), name="billingrun_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(months_ahead__in=[1, 3, 6, 12]),
                name="billingrun_months_ahead_1_3_6_12",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.month:%Y-%m} ({self.kind})"


class BillKind(models.TextChoices):
    REGULAR = "regular", _("bill")
    CREDIT = "credit", _("credit note")


class Bill(models.Model):
    """What one sponsor owes from one run (a credit note: what is owed back to it). What has
    been paid (for a credit note: used) is the sum of its allocations, which the selectors
    annotate as `paid`, with `open_amount`; a bill is open while it has an open amount."""

    sponsor = models.ForeignKey(
        Sponsor,
        verbose_name=_("sponsor"),
        on_delete=models.PROTECT,
        related_name="bills",
        db_index=False,  # the (sponsor, month) index serves it
    )
    month = models.DateField(_("month"))
    run = models.ForeignKey(
        BillingRun, verbose_name=_("billing run"), on_delete=models.PROTECT, related_name="+"
    )
    # Unique through Meta.constraints: `unique=True` would add a second, LIKE-pattern index on
    # PostgreSQL that nothing uses and every billing run pays for.
    number = models.CharField(_("number"), max_length=40)
    kind = models.CharField(
        _("kind"), max_length=7, choices=BillKind.choices, default=BillKind.REGULAR
    )
    issued_on = models.DateField(_("issued"))
    due_date = models.DateField(_("due"))
    total = models.BigIntegerField(_("total"))

    class Meta:
        verbose_name = _("bill")
        verbose_name_plural = _("bills")
        ordering = ["-month", "number"]
        indexes = [
            models.Index(fields=["sponsor", "month"], name="bill_sponsor_month_idx"),
            models.Index(
                fields=["sponsor"], name="bill_credit_idx", condition=models.Q(kind="credit")
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="bill_number_unique"),
            models.CheckConstraint(
                condition=models.Q(kind=BillKind.REGULAR, total__gt=0)
                | models.Q(kind=BillKind.CREDIT, total__lt=0),
                name="bill_total_sign_by_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class LineKind(models.TextChoices):
    CHARGE = "charge", _("charge")
    CREDIT = "credit", _("credit")


class BillLine(models.Model):
    """One enrolment's month on one sponsor's bill: the sponsor's share of the monthly
    contribution (a credit: that share given back).

    Its three references are checked by the database once per statement, not once per row
    (migration 0002): a billing run writes a million lines at once, and PostgreSQL's per-row
    foreign-key checks would triple its time. The check is stricter than three foreign keys: a
    line's sponsor must be its bill's sponsor. Deleting a bill or an enrolment that has lines
    is refused the same way (and by `PROTECT` in Django)."""

    # The key says what a line is: one sponsor's charge (or credit) of one enrolment's month. It
    # is what refuses a second charge of a month, whatever runs at the same time; and being the
    # primary key, it costs no index of its own.
    pk = models.CompositePrimaryKey("enrolment", "month", "sponsor", "kind")
    bill = models.ForeignKey(
        Bill,
        verbose_name=_("bill"),
        on_delete=models.PROTECT,
        related_name="lines",
        db_constraint=False,  # checked per statement: migration 0002
    )
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the primary key (enrolment, month, sponsor, kind) serves it
        db_constraint=False,  # checked per statement: migration 0002
    )
    # The bill's sponsor, repeated here so that the database can refuse a second charge.
    sponsor = models.ForeignKey(
        Sponsor,
        verbose_name=_("sponsor"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,  # must equal the bill's sponsor: migration 0002
    )
    month = models.DateField(_("month"))
    amount = models.BigIntegerField(_("amount"))
    kind = models.CharField(
        _("kind"), max_length=6, choices=LineKind.choices, default=LineKind.CHARGE
    )
    share_basis_points = models.PositiveSmallIntegerField(_("share (basis points)"), default=10000)

    class Meta:
        verbose_name = _("bill line")
        verbose_name_plural = _("bill lines")
        ordering = ["bill", "enrolment", "month"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=LineKind.CHARGE, amount__gt=0)
                | models.Q(kind=LineKind.CREDIT, amount__lt=0),
                name="billline_amount_sign_by_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(share_basis_points__gte=1, share_basis_points__lte=10000),
                name="billline_share_1_to_10000",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.month:%Y-%m} {self.amount}"


class CostShare(models.Model):
    """A second payer for an enrolment (co-funding): it pays `basis_points` / 10,000 of each
    month (rounded half up); the enrolment's own sponsor pays the rest."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.PROTECT, related_name="+"
    )
    sponsor = models.ForeignKey(
        Sponsor, verbose_name=_("sponsor"), on_delete=models.PROTECT, related_name="+"
    )
    basis_points = models.PositiveSmallIntegerField(_("share (basis points)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("cost share")
        verbose_name_plural = _("cost shares")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "sponsor"], name="costshare_once"),
            models.CheckConstraint(
                condition=models.Q(basis_points__gte=1, basis_points__lte=9999),
                name="costshare_1_to_9999",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sponsor_id} pays {self.basis_points / 100:.2f}% of {self.enrolment_id}"


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


class StatementLine(models.Model):
    """A row of a statement that matched no bill, with the reason, left for a human. (A row
    that matched became a `Payment` naming the statement and its line.)"""

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


class Lapse(models.Model):
    """Why and when an enrolment lapsed for non-payment (REGULATIONS.md §5), and, once its
    sponsor paid again, the new enrolment that took over from the payment's month."""

    enrolment = models.OneToOneField(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.PROTECT, related_name="lapse"
    )
    lapsed_on = models.DateField(_("lapsed on"))
    oldest_unpaid_month = models.DateField(_("oldest unpaid month"))
    # The enrolment's last month before it lapsed: a payment may resume it up to this month.
    period_last_month = models.DateField(_("end of the funded period"))
    created_at = models.DateTimeField(_("recorded"))
    resumed_by = models.OneToOneField(
        Enrolment,
        verbose_name=_("resumed as"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resumes",
    )
    payment = models.ForeignKey(
        Payment,
        verbose_name=_("payment that resumed it"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("lapse")
        verbose_name_plural = _("lapses")
        ordering = ["-lapsed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.enrolment_id} lapsed on {self.lapsed_on}"


class Outbox(models.Model):
    """A mail to send; kept until sent, with the last failure, so nothing is lost while the
    mail server is down. `key` makes queuing idempotent (one reminder per sponsor and month)."""

    key = models.CharField(_("key"), max_length=100, unique=True)
    to = models.CharField(_("to"), max_length=500)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    sponsor = models.ForeignKey(
        Sponsor,
        verbose_name=_("sponsor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("queued"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mail")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="outbox_unsent_idx",
                condition=models.Q(sent_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"
