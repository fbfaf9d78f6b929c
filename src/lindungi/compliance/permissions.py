"""Who reads and who writes the Inpres 2/2021 coordination data of a regency, in one place: the
services and selectors enforce these predicates, the pages and the API call the same ones to
decide what to show.

- Region readers (the Disnaker admin, the coordination team, BPJS officers) read everything of
  their regency; the prosecutor's office (Kejari, Datun) reads only the referrals of its regency
  and the employers referred; an agency operator reads the tasks its agency is responsible for.
  Village operators and civil servants read nothing here.
- Only the regional admin (and a superuser) writes tasks, the team, agreements and activities.
- Employers' compliance status and referral steps are also written by BPJS officers: BPJS keeps
  the employers' registration and arrears, issues the warnings SP1/SP2 and hands a special power
  of attorney (SKK) to the district prosecutor's office, which acts as Jaksa Pengacara Negara
  (UU 16/2004 Pasal 30(2)) in the legal enforcement Inpres 2/2021 asks of the Attorney General;
  its role writes in its regency (`ROLE_RULES`).
- Nobody whose role cannot write (coordination team, prosecutor) writes anything.
"""

from django.utils.translation import gettext as _

from lindungi.core.errors import PermissionDenied
from lindungi.core.roles import SUPERUSER, Role
from lindungi.core.scopes import Scope

ADMIN_ROLES = (SUPERUSER, Role.ADMIN_PEMDA)
ENFORCEMENT_WRITERS = (*ADMIN_ROLES, Role.PETUGAS_BPJS)
REGION_READERS = (*ADMIN_ROLES, Role.TIM_KOORDINASI, Role.PETUGAS_BPJS)
REFERRAL_READERS = (*REGION_READERS, Role.JAKSA)
TASK_READERS = (*REGION_READERS, Role.OPERATOR_OPD)


def may_write(scope: Scope, region_code: str, roles: tuple[str, ...] = ADMIN_ROLES) -> bool:
    return scope.can_write and scope.role in roles and scope.covers_region(region_code)


def may_enforce(scope: Scope, region_code: str) -> bool:
    """Records employers and the steps of their referral cases in that regency."""
    return may_write(scope, region_code, ENFORCEMENT_WRITERS)


def may_import_employers(scope: Scope) -> bool:
    """Imports an employers' list (each row still checked against its regency)."""
    return scope.can_write and scope.role in ENFORCEMENT_WRITERS


def reads_region(scope: Scope) -> bool:
    """Reads everything of the regencies in scope: tasks, team, agreements, activities,
    employers, referrals, documents and the six-monthly report."""
    return scope.role in REGION_READERS


def reads_referrals(scope: Scope) -> bool:
    """Reads the referral cases (and the employers referred) of the regencies in scope."""
    return scope.role in REFERRAL_READERS


def reads_tasks(scope: Scope) -> bool:
    return scope.role in TASK_READERS


def reads_own_agency_tasks_only(scope: Scope) -> bool:
    """An agency operator: only the tasks its agency is responsible for."""
    return scope.role == Role.OPERATOR_OPD


def reads_referred_employers_only(scope: Scope) -> bool:
    """The prosecutor's office: only employers with a referral case."""
    return scope.role == Role.JAKSA


def names_its_regency(scope: Scope) -> bool:
    """A reader not tied to one regency (a superuser) names the regency a page is about."""
    return scope.role == SUPERUSER


def write_checked(scope: Scope, region_code: str, roles: tuple[str, ...] = ADMIN_ROLES) -> None:
    """PermissionDenied unless the actor's role writes this part in that regency."""
    if may_write(scope, region_code, roles):
        return
    if roles == ENFORCEMENT_WRITERS:
        raise PermissionDenied(
            _("Only the regional admin or BPJS records employers and referrals of this region"),
            code="employer.write_denied",
        )
    raise PermissionDenied(
        _("Only the regional admin changes the Inpres 2/2021 records"), code="inpres.write_denied"
    )
