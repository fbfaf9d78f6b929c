"""Inpres 2/2021 coordination of a regency: the instruction's tasks and their history, the
coordination team, cooperation agreements, activities, employers and the referrals of
non-compliant employers to the prosecutor's office. Everything belongs to one regency (`region`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindungi.accounts.models import Agency
from lindungi.compliance import referrals
from lindungi.core.versioning import Versioned
from lindungi.regions.models import Region


def document_path(document: "Document", filename: str) -> str:
    """Under the regency, named by the content hash (the uploader's name is kept apart)."""
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"compliance/{document.region_id}/{document.sha256[:32]}.{extension}"


class Document(models.Model):
    """A checked file (PDF, JPEG or PNG; `core.uploads.check_upload`) that tasks, agreements and
    referral steps point to."""

    region = models.ForeignKey(
        Region, verbose_name=_("regency/city"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("compliance document")
        verbose_name_plural = _("compliance documents")

    def __str__(self) -> str:
        return self.original_name


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
