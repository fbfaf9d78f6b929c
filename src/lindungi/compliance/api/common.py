"""What the compliance API's sub-resources share: the path prefix, input types, the caller, the
regency a request names and the agencies it names."""

import datetime as dt
from typing import Annotated, Any, cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field

from lindungi.accounts.models import Agency, User
from lindungi.api.schemas import ErrorOut
from lindungi.core.errors import NotFound, ValidationFailed
from lindungi.core.scopes import Scope
from lindungi.core.versioning import MAX_VERSION
from lindungi.regions.models import Region
from lindungi.regions.selectors import region_get

PREFIX = "/compliance"
# The operation ids the API had before it moved here from `api/compliance.py`: clients
# generated from the schema keep their names.
OPERATION_ID = "lindungi_api_compliance_{}"
Day = Annotated[dt.date, Field(ge=dt.date(2000, 1, 1), le=dt.date(2100, 12, 31))]
Year = Annotated[int, Field(ge=2000, le=2100)]
NO_NUL = r"^[^\x00]*$"
Text = Annotated[str, Field(max_length=300, pattern=NO_NUL)]
LongText = Annotated[str, Field(max_length=5000, pattern=NO_NUL)]
Count = Annotated[int, Field(ge=0, le=10_000_000)]
FILE_TYPES = ("application/pdf", "image/jpeg", "image/png")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WRITE_RESPONSES = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
# The version a change was made on: a record changed since answers 409 (`stale_version`) with
# the record as it now is in `details.current`. Without it, only the fields sent change.
Version = Annotated[int, Field(ge=1, le=MAX_VERSION)]


def actor_of(request: HttpRequest) -> User:
    return cast(User, request.user)


def region_named(request: HttpRequest, code: str | None) -> Region:
    """The regency a request names, else the caller's own; an unknown code is a 422."""
    wanted = code or getattr(request.user, "region_id", None) or ""
    try:
        return region_get(code=wanted)
    except NotFound as error:
        raise ValidationFailed(
            _("Unknown region: %(code)s") % {"code": wanted or "-"}, field="region_code"
        ) from error


def agencies_of(scope: Scope, ids: list[int], field: str) -> list[Agency]:
    """Agencies of the caller's region by id; one outside it is unknown (422)."""
    found = list(Agency.objects.filter(scope.region_q("region__code"), pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationFailed(_("Unknown agency"), field=field)
    return found


def binary(types: tuple[str, ...], description: str) -> dict[str, Any]:
    return {
        "responses": {
            200: {
                "description": description,
                "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in types},
            }
        }
    }
