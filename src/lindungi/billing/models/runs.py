"""Billing runs: one per month (or months ahead) billed, correction or resumption of a region."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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
