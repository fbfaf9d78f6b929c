"""The coordination team, cooperation agreements (KSO/PKS/MoU) and activities of a regency."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lindungi.accounts.models import Agency
from lindungi.compliance.models.documents import Document
from lindungi.compliance.models.enforcement import Employer
from lindungi.core.versioning import Versioned
from lindungi.regions.models import Region


class TeamRole(models.TextChoices):
    KETUA = "ketua", _("chair (ketua)")
    WAKIL_KETUA = "wakil_ketua", _("vice chair (wakil ketua)")
    SEKRETARIS = "sekretaris", _("secretary (sekretaris)")
    ANGGOTA = "anggota", _("member (anggota)")


class TeamMember(Versioned):
    """A member of the regency's coordination team (Tim Koordinasi)."""

    region = models.ForeignKey(
        Region, verbose_name=_("regency/city"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=200, blank=True)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)  # BPJS, Kejari
    team_role = models.CharField(_("role in the team"), max_length=12, choices=TeamRole.choices)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["region_id", "team_role", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(team_role__in=TeamRole.values), name="team_member_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AgreementKind(models.TextChoices):
    KSO = "KSO", _("operational cooperation (KSO)")
    PKS = "PKS", _("cooperation agreement (PKS)")
    MOU = "MOU", _("memorandum of understanding (MoU)")


class Agreement(Versioned):
    """A cooperation agreement (KSO/PKS/MoU) of the regency with BPJS, a village, a company or
    an agency, and the period it runs."""

    region = models.ForeignKey(
        Region, verbose_name=_("regency/city"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=3, choices=AgreementKind.choices)
    number = models.CharField(_("number"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    with_bpjs = models.BooleanField(_("with BPJS Ketenagakerjaan"), default=True)
    village = models.ForeignKey(
        Region,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    other_parties = models.CharField(_("other parties"), max_length=300, blank=True)
    signed_on = models.DateField(_("signed"))
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)  # None: until revoked
    scope_text = models.TextField(_("scope"), blank=True)
    document = models.ForeignKey(
        Document,
        verbose_name=_("document"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["region_id", "-signed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=AgreementKind.values), name="agreement_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__lte=models.F("ends_on")),
                name="agreement_period_ordered",
            ),
            models.UniqueConstraint(
                fields=["region", "number"], name="agreement_number_once_per_region"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"


class ActivityKind(models.TextChoices):
    FGD = "fgd", _("focus group discussion (FGD)")
    SOSIALISASI = "sosialisasi", _("socialisation (sosialisasi)")
    AUDIENSI = "audiensi", _("audience (audiensi)")
    RAPAT = "rapat", _("coordination meeting (rapat koordinasi)")


class Activity(Versioned):
    """An FGD, socialisation event, audience or meeting, and who it reached."""

    region = models.ForeignKey(
        Region, verbose_name=_("regency/city"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    villages = models.ManyToManyField(
        Region, verbose_name=_("villages in the audience"), blank=True, related_name="+"
    )
    agencies = models.ManyToManyField(
        Agency, verbose_name=_("agencies in the audience"), blank=True, related_name="+"
    )
    asn_present = models.PositiveIntegerField(_("civil servants present"), default=0)
    workers_present = models.PositiveIntegerField(_("workers present"), default=0)
    attendance = models.PositiveIntegerField(_("attendance"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["region_id", "-held_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=ActivityKind.values), name="activity_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.held_on}: {self.title}"
