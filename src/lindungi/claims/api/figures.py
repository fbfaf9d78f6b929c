"""`/claims/impact`: what the claims paid to families in a year, per region one level below and
per scheme, with the regent's headline."""

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.schemas import ErrorOut
from lindungi.claims.api.common import RegionCode, Year, operation_id
from lindungi.claims.figures import compact_rupiah, impact_headline
from lindungi.claims.selectors import claims_impact
from lindungi.core.errors import NotFound, ValidationFailed
from lindungi.regions.models import Region
from lindungi.regions.selectors import region_get

router = Router(tags=["claims"])


class ClaimImpactRowOut(Schema):
    region_code: str
    region_name: str
    type: str
    families: int
    amount: int


class ClaimImpactTypeOut(Schema):
    type: str
    families: int
    amount: int


class ClaimImpactOut(Schema):
    region_code: str
    region_name: str
    year: int
    families: int = Field(description="workers whose families were paid a benefit")
    amount: int
    amount_text: str = Field(description='e.g. "Rp 1,26 M"')
    headline: str
    by_type: list[ClaimImpactTypeOut]
    rows: list[ClaimImpactRowOut] = Field(description="per region one level below, and scheme")


def _impact_region(request: HttpRequest, code: str) -> Region:
    code = code.strip() or (getattr(request.user, "region_id", None) or "")
    try:
        return region_get(code=code)
    except NotFound as error:
        raise ValidationFailed(
            _("Unknown region: %(code)s") % {"code": code or "-"}, field="region_code"
        ) from error


@router.get(
    "/claims/impact",
    response={200: ClaimImpactOut, 404: ErrorOut, 422: ErrorOut},
    summary="What claims paid to families in a year, per region and scheme (default: your "
    "region, this year)",
    operation_id=operation_id("claims_impact_get"),
)
def claims_impact_get(
    request: HttpRequest, year: Year | None = None, region_code: RegionCode = ""
) -> ClaimImpactOut:
    scope = scope_for_user(request.user)
    region = _impact_region(request, region_code)
    year = year or timezone.localdate().year
    found = claims_impact(scope=scope, region=region, year=year)
    return ClaimImpactOut(
        region_code=region.code,
        region_name=region.name,
        year=year,
        families=found.families,
        amount=found.amount,
        amount_text=compact_rupiah(found.amount),
        headline=impact_headline(found.amount, found.families, year),
        by_type=[
            ClaimImpactTypeOut(type=kind, families=families, amount=amount)
            for kind, (families, amount) in found.by_type.items()
        ],
        rows=[
            ClaimImpactRowOut(
                region_code=row.region_code,
                region_name=row.region_name,
                type=row.type,
                families=row.families,
                amount=row.amount,
            )
            for row in found.rows
        ],
    )
