"""What the billing API's routes share: months and days as they read them, the caller, the
region a request names, the file types, and the enrolments a payment started again."""

import datetime as dt
from typing import Annotated, cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema

from lindungi.accounts.models import User
from lindungi.billing.lapses import Resumed
from lindungi.core.errors import NotFound, ValidationFailed
from lindungi.regions.models import Region
from lindungi.regions.selectors import region_get

Month = Annotated[
    str,
    Field(
        pattern=r"^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$",
        description="YYYY-MM, or any date of the month (YYYY-MM-DD)",
    ),
]
# Dates far outside the programs' years are typing errors (and would overflow month sums).
Day = Annotated[dt.date, Field(ge=dt.date(2000, 1, 1), le=dt.date(2100, 12, 31))]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def actor_of(request: HttpRequest) -> User:
    """The caller: every route of the API is authenticated (`AUTH`)."""
    return cast(User, request.user)


def region_named(code: str | None) -> Region:
    """The region a request names; an unknown code is invalid input (422), not a 404."""
    try:
        return region_get(code=code or "")
    except NotFound as error:
        raise ValidationFailed(
            _("Unknown region: %(code)s") % {"code": code or "-"}, field="region_code"
        ) from error


class ResumedOut(Schema):
    """Lapsed enrolments the payment started again, each a new enrolment from its month."""

    count: int = 0
    enrolment_ids: list[int] = []
    first_months: list[dt.date] = []


def resumed_out(resumed: Resumed) -> ResumedOut:
    return ResumedOut(
        count=resumed.count,
        enrolment_ids=list(resumed.enrolment_ids),
        first_months=list(resumed.first_months),
    )
