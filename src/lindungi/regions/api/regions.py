"""`/api/v1/regions`: the Kemendagri region list (public reference data, any signed-in user)."""

from django.http import HttpRequest
from ninja import Router, Schema

from lindungi.api.schemas import ErrorOut
from lindungi.regions.models import Level, Region
from lindungi.regions.selectors import region_children, region_get, region_search

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
