"""Reading the Inpres 2/2021 coordination data, always within the reader's scope (`permissions.py`
says who reads what). Every `<entity>_get` raises the same NotFound for a missing row and for
one outside the reader's scope."""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.compliance.expiry import EXPIRY_WARNING_DAYS, expiry_window
from lindungi.compliance.models import (
    Activity,
    Agreement,
    Document,
    Employer,
    InpresTask,
    Referral,
    ReferralEvent,
    ReferralStep,
    TaskChange,
    TaskStatus,
    TeamMember,
)
from lindungi.compliance.permissions import (
    reads_own_agency_tasks_only,
    reads_referrals,
    reads_referred_employers_only,
    reads_region,
    reads_tasks,
)
from lindungi.core.errors import NotFound
from lindungi.core.scopes import Scope
from lindungi.programs.models import Enrolment, EnrolmentStatus, SponsorKind
from lindungi.regions.models import Region

JAKARTA = ZoneInfo("Asia/Jakarta")
OUTCOME_DAYS = 60  # enrolments counted as an activity's outcome: up to 60 days after it
NOTHING = Q(pk__in=[])


def _region_visible(scope: Scope, reads: Callable[[Scope], bool], region: Region | None) -> Q:
    if not reads(scope):
        return NOTHING
    visible = scope.region_q("region__code")
    if region is not None:
        visible &= Q(region=region)
    return visible


def _today() -> dt.date:
    return timezone.localdate()


# Tasks -------------------------------------------------------------------------------------


def task_list(
    *, scope: Scope, region: Region | None = None, status: str | None = None
) -> QuerySet[InpresTask]:
    """A regency's tasks; an agency operator sees those its agency is responsible for."""
    visible = _region_visible(scope, reads_tasks, region)
    if reads_own_agency_tasks_only(scope):
        visible &= Q(agency_id=scope.agency_id) if scope.agency_id else NOTHING
    tasks = InpresTask.objects.filter(visible).select_related("agency", "evidence", "region")
    if status:
        tasks = tasks.filter(status=status)
    return tasks.order_by("region_id", "id")


TASK_DUE_DAYS = 30  # a task is due when its date is past or within the next 30 days
OPEN_TASK_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)


def tasks_due(
    *, scope: Scope, today: dt.date | None = None, region: Region | None = None
) -> QuerySet[InpresTask]:
    """Tasks not done (nor set aside as not applicable) whose due date is past or falls within
    `TASK_DUE_DAYS`: the home page's count and the checklist's `?due=1`."""
    last = (today or _today()) + dt.timedelta(days=TASK_DUE_DAYS)
    return task_list(scope=scope, region=region).filter(
        status__in=OPEN_TASK_STATUSES, due_date__lte=last
    )


def task_get(*, scope: Scope, task_id: int) -> InpresTask:
    task = task_list(scope=scope).filter(pk=task_id).first()
    if task is None:
        raise NotFound(_("Task not found"), id=task_id)
    return task


def task_history(*, scope: Scope, task_id: int) -> QuerySet[TaskChange]:
    """Every change of a task, oldest first."""
    task = task_get(scope=scope, task_id=task_id)
    return TaskChange.objects.filter(task=task).select_related("changed_by").order_by("id")


# Team and agreements -----------------------------------------------------------------------


def team_list(
    *, scope: Scope, region: Region | None = None, active_only: bool = True
) -> QuerySet[TeamMember]:
    members = TeamMember.objects.filter(_region_visible(scope, reads_region, region))
    if active_only:
        members = members.filter(is_active=True)
    return members.select_related("agency").order_by("region_id", "team_role", "name", "id")


def member_get(*, scope: Scope, member_id: int) -> TeamMember:
    member = team_list(scope=scope, active_only=False).filter(pk=member_id).first()
    if member is None:
        raise NotFound(_("Team member not found"), id=member_id)
    return member


