"""Who may do what with accounts: named predicates that services enforce and pages ask."""

from lindungi.core.roles import SUPERUSER, Role
from lindungi.core.scopes import Scope

# The regional admin manages the accounts of their regency; the superuser and the command line
# (the "system" scope) those of the whole country.
ACCOUNT_MANAGERS = frozenset({Role.ADMIN_PEMDA, "superuser", "system"})


def may_manage_others_tokens(scope: Scope) -> bool:
    """Whether the actor sees and revokes the API tokens of other users in their scope (every
    user sees and revokes their own)."""
    return scope.role in ACCOUNT_MANAGERS


# What the menu offers (web/menu.py).
USER_READERS = frozenset(
    {SUPERUSER, Role.ADMIN_PEMDA, Role.OPERATOR_OPD, Role.PETUGAS_BPJS, Role.TIM_KOORDINASI}
)


def reads_users(scope: Scope) -> bool:
    """Whether the reader's work lists the other users of their region."""
    return scope.role in USER_READERS


def may_use_django_admin(scope: Scope) -> bool:
    """Only a superuser opens Django's admin."""
    return scope.role == SUPERUSER
