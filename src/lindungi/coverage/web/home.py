"""The home page's coverage of the reader's area against the year's target: protected workers,
their share, the target and how many workers are still to protect, from the latest monthly
snapshot (cached: snapshots are taken once a month)."""

from typing import Any

from django.core.cache import cache

from lindungi.core.errors import NotFound
from lindungi.core.scopes import Scope
from lindungi.coverage.permissions import reads_coverage
from lindungi.coverage.selectors import coverage_for, latest_month
from lindungi.web.parts import HomeCard, cache_key

COVERAGE_SECONDS = 600


def cards(scope: Scope) -> list[HomeCard]:
    if not reads_coverage(scope) or not scope.region_codes:
        return []
    figure = cache.get_or_set(
        cache_key("coverage", scope), lambda: _figure(scope), COVERAGE_SECONDS
    )
    if figure is None:
        return []
    return [HomeCard(14, "coverage/_home_coverage.html", {"figure": figure})]


def _figure(scope: Scope) -> Any:
    assert scope.region_codes  # noqa: S101 (cards() checked it)
    code = scope.region_codes[0]
    month = latest_month(code)
    if month is None:
        return None
    try:
        return coverage_for(scope=scope, region=code, month=month)
    except NotFound:
        return None
