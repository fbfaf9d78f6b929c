"""Who may do what with programs, sponsors and enrolments: named predicates that services
enforce and pages and the API ask."""

from lindungi.core.roles import OFFICERS, SUPERUSER, Role
from lindungi.core.scopes import Scope

# Who starts programs, verifies enrolments and acts for every sponsor of the regency.
ADMIN_ROLES = frozenset({SUPERUSER, Role.ADMIN_PEMDA})
# Who sends batches to BPJS and reads its answers.
BATCH_HANDLER_ROLES = frozenset({SUPERUSER, Role.ADMIN_PEMDA, Role.PETUGAS_BPJS})


def is_region_admin(scope: Scope) -> bool:
    """The regional admin (or the superuser): the checker of the regency's enrolments."""
    return scope.role in ADMIN_ROLES


def handles_batches(scope: Scope) -> bool:
    """The regional admin and BPJS's officers send batches to BPJS and read its answers."""
    return scope.role in BATCH_HANDLER_ROLES


# What the menu offers (web/menu.py).
HOUSEHOLD_ROLES = frozenset({SUPERUSER, Role.ASN})
ENDING_READERS = frozenset(
    {SUPERUSER, Role.ADMIN_PEMDA, Role.OPERATOR_OPD, Role.OPERATOR_DESA, Role.ASN}
)
PARTICIPATION_READERS = frozenset(
    {SUPERUSER, Role.ADMIN_PEMDA, Role.OPERATOR_OPD, Role.TIM_KOORDINASI}
)


def reads_household_workers(scope: Scope) -> bool:
    """A civil servant's page of their own household workers."""
    return scope.role in HOUSEHOLD_ROLES


def reads_enrolments(scope: Scope) -> bool:
    """The region's officers list enrolments and sponsors (a civil servant reads their own
    household's on their page)."""
    return scope.role in OFFICERS


def reads_enrolments_ending(scope: Scope) -> bool:
    """The makers (and the admin) see whose protection ends soon, to continue it in time."""
    return scope.role in ENDING_READERS


def reads_asn_participation(scope: Scope) -> bool:
    """Who among the civil servants takes part: the admin, the agencies and the team."""
    return scope.role in PARTICIPATION_READERS
