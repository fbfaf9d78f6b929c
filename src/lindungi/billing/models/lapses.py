"""Lapses of unpaid enrolments, and the outbox of reminders to sponsors."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lindungi.billing.models.payments import Payment
from lindungi.programs.models import Enrolment, Sponsor


class Lapse(models.Model):
    """Why and when an enrolment lapsed for non-payment (three unpaid months: BPJS
    Ketenagakerjaan's PROBIS p.59 and p.85), and, once its sponsor paid again, the new
    enrolment that took over from the payment's month."""

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
