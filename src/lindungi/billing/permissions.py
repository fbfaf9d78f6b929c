"""Who may do what in billing, as named predicates: the services and selectors enforce them, the
pages and the API ask them (one rule, one place). Nothing else in billing compares roles.

- Billing runs and corrections are run, and co-funding is agreed, by the regional admin
  (Disnaker) of the region; superusers anywhere, naming the region billed.
- Billing runs, BPJS payment statements and the arrears list cover every sponsor of a region:
  they are read by the regency's officers (the regional admin, BPJS officers and the
  coordination team; superusers anywhere).
- TPP deduction lists (an agency's civil servants with their NIPs and amounts, for the finance
  office) are drawn up by the agency operator for their own agency and by the regional admin
  (superusers anywhere). Nobody else's work needs another civil servant's deduction: a civil
  servant sees their own through their bills, BPJS is paid by the agency, the coordination team
  and the prosecutor's office read no such lists.
- Payments are recorded, and BPJS payment statements imported (and their lines that matched no
  bill resolved), by the regional admin and BPJS officers. A payment held for being
  implausible (`rules.plausible_payment`) counts only once a second officer of those roles,
  another person than the one who recorded it, confirms it.
- A village operator pays for their village, an agency operator for their agency, a civil
  servant for themself (`own_sponsor_kind`): their dashboard shows those sponsors' bills.
"""

from django.utils.translation import gettext as _

from lindungi.core.errors import PermissionDenied
from lindungi.core.roles import OFFICERS, REGENCY_OFFICERS, SUPERUSER, Role
from lindungi.core.scopes import Scope
from lindungi.programs.models import SponsorKind

BILLING_ROLES = (SUPERUSER, Role.ADMIN_PEMDA)
REGION_ROLES = (SUPERUSER, Role.ADMIN_PEMDA, Role.PETUGAS_BPJS, Role.TIM_KOORDINASI)
TPP_ROLES = (SUPERUSER, Role.ADMIN_PEMDA, Role.OPERATOR_OPD)
PAYMENT_ROLES = (SUPERUSER, Role.ADMIN_PEMDA, Role.PETUGAS_BPJS)
# The sponsors a role pays for.
OWN_SPONSOR_KIND: dict[str, SponsorKind] = {
    Role.OPERATOR_DESA: SponsorKind.DESA,
    Role.OPERATOR_OPD: SponsorKind.OPD,
    Role.ASN: SponsorKind.ASN,
}


def may_bill(scope: Scope, region_code: str | None = None) -> bool:
    """Whether the actor runs billing and corrections (in `region_code`, when given)."""
    return (
        scope.role in BILLING_ROLES
        and scope.can_write
        and (region_code is None or scope.covers_region(region_code))
    )


def billing_checked(scope: Scope, region_code: str) -> None:
    """PermissionDenied unless `may_bill` in that region."""
    if not may_bill(scope, region_code):
        raise PermissionDenied(
            _("Only the regional admin runs billing for this region"), code="billing.not_allowed"
        )


def chooses_billing_region(scope: Scope) -> bool:
    """A superuser names the region billed; the regional admin bills their own regency."""
    return scope.role == SUPERUSER


def may_share_costs(scope: Scope) -> bool:
    """Whether the actor agrees co-funding (a second sponsor's share of an enrolment)."""
    return may_bill(scope)


def reads_region_billing(scope: Scope) -> bool:
    """Whether the reader sees what covers every sponsor of a region: billing runs, payment
    statements, the arrears list."""
    return scope.role in REGION_ROLES


def may_list_tpp(scope: Scope) -> bool:
    """Whether the reader's role draws up TPP deduction lists (see the module's docstring)."""
    return scope.role in TPP_ROLES


def tpp_checked(scope: Scope) -> None:
    """PermissionDenied unless `may_list_tpp`."""
    if not may_list_tpp(scope):
        # The class code (`permission_denied`), as API clients of the TPP lists read it.
        raise PermissionDenied(_("TPP deductions are listed by agencies and the Disnaker"))


def may_record_payments(scope: Scope) -> bool:
    return scope.role in PAYMENT_ROLES and scope.can_write


def may_confirm_payment(scope: Scope, recorded_by_id: int | None) -> bool:
    """A second officer: a role that records payments, and not the one who recorded it."""
    return may_record_payments(scope) and scope.user_id != recorded_by_id


def may_import_statements(scope: Scope) -> bool:
    """Whether the actor imports BPJS payment statements: those who record payments."""
    return may_record_payments(scope)


def may_resolve_statement_lines(scope: Scope) -> bool:
    """Whether the actor resolves statement lines that matched no bill (allocates one to a
    bill, records it as a refund or as not ours): those who import statements."""
    return may_import_statements(scope)


def own_sponsor_kind(scope: Scope) -> SponsorKind | None:
    """The kind of sponsor the reader pays for (`OWN_SPONSOR_KIND`); None for the regency's
    officers, who read the arrears list instead."""
    return OWN_SPONSOR_KIND.get(scope.role)


# What the menu offers (web/menu.py).
RUN_ROLES = frozenset({SUPERUSER, Role.ADMIN_PEMDA})


def reads_payments(scope: Scope) -> bool:
    """The region's officers read the payments made (a civil servant reads their bills)."""
    return scope.role in OFFICERS


def reads_regency_billing(scope: Scope) -> bool:
    """The regency's officers read every sponsor's bills, BPJS's statements and the arrears
    (whoever calls the sponsors before their workers lapse)."""
    return scope.role in REGENCY_OFFICERS


def runs_billing(scope: Scope) -> bool:
    """The regional admin starts and follows the monthly billing runs."""
    return scope.role in RUN_ROLES
