"""Reading sponsors, programs and enrolments, always within the reader's scope.

Region roles see the sponsors (and their enrolments) of their region; an OPD operator those of
their agency (the agency itself and its civil servants); a civil servant only their own.
Programs belong to a regency and are visible to everyone inside it.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindungi.contributions.calculator import quote_contribution
from lindungi.core.errors import DomainError, NotFound
from lindungi.core.months import add_months, month_start
from lindungi.core.scopes import Scope, below_q
from lindungi.programs.models import (
    RELEASED,
    Enrolment,
    EnrolmentStatus,
    Participation,
    ParticipationStatus,
    PovertyRule,
    Program,
    Sponsor,
    SponsorKind,
    SubmissionBatch,
)
from lindungi.programs.permissions import is_civil_servant, reads_batches
from lindungi.programs.schemes import SCHEMES
from lindungi.regions.models import Region
from lindungi.workers.models import Worker
from lindungi.workers.selectors import search_q, worker_list


def sponsors_visible(scope: Scope, prefix: str = "") -> Q:
    """Sponsors the reader sees (`prefix` reaches them from another model, e.g. "sponsor__")."""
    visible = scope.personal_q(f"{prefix}region__code")
    if is_civil_servant(scope):
        visible &= Q(**{f"{prefix}user_id": scope.user_id})
    elif scope.agency_id is not None:
        visible &= Q(**{f"{prefix}agency_id": scope.agency_id})
    return visible


def sponsor_list(*, scope: Scope, kind: str | None = None, search: str = "") -> QuerySet[Sponsor]:
    sponsors = Sponsor.objects.filter(sponsors_visible(scope)).select_related("region", "agency")
    if kind:
        sponsors = sponsors.filter(kind=kind)
    if search.strip():
        sponsors = sponsors.filter(name__icontains=search.strip())
    return sponsors.order_by("kind", "name", "id")


def sponsor_get(*, scope: Scope, sponsor_id: int) -> Sponsor:
    sponsor = sponsor_list(scope=scope).filter(pk=sponsor_id).first()
    if sponsor is None:
        raise NotFound(_("Sponsor not found"), id=sponsor_id)
    return sponsor


def _regions_above(codes: tuple[str, ...]) -> list[str]:
    """Every ancestor code of the scope's regions: `32.11.15.2001` → `32`, `32.11`, …"""
    above: set[str] = set()
    for code in codes:
        parts = code.split(".")
        above.update(".".join(parts[:length]) for length in range(1, len(parts)))
    return sorted(above)


def program_list(*, scope: Scope, year: int | None = None) -> QuerySet[Program]:
    """Programs of the reader's regency (or of the regencies inside their region)."""
    programs = Program.objects.select_related("region")
    if scope.region_codes is not None:
        programs = programs.filter(
            scope.region_q("region__code") | Q(region_id__in=_regions_above(scope.region_codes))
        )
    if year:
        programs = programs.filter(year=year)
    return programs.order_by("-year", "name", "id")


def program_get(*, scope: Scope, program_id: int) -> Program:
    program = program_list(scope=scope).filter(pk=program_id).first()
    if program is None:
        raise NotFound(_("Program not found"), id=program_id)
    return program


def program_last_month(program: Program) -> date:
    return add_months(program.start_month, program.months - 1)


def program_first_month(program: Program, today: date | None = None) -> date:
    """The month an enrolment made `today` starts in: the program's first month or, once the
    program has begun, the current month (`enrolments_create`'s default, the pages' and the
    API's answer)."""
    return max(program.start_month, month_start(today or timezone.localdate()))


def monthly_amount(program: Program, month: date | None = None) -> int:
    """What one worker of the program costs a month from `month` (default: the month an
    enrolment made today starts in): JKK + JKM (and JHT when the program includes it) for a BPU
    worker at the program's declared income, at the rates in force that month."""
    on = month_start(month) if month is not None else program_first_month(program)
    quote = quote_contribution(
        category="BPU", on=on, programs=list(program_benefits(program)), income=program.income_basis
    )
    return quote.total


def program_benefits(program: Program) -> tuple[str, ...]:
    """The BPJS programs an enrolment pays for: JKK and JKM, and JHT when the program has it."""
    return ("JKK", "JKM", *(("JHT",) if program.includes_jht else ()))


