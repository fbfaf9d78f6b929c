"""Who may do what with claims, as named predicates: the services enforce them, the pages and the
API ask them what to offer (one rule, one place).

- The village operator (for the workers of their village), the agency operator (for the workers
  their agency protected on the event date) and the regional admin report claims, attach their
  documents and submit them to BPJS.
- A BPJS officer or the regional admin records BPJS's decision and the payment; an amount other
  than the benefit Lindungi computed is approved by a second officer of those roles.
- A claim's documents (death certificate, KTP and KK: NIK, birth date, address, the family) are
  downloaded only by those whose work on the claim needs them: the operators and the admin who
  assemble the claim, and a BPJS officer once the claim was submitted to BPJS, because BPJS
  checks these documents before it decides (`rules.REQUIRED_DOCUMENTS`) and Lindungi is how they
  reach it. The coordination team and the prosecutor's office (read-only, no reveal), a civil
  servant and a BPJS officer before submission do not; every download is recorded.
- Claims are read by region (the regency's officers, the village operator), except by an agency
  operator or a civil servant, who read the claims of the enrolments their sponsor holds.
"""

from lindungi.claims.models import Claim, ClaimStatus
from lindungi.core.roles import OFFICERS, REGENCY_OFFICERS, SUPERUSER, Role
from lindungi.core.scopes import Scope

REPORT_ROLES = (SUPERUSER, Role.ADMIN_PEMDA, Role.OPERATOR_DESA, Role.OPERATOR_OPD)
DECIDE_ROLES = (SUPERUSER, Role.ADMIN_PEMDA, Role.PETUGAS_BPJS)
DOCUMENT_ROLES = (*REPORT_ROLES, Role.PETUGAS_BPJS)
# The statuses of a claim that BPJS has received.
WITH_BPJS = (ClaimStatus.SUBMITTED, ClaimStatus.APPROVED, ClaimStatus.REJECTED, ClaimStatus.PAID)


def may(scope: Scope, roles: tuple[str, ...]) -> bool:
    """Whether the reader's role writes with these roles."""
    return scope.can_write and scope.role in roles


def may_report(scope: Scope) -> bool:
    """Reports claims, confirms drafts and submits them to BPJS."""
    return may(scope, REPORT_ROLES)


def may_decide(scope: Scope) -> bool:
    """Records BPJS's decision (or proposes another amount) and the payment."""
    return may(scope, DECIDE_ROLES)


def may_attach_documents(scope: Scope) -> bool:
    """Attaches documents to the claims in scope."""
    return may(scope, DOCUMENT_ROLES)


def may_download_documents(scope: Scope, claim: Claim) -> bool:
    """Whether the reader may download the documents of this claim (already in their scope):
    see the module's docstring."""
    if not (scope.can_write and scope.may_reveal):
        return False
    if scope.role in REPORT_ROLES:
        return True
    return scope.role == Role.PETUGAS_BPJS and claim.status in WITH_BPJS


def may_confirm_amount(scope: Scope, proposed_by_id: int | None) -> bool:
    """A second officer: a role that records decisions, and not the one who proposed it."""
    return may_decide(scope) and scope.user_id != proposed_by_id


def reads_by_sponsor(scope: Scope) -> bool:
    """Whether the reader sees claims through the enrolments of their sponsor (an agency
    operator, a civil servant) rather than by region."""
    return scope.role == Role.ASN or scope.agency_id is not None


# What the menu offers (web/menu.py).
def reads_claims(scope: Scope) -> bool:
    """The region's officers and a civil servant (the claims of their household workers)."""
    return scope.role in OFFICERS or scope.role == Role.ASN


def reads_claims_impact(scope: Scope) -> bool:
    """The regency's officers read what the claims paid out, by program."""
    return scope.role in REGENCY_OFFICERS
