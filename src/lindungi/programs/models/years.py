"""The program year: a sponsor's part in one year's program, drafted when the admin opens the
year and confirmed by the sponsor (a village with the decision of its village meeting, the
musyawarah desa; an agency with its budget document)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindungi.programs.models.programs import Program
from lindungi.programs.models.sponsors import Sponsor


class ParticipationStatus(models.TextChoices):
    DRAFT = "draft", _("draft, to confirm")
    CONFIRMED = "confirmed", _("confirmed")


class Participation(models.Model):
    """One sponsor's program for one year: drafted from last year's when the year is opened,
    open for the sponsor's enrolments once confirmed with its decision."""

    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    sponsor = models.ForeignKey(
        Sponsor,
        verbose_name=_("sponsor"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    previous = models.ForeignKey(
        Program,
        verbose_name=_("continues"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    quota = models.PositiveIntegerField(_("quota"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=9,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.DRAFT,
    )
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("program participation")
        verbose_name_plural = _("program participations")
        ordering = ["program", "sponsor__name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "sponsor"], name="participation_one_per_sponsor"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ParticipationStatus.values),
                name="participation_status_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="confirmed") | models.Q(confirmed_at__isnull=False),
                name="participation_confirmed_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sponsor_id} in {self.program_id} ({self.status})"
