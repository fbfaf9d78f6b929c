"""What the coverage routes share: how a region, a month and a year are asked for, the
caller's region by default, the latest month taken by default, and a base as it is answered.

A share is always given with its base (kind, count, source, date); a region without a base has
`percent` null (unknown), never 0. Regions are named by query parameter (`region=32.11`,
`region=ID` for Indonesia); without one, the caller's own region (Indonesia for nationwide
readers). Without `month`, the latest month taken for the region.
"""

import datetime as dt
from dataclasses import asdict
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Schema

from lindungi.api.inputs import month as parse_month
from lindungi.core.scopes import Scope
from lindungi.coverage import rules
from lindungi.coverage.models import DenominatorKind
from lindungi.coverage.selectors import Area, latest_month, none_taken

RegionCode = Annotated[
    str,
    Field(
        pattern=r"^(ID|[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?)$",
        description="a Kemendagri code (32, 32.11, 32.11.15, 32.11.15.2001) or ID for Indonesia",
    ),
]
Month = Annotated[
    str,
    Field(
        pattern=r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$",
        description="YYYY-MM, or any date of the month (YYYY-MM-DD)",
    ),
]
Year = Annotated[int, Field(ge=2000, le=2100)]


def region_asked(request: HttpRequest, region: str | None, scope: Scope) -> str:
    """The code asked for; by default the caller's own region (Indonesia when nationwide)."""
    if region:
        return "" if region == "ID" else region
    if scope.is_nationwide:
        return ""
    return getattr(request.user, "region_id", None) or "-"


def taken_month(area: Area, month: str | None) -> dt.date:
    """The month asked for, or the latest month taken for the area (404 when none is)."""
    if month:
        return parse_month(month)
    latest = latest_month(area.code)
    if latest is None:
        raise none_taken(area, "month")
    return latest


def percent_out(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


class BaseOut(Schema):
    kind: DenominatorKind = Field(description="eligible (BPJS's base) or working_population (BPS)")
    value: int = Field(description="workers")
    year: int
    source: str
    as_of: dt.date


def base_out(base: rules.Base | None) -> BaseOut | None:
    return None if base is None else BaseOut(**asdict(base))
