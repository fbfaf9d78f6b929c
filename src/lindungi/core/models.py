"""The audit trail every service writes to: who did what, to which object, with what result."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One append-only record of a write, a login, or a reveal/export of personal data.

    Bulk operations write one event per batch with its counts in `details`, not one per row.
    """

    occurred_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    region_code = models.CharField(_("region"), max_length=13, blank=True, db_index=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return (
            f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"
        )


class ImportRecord(models.Model):
    """One file a user imported (workers, BPJS's confirmations, a payment statement …): its
    name as the user's browser sent it, what kind of import, who and where, and its outcome.
    What the list of imports shows; the kind's app links it to its own page (`object_id`)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        REFUSED = "refused", _("refused")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=40)
    file_name = models.CharField(_("file"), max_length=120)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    region_code = models.CharField(_("region"), max_length=13, blank=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.RUNNING
    )
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("new"), default=0)
    refused = models.PositiveIntegerField(_("refused"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    object_id = models.CharField(max_length=64, blank=True)  # the kind's own record (a job …)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(fields=["region_code", "-started_at"], name="import_region_time_idx"),
            models.Index(fields=["started_by", "-started_at"], name="import_user_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.kind}, {self.status})"
