"""The home page's card of the reader's area: where it lies and what it holds."""

from typing import Any

from django.core.cache import cache

from lindungi.core.scopes import Scope
from lindungi.regions.selectors import region_ancestors, region_counts_within, region_get
from lindungi.web.parts import HomeCard, cache_key

REGION_SECONDS = 600  # the region list changes when it is reloaded, a few times a year


def cards(scope: Scope) -> list[HomeCard]:
    if scope.region_codes is None:  # the whole country: no area to describe
        return []
    if not scope.region_codes:
        return [HomeCard(40, "regions/_home_area.html", {"region": None})]
    # The area's regions and figures change when the region list is reloaded: one cache read.
    code = scope.region_codes[0]
    area: dict[str, Any] = cache.get_or_set(  # type: ignore[assignment]
        cache_key("area", scope), lambda: _area(code), REGION_SECONDS
    )
    return [HomeCard(40, "regions/_home_area.html", area)]


def _area(code: str) -> dict[str, Any]:
    region = region_get(code=code)
    return {
        "region": region,
        "ancestors": region_ancestors(region=region),
        "counts": region_counts_within(code=code),
    }