# Filters of the enrolment list beyond a status: the enrolments that hold a place in a quota
# (every status but rejected and cancelled, as `quota_fill` counts), and the drafts the checker
# returned with a reason.
HELD = "held"
RETURNED = "returned"
LIST_FILTERS = (
    (HELD, gettext_lazy("holding a quota place")),
    (RETURNED, gettext_lazy("returned with a reason")),
)


def enrolment_list(
    *,
    scope: Scope,
    program: Program | None = None,
    sponsor: Sponsor | None = None,
    status: str | None = None,
    search: str = "",
) -> QuerySet[Enrolment]:
    enrolments = Enrolment.objects.filter(sponsors_visible(scope, "sponsor__")).select_related(
        "worker__village", "program", "sponsor"
    )
    if program is not None:
        enrolments = enrolments.filter(program=program)
    if sponsor is not None:
        enrolments = enrolments.filter(sponsor=sponsor)
    if status == HELD:
        enrolments = enrolments.exclude(status__in=RELEASED)
    elif status == RETURNED:
        enrolments = enrolments.filter(status=EnrolmentStatus.DRAFT).exclude(returned_reason="")
    elif status:
        enrolments = enrolments.filter(status=status)
    if search:
        enrolments = enrolments.filter(search_q(search, "worker__"))
    return enrolments.order_by("worker__name", "id")


def enrolment_get(*, scope: Scope, enrolment_id: int) -> Enrolment:
    enrolment = enrolment_list(scope=scope).filter(pk=enrolment_id).first()
    if enrolment is None:
        raise NotFound(_("Enrolment not found"), id=enrolment_id)
    return enrolment


def month_span() -> CombinedExpression:
    """Months from `first_month` to `last_month` in SQL, both included (`months_between`)."""
    return (
        (ExtractYear("last_month") - ExtractYear("first_month")) * 12
        + ExtractMonth("last_month")
        - ExtractMonth("first_month")
        + 1
    )


def held(first_month: date, last_month: date) -> Q:
    """Enrolments that hold a month between the two (both included)."""
    return Q(first_month__lte=last_month, last_month__gte=first_month) & ~Q(status__in=RELEASED)


@dataclass(frozen=True)
class QuotaFill:
    held: int
    quota: int | None
    rule: str
    by_status: dict[str, int]

    @property
    def percent(self) -> int:
        if not self.quota:
            return 0
        return min(100, round(100 * self.held / self.quota))


