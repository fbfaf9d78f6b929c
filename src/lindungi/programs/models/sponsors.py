"""Who pays: sponsors (a village, an agency, a civil servant, a company, …) and a civil servant's
consent to a deduction from their allowance."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindungi.accounts.models import Agency
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
    """Where the money comes from, kept apart from who the sponsor is (the yearly regulation of
    the Minister of Villages on the priorities of Dana Desa, Permendesa PDTT:
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
