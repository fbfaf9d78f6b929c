import datetime as dt

from django.apps import AppConfig

from lindungi.core.errors import NotFound
from lindungi.core.providers import CoverageFigure, provide_coverage
from lindungi.core.scopes import Scope


def _coverage_of(scope: Scope, region_code: str, month: dt.date) -> CoverageFigure | None:
    """A region's coverage figure of a month for another app's report (`core.providers`)."""
    from lindungi.coverage.selectors import coverage_for

    try:
        return coverage_for(scope=scope, region=region_code, month=month)
    except NotFound:
        return None


class CoverageConfig(AppConfig):
    name = "lindungi.coverage"
    label = "coverage"
    verbose_name = "Cakupan kepesertaan"

    def ready(self) -> None:
        provide_coverage(_coverage_of)
