"""The dated rate tables every contribution and benefit is computed from."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Confidence(models.TextChoices):
    HIGH = "H", _("High: primary text or two consistent sources")
    MEDIUM = "M", _("Medium: one reputable source")
    LOW = "L", _("Low: to be verified")


class RateVersion(models.Model):
    """One version of one rate, in force from `berlaku_mulai` to `berlaku_sampai` (inclusive).

    Versions are never edited: a change of rate is a new version from a later day, so that a
    result for an earlier day never changes.
    """

    key = models.CharField(_("key"), max_length=64)
    value = models.JSONField(_("value"))
    berlaku_mulai = models.DateField(_("in force from"))
    berlaku_sampai = models.DateField(_("in force until"), null=True, blank=True)
    rule = models.TextField(_("rule"))
    source = models.TextField(_("source"), blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=1, choices=Confidence.choices, default=Confidence.HIGH
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("rate version")
        verbose_name_plural = _("rate versions")
        ordering = ["key", "berlaku_mulai"]
        constraints = [
            models.UniqueConstraint(fields=["key", "berlaku_mulai"], name="rate_one_version_a_day"),
            models.CheckConstraint(
                condition=models.Q(berlaku_sampai__isnull=True)
                | models.Q(berlaku_sampai__gte=models.F("berlaku_mulai")),
                name="rate_period_not_reversed",
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__in=["H", "M", "L"]), name="rate_confidence_valid"
            ),
        ]

    def __str__(self) -> str:
        until = self.berlaku_sampai.isoformat() if self.berlaku_sampai else "…"
        return f"{self.key} {self.berlaku_mulai.isoformat()} .. {until}"
