"""Bills and credit notes, their lines (one per enrolment, month and sponsor), and co-funding."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindungi.billing.models.runs import BillingRun
from lindungi.programs.models import Enrolment, Sponsor


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
