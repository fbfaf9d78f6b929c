"""Who may do what with the worker registry: named predicates that services enforce and pages
and the API ask, so that a page never offers what a service would refuse.

- A role that writes (`ROLE_RULES`) registers, changes and imports workers, and decides on
  possible duplicates, inside its region.
- A role that may reveal sees full NIKs, birth dates and phone numbers on request, each time
  recorded (UU 27/2022 on personal data protection: every access attributable).
- A civil servant (ASN) sees only the workers they registered themselves (the household
  workers they protect); an agency operator (OPD) those their agency registered; other region
  roles every worker living in their region.
- An import and its error report belong to whoever started it; a nationwide scope (the
  superuser, the command line) sees every import.
"""

from lindungi.core.roles import Role
from lindungi.core.scopes import Scope


def may_write_workers(scope: Scope) -> bool:
    """Whether the actor registers, changes and imports workers (inside their region)."""
    return scope.can_write


def may_reveal(scope: Scope) -> bool:
    """Whether the actor may see full NIKs, birth dates and phone numbers (recorded)."""
    return scope.may_reveal


def sees_own_registrations_only(scope: Scope) -> bool:
    """Whether the actor sees only the workers they registered themselves (an ASN)."""
    return scope.role == Role.ASN


def sees_every_import(scope: Scope) -> bool:
    """Whether the actor sees imports started by others (a nationwide scope)."""
    return scope.is_nationwide
