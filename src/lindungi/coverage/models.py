"""Coverage: the bases a share is taken of, the targets, BPJS's own counts, and the monthly
snapshots that dashboards read.

A coverage figure is always a count over a base with a source and a date (BPS's working
population, from Sakernas, and BPJS's eligible workers differ by a third). Snapshots freeze a
month: once taken they are what every later page shows for that month, whatever happens to the
enrolments afterwards (an activation that arrives late, a lapse), unless an administrator takes
the month again with `force` (services.snapshot_take).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lindungi.accounts.models import Agency
from lindungi.regions.models import Region


class DenominatorKind(models.TextChoices):
    ELIGIBLE = "eligible", _("eligible workers (BPJS base)")
    WORKING_POPULATION = "working_population", _("working population (BPS Sakernas)")


class SnapshotLevel(models.TextChoices):
    NATIONAL = "national", _("Indonesia")
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency/City")
    DISTRICT = "district", _("District")
    VILLAGE = "village", _("Village")


# The length of a region code at each level ("" is the whole country).
LEVEL_CODE_LENGTH = {
    SnapshotLevel.NATIONAL: 0,
    SnapshotLevel.PROVINCE: 2,
    SnapshotLevel.REGENCY: 5,
    SnapshotLevel.DISTRICT: 8,
    SnapshotLevel.VILLAGE: 13,
}
NATIONAL = ""  # the region code of the whole country in snapshots and runs


def level_of(code: str) -> SnapshotLevel:
    """The level of a dotted code ("" is the country)."""
    for level, length in LEVEL_CODE_LENGTH.items():
        if len(code) == length:
            return level
    raise ValueError(f"not a region code: {code!r}")


class Denominator(models.Model):
    """The base of a coverage share for one region and year: how many people work there (BPS
    Sakernas, August) or how many workers BPJS counts as eligible."""

    # None is the whole country (RPJPN's national target, BPJS's national count).
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("base"), max_length=18, choices=DenominatorKind.choices)
    value = models.BigIntegerField(_("workers"))
    source = models.CharField(_("source"), max_length=300)
    as_of = models.DateField(_("as of"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported"))

    class Meta:
        verbose_name = _("coverage base")
        verbose_name_plural = _("coverage bases")
        ordering = ["region_id", "-year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "kind"], name="denominator_one_per_region_year_kind"
            ),
            models.UniqueConstraint(
                fields=["year", "kind"],
                condition=models.Q(region__isnull=True),
                name="denominator_one_national_per_year_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=DenominatorKind.values), name="denominator_kind_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gt=0), name="denominator_value_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} {self.kind}: {self.value}"


class CoverageTarget(models.Model):
    """The share of workers a region means to protect by the end of a year (RPJMD, RPJPN)."""

    # None is the whole country (RPJPN's national target, BPJS's national count).
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    percent = models.DecimalField(_("target (%)"), max_digits=5, decimal_places=2)
    source = models.CharField(_("source"), max_length=300)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported"))

    class Meta:
        verbose_name = _("coverage target")
        verbose_name_plural = _("coverage targets")
        ordering = ["region_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="target_one_per_region_year"),
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(region__isnull=True),
                name="target_one_national_per_year",
            ),
            models.CheckConstraint(
                condition=models.Q(percent__gt=0, percent__lte=100), name="target_percent_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}: {self.percent} %"


class BpjsParticipants(models.Model):
    """Registered BPJS participants of a region in a month, as BPJS reports them: they include
    workers Lindungi does not manage (wage earners registered by their employer, self-payers
    registered at a BPJS office). `category` "" is all categories."""

    # None is the whole country (RPJPN's national target, BPJS's national count).
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    month = models.DateField(_("month"))
    category = models.CharField(_("category"), max_length=13, blank=True)
    count = models.PositiveIntegerField(_("participants"))
    source = models.CharField(_("source"), max_length=300)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported"))

    class Meta:
        verbose_name = _("BPJS participants")
        verbose_name_plural = _("BPJS participants")
        ordering = ["region_id", "-month", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "month", "category"], name="participants_one_per_month"
            ),
            models.UniqueConstraint(
                fields=["month", "category"],
                condition=models.Q(region__isnull=True),
                name="participants_one_national_per_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.month:%Y-%m} {self.category or '*'}: {self.count}"


class SnapshotRun(models.Model):
    """One taking of a month's snapshot for a region and everything below it ("" = the whole
    country): who took it, when, and what it counted. A month's region is taken once; taking it
    again changes nothing unless forced (which replaces the rows and this record)."""

    month = models.DateField(_("month"))
    region_code = models.CharField(_("region"), max_length=13, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    taken_at = models.DateTimeField(_("taken"))
    forced = models.BooleanField(_("taken again by force"), default=False)
    villages = models.PositiveIntegerField(_("villages with protected workers"), default=0)
    protected = models.PositiveIntegerField(_("protected workers"), default=0)
    rows = models.PositiveIntegerField(_("rows written"), default=0)
    seconds = models.FloatField(_("seconds"), default=0)

    class Meta:
        verbose_name = _("coverage snapshot run")
        verbose_name_plural = _("coverage snapshot runs")
        ordering = ["-month", "region_code"]
        constraints = [
            models.UniqueConstraint(fields=["month", "region_code"], name="snapshot_run_once"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.region_code or 'ID'}"


class CoverageSnapshot(models.Model):
    """Protected workers of one region in one month, by worker category and sponsor kind.

    Every level has rows: the country (`region_code` ""), provinces, regencies, districts and
    villages, so that a dashboard reads a handful of rows by (month, region) and never counts
    enrolments. `category` "" and `sponsor_kind` "" are the totals over all categories or all
    kinds: a region's headline figure is its row with both "".
    """

    month = models.DateField(_("month"))
    region_code = models.CharField(_("region"), max_length=13, blank=True)
    level = models.CharField(_("level"), max_length=8, choices=SnapshotLevel.choices)
    category = models.CharField(_("category"), max_length=13, blank=True)
    sponsor_kind = models.CharField(_("sponsor kind"), max_length=10, blank=True)
    protected = models.PositiveIntegerField(_("protected workers"))
    contributions = models.BigIntegerField(_("contributions of the month"))

    class Meta:
        verbose_name = _("coverage snapshot")
        verbose_name_plural = _("coverage snapshots")
        ordering = ["-month", "region_code", "category", "sponsor_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "region_code", "category", "sponsor_kind"],
                name="snapshot_one_row_per_cell",
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=SnapshotLevel.values), name="snapshot_level_valid"
            ),
        ]
        indexes = [
            # A region's children in a month, and the village rows a roll-up sums.
            models.Index(fields=["month", "level", "region_code"], name="snapshot_children_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.region_code or 'ID'} {self.protected}"


class AgencySnapshot(models.Model):
    """An agency's civil servants in a month: how many there are and how many protect a worker
    (the ASN award ranks agencies by that share). Taken with the regency's snapshot."""

    month = models.DateField(_("month"))
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    region_code = models.CharField(_("regency/city"), max_length=5)
    asn_count = models.PositiveIntegerField(_("civil servants"))
    asn_protecting = models.PositiveIntegerField(_("civil servants protecting a worker"))
    workers = models.PositiveIntegerField(_("workers protected by its civil servants"))

    class Meta:
        verbose_name = _("agency snapshot")
        verbose_name_plural = _("agency snapshots")
        ordering = ["-month", "region_code", "agency_id"]
        constraints = [
            models.UniqueConstraint(fields=["month", "agency"], name="agency_snapshot_once"),
        ]
        indexes = [models.Index(fields=["month", "region_code"], name="agency_snapshot_region_idx")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.agency_id}: {self.asn_protecting}/{self.asn_count}"


