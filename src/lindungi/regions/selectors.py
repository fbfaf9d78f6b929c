"""Reading regions. The region list is public reference data (Kemendagri, ODbL), so these reads
take no scope: what a user may see *about* a region (its workers, bills…) is scoped elsewhere."""

from django.db.models import Count, QuerySet
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from lindungi.core.errors import NotFound
from lindungi.core.scopes import Scope, below_q
from lindungi.regions.loading import region_counts
from lindungi.regions.models import Level, Region


def region_not_found(code: str) -> NotFound:
    """The one answer for a region that is unknown, or outside what the reader may see."""
    return NotFound(
        _("Region %(code)s not found") % {"code": code}, code="region.not_found", region=code
    )


def region_get(*, code: str) -> Region:
    region = Region.objects.select_related("parent").filter(code=code.strip()).first()
    if region is None:
        raise region_not_found(code)
    return region


def region_in_scope(*, scope: Scope, code: str) -> Region:
    """`region_get` for a reader: a region outside their scope looks missing, as an unknown
    one does (the same `region.not_found`)."""
    if not scope.covers_region(code.strip()):
        raise region_not_found(code)
    return region_get(code=code)


def region_children(*, code: str) -> QuerySet[Region]:
    """The active regions directly below `code` (which must exist)."""
    parent = region_get(code=code)
    return Region.objects.filter(parent=parent, is_active=True).order_by("code")


def region_ancestors(*, region: Region) -> list[Region]:
    """From the province down to the region's parent, from the code alone (one query)."""
    parts = region.code.split(".")
    codes = [".".join(parts[:depth]) for depth in range(1, len(parts))]
    by_code = Region.objects.in_bulk(codes)
    return [by_code[code] for code in codes if code in by_code]


def region_search(
    *, query: str, level: Level | None = None, within: str | None = None, limit: int = 20
) -> QuerySet[Region]:
    """Regions whose name contains `query` (any case) or whose code starts with it."""
    text = " ".join(query.split())
    regions = Region.objects.filter(is_active=True)
    if level is not None:
        regions = regions.filter(level=level)
    if within:
        regions = regions.filter(below_q("code", within))
    if text.replace(".", "").isdigit():
        return regions.filter(code__startswith=text).order_by("code")[:limit]
    # Higher levels first: "sumedang" finds the regency before its districts.
    return regions.filter(name__icontains=text).order_by(Length("code"), "name", "code")[:limit]


def region_stats() -> dict[str, int]:
    return region_counts()


def region_counts_within(*, code: str) -> dict[str, int]:
    """Active regions below `code`, per level (`{"district": 26, "village": 277}` for 32.11)."""
    counts = (
        Region.objects.filter(below_q("code", code), is_active=True)
        .values("level")
        .annotate(total=Count("code"))
    )
    return {row["level"]: row["total"] for row in counts}
