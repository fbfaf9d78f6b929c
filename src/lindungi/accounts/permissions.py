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


# The roles an account manager gives. The regional admin adds the officers, operators and civil
# servants of their regency, never another admin (nor a superuser, which is no role): a new
# regional admin is the superuser's to add.
ROLES_A_REGIONAL_ADMIN_GIVES = frozenset(Role) - {Role.ADMIN_PEMDA}


def may_manage_users(scope: Scope) -> bool:
    """Whether the actor adds users, deactivates them, resets their passwords and lifts their
    lock-outs (within their scope): the regional admin, the superuser and the command line."""
    return scope.role in ACCOUNT_MANAGERS


def roles_given_by(scope: Scope) -> list[Role]:
    """The roles the actor may give to a user they add or manage, in the roles' order."""
    if not may_manage_users(scope):
        return []
    if scope.role == Role.ADMIN_PEMDA:
        return [role for role in Role if role in ROLES_A_REGIONAL_ADMIN_GIVES]
    return list(Role)


def may_manage_user(scope: Scope, *, role: str, is_superuser: bool, user_id: int) -> bool:
    """Whether the actor changes this user's account (active, password, lock-out): a user of a
    role they may give, never a superuser, never themselves (their own password is changed on
    their own page). The user is already known to be inside the actor's scope."""
    return (
        may_manage_users(scope)
        and not is_superuser
        and user_id != scope.user_id
        and role in roles_given_by(scope)
    )


def may_use_django_admin(scope: Scope) -> bool:
    """Only a superuser opens Django's admin."""
    return scope.role == SUPERUSER
