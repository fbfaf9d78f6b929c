"""Who reads and who writes the Inpres 2/2021 coordination data of a regency, in one place.

- Region readers (the Disnaker admin, the coordination team, BPJS officers) read everything of
  their regency; the prosecutor's office (Kejari, Datun) reads only the referrals of its regency
  and the employers referred; an agency operator reads the tasks its agency is responsible for.
  Village operators and civil servants read nothing here.
- Only the regional admin (and a superuser) writes tasks, the team, agreements and activities.
- Employers' compliance status and referral steps are also written by BPJS officers: BPJS keeps
  the employers' registration and arrears, issues the warnings SP1/SP2 and hands the SKK to the
  prosecutor (REGULATIONS.md §6), and its role writes in its regency (`ROLE_RULES`).
- Nobody whose role cannot write (coordination team, prosecutor) writes anything.
"""

from django.utils.translation import gettext as _

from lindungi.core.errors import PermissionDenied
from lindungi.core.roles import Role
from lindungi.core.scopes import Scope

ADMIN_ROLES = ("superuser", Role.ADMIN_PEMDA)
ENFORCEMENT_WRITERS = (*ADMIN_ROLES, Role.PETUGAS_BPJS)
REGION_READERS = (*ADMIN_ROLES, Role.TIM_KOORDINASI, Role.PETUGAS_BPJS)
REFERRAL_READERS = (*REGION_READERS, Role.JAKSA)
TASK_READERS = (*REGION_READERS, Role.OPERATOR_OPD)


def may_write(scope: Scope, region_code: str, roles: tuple[str, ...] = ADMIN_ROLES) -> bool:
    return scope.can_write and scope.role in roles and scope.covers_region(region_code)


def write_checked(scope: Scope, region_code: str, roles: tuple[str, ...] = ADMIN_ROLES) -> None:
    """PermissionDenied unless the actor's role writes this part in that regency."""
    if may_write(scope, region_code, roles):
        return
    if roles == ENFORCEMENT_WRITERS:
        raise PermissionDenied(
            _("Only the regional admin or BPJS records employers and referrals of this region")
        )
    raise PermissionDenied(_("Only the regional admin changes the Inpres 2/2021 records"))
