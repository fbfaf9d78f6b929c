"""Enrolments and the batches that send them to BPJS."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindungi.core.months import months_between
from lindungi.programs.models.programs import Program
from lindungi.programs.models.sponsors import FundingSource, Sponsor
from lindungi.regions.models import Region
from lindungi.workers.models import Worker


class EnrolmentStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for verification")
    VERIFIED = "verified", _("verified, to send to BPJS")
    SENT = "sent", _("sent to BPJS")
    ACTIVE = "active", _("active")
    REJECTED = "rejected", _("rejected by BPJS")
    CANCELLED = "cancelled", _("cancelled before activation")
    LAPSED = "lapsed", _("lapsed")
    ENDED = "ended", _("ended")


class EndReason(models.TextChoices):
    DIED = "died", _("died")
    MOVED = "moved", _("moved away")
    BECAME_PU = "became_pu", _("became a wage earner (PU)")
    SPONSOR_STOPPED = "sponsor_stopped", _("the sponsor stopped")
    CONSENT_WITHDRAWN = "consent_revoked", _("consent withdrawn")
    PERIOD_OVER = "period_over", _("the program's period is over")
    OTHER = "other", _("other")


class SubmissionBatch(models.Model):
    """Verified enrolments handed to BPJS together: one collective-registration file and one
    handover statement (Berita Acara Serah Terima Data)."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="batches"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("regency/city"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    enrolment_count = models.PositiveIntegerField(_("enrolments"), default=0)

    class Meta:
        verbose_name = _("submission batch")
        verbose_name_plural = _("submission batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number


class EndingsFile(models.Model):
    """The list of ended memberships (non-aktif) handed to BPJS for a regency: every enrolment
    ended since the region's previous list (docs/bpjs-exchange.md)."""

    number = models.CharField(_("number"), max_length=40, unique=True)
    region = models.ForeignKey(
        Region, verbose_name=_("regency/city"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    row_count = models.PositiveIntegerField(_("rows"), default=0)

    class Meta:
        verbose_name = _("non-active list")
        verbose_name_plural = _("non-active lists")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number


class Enrolment(models.Model):
    """One worker protected by one program, paid by one sponsor, for a run of months."""

    worker = models.ForeignKey(
        Worker,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        related_name="enrolments",
        db_index=False,  # the (worker, first_month) index serves it
    )
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="enrolments"
    )
    sponsor = models.ForeignKey(
        Sponsor,
        verbose_name=_("sponsor"),
        on_delete=models.PROTECT,
        related_name="enrolments",
        db_index=False,  # the (sponsor, status) index serves it
    )
    first_month = models.DateField(_("first month"))
    last_month = models.DateField(_("last month"))
    status = models.CharField(
        _("status"),
        max_length=9,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.DRAFT,
    )
    monthly_amount = models.BigIntegerField(_("monthly contribution"))
    funding_source = models.CharField(
        _("funding source"), max_length=10, choices=FundingSource.choices
    )
    batch = models.ForeignKey(
        SubmissionBatch,
        verbose_name=_("submission batch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
    )
    kpj = models.CharField(_("BPJS membership number (KPJ)"), max_length=16, blank=True)
    bpjs_start_date = models.DateField(_("protected from"), null=True, blank=True)
    returned_reason = models.CharField(_("reason returned"), max_length=300, blank=True)
    rejected_reason = models.CharField(_("reason rejected by BPJS"), max_length=300, blank=True)
    end_reason = models.CharField(
        _("reason ended"), max_length=16, choices=EndReason.choices, blank=True
    )
    end_note = models.CharField(_("note"), max_length=300, blank=True)
    # The life event that ended it (programs.services.endings): its date, when and by whom it
    # was recorded, and the non-aktif file that told BPJS (None: not told yet).
    event_date = models.DateField(_("event date"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    endings_file = models.ForeignKey(
        "EndingsFile",
        verbose_name=_("non-active list"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["worker", "first_month"], name="enrolment_worker_month_idx"),
            models.Index(fields=["sponsor", "status"], name="enrolment_sponsor_status_idx"),
            models.Index(fields=["program", "status"], name="enrolment_program_status_idx"),
            # The next non-aktif list: ended enrolments not told to BPJS yet (few at a time).
            models.Index(
                fields=["ended_at"],
                name="enrolment_ending_untold_idx",
                condition=models.Q(ended_at__isnull=False, endings_file__isnull=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=EnrolmentStatus.values),
                name="enrolment_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(first_month__lte=models.F("last_month")),
                name="enrolment_months_ordered",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="active") | ~models.Q(kpj=""),
                name="enrolment_active_has_kpj",
            ),
            models.CheckConstraint(
                condition=models.Q(monthly_amount__gt=0), name="enrolment_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} in {self.program_id} ({self.status})"

    @property
    def month_count(self) -> int:
        return months_between(self.first_month, self.last_month)


# Statuses in which an enrolment no longer holds its months.
RELEASED = (EnrolmentStatus.REJECTED, EnrolmentStatus.CANCELLED)
