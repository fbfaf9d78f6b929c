"""The steps every claim service shares: a claim locked in the actor's scope, a move along
`NEXT_STATUSES` refused with both statuses named, and the change saved with its one audit event."""

from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.claims.models import NEXT_STATUSES, Claim, ClaimStatus
from lindungi.claims.selectors import claim_get
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import InvalidState, PermissionDenied
from lindungi.core.scopes import Scope


def label(choices: Any, value: str) -> str:
    """The label of a choice, in the reader's language."""
    return str(dict(choices.choices).get(value, value))


def allowed(permitted: bool, message: str, *, code: str) -> None:
    """PermissionDenied with its message and case code unless `permitted` (a predicate of
    `claims.permissions`)."""
    if not permitted:
        raise PermissionDenied(message, code=code)


def movable(claim: Claim, to: str) -> None:
    """Refuse any move that `NEXT_STATUSES` does not allow, naming both statuses."""
    if to not in NEXT_STATUSES[claim.status]:
        raise InvalidState(
            _("A claim that is %(status)s cannot become %(next)s")
            % {
                "status": label(ClaimStatus, claim.status),
                "next": label(ClaimStatus, to),
            },
            code="claim.wrong_status",
            status=claim.status,
        )


def move(claim: Claim, to: str) -> None:
    movable(claim, to)
    claim.status = to


def locked(scope: Scope, claim: Claim) -> Claim:
    """The claim as stored, checked to be in scope and locked against a concurrent move."""
    claim_get(scope=scope, claim_id=claim.pk)
    return Claim.objects.select_for_update().get(pk=claim.pk)


def recorded(
    actor: User | None, claim: Claim, action: Action, *, now: datetime, details: dict[str, Any]
) -> Claim:
    """Save the claim's change at `now` with its one audit event."""
    claim.updated_at = now
    claim.save()
    audit_record(
        actor=actor,
        action=action,
        object_type="claim",
        object_id=claim.pk,
        region_code=claim.region_id,
        details=details,
    )
    return claim
