"""BPJS's decision on a submitted claim, recorded by a BPJS officer or the regional admin:
approved for the benefit Lindungi computed, or rejected with its reason. An approval for another
amount is maker-checker: one officer proposes it with its reason (never above the regulation's
maximum), the claim waits, still submitted, and a second officer of those roles approves it
(the claim is then approved for it) or refuses it with a reason (the claim waits for a decision
again)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.claims.models import Claim, ClaimStatus
from lindungi.claims.permissions import may_confirm_amount, may_decide
from lindungi.claims.services.amounts import whole_rupiah, within_maximum
from lindungi.claims.services.deaths import death_followed
from lindungi.claims.services.steps import allowed, locked, movable, move, recorded
from lindungi.core.audit import Action
from lindungi.core.errors import InvalidState, ValidationFailed
from lindungi.core.money import format_rupiah
from lindungi.core.scopes import Scope


def _decider(scope: Scope, claim: Claim) -> Claim:
    """The claim locked for a decision, once the actor's role is one that records them."""
    allowed(
        may_decide(scope),
        _("Only BPJS or the admin records BPJS's decision"),
        code="claim.not_decider",
    )
    return locked(scope, claim)


def _has_proposal(claim: Claim) -> bool:
    return claim.status == ClaimStatus.SUBMITTED and claim.proposed_amount is not None


def _clear_proposal(claim: Claim) -> None:
    claim.proposed_amount = None
    claim.proposed_reason = ""
    claim.proposed_by = None
    claim.proposed_at = None


def _decided(
    actor: User | None,
    claim: Claim,
    *,
    to: str,
    reason: str,
    decided_by: User | None,
    now: datetime,
    **details: object,
) -> Claim:
    """BPJS's decision recorded, the one way both makers of it take: `claim_decide` (approved
    for the benefit computed, or rejected) and the second officer's approval of a proposed
    amount (`claim_amount_review`)."""
    move(claim, to)
    claim.decision_reason = reason[:500]
    claim.decided_by = decided_by
    claim.decided_at = now
    claim = recorded(
        actor,
        claim,
        Action.CLAIM_DECIDE,
        now=now,
        details={
            "decision": claim.status,
            "reason": claim.decision_reason,
            "approved_amount": claim.approved_amount,
            **details,
        },
    )
    if claim.status == ClaimStatus.APPROVED:
        death_followed(actor, claim, now)
    return claim


@transaction.atomic
def claim_decide(
    *,
    actor: User | None,
    scope: Scope,
    claim: Claim,
    approve: bool,
    reason: str = "",
    amount: int | None = None,
    now: datetime | None = None,
) -> Claim:
    """Record BPJS's decision on a submitted claim: approved for the benefit Lindungi
    computed, or rejected with its reason. An approval for another `amount` (or any amount
    of a benefit Lindungi does not compute) needs its written reason, is never above the
    regulation's maximum for the benefit (`amounts.benefit_maximum`), and waits, still
    submitted, for a second officer (`claim_amount_review`): maker-checker."""
    claim = _decider(scope, claim)
    now = now or timezone.now()
    reason = " ".join(reason.split())
    to = ClaimStatus.APPROVED if approve else ClaimStatus.REJECTED
    movable(claim, to)
    if not approve and not reason:
        raise ValidationFailed(_("Give BPJS's reason for the rejection"), field="reason")
    if approve and _has_proposal(claim):
        raise InvalidState(
            _("%(amount)s proposed for this claim waits for a second officer: approve or refuse it")
            % {"amount": format_rupiah(claim.proposed_amount or 0)},
            code="claim.amount_waits",
            status=claim.status,
        )
    if approve:
        whole_rupiah(amount)
        if amount is not None and amount != claim.benefit_total:
            return _propose(actor, claim, amount, reason, now)
        claim.approved_amount = claim.benefit_total
    _clear_proposal(claim)
    return _decided(actor, claim, to=to, reason=reason, decided_by=actor, now=now)


def _propose(actor: User | None, claim: Claim, amount: int, reason: str, now: datetime) -> Claim:
    """The maker: one officer proposes an amount other than the benefit computed."""
    if not reason:
        raise ValidationFailed(
            _(
                "An amount other than the benefit computed (%(computed)s) needs its reason, "
                "and a second officer's approval"
            )
            % {
                "computed": format_rupiah(claim.benefit_total)
                if claim.benefit_total is not None
                else "-"
            },
            field="reason",
        )
    within_maximum(claim, amount)
    claim.proposed_amount = amount
    claim.proposed_reason = reason[:500]
    claim.proposed_by = actor
    claim.proposed_at = now
    details = {
        "amount": amount,
        "amount_text": format_rupiah(amount),
        "computed": claim.benefit_total,
        "reason": claim.proposed_reason,
    }
    return recorded(actor, claim, Action.CLAIM_AMOUNT_PROPOSE, now=now, details=details)


@transaction.atomic
def claim_amount_review(
    *,
    actor: User | None,
    scope: Scope,
    claim: Claim,
    approve: bool,
    reason: str = "",
    now: datetime | None = None,
) -> Claim:
    """The checker: a second officer (BPJS or the admin, not the one who proposed it) approves
    the amount proposed for a submitted claim, which is then approved for it, or refuses it with
    a reason (the claim waits for a decision again)."""
    claim = _decider(scope, claim)
    now = now or timezone.now()
    if not _has_proposal(claim):
        raise InvalidState(
            _("No amount waits for a second officer"),
            code="claim.no_amount_proposed",
            status=claim.status,
        )
    allowed(
        may_confirm_amount(scope, claim.proposed_by_id),
        _("A second officer approves this amount: not the one who proposed it"),
        code="claim.same_officer",
    )
    reason = " ".join(reason.split())
    proposed = claim.proposed_amount or 0
    if not approve:
        if not reason:
            raise ValidationFailed(_("Say why the amount is refused"), field="reason")
        _clear_proposal(claim)
        details = {"amount": proposed, "reason": reason[:500]}
        return recorded(actor, claim, Action.CLAIM_AMOUNT_REFUSE, now=now, details=details)
    within_maximum(claim, proposed)
    claim.approved_amount = proposed
    claim.amount_approved_by = actor
    return _decided(
        actor,
        claim,
        to=ClaimStatus.APPROVED,
        reason=claim.proposed_reason,
        decided_by=claim.proposed_by,
        now=now,
        computed=claim.benefit_total,
        proposed_by=claim.proposed_by_id,
        second_officer=actor.pk if actor is not None else None,
    )
