"""Employers' BPJS compliance and the referrals of non-compliant employers to the prosecutor's
office, step by step."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindungi.compliance import referrals
from lindungi.compliance.models.documents import Document
from lindungi.regions.models import Region


class EmployerStatus(models.TextChoices):
    NOT_REGISTERED = "not_registered", _("not registered")
    PARTIAL = "partial", _("registered part of the workforce")
    FULL = "full", _("registered fully")
    ARREARS = "arrears", _("in arrears")


class Employer(models.Model):
    """A business (pemberi kerja) of the regency and its BPJS Ketenagakerjaan compliance."""

    region = models.ForeignKey(
        Region, verbose_name=_("regency/city"), on_delete=models.PROTECT, related_name="+"
    )
    nib = models.CharField(_("business identification number (NIB)"), max_length=13)
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector (KBLI)"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    workers = models.PositiveIntegerField(_("workers"), default=0)
    status = models.CharField(
        _("BPJS registration status"), max_length=14, choices=EmployerStatus.choices
    )
    arrears = models.BigIntegerField(_("arrears (Rp)"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["region_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "nib"], name="employer_nib_once_per_region"),
            models.CheckConstraint(
                condition=models.Q(status__in=EmployerStatus.values),
                name="employer_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(arrears__gte=0), name="employer_arrears_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.nib})"


class ReferralStep(models.TextChoices):
    SP1 = referrals.SP1, _("first warning (SP1)")
    SP2 = referrals.SP2, _("second warning (SP2)")
    REFERRED = referrals.REFERRED, _("referred to the prosecutor's office (Datun) under an SKK")
    IN_COURT = referrals.IN_COURT, _("in court")
    SETTLED = referrals.SETTLED, _("paid / settled")
    CLOSED = referrals.CLOSED, _("closed")


class Referral(models.Model):
    """One non-compliance case of an employer, at its latest step (`referrals.py`)."""

    region = models.ForeignKey(
        Region, verbose_name=_("regency/city"), on_delete=models.PROTECT, related_name="+"
    )
    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="referrals"
    )
    step = models.CharField(_("step"), max_length=10, choices=ReferralStep.choices)
    step_date = models.DateField(_("date of the step"))
    arrears = models.BigIntegerField(_("arrears when opened (Rp)"), default=0)
    skk_number = models.CharField(
        _("special power of attorney (SKK) number"), max_length=100, blank=True
    )
    prosecutor_office = models.CharField(_("prosecutor's office"), max_length=200, blank=True)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["region_id", "-step_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(step__in=ReferralStep.values), name="referral_step_valid"
            ),
            models.UniqueConstraint(
                fields=["employer"],
                condition=~models.Q(step__in=sorted(referrals.FINAL)),
                name="referral_one_open_per_employer",
            ),
            models.CheckConstraint(
                condition=~models.Q(step__in=[referrals.REFERRED, referrals.IN_COURT])
                | ~models.Q(skk_number=""),
                name="referral_referred_has_skk",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.step}"


class ReferralEvent(models.Model):
    """One dated step of a referral, with its letter or SKK number and documents."""

    referral = models.ForeignKey(
        Referral, verbose_name=_("referral"), on_delete=models.CASCADE, related_name="events"
    )
    step = models.CharField(_("step"), max_length=10, choices=ReferralStep.choices)
    happened_on = models.DateField(_("date"))
    reference = models.CharField(_("letter number"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    documents = models.ManyToManyField(Document, verbose_name=_("documents"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("referral step")
        verbose_name_plural = _("referral steps")
        ordering = ["referral_id", "happened_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "step"], name="referral_step_once"),
        ]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.step} {self.happened_on}"
