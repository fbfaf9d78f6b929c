"""Rankings for awards and for finding who is behind: regencies of a province by coverage,
villages by how far they filled their quota, agencies by the share of their civil servants who
protect a worker. Read from the snapshots, within the reader's scope."""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from lindungi.core.errors import ValidationFailed
from lindungi.core.months import month_start
from lindungi.core.scopes import Scope, below_q
from lindungi.coverage import rules
from lindungi.coverage.children import ChildFigure, coverage_children
from lindungi.coverage.models import NATIONAL, AgencySnapshot, CoverageSnapshot, SnapshotLevel
from lindungi.coverage.public import PUBLIC_SCOPE
from lindungi.coverage.selectors import coverage_area, month_taken, not_taken
from lindungi.programs.models import SponsorKind
from lindungi.programs.selectors import program_list
from lindungi.regions.codes import province_of, regency_of
from lindungi.regions.models import Level, Region


def _ranked_key(percent: Decimal | None, count: int, code: str) -> tuple[int, Decimal, int, str]:
    """Known shares first, highest first; then by count, then by code (a stable order)."""
    return (0 if percent is not None else 1, -(percent or Decimal(0)), -count, code)


def regency_ranking(
    *, scope: Scope, region: Region | str, month: date, base_kind: str | None = None
) -> list[ChildFigure]:
    """The regencies and cities of a province by coverage, highest first; those without a base
    (coverage unknown) come last, unranked."""
    area = coverage_area(scope=scope, region=region)
    if area.level != SnapshotLevel.PROVINCE:
        raise ValidationFailed(
            _("Regencies are ranked within a province, not within %(region)s")
            % {"region": area.name},
            code="coverage.ranking_level",
            field="region",
        )
    children = coverage_children(scope=scope, region=area.code, month=month, base_kind=base_kind)
    ordered = sorted(children, key=lambda c: _ranked_key(c.percent, c.protected, c.code))
    return [
        replace(child, rank=index + 1 if child.percent is not None else None)
        for index, child in enumerate(ordered)
    ]


def regency_standing(
    *, scope: Scope, region: Region | str, month: date, base_kind: str | None = None
) -> list[ChildFigure]:
    """The regencies of the province of `region` (a province, or a region in it the reader
    covers) by coverage, as `regency_ranking`. A reader who covers only their regency still
    sees where it stands: the other regencies are read as the public page shows them
    (aggregates only), never more."""
    area = coverage_area(scope=scope, region=region)
    if area.level == SnapshotLevel.NATIONAL:
        raise ValidationFailed(
            _("Choose a province to rank its regencies"),
            code="coverage.ranking_level",
            field="region",
        )
    province = province_of(area.code)
    reader = scope if scope.covers_region(province) else PUBLIC_SCOPE
    return regency_ranking(scope=reader, region=province, month=month, base_kind=base_kind)


@dataclass(frozen=True)
class VillageRank:
    code: str
    name: str
    protected: int  # every protected resident, whoever pays
    by_village: int  # protected residents the village itself pays for (sponsor kind DESA)
    quota: int | None  # the village programs' quota per village of the year, if any
    fill_percent: Decimal | None
    room: int  # how many more the quota takes
    rank: int | None = None


def village_quotas(*, scope: Scope, year: int) -> dict[str, int]:
    """Regency -> the quota of each of its villages in the year: the sum of the quotas per
    sponsor of its programs that villages sponsor (normally the one "1 Desa 100" program)."""
    quotas: dict[str, int] = {}
    for program in program_list(scope=scope, year=year):
        if SponsorKind.DESA in program.sponsor_kinds and program.quota_per_sponsor:
            quotas[program.region_id] = quotas.get(program.region_id, 0) + (
                program.quota_per_sponsor
            )
    return quotas


def village_ranking(
    *, scope: Scope, region: Region | str, month: date, limit: int | None = None
) -> list[VillageRank]:
    """The villages of a region by how far their own sponsorship fills their quota, fullest
    first; villages with no quota come last. Every active village is listed, with 0 when none
    of its residents is protected."""
    area = coverage_area(scope=scope, region=region)
    month = month_start(month)
    if area.code == NATIONAL:
        raise ValidationFailed(
            _("Villages are ranked within a province or below"),
            code="coverage.ranking_level",
            field="region",
        )
    if not month_taken(month, area.code):
        raise not_taken(area, month)
    villages = Region.objects.filter(level=Level.VILLAGE, is_active=True)
    rows = CoverageSnapshot.objects.filter(
        month=month,
        level=SnapshotLevel.VILLAGE,
        category="",
        sponsor_kind__in=["", SponsorKind.DESA],
    )
    if area.level == SnapshotLevel.VILLAGE:
        villages = villages.filter(code=area.code)
        rows = rows.filter(region_code=area.code)
    else:
        villages = villages.filter(below_q("code", area.code))
        rows = rows.filter(below_q("region_code", area.code))
    counts: dict[tuple[str, str], int] = {
        (code, kind): protected
        for code, kind, protected in rows.values_list("region_code", "sponsor_kind", "protected")
    }
    quotas = village_quotas(scope=scope, year=month.year)
    ranked = []
    for code, name in villages.order_by("code").values_list("code", "name"):
        by_village = counts.get((code, SponsorKind.DESA), 0)
        quota = quotas.get(regency_of(code))
        ranked.append(
            VillageRank(
                code=code,
                name=name,
                protected=counts.get((code, ""), 0),
                by_village=by_village,
                quota=quota,
                fill_percent=rules.share(by_village, quota) if quota else None,
                room=rules.quota_room(by_village, quota),
            )
        )
    ranked.sort(key=lambda v: _ranked_key(v.fill_percent, v.by_village, v.code))
    ranked = [
        replace(village, rank=index + 1 if village.fill_percent is not None else None)
        for index, village in enumerate(ranked)
    ]
    return ranked[:limit] if limit else ranked


@dataclass(frozen=True)
class AgencyRank:
    agency_id: int
    name: str
    region_code: str
    asn_count: int
    asn_protecting: int
    share_percent: Decimal | None  # None: the agency has no civil servant registered
    workers: int
    rank: int | None = None


def agency_ranking(*, scope: Scope, region: Region | str | None, month: date) -> list[AgencyRank]:
    """The agencies of a regency (or of every regency within a province) by the share of their
    civil servants who protect a worker in the month, highest first (the ASN award)."""
    area = coverage_area(scope=scope, region=region)
    month = month_start(month)
    if area.level in (SnapshotLevel.DISTRICT, SnapshotLevel.VILLAGE):
        raise ValidationFailed(
            _("Agencies are ranked within a regency, a province or the country"),
            code="coverage.ranking_level",
            field="region",
        )
    if not month_taken(month, area.code):
        raise not_taken(area, month)
    rows = AgencySnapshot.objects.filter(month=month).select_related("agency")
    if area.code:
        rows = rows.filter(Q(region_code=area.code) | below_q("region_code", area.code))
    ranked = sorted(
        (
            AgencyRank(
                agency_id=row.agency_id,
                name=row.agency.name,
                region_code=row.region_code,
                asn_count=row.asn_count,
                asn_protecting=row.asn_protecting,
                share_percent=rules.share(row.asn_protecting, row.asn_count),
                workers=row.workers,
            )
            for row in rows
        ),
        key=lambda a: _ranked_key(a.share_percent, a.asn_protecting, f"{a.region_code} {a.name}"),
    )
    return [
        replace(agency, rank=index + 1 if agency.share_percent is not None else None)
        for index, agency in enumerate(ranked)
    ]
