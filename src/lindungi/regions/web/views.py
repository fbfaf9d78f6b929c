"""Pages of the region list: browse the Kemendagri regions from one's own, and search them."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lindungi.core.errors import NotFound
from lindungi.regions.models import Region
from lindungi.regions.selectors import (
    region_ancestors,
    region_children,
    region_get,
    region_search,
    village_search,
)


@login_required
@require_GET
def regions(request: HttpRequest, code: str | None = None) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    if code is None and not request.GET.get("all"):
        # The reader's own region first (none for a superuser: the whole country).
        code = getattr(request.user, "region_id", None)
    context: dict[str, Any] = {
        "query": query,
        "results": region_search(query=query, limit=15) if len(query) >= 2 else None,
    }
    if code:
        region = _region_or_404(code)
        context.update(
            region=region,
            ancestors=region_ancestors(region=region),
            children=region_children(code=region.code),
        )
    else:
        context.update(region=None, children=Region.objects.filter(parent=None, is_active=True))
    return render(request, "regions/regions.html", context)


@login_required
@require_GET
def regions_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    results = region_search(query=query, limit=15) if len(query) >= 2 else []
    return render(request, "regions/_region_results.html", {"results": results, "query": query})


# The names a village picker's input bears in the forms: htmx sends its value under it.
PICKER_PARAMS = ("q", "village", "village_code")


@login_required
@require_GET
def village_options(request: HttpRequest) -> HttpResponse:
    """The village picker's options (`<datalist id="village-options">`): the villages of the
    reader's own region matching `q` (or the picker's own field: `PICKER_PARAMS`), name,
    district and code, at most 20. A form that names a village uses it through htmx; typing a
    code works without it."""
    query = next((request.GET[name] for name in PICKER_PARAMS if request.GET.get(name)), "")
    villages = village_search(within=_own_regions(request), query=query)
    return render(request, "regions/_village_options.html", {"villages": villages})


def _own_regions(request: HttpRequest) -> tuple[str, ...] | None:
    """The reader's own region (a superuser: the whole country; no region: nothing)."""
    if getattr(request.user, "is_superuser", False):
        return None
    code = getattr(request.user, "region_id", None)
    return (code,) if code else ()


def _region_or_404(code: str) -> Region:
    try:
        return region_get(code=code)
    except NotFound as error:
        raise Http404(error.message) from error
