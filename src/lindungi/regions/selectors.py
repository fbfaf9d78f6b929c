"""Reading regions. The region list is public reference data (Kemendagri, ODbL), so these reads
take no scope: what a user may see *about* a region (its workers, bills…) is scoped elsewhere."""

import re

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Length
from django.utils.translation import gettext as _

from lindungi.core.errors import NotFound, ValidationFailed
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


VILLAGE_SEARCH_LIMIT = 20  # options a village picker offers at once
_CODE_TEXT = re.compile(r"\b(\d{2})\.?(\d{2})\.?(\d{2})\.?(\d{4})\b")


def village_search(
    *, within: tuple[str, ...] | None, query: str, limit: int = VILLAGE_SEARCH_LIMIT
) -> list[Region]:
    """Active villages inside the regions `within` (the reader's own; None: the whole country)
    whose name contains `query` (any case), or whose code starts with it, for a picker: at most
    `limit` (bounded whatever is asked), each with its district (`parent`) read in the same
    query. Fewer than two letters find nothing. The region narrows the search through the code
    index first, so a regency's few hundred villages are all a name is compared with."""
    text = " ".join(query.replace("\x00", "").split())[:100]
    limit = max(1, min(limit, VILLAGE_SEARCH_LIMIT))
    if len(text) < 2 or within == ():
        return []
    villages = Region.objects.filter(
        _within_q(within), level=Level.VILLAGE, is_active=True
    ).select_related("parent")
    digits = text.replace(".", "").replace(" ", "")
    if digits.isascii() and digits.isdigit():
        # A code typed with or without its dots: 3211152 is 32.11.15.2…
        dotted = ".".join(
            part for part in (digits[:2], digits[2:4], digits[4:6], digits[6:10]) if part
        )
        return list(villages.filter(code__startswith=dotted).order_by("code")[:limit])
    return list(villages.filter(name__icontains=text).order_by("name", "code")[:limit])


def _within_q(within: tuple[str, ...] | None) -> Q:
    """Codes inside the regions `within` (`Scope.region_q`'s rule)."""
    return Scope(user_id=None, role="", region_codes=within).region_q("code")


def village_from_text(*, scope: Scope, text: str) -> Region:
    """The village a picker's text names, inside the reader's region: a Kemendagri code
    (`32.11.15.2001`, with or without dots, alone or in the picker's label `Cikeruh · Jatinangor
    · 32.11.15.2001`), or a name only one village of the region bears. Otherwise
    `region.not_found` (an unknown code, one outside the region, no such name) or, for a name
    several villages bear, `region.ambiguous` with the candidates."""
    spaced = " ".join(text.replace("\x00", "").split())[:200]
    found = _CODE_TEXT.search(spaced)
    if found:
        code = ".".join(found.groups())
        village = (
            Region.objects.filter(scope.region_q("code"), code=code, level=Level.VILLAGE)
            .filter(is_active=True)
            .first()
        )
        if village is None:
            raise NotFound(
                _("No village of your region has the code %(code)s") % {"code": code},
                code="region.not_found",
                field="village",
            )
        return village
    named = (
        list(
            Region.objects.filter(
                scope.region_q("code"), level=Level.VILLAGE, is_active=True, name__iexact=spaced
            )
            .select_related("parent")
            .order_by("code")[:VILLAGE_SEARCH_LIMIT]
        )
        if spaced and scope.region_codes != ()
        else []
    )
    if len(named) == 1:
        return named[0]
    if not named:
        raise NotFound(
            _("No village of your region is named “%(name)s”: choose one from the list")
            % {"name": spaced[:100]},
            code="region.not_found",
            field="village",
        )
    raise ValidationFailed(
        _("Several villages are named %(name)s: choose one from the list (%(choices)s)")
        % {
            "name": named[0].name,
            "choices": ", ".join(
                f"{village.parent.name if village.parent else ''} {village.code}".strip()
                for village in named
            ),
        },
        code="region.ambiguous",
        field="village",
    )
