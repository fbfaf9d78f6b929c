"""`/claims/{id}/confirm|submit|decide|review-amount|pay`: the steps of a claim, each answered with
the claim as it now stands. BPJS's decision on another amount than the benefit computed is
maker-checker: `decide` proposes it, a second officer approves or refuses it (`review-amount`)."""

from django.http import HttpRequest
from ninja import Field, Router, Schema

from lindungi.accounts.selectors import scope_for_user
from lindungi.api.schemas import MAX_MONEY, ErrorOut
from lindungi.claims.api.claims import ClaimDetailOut, detail
from lindungi.claims.api.common import NO_NUL, Day, actor, operation_id
from lindungi.claims.selectors import claim_get
from lindungi.claims.services.decisions import claim_amount_review, claim_decide
from lindungi.claims.services.payments import claim_paid
from lindungi.claims.services.reporting import claim_confirm, claim_submit

router = Router(tags=["claims"])

STEP_RESPONSES = {200: ClaimDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class ClaimDecisionIn(Schema):
    approve: bool
    reason: str = Field("", max_length=500, pattern=NO_NUL, description="required to reject")
    amount: int | None = Field(
        None, ge=1, le=MAX_MONEY, description="approved; default the benefit computed"
    )


class ClaimAmountReviewIn(Schema):
    approve: bool
    reason: str = Field("", max_length=500, pattern=NO_NUL, description="required to refuse")


class ClaimPaymentIn(Schema):
    amount: int = Field(ge=1, le=MAX_MONEY)
    paid_on: Day
    reference: str = Field(min_length=1, max_length=100, pattern=NO_NUL)


@router.post(
    "/claims/{int:claim_id}/confirm",
    response=STEP_RESPONSES,
    summary="Report a draft claim (checked and computed again as of now)",
    operation_id=operation_id("claims_confirm"),
)
def claims_confirm(request: HttpRequest, claim_id: int) -> ClaimDetailOut:
    scope = scope_for_user(request.user)
    claim = claim_get(scope=scope, claim_id=claim_id)
    return detail(scope, claim_confirm(actor=actor(request), scope=scope, claim=claim))


@router.post(
    "/claims/{int:claim_id}/submit",
    response=STEP_RESPONSES,
    summary="Send a reported claim to BPJS, once the documents BPJS asks for are attached",
    operation_id=operation_id("claims_submit"),
)
def claims_submit(request: HttpRequest, claim_id: int) -> ClaimDetailOut:
    scope = scope_for_user(request.user)
    claim = claim_get(scope=scope, claim_id=claim_id)
    return detail(scope, claim_submit(actor=actor(request), scope=scope, claim=claim))


@router.post(
    "/claims/{int:claim_id}/decide",
    response=STEP_RESPONSES,
    summary="Record BPJS's decision: approved or rejected with its reason (BPJS officer, "
    "regional admin); another amount than the benefit computed needs its reason, never exceeds "
    "`benefit_maximum` and waits for a second officer (`review-amount`)",
    operation_id=operation_id("claims_decide"),
)
def claims_decide(request: HttpRequest, claim_id: int, payload: ClaimDecisionIn) -> ClaimDetailOut:
    scope = scope_for_user(request.user)
    claim = claim_get(scope=scope, claim_id=claim_id)
    decided = claim_decide(
        actor=actor(request),
        scope=scope,
        claim=claim,
        approve=payload.approve,
        reason=payload.reason,
        amount=payload.amount,
    )
    return detail(scope, decided)


@router.post(
    "/claims/{int:claim_id}/review-amount",
    response=STEP_RESPONSES,
    summary="A second officer (BPJS or the regional admin, not the one who proposed it) "
    "approves the amount proposed for a claim, or refuses it with a reason",
    operation_id=operation_id("claims_review_amount"),
)
def claims_review_amount(
    request: HttpRequest, claim_id: int, payload: ClaimAmountReviewIn
) -> ClaimDetailOut:
    scope = scope_for_user(request.user)
    claim = claim_get(scope=scope, claim_id=claim_id)
    reviewed = claim_amount_review(
        actor=actor(request),
        scope=scope,
        claim=claim,
        approve=payload.approve,
        reason=payload.reason,
    )
    return detail(scope, reviewed)


@router.post(
    "/claims/{int:claim_id}/pay",
    response=STEP_RESPONSES,
    summary="Record that BPJS paid an approved claim to the family (BPJS officer, regional admin)",
    operation_id=operation_id("claims_pay"),
)
def claims_pay(request: HttpRequest, claim_id: int, payload: ClaimPaymentIn) -> ClaimDetailOut:
    scope = scope_for_user(request.user)
    claim = claim_get(scope=scope, claim_id=claim_id)
    paid = claim_paid(
        actor=actor(request),
        scope=scope,
        claim=claim,
        amount=payload.amount,
        paid_on=payload.paid_on,
        reference=payload.reference,
    )
    return detail(scope, paid)
