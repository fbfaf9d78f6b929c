"""The public page and its open data: aggregates only (counts, bases, targets of regions),
read for anyone without a reader's scope. Nothing here reaches a worker, a sponsor or a user."""

from collections.abc import Sequence
from datetime import date

from lindungi.core.scopes import Scope
from lindungi.coverage.children import ChildFigure, coverage_children
from lindungi.coverage.selectors import Figure, coverage_for, coverage_months
from lindungi.coverage.trend import TrendPoint, coverage_trend

PUBLIC_SCOPE = Scope(user_id=None, role="public", region_codes=None)


def public_months(region_code: str) -> list[date]:
    """The months taken for a region, newest first; NotFound for an unknown region."""
    return coverage_months(scope=PUBLIC_SCOPE, region=region_code)


def public_coverage(region_code: str, month: date) -> Figure:
    """A region's coverage figure for anyone: the snapshot's counts with their base, target and
    BPJS's own count (aggregates only). NotFound for an unknown region or a month not taken."""
    return coverage_for(scope=PUBLIC_SCOPE, region=region_code, month=month)


def public_trend(region_code: str, months: Sequence[date]) -> list[TrendPoint]:
    """A region's headline figure for each month, oldest first, for anyone."""
    return coverage_trend(scope=PUBLIC_SCOPE, region=region_code, months=months)


def public_children(region_code: str, month: date) -> list[ChildFigure]:
    """The regions directly below a region in a taken month, for anyone (aggregates only)."""
    return coverage_children(scope=PUBLIC_SCOPE, region=region_code, month=month)
