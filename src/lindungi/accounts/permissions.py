"""Who may do what with accounts: named predicates that services enforce and pages ask."""

from lindungi.core.roles import Role
from lindungi.core.scopes import Scope

# The regional admin manages the accounts of their regency; the superuser and the command line
# (the "system" scope) those of the whole country.
ACCOUNT_MANAGERS = frozenset({Role.ADMIN_PEMDA, "superuser", "system"})


def may_manage_others_tokens(scope: Scope) -> bool:
    """Whether the actor sees and revokes the API tokens of other users in their scope (every
    user sees and revokes their own)."""
    return scope.role in ACCOUNT_MANAGERS
