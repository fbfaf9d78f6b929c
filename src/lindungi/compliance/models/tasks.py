"""The instruction's tasks of a regency and the history of their changes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindungi.accounts.models import Agency
from lindungi.compliance.models.documents import Document
from lindungi.core.versioning import Versioned
from lindungi.regions.models import Region


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class Confidence(models.TextChoices):
    HIGH = "H", _("high")
    MEDIUM = "M", _("medium")
    LOW = "L", _("low (not verified)")


class InpresTask(Versioned):
    """One duty of the instruction for a regency, with the agency responsible for it."""

    region = models.ForeignKey(
        Region, verbose_name=_("regency/city"), on_delete=models.PROTECT, related_name="+"
    )
    key = models.SlugField(_("seed key"), max_length=40, blank=True)  # "" when added by hand
    duty = models.TextField(_("duty"))
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=1, choices=Confidence.choices, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("responsible agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inpres_tasks",
    )
    status = models.CharField(
        _("status"), max_length=14, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    evidence_link = models.URLField(_("evidence link"), max_length=500, blank=True)
    evidence = models.ForeignKey(
        Document,
        verbose_name=_("evidence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("Inpres task")
        verbose_name_plural = _("Inpres tasks")
        ordering = ["region_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=TaskStatus.values), name="inpres_task_status_valid"
            ),
            models.UniqueConstraint(
                fields=["region", "key"],
                condition=~models.Q(key=""),
                name="inpres_task_key_once_per_region",
            ),
        ]

    def __str__(self) -> str:
        return self.duty[:60]


class TaskChange(models.Model):
    """One change of a task: who, when, and each changed field's value before and after."""

    task = models.ForeignKey(
        InpresTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="changes"
    )
    action = models.CharField(_("action"), max_length=20)
    changes = models.JSONField(_("changes"), default=dict)  # field -> [before, after]
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("task change")
        verbose_name_plural = _("task changes")
        ordering = ["task_id", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.task_id} {self.action}"
