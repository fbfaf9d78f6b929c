"""Writing audit events. Services call `audit_record` inside their own transaction."""

from typing import Any

from django.contrib.auth.models import AbstractUser

from lindungi.core.masking import mask_personal
from lindungi.core.models import AuditEvent


def audit_record(
    *,
    actor: AbstractUser | None,
    action: str,
    object_type: str = "",
    object_id: str | int = "",
    region_code: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. `actor` is None for the system (a command run without a user).
    Personal values in `details` (NIKs, phone numbers, birth dates) are stored masked: the trail
    says what changed and who saw what, never the values themselves."""
    return AuditEvent.objects.create(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        region_code=region_code,
        details=mask_personal(details or {}),
    )
