"""Who imports coverage figures, who takes a month's snapshot and who accepts a matching
proposal, in one place: the services enforce these predicates and the pages show what they
allow.

- Bases (eligible workers, working population) and BPJS's participant counts are imported by
  the regional admin (Disnaker) and BPJS officers; targets by the regional admin alone; a
  superuser imports anything. Only a role that writes imports.
- A month's snapshot is taken by the regional admin for their region (never `force`), by a
  superuser anywhere, and by the system (the monthly job, no actor).
- Accepting a matching proposal enrols workers: a role that writes, within the enrolment
  services' own rules.
"""

from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.core.errors import PermissionDenied
from lindungi.core.roles import OFFICERS, SUPERUSER, Role
from lindungi.core.scopes import Scope
from lindungi.coverage.rules import region_covers

DENOMINATORS, TARGETS, PARTICIPANTS = "denominators", "targets", "participants"
IMPORTERS: dict[str, frozenset[str]] = {
    DENOMINATORS: frozenset({Role.ADMIN_PEMDA, Role.PETUGAS_BPJS}),
    TARGETS: frozenset({Role.ADMIN_PEMDA}),
    PARTICIPANTS: frozenset({Role.ADMIN_PEMDA, Role.PETUGAS_BPJS}),
}
SNAPSHOT_TAKERS = (SUPERUSER, Role.ADMIN_PEMDA)


def may_import(scope: Scope, what: str) -> bool:
    """Whether the reader imports figures of kind `what` (denominators, targets,
    participants)."""
    return scope.is_nationwide or (scope.can_write and scope.role in IMPORTERS[what])


def may_import_any(scope: Scope) -> bool:
    """Whether the reader imports some kind of figures (and so opens the figures' page)."""
    return any(may_import(scope, what) for what in IMPORTERS)


def import_checked(scope: Scope, what: str) -> None:
    if not may_import(scope, what):
        raise PermissionDenied(
            _("Your role does not import these figures"), code="coverage.import_forbidden"
        )


def may_take_snapshot(scope: Scope) -> bool:
    """Whether the reader takes a month's snapshot (of their region, or anywhere for a
    superuser)."""
    return scope.role in SNAPSHOT_TAKERS


def snapshot_checked(actor: User | None, region_prefix: str | None, force: bool) -> None:
    """PermissionDenied unless the actor may take this snapshot: the system (None) and a
    superuser anything; the regional admin a region within theirs, without `force`."""
    if actor is None or actor.is_superuser:
        return
    if actor.role != Role.ADMIN_PEMDA or not region_prefix or force:
        raise PermissionDenied(
            _("Only a regional admin takes a region's snapshot"),
            code="coverage.snapshot_forbidden",
        )
    if not region_covers(actor.region_id or "-", region_prefix):
        raise PermissionDenied(
            _("This region lies outside your area"), code="coverage.region_outside_area"
        )


def may_accept_proposal(scope: Scope) -> bool:
    """Whether the reader may enrol a matching proposal's workers (the enrolment services
    check the rest: the program, the quota, double funding)."""
    return scope.can_write


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


# Awards (coverage.awards): the regency admin computes and publishes its regency's award list
# (a superuser any regency's); every officer of the regency and its civil servants read the
# published lists; drafts are the admin's alone.
AWARD_READERS = OFFICERS | {Role.ASN}


def may_manage_awards(scope: Scope) -> bool:
    """Whether the reader computes and publishes award lists (of the regencies in scope)."""
    return scope.is_nationwide or (scope.role == Role.ADMIN_PEMDA and scope.can_write)


def reads_awards(scope: Scope) -> bool:
    """Whether the reader opens the award lists published for their regency."""
    return scope.role in AWARD_READERS


def awards_checked(scope: Scope) -> None:
    if not may_manage_awards(scope):
        raise PermissionDenied(
            _("Only the regency admin computes and publishes the awards"),
            code="award.forbidden",
        )
