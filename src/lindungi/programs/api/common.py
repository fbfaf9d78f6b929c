"""What the programs API's sub-resources share: limits, download helpers, the region a request
names, and the operation ids they had before the API moved into the app."""

from typing import Annotated, Any, cast

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field

from lindungi.accounts.models import User
from lindungi.core.errors import NotFound, ValidationFailed
from lindungi.regions.models import Region
from lindungi.regions.selectors import region_get

MAX_IDS = 10_000
Year = Annotated[int, Field(ge=2000, le=2100)]
Purpose = Annotated[
    str, Field(min_length=1, max_length=200, description="why you need the full NIKs")
]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def binary(content_type: str, description: str) -> dict[str, Any]:
    """How a download is documented: schemathesis checks the content type against it."""
    return {
        "responses": {
            200: {
                "description": description,
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def region_named(code: str | None, field: str) -> Region:
    """The region a request names; an unknown code is invalid input (422), not a 404."""
    try:
        return region_get(code=code or "")
    except NotFound as error:
        raise ValidationFailed(
            _("Unknown region: %(code)s") % {"code": code or "-"}, field=field
        ) from error


def operation(name: str) -> str:
    """An operation's id as it was when the handlers lived in `lindungi/api/programs.py`
    (Django Ninja derives it from the module), so clients generated from the schema keep it."""
    return f"lindungi_api_programs_{name}"


def caller(request: HttpRequest) -> User:
    """The user calling an operation: every operation of the API is behind its authentication."""
    return cast(User, request.user)
