"""Schemas shared by every router."""

from typing import Annotated, Any

from ninja import Field, Schema

MAX_UPLOAD_BYTES = 100 * 1024 * 1024
# Ids and amounts are bounded so that no request reaches the database with an integer it
# cannot hold (a list filter `pk IN (…)` is not protected by Django as `pk = …` is).
MAX_ID = 2**63 - 1
MAX_MONEY = 10**15
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class ErrorOut(Schema):
    code: str
    message: str
    details: dict[str, Any] = {}
