"""Domain errors: raised by services and selectors, rendered in one place per interface.

The API turns them into `{code, message, details}` with the status below; commands print the
message and exit non-zero; pages show the message. Messages are written for the user (and marked
for translation where they are built), never an exception's internals.
"""

from typing import Any, ClassVar


class DomainError(Exception):
    code: ClassVar[str] = "error"
    http_status: ClassVar[int] = 400

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class NotFound(DomainError):
    """The object does not exist, or lies outside the actor's scope: the two look the same."""

    code = "not_found"
    http_status = 404


class PermissionDenied(DomainError):
    code = "permission_denied"
    http_status = 403


class Conflict(DomainError):
    code = "conflict"
    http_status = 409


class InvalidState(DomainError):
    code = "invalid_state"
    http_status = 409


class ValidationFailed(DomainError):
    code = "validation_failed"
    http_status = 422