def agreement_list(*, scope: Scope, region: Region | None = None) -> QuerySet[Agreement]:
    return (
        Agreement.objects.filter(_region_visible(scope, reads_region, region))
        .select_related("village", "employer", "agency", "document")
        .order_by("region_id", "-signed_on", "id")
    )


def agreement_get(*, scope: Scope, agreement_id: int) -> Agreement:
    agreement = agreement_list(scope=scope).filter(pk=agreement_id).first()
    if agreement is None:
        raise NotFound(_("Agreement not found"), id=agreement_id)
    return agreement


def agreements_active(
    *, scope: Scope, on: dt.date | None = None, region: Region | None = None
) -> QuerySet[Agreement]:
    """Agreements in force on a day (today unless told)."""
    day = on or _today()
    return agreement_list(scope=scope, region=region).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day), starts_on__lte=day
    )


def agreements_expiring(
    *,
    scope: Scope,
    within_days: int = EXPIRY_WARNING_DAYS,
    today: dt.date | None = None,
    region: Region | None = None,
) -> QuerySet[Agreement]:
    """Agreements in force or starting soon that end within `within_days` (today included),
    soonest first: the ones to renew before protection paid under them stops
    (`expiry.is_expiring`, the same window)."""
    first, last = expiry_window(today or _today(), within_days)
    return (
        agreement_list(scope=scope, region=region)
        .filter(starts_on__lte=last, ends_on__gte=first, ends_on__lte=last)
        .order_by("ends_on", "id")
    )


# Activities --------------------------------------------------------------------------------


def activity_list(
    *,
    scope: Scope,
    region: Region | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[Activity]:
    activities = Activity.objects.filter(_region_visible(scope, reads_region, region))
    if start is not None:
        activities = activities.filter(held_on__gte=start)
    if end is not None:
        activities = activities.filter(held_on__lte=end)
    return activities.prefetch_related("villages", "agencies").order_by("-held_on", "id")


def activity_get(*, scope: Scope, activity_id: int) -> Activity:
    activity = activity_list(scope=scope).filter(pk=activity_id).first()
    if activity is None:
        raise NotFound(_("Activity not found"), id=activity_id)
    return activity


@dataclass(frozen=True, slots=True)
class ActivityOutcome:
    enrolments: int  # created in the window for the audience's sponsors (none refused/cancelled)
    active: int  # of which now active with BPJS
    start: dt.date
    end: dt.date  # last day counted


def _window_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=JAKARTA)


def activity_outcome(activity: Activity) -> ActivityOutcome:
    """What followed an activity, measured by Lindungi (see `activity_outcomes`)."""
    return activity_outcomes([activity])[activity.pk]


def activity_outcomes(activities: Sequence[Activity]) -> dict[int, ActivityOutcome]:
    """What followed each activity, measured by Lindungi: enrolments created from the
    activity's day to 60 days after it whose sponsor is an attending village (a village's DESA
    sponsor) or an attending agency (its OPD sponsor and its civil servants' ASN sponsors).
    Enrolments cancelled or rejected by BPJS do not count. One query for all of them (two
    counts per activity over the enrolments of their joint window), the audiences read from
    the activities (`activity_list` prefetches them)."""
    counts: dict[str, Count] = {}
    windows: dict[int, tuple[dt.date, dt.date]] = {}
    for activity in activities:
        end = activity.held_on + dt.timedelta(days=OUTCOME_DAYS)
        windows[activity.pk] = (activity.held_on, end)
        villages = [village.code for village in activity.villages.all()]
        agencies = [agency.pk for agency in activity.agencies.all()]
        if not villages and not agencies:
            continue
        sponsored = Q(sponsor__kind=SponsorKind.DESA, sponsor__region_id__in=villages) | Q(
            sponsor__kind__in=[SponsorKind.OPD, SponsorKind.ASN], sponsor__agency_id__in=agencies
        )
        in_window = sponsored & Q(
            created_at__gte=_window_start(activity.held_on),
            created_at__lt=_window_start(end + dt.timedelta(days=1)),
        )
        counts[f"enrolments_{activity.pk}"] = Count("id", filter=in_window)
        counts[f"active_{activity.pk}"] = Count(
            "id", filter=in_window & Q(status=EnrolmentStatus.ACTIVE)
        )
    found: dict[str, int] = {}
    if counts:
        first = min(start for start, _ in windows.values())
        last = max(end for _, end in windows.values())
        found = (
            Enrolment.objects.filter(
                created_at__gte=_window_start(first),
                created_at__lt=_window_start(last + dt.timedelta(days=1)),
            )
            .exclude(status__in=[EnrolmentStatus.CANCELLED, EnrolmentStatus.REJECTED])
            .aggregate(**counts)
        )
    return {
        pk: ActivityOutcome(
            enrolments=found.get(f"enrolments_{pk}", 0),
            active=found.get(f"active_{pk}", 0),
            start=start,
            end=end,
        )
        for pk, (start, end) in windows.items()
    }


