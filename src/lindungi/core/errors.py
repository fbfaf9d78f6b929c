"""Domain errors: raised by services and selectors, rendered in one place per interface.

The API turns them into `{code, message, details}` with the status below; commands print the
message and exit non-zero; pages show the message. `code` names the case for API clients to
branch on (`enrolment.double_funded`, `worker.nik_mismatch`, …); without one, the class's
general code (`conflict`, `not_found`, …) is used. Messages are written for the user (and marked
for translation where they are built), never an exception's internals.
"""

from typing import Any, ClassVar


class DomainError(Exception):
    code: ClassVar[str] = "error"
    http_status: ClassVar[int] = 400

    def __init__(self, message: str, *, code: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = details
        if code is not None:
            self.code = code  # type: ignore[misc]  # the case's own code over the class's


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
