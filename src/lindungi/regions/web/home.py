"""The home page's card of the reader's area: where it lies, what it holds and, for a regency
or a province, a chart of the villages per district."""

from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext as _

from lindungi.core.scopes import Scope
from lindungi.regions.models import Level
from lindungi.regions.selectors import (
    region_ancestors,
    region_counts_within,
    region_get,
    villages_per_district,
)
from lindungi.web.parts import HomeCard, cache_key

REGION_SECONDS = 600  # the region list changes when it is reloaded, a few times a year
CHART_SCRIPT = "vendor/chart-4.5.1.umd.min.js"


def cards(scope: Scope) -> list[HomeCard]:
    if not scope.region_codes:
        return [HomeCard(40, "regions/_home_area.html", {"region": None})]
    # The area's regions and figures change when the region list is reloaded: one cache read.
    code = scope.region_codes[0]
    area: dict[str, Any] = cache.get_or_set(  # type: ignore[assignment]
        cache_key("area", scope), lambda: _area(code), REGION_SECONDS
    )
    context: dict[str, Any] = {
        "region": area["region"],
        "ancestors": area["ancestors"],
        "counts": area["counts"],
    }
    if area["districts"] is None:
        return [HomeCard(40, "regions/_home_area.html", context)]
    context["chart"] = {
        "type": "bar",
        "labels": [name for name, _total in area["districts"]],
        "series": [
            {"label": str(_("Villages")), "data": [total for _name, total in area["districts"]]}
        ],
    }
    return [HomeCard(40, "regions/_home_area.html", context, scripts=(CHART_SCRIPT,))]


def _area(code: str) -> dict[str, Any]:
    region = region_get(code=code)
    return {
        "region": region,
        "ancestors": region_ancestors(region=region),
        "counts": region_counts_within(code=code),
        "districts": villages_per_district(code=code)
        if region.level in {Level.REGENCY, Level.PROVINCE}
        else None,
    }