# Employers and referrals -------------------------------------------------------------------


def employer_list(
    *, scope: Scope, region: Region | None = None, status: str | None = None, search: str = ""
) -> QuerySet[Employer]:
    """A regency's employers; the prosecutor's office sees only those with a referral case
    (the whole case, warnings included: it is the file that comes with the SKK)."""
    if reads_referred_employers_only(scope):
        employers = Employer.objects.filter(
            _region_visible(scope, reads_referrals, region),
            Exists(Referral.objects.filter(employer=OuterRef("pk"))),
        )
    else:
        employers = Employer.objects.filter(_region_visible(scope, reads_region, region))
    if status:
        employers = employers.filter(status=status)
    if search.strip():
        text = search.strip()
        employers = employers.filter(Q(name__icontains=text) | Q(nib__startswith=text))
    return employers.order_by("region_id", "name", "id")


def employer_get(*, scope: Scope, employer_id: int) -> Employer:
    employer = employer_list(scope=scope).filter(pk=employer_id).first()
    if employer is None:
        raise NotFound(_("Employer not found"), id=employer_id)
    return employer


def referral_list(
    *, scope: Scope, region: Region | None = None, step: str | None = None
) -> QuerySet[Referral]:
    referrals = Referral.objects.filter(_region_visible(scope, reads_referrals, region))
    if step:
        referrals = referrals.filter(step=step)
    return referrals.select_related("employer").order_by("region_id", "-step_date", "id")


def referral_counts(*, scope: Scope) -> dict[str, int]:
    """The referral cases in scope by step (every step, zero included), in the steps' order."""
    counts = dict(referral_list(scope=scope).order_by().values_list("step").annotate(n=Count("id")))
    return {step: counts.get(step, 0) for step in ReferralStep.values}


def referral_get(*, scope: Scope, referral_id: int) -> Referral:
    referral = referral_list(scope=scope).filter(pk=referral_id).first()
    if referral is None:
        raise NotFound(_("Referral not found"), id=referral_id)
    return referral


def referral_events(*, scope: Scope, referral_id: int) -> QuerySet[ReferralEvent]:
    """A case's steps, oldest first, with their documents."""
    referral = referral_get(scope=scope, referral_id=referral_id)
    return (
        ReferralEvent.objects.filter(referral=referral)
        .prefetch_related("documents")
        .order_by("happened_on", "id")
    )


# Documents ---------------------------------------------------------------------------------


def document_get(*, scope: Scope, document_id: int) -> Document:
    """A stored file the reader may open: any of their regency for region readers; for others,
    only what hangs on a task, agreement or referral step they see."""
    if reads_region(scope):
        visible = scope.region_q("region__code")
    else:
        visible = (
            Q(pk__in=task_list(scope=scope).values("evidence_id"))
            | Q(
                pk__in=ReferralEvent.documents.through.objects.filter(
                    referralevent__referral__in=referral_list(scope=scope)
                ).values("document_id")
            )
        ) & scope.region_q("region__code")
    document = Document.objects.filter(visible, pk=document_id).first()
    if document is None:
        raise NotFound(_("Document not found"), id=document_id)
    return document
