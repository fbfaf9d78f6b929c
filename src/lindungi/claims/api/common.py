"""What the claims API's sub-resources share: input types, the actor, and one claim's detail
(the answer of every step)."""

import datetime as dt
from typing import Annotated, cast

from django.http import HttpRequest
from ninja import Field

from lindungi.accounts.models import User

# Dates far outside the programs' years are typing errors.
Day = Annotated[dt.date, Field(ge=dt.date(2000, 1, 1), le=dt.date(2100, 12, 31))]
Year = Annotated[int, Field(ge=2000, le=2100)]
# Free text without the NUL character no database stores.
NO_NUL = r"^[^\x00]*$"
RegionCode = Annotated[str, Field(max_length=20, pattern=NO_NUL)]


def actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def operation_id(name: str) -> str:
    """The operation id the claims API has always published (`lindungi_api_claims_<name>`),
    whatever module now holds the handler."""
    return f"lindungi_api_claims_{name}"
