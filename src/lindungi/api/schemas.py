"""Schemas shared by every router."""

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AfterValidator, WithJsonSchema

MAX_UPLOAD_BYTES = 100 * 1024 * 1024
# Ids and amounts are bounded so that no request reaches the database with an integer it
# cannot hold (a list filter `pk IN (…)` is not protected by Django as `pk = …` is).
MAX_ID = 2**63 - 1
MAX_MONEY = 10**15
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _without_offset(value: dt.time) -> dt.time:
    if value.tzinfo is not None:
        raise ValueError("a time of day in WIB, without an offset")
    return value


# A wall-clock time in Jakarta, as stored (`07:45` or `07:45:00`). JSON Schema's `time` format
# demands an offset, and a time with one cannot be stored (SQLite refuses it outright).
LocalTime = Annotated[
    dt.time,
    AfterValidator(_without_offset),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
            "description": "a time of day in WIB (Asia/Jakarta), without an offset",
        }
    ),
]


def _without_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def left_out() -> Any:
    """The default of a field a change may leave out but never set to null (the stored value
    stays): the schema shows the field's own type, and a null answers 422."""
    return Field(default=None, json_schema_extra=_without_default)


class ErrorOut(Schema):
    code: str
    message: str
    details: dict[str, Any] = {}
