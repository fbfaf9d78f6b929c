"""Programs: a named scheme of one regency for one year."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindungi.regions.models import Region


class PovertyRule(models.TextChoices):
    NONE = "none", _("not considered")
    PREFERRED = "preferred", _("preferred (listed first)")
    REQUIRED = "required", _("required")


class QuotaRule(models.TextChoices):
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")


class Program(models.Model):
    """A named scheme of one regency for one year: what it covers, for whom, paid by whom."""

    region = models.ForeignKey(
        Region, verbose_name=_("regency/city"), on_delete=models.PROTECT, related_name="programs"
    )
    template = models.CharField(_("template"), max_length=32, blank=True)
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    sponsor_kinds = models.JSONField(_("sponsor kinds"), default=list)
    includes_jht = models.BooleanField(_("includes old-age savings (JHT)"), default=False)
    income_basis = models.BigIntegerField(_("declared income used for contributions"))
    start_month = models.DateField(_("first month"))
    months = models.PositiveSmallIntegerField(_("number of months"))
    categories = models.JSONField(_("worker categories"), default=list)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    must_live_in_sponsor_village = models.BooleanField(
        _("must live in the sponsoring village"), default=False
    )
    poverty_rule = models.CharField(
        _("extreme-poverty listing (P3KE/DTKS)"),
        max_length=10,
        choices=PovertyRule.choices,
        default=PovertyRule.NONE,
    )
    quota_per_sponsor = models.PositiveIntegerField(_("quota per sponsor"), null=True, blank=True)
    quota_rule = models.CharField(
        _("quota"), max_length=8, choices=QuotaRule.choices, default=QuotaRule.AT_LEAST
    )
    target = models.PositiveIntegerField(_("target (workers)"), null=True, blank=True)
    budget = models.BigIntegerField(_("budget"), null=True, blank=True)
    is_active = models.BooleanField(_("open for enrolment"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="program_name_unique"),
            models.CheckConstraint(
                condition=models.Q(months__gte=1, months__lte=12), name="program_months_1_to_12"
            ),
            models.CheckConstraint(
                condition=models.Q(income_basis__gt=0), name="program_income_basis_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(min_age__lte=models.F("max_age")),
                name="program_age_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name
