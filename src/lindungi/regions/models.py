"""The official Kemendagri region hierarchy: province, regency/city, district, village."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lindungi.regions.codes import province_of


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency/City")
    DISTRICT = "district", _("District")
    VILLAGE = "village", _("Village")


# Dotted code length per level: 32 / 32.11 / 32.11.01 / 32.11.01.2001.
CODE_LENGTH = {Level.PROVINCE: 2, Level.REGENCY: 5, Level.DISTRICT: 8, Level.VILLAGE: 13}


class Region(models.Model):
    """One region, keyed by its Kemendagri dotted code (which starts with the province code).

    Regions that disappear from a newer official list are kept (old NIKs, workers and bills
    still point at them) but marked `is_active=False`.
    """

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        db_constraint=True,
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["level", "code"], name="region_level_code_idx"),
            models.Index(fields=["parent", "code"], name="region_parent_code_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level=Level.PROVINCE, parent__isnull=True)
                | models.Q(~models.Q(level=Level.PROVINCE), parent__isnull=False),
                name="region_parent_iff_not_province",
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=Level.values), name="region_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def province_code(self) -> str:
        return province_of(self.code)


class RegionSource(models.Model):
    """Which region files were loaded last, so that `load-regions` can skip an unchanged list."""

    checksum = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)
    counts = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("region source")

    def __str__(self) -> str:
        return f"{self.checksum[:12]} ({self.loaded_at:%Y-%m-%d %H:%M})"
