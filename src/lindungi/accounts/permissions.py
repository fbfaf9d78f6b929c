"""Who may do what with accounts: named predicates that services enforce and pages ask."""

from lindungi.core.roles import SUPERUSER, SYSTEM, Role
from lindungi.core.scopes import Scope

# The regional admin manages the accounts of their regency; the superuser and the command line
# (the "system" scope) those of the whole country.
ACCOUNT_MANAGERS = frozenset({Role.ADMIN_PEMDA, SUPERUSER, SYSTEM})


def may_manage_others_tokens(scope: Scope) -> bool:
    """Whether the actor sees and revokes the API tokens of other users in their scope (every
    user sees and revokes their own)."""
    return scope.role in ACCOUNT_MANAGERS


def sees_only_themselves(scope: Scope) -> bool:
    """Whether the actor's list of users holds only themselves: a civil servant (ASN), and any
    role that reads no personal data (other users are personal data)."""
    return scope.role == Role.ASN or not scope.reads_personal_data


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
