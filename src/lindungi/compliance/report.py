"""The six-monthly Inpres 2/2021 report of a regency, assembled from its records: the tasks and
their status, the coordination team, agreements (in force, ending soon), the half's activities
with their outcome in enrolments, employers by status, referrals by step, and the coverage of
the half's last month when a coverage snapshot of it was taken (`exports.py` writes the files).

The coverage figure comes from the coverage app through `core.providers` (compliance does not
import coverage: the two are independent).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.compliance.expiry import expiry_window, is_expiring
from lindungi.compliance.models import (
    Activity,
    Agreement,
    EmployerStatus,
    InpresTask,
    ReferralStep,
    TaskStatus,
    TeamMember,
)
from lindungi.compliance.permissions import reads_region
from lindungi.compliance.selectors import (
    ActivityOutcome,
    activity_list,
    activity_outcomes,
    agreement_list,
    employer_list,
    referral_list,
    task_list,
    team_list,
)
from lindungi.core.errors import NotFound, PermissionDenied, ValidationFailed
from lindungi.core.providers import CoverageFigure, coverage_of
from lindungi.core.scopes import Scope
from lindungi.regions.models import Level, Region


@dataclass(frozen=True, slots=True)
class Half:
    year: int
    half: int  # 1: January to June, 2: July to December

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, 6, 30) if self.half == 1 else dt.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        return f"Semester {'I' if self.half == 1 else 'II'} {self.year}"


@dataclass(frozen=True, slots=True)
class AgreementLine:
    agreement: Agreement
    is_expiring: bool  # `expiry.is_expiring` on the report's day
    in_force: bool  # False: starts after the report's day (listed because it is expiring)


@dataclass(frozen=True, slots=True)
class ActivityLine:
    activity: Activity
    outcome: ActivityOutcome


@dataclass(frozen=True, slots=True)
class InpresReport:
    region: Region
    half: Half
    as_of: dt.date  # the half's last day, or today while the half runs
    tasks: list[InpresTask]
    tasks_by_status: dict[str, int]
    team: list[TeamMember]
    agreements: list[AgreementLine]
    activities: list[ActivityLine]
    employers_by_status: dict[str, int]
    arrears_total: int
    referrals_by_step: dict[str, int]
    coverage: CoverageFigure | None  # None: no snapshot of the half's last month


def _half_checked(half: tuple[int, int]) -> Half:
    year, number = half
    if number not in (1, 2) or not 2000 <= year <= 2100:
        raise ValidationFailed(_("A half-year is a year and 1 or 2"), field="half")
    return Half(year, number)


def _agreement_lines(scope: Scope, region: Region, as_of: dt.date) -> list[AgreementLine]:
    """The agreements in force on the report's day, and those starting later that are already
    expiring (`expiry.is_expiring`), in the order of `agreement_list`."""
    _, last = expiry_window(as_of)
    found = agreement_list(scope=scope, region=region).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=as_of), starts_on__lte=last
    )
    lines = []
    for agreement in found:
        in_force = agreement.starts_on <= as_of
        expiring = is_expiring(
            starts_on=agreement.starts_on, ends_on=agreement.ends_on, today=as_of
        )
        if in_force or expiring:
            lines.append(AgreementLine(agreement, expiring, in_force))
    return lines


def inpres_report(*, scope: Scope, region: Region, half: tuple[int, int]) -> InpresReport:
    """The report of a regency for a half-year `(year, 1|2)`. Region readers only (the admin,
    the coordination team, BPJS); a regency outside the scope is NotFound."""
    period = _half_checked(half)
    if region.level != Level.REGENCY or not scope.covers_region(region.code):
        raise NotFound(
            _("Region %(code)s not found") % {"code": region.code},
            code="region.not_found",
            region=region.code,
        )
    if not reads_region(scope):
        raise PermissionDenied(
            _("The Inpres report is for the regional admin and the team"),
            code="inpres_report.denied",
        )
    as_of = min(period.end, timezone.localdate())
    tasks = list(task_list(scope=scope, region=region))
    by_status = dict.fromkeys(TaskStatus.values, 0)
    for task in tasks:
        by_status[task.status] += 1
    agreements = _agreement_lines(scope, region, as_of)
    held = list(
        activity_list(scope=scope, region=region, start=period.start, end=period.end).order_by(
            "held_on", "id"
        )
    )
    outcomes = activity_outcomes(held)
    activities = [ActivityLine(activity, outcomes[activity.pk]) for activity in held]
    employers = employer_list(scope=scope, region=region)
    employer_counts = dict(
        employers.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    arrears = employers.filter(status=EmployerStatus.ARREARS).aggregate(total=Sum("arrears"))
    referral_counts = dict(
        referral_list(scope=scope, region=region)
        .order_by()
        .values_list("step")
        .annotate(n=Count("id"))
        .values_list("step", "n")
    )
    coverage = coverage_of(scope=scope, region_code=region.code, month=as_of.replace(day=1))
    return InpresReport(
        region=region,
        half=period,
        as_of=as_of,
        tasks=tasks,
        tasks_by_status=by_status,
        team=list(team_list(scope=scope, region=region)),
        agreements=agreements,
        activities=activities,
        employers_by_status={s: employer_counts.get(s, 0) for s in EmployerStatus.values},
        arrears_total=arrears["total"] or 0,
        referrals_by_step={s: referral_counts.get(s, 0) for s in ReferralStep.values},
        coverage=coverage,
    )
