"""Who may do what in billing, as named predicates: the services enforce them, the pages and the
API ask them (one rule, one place).

- TPP deduction lists (an agency's civil servants with their NIPs and amounts, for the finance
  office) are drawn up by the agency operator for their own agency and by the regional admin
  (superusers anywhere). Nobody else's work needs another civil servant's deduction: a civil
  servant sees their own through their bills, BPJS is paid by the agency, the coordination team
  and the prosecutor's office read no such lists.
- Payments are recorded by the regional admin and BPJS officers. A payment held for being
  implausible (`rules.plausible_payment`) counts only once a second officer of those roles,
  another person than the one who recorded it, confirms it.
"""

from django.utils.translation import gettext as _

from lindungi.core.errors import PermissionDenied
from lindungi.core.roles import OFFICERS, REGENCY_OFFICERS, SUPERUSER, Role
from lindungi.core.scopes import Scope

TPP_ROLES = ("superuser", Role.ADMIN_PEMDA, Role.OPERATOR_OPD)
PAYMENT_ROLES = ("superuser", Role.ADMIN_PEMDA, Role.PETUGAS_BPJS)


def may_list_tpp(scope: Scope) -> bool:
    """Whether the reader's role draws up TPP deduction lists (see the module's docstring)."""
    return scope.role in TPP_ROLES


def tpp_checked(scope: Scope) -> None:
    """PermissionDenied unless `may_list_tpp`."""
    if not may_list_tpp(scope):
        raise PermissionDenied(_("TPP deductions are listed by agencies and the Disnaker"))


def may_record_payments(scope: Scope) -> bool:
    return scope.role in PAYMENT_ROLES and scope.can_write


def may_confirm_payment(scope: Scope, recorded_by_id: int | None) -> bool:
    """A second officer: a role that records payments, and not the one who recorded it."""
    return may_record_payments(scope) and scope.user_id != recorded_by_id


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
