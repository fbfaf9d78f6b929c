"""Who may do what with sponsors, programs and enrolments: named predicates that the services
enforce and the pages and the API call to decide what to offer.

- The regional admin (Disnaker) starts programs, acts for any sponsor of the regency and is the
  checker: verifies or returns what others submitted, never their own.
- A village operator acts for their village's sponsor, an agency operator for their agency and
  its civil servants, a civil servant for themself (the makers).
- The regional admin and BPJS's officers send verified enrolments to BPJS in batches and import
  BPJS's confirmations (the batch handlers).
"""

from lindungi.core.roles import OFFICERS, SUPERUSER, SYSTEM, Role
from lindungi.core.scopes import Scope
from lindungi.programs.models import Program, Sponsor, SponsorKind

# Who starts programs, verifies enrolments and acts for every sponsor of the regency.
ADMIN_ROLES = frozenset({SUPERUSER, Role.ADMIN_PEMDA})
# Who sends batches to BPJS and reads its answers.
BATCH_HANDLER_ROLES = frozenset({SUPERUSER, Role.ADMIN_PEMDA, Role.PETUGAS_BPJS})
# The makers who act for one sponsor of their own, and the kind of that sponsor.
OWN_SPONSOR_KIND: dict[str, str] = {
    Role.OPERATOR_DESA: SponsorKind.DESA,
    Role.OPERATOR_OPD: SponsorKind.OPD,
    Role.ASN: SponsorKind.ASN,
}


def is_region_admin(scope: Scope) -> bool:
    """The regional admin (or the superuser): the checker of the regency's enrolments."""
    return scope.role in ADMIN_ROLES


def is_civil_servant(scope: Scope) -> bool:
    """A civil servant (ASN), who protects the workers of their own household."""
    return scope.role == Role.ASN


def own_sponsor_kind(scope: Scope) -> str | None:
    """The kind of the one sponsor a village operator, agency operator or civil servant acts
    for; None for the roles that act for many (or none)."""
    return OWN_SPONSOR_KIND.get(scope.role)


def acts_for(scope: Scope, sponsor: Sponsor) -> bool:
    """Whether the reader may act as the maker for this sponsor."""
    if not scope.can_write or not scope.covers_region(sponsor.region_id):
        return False
    if is_region_admin(scope):
        return True
    if scope.role == Role.OPERATOR_DESA:
        return sponsor.kind == SponsorKind.DESA
    if scope.role == Role.OPERATOR_OPD:
        return sponsor.agency_id == scope.agency_id
    if scope.role == Role.ASN:
        return sponsor.kind == SponsorKind.ASN and sponsor.user_id == scope.user_id
    return False


def may_register_sponsors(scope: Scope) -> bool:
    """The regional admin registers sponsors of every kind from the sponsors page (a village or
    an agency also registers itself when it first enrols)."""
    return is_region_admin(scope) and scope.can_write


def may_start_programs(scope: Scope, region_code: str | None = None) -> bool:
    """The regional admin starts programs (of a region they cover, when one is named)."""
    if not (is_region_admin(scope) and scope.can_write):
        return False
    return region_code is None or scope.covers_region(region_code)


def may_verify(scope: Scope) -> bool:
    """The checker: the regional admin approves or returns submitted enrolments."""
    return is_region_admin(scope) and scope.can_write


def may_backdate(scope: Scope) -> bool:
    """Only the regional admin lets protection start in a past month."""
    return is_region_admin(scope)


def may_end(scope: Scope, sponsor: Sponsor) -> bool:
    """Who ends an active protection: its sponsor's maker, or the regional admin."""
    return acts_for(scope, sponsor) or may_verify(scope)


def may_choose_workers(scope: Scope, program: Program) -> bool:
    """Whether to offer the enrolment page of a program: to makers whose kind of sponsor may
    join it, and to the regional admin."""
    if not (scope.can_write and program.is_active):
        return False
    if scope.role in (Role.OPERATOR_DESA, Role.OPERATOR_OPD):
        return OWN_SPONSOR_KIND[scope.role] in program.sponsor_kinds
    return is_region_admin(scope)


def may_protect_through_tpp(scope: Scope) -> bool:
    """Only a civil servant protects a worker through a deduction from their TPP."""
    return is_civil_servant(scope)


def handles_batches(scope: Scope) -> bool:
    """The regional admin and BPJS's officers send batches to BPJS and read its answers."""
    return scope.role in BATCH_HANDLER_ROLES


def may_send_batches(scope: Scope) -> bool:
    """Sending a batch, or importing BPJS's answer to one, writes: a handler who may write."""
    return scope.can_write and handles_batches(scope)


def reads_batches(scope: Scope) -> bool:
    """Batches mix many sponsors' workers: only the regency's officers and BPJS read them,
    never a maker who acts for one sponsor, nor a role without personal data."""
    return own_sponsor_kind(scope) is None and scope.reads_personal_data


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


# The program year: the admin opens it, the villages and agencies confirm their part.
YEAR_READERS = frozenset({SUPERUSER, Role.ADMIN_PEMDA, Role.OPERATOR_DESA, Role.OPERATOR_OPD})


def reads_program_year(scope: Scope) -> bool:
    """The page of next year's programs: the admin opens the year, a village or an agency
    confirms its program there."""
    return scope.role in YEAR_READERS


# Who records a worker's death: the officers who keep the registry and report claims (the
# system too, on a death claim's evidence).
DEATH_RECORDERS = frozenset(
    {SUPERUSER, SYSTEM, Role.ADMIN_PEMDA, Role.OPERATOR_DESA, Role.OPERATOR_OPD}
)


def may_record_death(scope: Scope) -> bool:
    """Whether the reader records deaths (of the workers they see): ending every enrolment of
    the worker, whoever sponsors it."""
    return scope.can_write and scope.role in DEATH_RECORDERS


def may_send_endings(scope: Scope) -> bool:
    """The non-aktif list for BPJS carries full NIKs: the batch handlers who may reveal."""
    return handles_batches(scope) and scope.may_reveal


def may_end_enrolments(scope: Scope) -> bool:
    """Whether to offer ending enrolments on the lists: the makers and the regional admin
    (the service still asks `may_end` for each sponsor)."""
    return scope.can_write and (is_region_admin(scope) or own_sponsor_kind(scope) is not None)