def quota_fill(*, program: Program, sponsor: Sponsor) -> QuotaFill:
    counts = dict(
        Enrolment.objects.filter(program=program, sponsor=sponsor)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    held_count = sum(n for status, n in counts.items() if status not in RELEASED)
    return QuotaFill(held_count, program.quota_per_sponsor, program.quota_rule, counts)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def candidates(
    *,
    scope: Scope,
    program: Program,
    sponsor: Sponsor,
    first_month: date,
    occupation: str = "",
    listed_only: bool = False,
    unprotected_only: bool = True,
    search: str = "",
) -> QuerySet[Worker]:
    """Workers the reader sees who pass the program's rules on `first_month`, in SQL (the same
    rules as `eligibility.refusals`, which a test holds together), each annotated with
    `protected`: whether an enrolment already holds one of the program's months."""
    workers = worker_list(scope=scope, search=search).filter(
        below_q("village__code", program.region_id),
        category__in=program.categories,
        duplicate_of__isnull=True,
        died_on__isnull=True,
    )
    if program.min_age is not None:
        workers = workers.filter(birth_date__lte=_years_before(first_month, program.min_age))
    if program.max_age is not None:
        workers = workers.filter(birth_date__gt=_years_before(first_month, program.max_age + 1))
    if program.must_live_in_sponsor_village and sponsor.kind == SponsorKind.DESA:
        workers = workers.filter(village_id=sponsor.region_id)
    if program.poverty_rule == PovertyRule.REQUIRED or listed_only:
        workers = workers.filter(Q(in_p3ke=True) | Q(in_dtks=True))
    if occupation.strip():
        workers = workers.filter(occupation__icontains=occupation.strip())
    last_month = program_last_month(program)
    protected = Exists(
        Enrolment.objects.filter(held(first_month, last_month), worker_id=OuterRef("pk"))
    )
    workers = workers.annotate(protected=protected)
    if unprotected_only:
        workers = workers.filter(protected=False)
    if program.poverty_rule == PovertyRule.PREFERRED:
        return workers.order_by("-in_p3ke", "-in_dtks", "name", "nik")
    return workers.order_by("name", "nik")


def batch_list(*, scope: Scope) -> QuerySet[SubmissionBatch]:
    batches = SubmissionBatch.objects.select_related("program", "created_by")
    if scope.region_codes is not None:
        batches = batches.filter(
            scope.region_q("region__code") | Q(region_id__in=_regions_above(scope.region_codes))
        )
    if not reads_batches(scope):
        batches = batches.none()
    return batches.order_by("-created_at", "-id")


def batches_awaiting_confirmation(*, scope: Scope) -> QuerySet[SubmissionBatch]:
    """Batches holding enrolments sent to BPJS that BPJS has not answered yet."""
    sent = Enrolment.objects.filter(batch=OuterRef("pk"), status=EnrolmentStatus.SENT)
    return batch_list(scope=scope).filter(Exists(sent))


def batch_get(*, scope: Scope, batch_id: int) -> SubmissionBatch:
    batch = batch_list(scope=scope).filter(pk=batch_id).first()
    if batch is None:
        raise NotFound(_("Submission batch not found"), id=batch_id)
    return batch


def status_counts(enrolments: QuerySet[Enrolment]) -> dict[str, int]:
    counts = dict.fromkeys(EnrolmentStatus.values, 0)
    counts.update(
        enrolments.order_by()
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return counts


# The program year (services/year.py) and the continuity guarantee (services/continuity.py).


def participation_list(
    *, scope: Scope, year: int | None = None, program: Program | None = None, status: str = ""
) -> QuerySet[Participation]:
    """Sponsors' programs of a year (drafted when the admin opens it), within the reader's
    scope: a village sees its own, the admin the regency's."""
    found = Participation.objects.filter(sponsors_visible(scope, "sponsor__")).select_related(
        "program", "sponsor__region", "previous", "confirmed_by"
    )
    if year:
        found = found.filter(program__year=year)
    if program is not None:
        found = found.filter(program=program)
    if status:
        found = found.filter(status=status)
    return found.order_by("program__name", "sponsor__kind", "sponsor__name", "id")


@dataclass(frozen=True)
class YearRow:
    """One current program and the one of next year that continues it (None: not opened)."""

    current: Program
    next_program: Program | None
    next_name: str
    monthly: int | None  # one worker a month at the rates in force in the new year's first month
    sponsors: int  # villages and agencies that hold enrolments in the current program
    confirmed: int  # of their participations in next year's program, those confirmed


@dataclass(frozen=True)
class YearPlan:
    year: int
    rows: list[YearRow]
    sponsors: list[tuple[int, int]]  # (current program, sponsor) pairs to carry over


def year_plan(*, region: Region, year: int) -> YearPlan:
    """What opening `year` for a regency carries over (the admin's page shows it, the service
    does it): every program of the year before started from a scheme, next year's program of
    the same scheme if it exists, and every village and agency holding enrolments in it.
    A handful of queries whatever the number of sponsors."""
    currents = list(
        Program.objects.filter(region=region, year=year - 1, template__in=list(SCHEMES))
        .select_related("region")
        .order_by("start_month", "id")
    )
    following = {
        program.template: program
        for program in Program.objects.filter(
            region=region, year=year, template__in=[p.template for p in currents]
        ).order_by("-id")
    }
    pairs = list(
        Enrolment.objects.filter(
            program__in=currents, sponsor__kind__in=[SponsorKind.DESA, SponsorKind.OPD]
        )
        .exclude(status__in=RELEASED)
        .order_by()
        .values_list("program_id", "sponsor_id")
        .distinct()
    )
    counts: dict[int, int] = {}
    for program_id, _sponsor_id in pairs:
        counts[program_id] = counts.get(program_id, 0) + 1
    confirmed = dict(
        Participation.objects.filter(
            program__in=list(following.values()), status=ParticipationStatus.CONFIRMED
        )
        .order_by()
        .values_list("program_id")
        .annotate(n=Count("id"))
        .values_list("program_id", "n")
    )
    rows = []
    for current in currents:
        scheme = SCHEMES[current.template]
        following_program = following.get(current.template)
        probe = following_program or Program(
            income_basis=scheme.income_basis,
            includes_jht=scheme.includes_jht,
            start_month=date(year, scheme.start_month, 1),
        )
        try:
            monthly: int | None = monthly_amount(probe, probe.start_month)
        except DomainError:
            monthly = None  # no rate in force yet: the rate book needs the year's rates
        rows.append(
            YearRow(
                current=current,
                next_program=following_program,
                next_name=following_program.name
                if following_program
                else str(scheme.name) % {"year": year},
                monthly=monthly,
                sponsors=counts.get(current.pk, 0),
                confirmed=confirmed.get(following_program.pk, 0) if following_program else 0,
            )
        )
    return YearPlan(year=year, rows=rows, sponsors=pairs)


def gap_q(today: date, months: int = 3) -> Q:
    """ACTIVE enrolments whose next month falls in the coming `months` months and that no
    held enrolment of the worker funds yet: one condition per month, in SQL."""
    this = month_start(today)
    condition = Q(pk__in=[])
    for step in range(months):
        last = add_months(this, step)
        following = add_months(last, 1)
        funded = Enrolment.objects.filter(
            held(following, following), worker_id=OuterRef("worker_id")
        )
        condition |= Q(~Exists(funded), last_month=last)
    return Q(status=EnrolmentStatus.ACTIVE) & condition


def continuity_gap_enrolments(
    *, scope: Scope, today: date | None = None, months: int = 3, sponsor: Sponsor | None = None
) -> QuerySet[Enrolment]:
    """Every protected worker (their ACTIVE enrolment) whose next month, in the coming
    `months` months, has no enrolment funding it yet, within the reader's scope."""
    found = enrolment_list(scope=scope, sponsor=sponsor).filter(
        gap_q(today or timezone.localdate(), months)
    )
    return found.order_by("last_month", "sponsor__name", "worker__name", "id")


@dataclass(frozen=True)
class SponsorGaps:
    """One sponsor's workers whose protection stops in the coming months: how many, and how
    many per first uncovered month."""

    sponsor: Sponsor
    count: int
    by_month: list[tuple[date, int]]

    @property
    def first_gap(self) -> date:
        return self.by_month[0][0]


def continuity_gaps(
    *, scope: Scope, today: date | None = None, months: int = 3
) -> list[SponsorGaps]:
    """The continuity guarantee per sponsor (the page and the admin's home page): for the
    coming `months` months, the protected workers whose next month nothing funds yet, the
    sponsor whose protection stops soonest first. Two queries."""
    rows = (
        continuity_gap_enrolments(scope=scope, today=today, months=months)
        .order_by()
        .values_list("sponsor_id", "last_month")
        .annotate(n=Count("id"))
    )
    grouped: dict[int, dict[date, int]] = {}
    for sponsor_id, last_month, count in rows:
        months_of = grouped.setdefault(sponsor_id, {})
        gap = add_months(last_month, 1)
        months_of[gap] = months_of.get(gap, 0) + count
    sponsors = Sponsor.objects.select_related("region").in_bulk(list(grouped))
    found = [
        SponsorGaps(
            sponsor=sponsors[sponsor_id],
            count=sum(by_month.values()),
            by_month=sorted(by_month.items()),
        )
        for sponsor_id, by_month in grouped.items()
    ]
    return sorted(found, key=lambda item: (item.first_gap, -item.count, item.sponsor.name))


def continuity_gap_count(*, scope: Scope, today: date | None = None, months: int = 3) -> int:
    """How many protected workers have no funded next month in the coming `months` months (the
    count on the admin's home page)."""
    return continuity_gap_enrolments(scope=scope, today=today, months=months).count()


def recent_endings(*, scope: Scope, since: date) -> QuerySet[Enrolment]:
    """Enrolments the reader sees that a life event ended (or cancelled) since a day: for a
    home page's count ("3 protections ended this month") and the enrolment list."""
    return enrolment_list(scope=scope).filter(ended_at__date__gte=since).exclude(end_reason="")
