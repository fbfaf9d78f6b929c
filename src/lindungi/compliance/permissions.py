"""Who reads the Inpres 2/2021 coordination data, as named predicates (the role sets are those
of `compliance.access`)."""

from lindungi.compliance.access import REFERRAL_READERS, REGION_READERS, TASK_READERS
from lindungi.core.scopes import Scope


def reads_region(scope: Scope) -> bool:
    """Reads everything of the regencies in scope: tasks, team, agreements, activities,
    employers, referrals, documents and the six-monthly report."""
    return scope.role in REGION_READERS


def reads_referrals(scope: Scope) -> bool:
    """Reads the referral cases (and the employers referred) of the regencies in scope."""
    return scope.role in REFERRAL_READERS


def reads_tasks(scope: Scope) -> bool:
    return scope.role in TASK_READERS
