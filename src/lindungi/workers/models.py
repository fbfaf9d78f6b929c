"""The worker registry: NIK-keyed people, and the imports that brought them in."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from lindungi.core.versioning import Versioned
from lindungi.regions.models import Region


class Category(models.TextChoices):
    PU = "PU", _("Wage earner (PU)")
    BPU = "BPU", _("Informal worker (BPU)")
    JAKON = "JAKON", _("Construction worker (JAKON)")
    PMI = "PMI", _("Migrant worker (PMI)")
    MAGANG = "MAGANG", _("Apprentice")
    KERJA_PRAKTEK = "KERJA_PRAKTEK", _("Work-practice student")


class Sex(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class ImportBatch(models.Model):
    """One run of the bulk import: who ran it, on which file, what came of it."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    filename = models.CharField(_("file"), max_length=255)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.RUNNING
    )
    options = models.JSONField(_("options"), default=dict, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.started_at:%Y-%m-%d %H:%M})"


class Worker(Versioned):
    """A person Lindungi may protect, keyed by NIK. The same NIK is never two workers."""

    # Unique through Meta.constraints: `unique=True` would add a second, LIKE-pattern index on
    # PostgreSQL that every import pays for and no query uses.
    nik = models.CharField(_("NIK"), max_length=16)
    name = models.CharField(_("name (as on the KTP)"), max_length=150)
    # Upper case without titles: what duplicate detection compares (indexed with birth_date).
    name_normalised = models.CharField(max_length=150, editable=False)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    village = models.ForeignKey(
        Region,
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="workers",
        db_index=False,  # the (village, name) index serves it; fewer indexes, faster imports
    )
    # The province of the village, so that the table can be partitioned by province.
    province_code = models.CharField(max_length=2, editable=False)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    income = models.BigIntegerField(_("declared monthly income"), null=True, blank=True)
    category = models.CharField(_("category"), max_length=13, choices=Category.choices)
    in_p3ke = models.BooleanField(_("in the P3KE extreme-poverty list"), default=False)
    in_dtks = models.BooleanField(_("in the DTKS social-welfare list"), default=False)
    desil = models.PositiveSmallIntegerField(_("welfare decile (desil)"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    import_batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workers",
        db_index=False,  # no page lists a batch's workers, and every import pays for an index
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("same person as"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    # Set when the worker's death is reported (a JKM/JKK death claim, the operator, an imported
    # list): a dead worker is never enrolled, continued or resumed again.
    died_on = models.DateField(_("date of death"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"))
    updated_at = models.DateTimeField(_("updated"))

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")
        ordering = ["name", "nik"]
        indexes = [
            models.Index(fields=["village", "name"], name="worker_village_name_idx"),
            models.Index(fields=["name_normalised", "birth_date"], name="worker_duplicate_idx"),
            # Deleting a worker checks who points at it; without this, per row, a full scan.
            models.Index(
                fields=["duplicate_of"],
                name="worker_duplicate_of_idx",
                condition=models.Q(duplicate_of__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["nik"], name="worker_nik_unique"),
            # Length only: a regex check runs a Python function per row on SQLite, which a bulk
            # import pays a million times; the digits are checked before any write.
            models.CheckConstraint(
                condition=Exact(Length("nik"), 16), name="worker_nik_16_characters"
            ),
            models.CheckConstraint(condition=models.Q(sex__in=["L", "P"]), name="worker_sex_valid"),
            models.CheckConstraint(
                condition=models.Q(category__in=Category.values), name="worker_category_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(desil__isnull=True) | models.Q(desil__gte=1, desil__lte=10),
                name="worker_desil_1_to_10",
            ),
            models.CheckConstraint(
                condition=models.Q(income__isnull=True) | models.Q(income__gte=0),
                name="worker_income_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.nik[:4]}…)"


class DuplicateCandidate(models.Model):
    """Two workers (two NIKs) who may be one person, waiting for an operator's decision.
    Nothing is ever merged: the operator keeps both, or marks the second as the first."""

    class Reason(models.TextChoices):
        SAME_NAME = "same_name", _("same name and birth date")
        SIMILAR_NAME = "similar_name", _("similar name and same birth date")

    class Status(models.TextChoices):
        OPEN = "open", _("to review")
        KEPT_BOTH = "kept_both", _("two different people")
        SAME_PERSON = "same_person", _("the same person")

    first = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    second = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    regency_code = models.CharField(_("regency/city"), max_length=5)
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    similarity = models.FloatField(_("name similarity"))
    status = models.CharField(
        _("status"), max_length=11, choices=Status.choices, default=Status.OPEN
    )
    found_at = models.DateTimeField(_("found"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["status", "-similarity", "id"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicate_pair_once"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="duplicate_pair_ordered"
            ),
        ]
        indexes = [
            models.Index(fields=["regency_code", "status"], name="duplicate_queue_idx"),
            # The review page's order: its first page is read from here, not sorted from the
            # whole queue (100,000 open pairs: BENCHMARKS.md).
            models.Index(
                fields=["status", "-similarity", "id"],
                name="duplicate_queue_order_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id} ({self.reason})"


class ImportJob(models.Model):
    """An import started from the web or the API and run by a background worker; what the
    operator's page polls for progress. The file is deleted once the job ends."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    filename = models.CharField(_("file"), max_length=255)
    stored_path = models.CharField(max_length=500)
    options = models.JSONField(default=dict)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField(max_length=16, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)  # the first 200, for the page
    report_path = models.CharField(max_length=500, blank=True)
    failure = models.TextField(blank=True)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
