"""Who may do what with coverage figures, budgets and sponsor matching: named predicates that
services enforce and pages and the API ask."""

from lindungi.core.roles import OFFICERS, SUPERUSER, Role
from lindungi.core.scopes import Scope

DENOMINATORS, TARGETS, PARTICIPANTS = "denominators", "targets", "participants"
IMPORTERS: dict[str, frozenset[str]] = {
    DENOMINATORS: frozenset({Role.ADMIN_PEMDA, Role.PETUGAS_BPJS}),
    TARGETS: frozenset({Role.ADMIN_PEMDA}),
    PARTICIPANTS: frozenset({Role.ADMIN_PEMDA, Role.PETUGAS_BPJS}),
}


def may_import(scope: Scope, what: str) -> bool:
    """Whether the reader imports figures of kind `what` (denominators, targets,
    participants)."""
    return scope.is_nationwide or (scope.can_write and scope.role in IMPORTERS[what])


def may_import_any(scope: Scope) -> bool:
    """Whether the reader imports some kind of figures (and so opens the figures' page)."""
    return any(may_import(scope, what) for what in IMPORTERS)


# What the menu offers (web/menu.py).
MATCHING_ROLES = frozenset({SUPERUSER, Role.ADMIN_PEMDA, Role.OPERATOR_OPD, Role.OPERATOR_DESA})
BUDGET_ROLES = frozenset({SUPERUSER, Role.ADMIN_PEMDA, Role.OPERATOR_DESA, Role.TIM_KOORDINASI})


def reads_coverage(scope: Scope) -> bool:
    """The region's officers read its coverage and rankings."""
    return scope.role in OFFICERS


def may_match_sponsors(scope: Scope) -> bool:
    """The makers of a region and the admin match unprotected workers with sponsors."""
    return scope.role in MATCHING_ROLES


def plans_budgets(scope: Scope) -> bool:
    """Who plans what protecting a region's workers costs: the admin, the villages, the team."""
    return scope.role in BUDGET_ROLES