class AwardCategory(models.TextChoices):
    """What an award round ranks (coverage.awards computes each)."""

    AGENCY_SHARE = "agency_share", _("Agencies: share of civil servants protecting a worker")
    AGENCY_WORKERS = "agency_workers", _("Agencies: workers protected by their civil servants")
    VILLAGE_QUOTA = "village_quota", _("Villages: quota filled")
    VILLAGE_ON_TIME = "village_on_time", _("Villages: months paid on time")


class AwardStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class AwardRound(models.Model):
    """A regency's awards for a period (a year, or months of one year): the categories it ranks,
    the ranking computed last (its entries), and, once the regency admin publishes it, who did
    and when. A published round never changes: its entries are the list as it was published."""

    region = models.ForeignKey(
        Region, verbose_name=_("regency/city"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    first_month = models.DateField(_("first month"))
    last_month = models.DateField(_("last month"))
    categories = models.JSONField(_("categories"), default=list)
    winners = models.PositiveSmallIntegerField(_("winners per category"), default=3)
    status = models.CharField(
        _("status"), max_length=9, choices=AwardStatus.choices, default=AwardStatus.DRAFT
    )
    as_of = models.DateField(_("figures as of"))
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    computed_at = models.DateTimeField(_("computed"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("award round")
        verbose_name_plural = _("award rounds")
        ordering = ["region_id", "-first_month", "-last_month"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "first_month", "last_month"], name="award_round_once_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(first_month__lte=models.F("last_month")),
                name="award_round_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=AwardStatus.values), name="award_round_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(winners__gte=1, winners__lte=10),
                name="award_round_winners_1_to_10",
            ),
            models.CheckConstraint(
                condition=models.Q(status=AwardStatus.DRAFT) | models.Q(published_at__isnull=False),
                name="award_round_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.first_month:%Y-%m}..{self.last_month:%Y-%m} {self.title}"


class AwardEntry(models.Model):
    """One agency or village in one category of a round: its place, whether it wins, and the
    figures it was ranked by, as computed (names are kept as they were, so that a published list
    reads the same after an agency is renamed). Public: names of agencies and villages and
    counts, never a person."""

    round = models.ForeignKey(
        AwardRound, verbose_name=_("award round"), on_delete=models.CASCADE, related_name="entries"
    )
    category = models.CharField(_("category"), max_length=16, choices=AwardCategory.choices)
    position = models.PositiveIntegerField(_("position"))  # the order within the category
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)  # None: not ranked
    is_winner = models.BooleanField(_("winner"), default=False)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    village = models.ForeignKey(
        Region,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    score = models.DecimalField(_("score"), max_digits=12, decimal_places=2, null=True)
    figures = models.JSONField(_("figures"), default=dict)

    class Meta:
        verbose_name = _("award entry")
        verbose_name_plural = _("award entries")
        ordering = ["round", "category", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "category", "position"], name="award_entry_position_once"
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=AwardCategory.values),
                name="award_entry_category_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(agency__isnull=False, village__isnull=True)
                | models.Q(agency__isnull=True, village__isnull=False),
                name="award_entry_agency_or_village",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.category} {self.rank}: {self.name}"
