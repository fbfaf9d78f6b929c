"""`/api/v1/regions`: the Kemendagri region list (public reference data, any signed-in user)."""

from django.http import HttpRequest
from ninja import Router, Schema

from lindungi.api.schemas import ErrorOut
from lindungi.regions.models import Level, Region
from lindungi.regions.selectors import (
    VILLAGE_SEARCH_LIMIT,
    region_children,
    region_get,
    region_search,
    village_search,
)

router = Router(tags=["regions"])


class RegionOut(Schema):
    code: str
    level: Level
    name: str
    parent_code: str | None
    is_active: bool

    @staticmethod
    def resolve_parent_code(region: Region) -> str | None:
        return region.parent_id


@router.get("/regions", response=list[RegionOut], summary="Search regions by name or code")
def regions_search(
    request: HttpRequest, q: str, level: Level | None = None, limit: int = 20
) -> list[Region]:
    return list(region_search(query=q, level=level, limit=max(1, min(limit, 100))))


class VillageOut(Schema):
    code: str
    name: str
    district_code: str
    district_name: str

    @staticmethod
    def resolve_district_code(village: Region) -> str:
        return village.parent_id or ""

    @staticmethod
    def resolve_district_name(village: Region) -> str:
        return village.parent.name if village.parent else ""


@router.get(
    "/villages",
    response=list[VillageOut],
    summary="Villages of your own region by name or code (a village picker)",
    operation_id="lindungi_api_regions_villages_search",
)
def villages_search(
    request: HttpRequest, q: str, limit: int = VILLAGE_SEARCH_LIMIT
) -> list[Region]:
    """At most 20 active villages of the caller's region (a superuser: any) whose name contains
    `q` or whose code starts with it, each with its district; fewer than 2 letters: none."""
    user = request.user
    if getattr(user, "is_superuser", False):
        within: tuple[str, ...] | None = None
    else:
        code = getattr(user, "region_id", None)
        within = (code,) if code else ()
    return village_search(within=within, query=q, limit=limit)


@router.get("/regions/{code}", response={200: RegionOut, 404: ErrorOut}, summary="One region")
def regions_get(request: HttpRequest, code: str) -> Region:
    return region_get(code=code)


@router.get(
    "/regions/{code}/children",
    response={200: list[RegionOut], 404: ErrorOut},
    summary="The regions directly below a region",
)
def regions_children(request: HttpRequest, code: str) -> list[Region]:
    return list(region_children(code=code))
