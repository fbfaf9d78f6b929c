"""Answers one domain app gives another that may not import it. Claims, coverage and compliance
are independent of each other (the import contracts); where one needs a figure the other keeps,
the keeper registers a function here from its `AppConfig.ready()` and the asker calls it through
this module. Without a keeper installed, the answer is None, as for a figure not known.
"""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Protocol

from lindungi.core.scopes import Scope


class CoverageFigure(Protocol):
    """What a report prints of a region's coverage in a month (`coverage.selectors.Figure`)."""

    @property
    def month(self) -> dt.date: ...

    @property
    def protected(self) -> int: ...

    @property
    def percent(self) -> Decimal | None: ...


CoverageOf = Callable[[Scope, str, dt.date], CoverageFigure | None]

_coverage_of: list[CoverageOf] = []


def provide_coverage(answer: CoverageOf) -> None:
    """The coverage app's answer: a region's figure of a month, None without a snapshot of it
    (or outside the reader's scope)."""
    _coverage_of[:] = [answer]


def coverage_of(*, scope: Scope, region_code: str, month: dt.date) -> CoverageFigure | None:
    return _coverage_of[0](scope, region_code, month) if _coverage_of else None
