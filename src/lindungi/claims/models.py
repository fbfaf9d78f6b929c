"""The claim register: benefits claimed for protected workers, from the report to the payment.

A claim names the worker, the enrolment that protected them on the event date and the benefit
due as Lindungi computed it (component by component, with the rule of each, `benefit`), then
follows BPJS's decision and the payment. The region is the worker's village on the day of the
report: the claim's scope and the unit of the impact figures. Every change is a service call
with an audit event (`services.py`); the history of a claim is its audit trail.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindungi.programs.models import Enrolment
from lindungi.regions.models import Region
from lindungi.workers.models import Worker


class ClaimType(models.TextChoices):
    JKM = "JKM", _("Death benefit (JKM)")
    JKK = "JKK", _("Work accident (JKK)")
    BEASISWA = "BEASISWA", _("Scholarship for the children")


class JkkKind(models.TextChoices):
    CARE = "care", _("medical care")
    STMB = "stmb", _("temporary incapacity to work (STMB)")
    DISABILITY = "disability", _("disability")
    DEATH = "death", _("death from a work accident")


class ScholarshipRoute(models.TextChoices):
    JKM = "JKM", _("after a death not from work (JKM)")
    JKK = "JKK", _("after a work accident (JKK)")


class ClaimStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    REPORTED = "reported", _("reported")
    SUBMITTED = "submitted", _("submitted to BPJS")
    APPROVED = "approved", _("approved by BPJS")
    REJECTED = "rejected", _("rejected by BPJS")
    PAID = "paid", _("paid")


# The statuses a claim may move to from each status (the services refuse any other move).
NEXT_STATUSES: dict[str, tuple[str, ...]] = {
    ClaimStatus.DRAFT: (ClaimStatus.REPORTED,),
    ClaimStatus.REPORTED: (ClaimStatus.SUBMITTED,),
    ClaimStatus.SUBMITTED: (ClaimStatus.APPROVED, ClaimStatus.REJECTED),
    ClaimStatus.APPROVED: (ClaimStatus.PAID,),
    ClaimStatus.REJECTED: (),
    ClaimStatus.PAID: (),
}


class Claim(models.Model):
    """One benefit claimed for one worker after one event (a death, an accident)."""

    worker = models.ForeignKey(
        Worker, verbose_name=_("worker"), on_delete=models.PROTECT, related_name="claims"
    )
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment protecting on the event date"),
        on_delete=models.PROTECT,
        related_name="claims",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # the (region, status) index serves it
    )
    type = models.CharField(_("type"), max_length=8, choices=ClaimType.choices)
    jkk_kind = models.CharField(
        _("work accident benefit"), max_length=10, choices=JkkKind.choices, blank=True
    )
    scholarship_route = models.CharField(
        _("scholarship route"), max_length=3, choices=ScholarshipRoute.choices, blank=True
    )
    children = models.PositiveSmallIntegerField(_("children"), null=True, blank=True)
    months_off = models.PositiveSmallIntegerField(_("months unable to work"), null=True, blank=True)
    event_date = models.DateField(_("event date"))
    event_time = models.TimeField(_("event time"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=9, choices=ClaimStatus.choices, default=ClaimStatus.REPORTED
    )
    # The benefit due as computed when reported: {"components": [{name, amount, rule,
    # confidence}], "total", "notes", "months_paid", …}; `benefit_total` is its total, None
    # when Lindungi does not compute it (care in kind, disability assessed by BPJS).
    benefit = models.JSONField(_("benefit due"), default=dict)
    benefit_total = models.BigIntegerField(_("benefit due (total)"), null=True, blank=True)
    months_paid = models.PositiveSmallIntegerField(_("paid months before the event"), default=0)
    is_late = models.BooleanField(_("reported late"), default=False)
    report_deadline = models.DateTimeField(_("reporting deadline"), null=True, blank=True)
    expires_on = models.DateField(_("claim expires"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    reporter_region = models.ForeignKey(
        Region,
        verbose_name=_("reporter's region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted to BPJS"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_reason = models.CharField(_("reason of the decision"), max_length=500, blank=True)
    approved_amount = models.BigIntegerField(_("amount approved"), null=True, blank=True)
    # An amount other than the benefit computed: proposed with its reason by one officer,
    # approved by a second (`amount_approved_by`), never above the benefit's maximum.
    proposed_amount = models.BigIntegerField(_("amount proposed"), null=True, blank=True)
    proposed_reason = models.CharField(_("reason of the amount"), max_length=500, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(_("amount proposed on"), null=True, blank=True)
    amount_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("second officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    paid_amount = models.BigIntegerField(_("amount paid"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)
    paid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["-event_date", "-id"]
        indexes = [
            models.Index(fields=["region", "status"], name="claim_region_status_idx"),
            models.Index(fields=["worker", "event_date"], name="claim_worker_event_idx"),
            models.Index(
                fields=["paid_on"], name="claim_paid_on_idx", condition=models.Q(status="paid")
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(type__in=ClaimType.values), name="claim_type_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=(models.Q(type="JKK") & models.Q(jkk_kind__in=JkkKind.values))
                | (~models.Q(type="JKK") & models.Q(jkk_kind="")),
                name="claim_jkk_kind_for_jkk_only",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(type="BEASISWA")
                    & models.Q(scholarship_route__in=ScholarshipRoute.values)
                )
                | (~models.Q(type="BEASISWA") & models.Q(scholarship_route="")),
                name="claim_route_for_scholarships_only",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(decision_reason=""),
                name="claim_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="paid")
                | (models.Q(paid_amount__gt=0) & models.Q(paid_on__isnull=False)),
                name="claim_paid_has_amount_and_date",
            ),
            models.CheckConstraint(
                condition=models.Q(benefit_total__isnull=True) | models.Q(benefit_total__gte=0),
                name="claim_benefit_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(proposed_amount__isnull=True)
                | (models.Q(proposed_amount__gt=0) & ~models.Q(proposed_reason="")),
                name="claim_proposed_amount_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_approved_by__isnull=True)
                | ~models.Q(amount_approved_by=models.F("proposed_by")),
                name="claim_amount_approved_by_a_second_officer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.worker_id} {self.event_date} ({self.status})"


class DocumentKind(models.TextChoices):
    DEATH_CERTIFICATE = "death_certificate", _("death certificate")
    KTP = "ktp", _("identity card (KTP)")
    KK = "kk", _("family card (KK)")
    POLICE_REPORT = "police_report", _("police report")
    MEDICAL_REPORT = "medical_report", _("medical report")
    OTHER = "other", _("other")


def document_path(document: "ClaimDocument", filename: str) -> str:
    """Where a document is stored: under the claim, named by its content hash and never by the
    uploader's file name (which is kept, sanitised, in `original_name`)."""
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"claims/{document.claim_id}/{document.sha256[:32]}.{extension}"


class ClaimDocument(models.Model):
    """A file attached to a claim (checked by `uploads.check_upload` before it is stored)."""

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        verbose_name = _("claim document")
        verbose_name_plural = _("claim documents")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DocumentKind.values), name="claim_document_kind_valid"
            ),
            models.UniqueConstraint(fields=["claim", "sha256"], name="claim_document_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.original_name}"
