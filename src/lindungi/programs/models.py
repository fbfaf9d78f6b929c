"""Who pays (sponsors), for which scheme (programs), for whom and which months (enrolments).

Months are stored as the first day of the month. An enrolment holds its months from the moment
it is drafted until BPJS rejects it; the database refuses a second enrolment of the same worker
whose months overlap a held one (every program covers JKK and JKM, so an overlap would fund the
same benefit twice). The constraint is an exclusion constraint on PostgreSQL and a trigger on
SQLite (migration 0002); the services check first and name the sponsor that already pays.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindungi.accounts.models import Agency
from lindungi.core.months import months_between
from lindungi.regions.models import Region
from lindungi.workers.models import Worker


class SponsorKind(models.TextChoices):
    DESA = "DESA", _("Village")
    OPD = "OPD", _("Agency (OPD)")
    ASN = "ASN", _("Civil servant (ASN)")
    PERUSAHAAN = "PERUSAHAAN", _("Company (CSR)")
    BAZNAS = "BAZNAS", _("Zakat body (Baznas)")
    DONATUR = "DONATUR", _("Donor")
    MANDIRI = "MANDIRI", _("The worker (self-paying)")


class FundingSource(models.TextChoices):
    """Where the money comes from, kept apart from who the sponsor is (REGULATIONS.md §7:
    Dana Desa was barred for these contributions in 2024 and allowed again for 2026)."""

    APBD = "APBD", _("Regional budget (APBD)")
    DANA_DESA = "DANA_DESA", _("Village budget: Dana Desa")
    ADD = "ADD", _("Village budget: Alokasi Dana Desa")
    PADES = "PADES", _("Village budget: village own revenue (PADes)")
    TPP = "TPP", _("Civil servant's allowance (TPP)")
    CSR = "CSR", _("Company CSR")
    ZAKAT = "ZAKAT", _("Zakat")
    DONATION = "DONATION", _("Donation")
    SELF = "SELF", _("Self-paid")


class GroupCode(models.TextChoices):
    """BPJS's codes for groups (wadah) of vulnerable workers (PROBIS p.67)."""

    SG = "SG", _("SG: government")
    SD = "SD", _("SD: village, APBDes")
    SA = "SA", _("SA: village, APBD")
    SL = "SL", _("SL: village, other sources")
    SC = "SC", _("SC: company CSR")
    SB = "SB", _("SB: banking")


class Sponsor(models.Model):
    """Someone who pays for workers' protection. Its region is the village for a DESA sponsor
    and the regency for every other kind; OPD and ASN sponsors also name their agency."""

    kind = models.CharField(_("kind"), max_length=10, choices=SponsorKind.choices)
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="sponsors"
    )
    funding_source = models.CharField(
        _("funding source"), max_length=10, choices=FundingSource.choices
    )
    group_code = models.CharField(
        _("BPJS group code"), max_length=2, choices=GroupCode.choices, blank=True
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sponsors",
    )
    # ASN: the civil servant's own account, NIP and monthly allowance (TPP).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sponsorships",
    )
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    tpp = models.BigIntegerField(_("monthly allowance (TPP)"), null=True, blank=True)
    # DESA: the village meeting (musyawarah desa) that approved the list.
    decision_number = models.CharField(
        _("village meeting decision number"), max_length=100, blank=True
    )
    decision_date = models.DateField(_("village meeting decision date"), null=True, blank=True)
    # MANDIRI: the worker who pays for themself.
    worker = models.ForeignKey(
        Worker,
        verbose_name=_("worker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("sponsor")
        verbose_name_plural = _("sponsors")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=SponsorKind.values), name="sponsor_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(funding_source__in=FundingSource.values),
                name="sponsor_funding_source_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=["OPD", "ASN"]) | models.Q(agency__isnull=False),
                name="sponsor_agency_for_opd_and_asn",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="ASN")
                | (models.Q(user__isnull=False) & ~models.Q(nip="")),
                name="sponsor_asn_has_account_and_nip",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="MANDIRI") | models.Q(worker__isnull=False),
                name="sponsor_mandiri_has_worker",
            ),
            models.UniqueConstraint(
                fields=["region"], condition=models.Q(kind="DESA"), name="sponsor_one_per_village"
            ),
            models.UniqueConstraint(
                fields=["agency"], condition=models.Q(kind="OPD"), name="sponsor_one_per_agency"
            ),
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(kind="ASN"), name="sponsor_one_per_asn"
            ),
            models.UniqueConstraint(
                fields=["worker"],
                condition=models.Q(kind="MANDIRI"),
                name="sponsor_one_per_self_payer",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AsnConsent(models.Model):
    """A civil servant's recorded consent to a monthly deduction from their TPP for one worker.
    Withdrawing it stops the deduction from the next month."""

    sponsor = models.ForeignKey(
        Sponsor, verbose_name=_("sponsor"), on_delete=models.PROTECT, related_name="consents"
    )
    worker = models.ForeignKey(
        Worker, verbose_name=_("worker"), on_delete=models.PROTECT, related_name="+"
    )
    monthly_amount = models.BigIntegerField(_("monthly deduction"))
    first_month = models.DateField(_("first month deducted"))
    last_month = models.DateField(_("last month deducted"), null=True, blank=True)
    given_at = models.DateTimeField(_("given"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("deduction consent")
        verbose_name_plural = _("deduction consents")
        ordering = ["-given_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(monthly_amount__gt=0), name="consent_amount_positive"
            ),
            models.UniqueConstraint(
                fields=["sponsor", "worker"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="consent_one_open_per_worker",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sponsor} → {self.worker_id}"


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
