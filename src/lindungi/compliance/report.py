"""The six-monthly Inpres 2/2021 report of a regency, assembled from its records: the tasks and
their status, the coordination team, agreements (in force, ending soon), the half's activities
with their outcome in enrolments, employers by status, referrals by step, and the coverage of
the half's last month when a coverage snapshot of it was taken (`exports.py` writes the files).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.compliance.access import REGION_READERS
from lindungi.compliance.models import (
    Activity,
    Agreement,
    EmployerStatus,
    InpresTask,
    ReferralStep,
    TaskStatus,
    TeamMember,
)
from lindungi.compliance.selectors import (
    EXPIRY_WARNING_DAYS,
    ActivityOutcome,
    activity_list,
    activity_outcomes,
    agreements_active,
    employer_list,
    referral_list,
    task_list,
    team_list,
)
from lindungi.core.errors import NotFound, PermissionDenied, ValidationFailed
from lindungi.core.scopes import Scope
from lindungi.coverage.selectors import Figure, coverage_for
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
    is_expiring: bool  # ends within 90 days of the report's day


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
    coverage: Figure | None  # None: no snapshot of the half's last month


def _half_checked(half: tuple[int, int]) -> Half:
    year, number = half
    if number not in (1, 2) or not 2000 <= year <= 2100:
        raise ValidationFailed(_("A half-year is a year and 1 or 2"), field="half")
    return Half(year, number)


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
    if scope.role not in REGION_READERS:
        raise PermissionDenied(_("The Inpres report is for the regional admin and the team"))
    as_of = min(period.end, timezone.localdate())
    tasks = list(task_list(scope=scope, region=region))
    by_status = dict.fromkeys(TaskStatus.values, 0)
    for task in tasks:
        by_status[task.status] += 1
    in_force = agreements_active(scope=scope, on=as_of, region=region)
    ending_by = as_of + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    agreements = [
        AgreementLine(a, a.ends_on is not None and a.ends_on <= ending_by) for a in in_force
    ]
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
    try:
        coverage: Figure | None = coverage_for(
            scope=scope, region=region, month=as_of.replace(day=1)
        )
    except NotFound:
        coverage = None
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
