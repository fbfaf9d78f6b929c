"""Optimistic concurrency in the API (`core/versioning.py`): the version a `PATCH` was made on,
from its body's `version` or an `If-Match` header, and a stale `PATCH`'s 409, which carries the
record as it now is (`details.current`) so that the client sees the other writer's change."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Schema

from lindungi.core.errors import ValidationFailed
from lindungi.core.versioning import MAX_VERSION, StaleEdit


def expected_version(request: HttpRequest, sent: int | None) -> int | None:
    """The version the client edited: the body's `version`, else `If-Match` (`"3"`, `W/"3"`
    or `3`; `*` means any). None: the client sent none, and only the fields it sends change."""
    if sent is not None:
        return sent
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    value = header.removeprefix("W/").strip('"')
    digits = value.isascii() and value.isdigit() and len(value) <= len(str(MAX_VERSION))
    if not digits or int(value) > MAX_VERSION:
        raise ValidationFailed(
            _('If-Match must name the record\'s version, as in If-Match: "3"'), field="If-Match"
        )
    return int(value)


@contextmanager
def stale_shows_current(
    request: HttpRequest, schema: type[Schema], current: Callable[[], Any]
) -> Iterator[None]:
    """A `StaleEdit` raised inside carries `current()` rendered as `schema`, as the client
    would read it with a GET."""
    try:
        yield
    except StaleEdit as error:
        record = schema.model_validate(current(), context={"request": request})
        error.details["current"] = record.model_dump(mode="json")
        raise
