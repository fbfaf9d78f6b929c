"""Drafting enrolments: all or nothing, every rule of the program checked for each worker,
and each refused worker named with every rule they fail."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.core import formats
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import Conflict, InvalidState, PermissionDenied, ValidationFailed
from lindungi.core.masking import mask_nik
from lindungi.core.money import format_rupiah
from lindungi.core.months import month_start, months_between
from lindungi.core.scopes import Scope
from lindungi.programs.eligibility import Candidate, Reason, Rules, refusals
from lindungi.programs.models import (
    RELEASED,
    AsnConsent,
    Enrolment,
    EnrolmentStatus,
    Participation,
    ParticipationStatus,
    Program,
    QuotaRule,
    Sponsor,
    SponsorKind,
)
from lindungi.programs.permissions import acts_for, may_backdate
from lindungi.programs.selectors import held, month_span, monthly_amount, program_last_month
from lindungi.regions.codes import regency_of
from lindungi.workers.models import Worker
from lindungi.workers.selectors import worker_list


def rules_of(program: Program) -> Rules:
    return Rules(
        categories=tuple(program.categories),
        min_age=program.min_age,
        max_age=program.max_age,
        must_live_in_sponsor_village=program.must_live_in_sponsor_village,
        poverty_rule=program.poverty_rule,
        region_code=program.region_id,
    )


def candidate_of(worker: Worker) -> Candidate:
    return Candidate(
        category=worker.category,
        birth_date=worker.birth_date,
        village_code=worker.village_id,
        in_p3ke=worker.in_p3ke,
        in_dtks=worker.in_dtks,
        is_duplicate=worker.duplicate_of_id is not None,
        died_on=worker.died_on,
    )


@dataclass(frozen=True)
class Refusal:
    """Why one worker could not be enrolled, for the message and the API's details."""

    worker_id: int
    name: str
    nik: str  # masked
    reasons: tuple[str, ...]


def _refusal(worker: Worker, reasons: Iterable[Reason | str]) -> Refusal:
    texts = tuple(reason.text(_) if isinstance(reason, Reason) else reason for reason in reasons)
    return Refusal(worker.pk, worker.name, mask_nik(worker.nik), texts)


def _refused(refused: list[Refusal]) -> ValidationFailed:
    lines = "; ".join(
        f"{item.name} ({item.nik}): {', '.join(item.reasons)}" for item in refused[:20]
    )
    more = len(refused) - 20
    if more > 0:
        lines += " " + _("and %(count)s more") % {"count": more}
    return ValidationFailed(
        _("Nothing was enrolled. %(count)s worker(s) cannot join: %(lines)s")
        % {"count": len(refused), "lines": lines},
        field="workers",
        refused=[item.__dict__ for item in refused],
    )


def months_label(first: date, last: date) -> str:
    return _("%(first)s to %(last)s") % {"first": formats.month(first), "last": formats.month(last)}


@dataclass(frozen=True)
class Fault:
    """One rule a worker fails: a code a caller may branch on and its text in the reader's
    language (`eligibility.Reason` codes, and `not_visible`, `already_funded`, `no_consent`)."""

    code: str
    text: str


@dataclass(frozen=True)
class Room:
    """How many more workers a limit admits: `None` when the limit does not apply."""

    limit: int
    used: int
    per_worker: int = 1

    @property
    def left(self) -> int:
        return max(0, (self.limit - self.used) // self.per_worker)


def sponsor_checked(scope: Scope, program: Program, sponsor: Sponsor) -> None:
    """Whether this sponsor may enrol workers in this program now (the reader acting for it):
    the rules that do not depend on the workers. Raises the refusal."""
    if not acts_for(scope, sponsor):
        raise PermissionDenied(
            _("You cannot enrol workers for this sponsor"), code="enrolment.not_your_sponsor"
        )
    if not program.is_active:
        raise InvalidState(_("The program is closed for enrolment"), code="program.closed")
    if sponsor.kind not in program.sponsor_kinds:
        raise ValidationFailed(
            _("Sponsors of kind %(kind)s cannot join this program")
            % {"kind": sponsor.get_kind_display()},
            field="sponsor",
        )
    if regency_of(sponsor.region_id) != program.region_id:
        raise ValidationFailed(_("The sponsor belongs to another region"), field="sponsor")
    if Participation.objects.filter(
        program=program, sponsor=sponsor, status=ParticipationStatus.DRAFT
    ).exists():
        raise InvalidState(
            _(
                "%(sponsor)s has not confirmed %(program)s yet: record the decision "
                "(for a village, its village meeting's) first"
            )
            % {"sponsor": sponsor.name, "program": program.name},
            code="program.not_confirmed",
        )


def enrolment_period(
    scope: Scope, program: Program, first_month: date | None, today: date
) -> tuple[date, date]:
    """The months an enrolment made `today` holds: from `first_month` (default: the program's
    first month or, once it has begun, the current month) to the program's last month."""
    last = program_last_month(program)
    first = (
        month_start(first_month) if first_month else max(program.start_month, month_start(today))
    )
    if not program.start_month <= first <= last:
        raise ValidationFailed(
            _("The first month must lie in the program's period %(period)s")
            % {"period": months_label(program.start_month, last)},
            field="first_month",
        )
    if first < month_start(today) and not may_backdate(scope):
        raise ValidationFailed(_("Protection cannot start in a past month"), field="first_month")
    return first, last


def worker_faults(
    scope: Scope,
    program: Program,
    sponsor: Sponsor,
    workers: Sequence[Worker],
    first: date,
    last: date,
) -> dict[int, list[Fault]]:
    """Every rule each worker fails for an enrolment from `first` to `last` (bounded queries for
    the whole list): in the reader's list, the program's eligibility, not already funded for
    one of the months, and for a civil servant their recorded consent. Only the workers who fail
    one are keys."""
    ids = [worker.pk for worker in workers]
    visible = set(worker_list(scope=scope).filter(pk__in=ids).values_list("pk", flat=True))
    rules = rules_of(program)
    sponsor_village = sponsor.region_id if sponsor.kind == SponsorKind.DESA else None
    already = {
        row["worker_id"]: row
        for row in Enrolment.objects.filter(held(first, last), worker_id__in=ids).values(
            "worker_id", "sponsor__name", "program__name", "first_month", "last_month"
        )
    }
    consented = set()
    if sponsor.kind == SponsorKind.ASN:
        consented = set(
            AsnConsent.objects.filter(
                sponsor=sponsor, worker_id__in=ids, withdrawn_at__isnull=True
            ).values_list("worker_id", flat=True)
        )
    found: dict[int, list[Fault]] = {}
    for worker in workers:
        faults: list[Fault] = []
        # A civil servant's consent puts a worker of her regency found by NIK on her list
        # (`programs.services.asn`): she sees only the workers she registered herself.
        if worker.pk not in visible and worker.pk not in consented:
            faults.append(Fault("not_visible", _("not in your list of workers")))
        faults.extend(
            Fault(reason.code, reason.text(_))
            for reason in refusals(
                rules, candidate_of(worker), on=first, sponsor_village=sponsor_village
            )
        )
        if worker.pk in already:
            row = already[worker.pk]
            faults.append(
                Fault(
                    "already_funded",
                    _("already funded by %(sponsor)s for %(months)s (%(program)s)")
                    % {
                        "sponsor": row["sponsor__name"],
                        "months": months_label(row["first_month"], row["last_month"]),
                        "program": row["program__name"],
                    },
                )
            )
        if sponsor.kind == SponsorKind.ASN and worker.pk not in consented:
            faults.append(
                Fault("no_consent", _("no recorded consent to the TPP deduction for this worker"))
            )
        if faults:
            found[worker.pk] = faults
    return found


def quota_room(program: Program, sponsor: Sponsor) -> Room | None:
    """How many more workers the sponsor may enrol in the program: only a quota of at most
    N workers per sponsor limits it (the sponsor's confirmed quota for the year, else the
    program's)."""
    if program.quota_rule != QuotaRule.AT_MOST:
        return None
    quota = (
        Participation.objects.filter(program=program, sponsor=sponsor)
        .values_list("quota", flat=True)
        .first()
    ) or program.quota_per_sponsor
    if quota is None:
        return None
    holding = (
        Enrolment.objects.filter(program=program, sponsor=sponsor)
        .exclude(status__in=RELEASED)
        .count()
    )
    return Room(limit=quota, used=holding)


def budget_room(program: Program, first: date, last: date, monthly: int) -> Room | None:
    """How many more workers, each at `monthly` from `first` to `last`, the program's budget
    still pays for; `None` when the program has no budget."""
    if program.budget is None:
        return None
    committed = (
        Enrolment.objects.filter(program=program)
        .exclude(status__in=RELEASED)
        .aggregate(total=Sum(F("monthly_amount") * month_span()))["total"]
        or 0
    )
    return Room(
        limit=program.budget, used=committed, per_worker=monthly * months_between(first, last)
    )


def quota_full(program: Program, room: Room) -> ValidationFailed:
    return ValidationFailed(
        _("The quota is at most %(quota)s workers per sponsor; %(held)s are enrolled")
        % {"quota": room.limit, "held": room.used},
        code="program.quota_full",
        field="workers",
    )


def budget_exceeded(program: Program, room: Room, count: int) -> ValidationFailed:
    return ValidationFailed(
        _(
            "The program's budget of %(budget)s would be exceeded "
            "(%(committed)s committed, %(cost)s more)"
        )
        % {
            "budget": format_rupiah(room.limit),
            "committed": format_rupiah(room.used),
            "cost": format_rupiah(room.per_worker * count),
        },
        code="program.budget_exceeded",
        field="workers",
    )


def enrolment_rows(
    *,
    actor: User | None,
    program: Program,
    sponsor: Sponsor,
    workers: Iterable[Worker],
    first: date,
    last: date,
    monthly: int,
    status: str = EnrolmentStatus.DRAFT,
) -> list[Enrolment]:
    """Write the enrolments (the rules checked before); the database refuses a double funding
    that landed meanwhile."""
    now = timezone.now()
    rows = [
        Enrolment(
            worker=worker,
            program=program,
            sponsor=sponsor,
            first_month=first,
            last_month=last,
            status=status,
            monthly_amount=monthly,
            funding_source=sponsor.funding_source,
            created_by=actor,
            submitted_by=actor if status == EnrolmentStatus.SUBMITTED else None,
            created_at=now,
            updated_at=now,
        )
        for worker in workers
    ]
    try:
        with transaction.atomic():
            return Enrolment.objects.bulk_create(rows)
    except IntegrityError as error:
        # Another enrolment of one of these workers landed meanwhile: the database refused.
        raise Conflict(
            _("A worker was enrolled by someone else meanwhile; try again"),
            code="enrolment.double_funded",
        ) from error


@transaction.atomic
def enrolments_create(
    *,
    actor: User | None,
    scope: Scope,
    program: Program,
    sponsor: Sponsor,
    workers: Sequence[Worker],
    first_month: date | None = None,
    today: date | None = None,
) -> list[Enrolment]:
    """Draft enrolments of these workers in a program, paid by a sponsor, from `first_month`
    (default: the program's first month or, once it has begun, the current month) to the
    program's last month. All or nothing: if one worker cannot join, nothing is written and the
    refusal names each worker and every rule they fail."""
    today = today or timezone.localdate()
    sponsor_checked(scope, program, sponsor)
    if not workers:
        raise ValidationFailed(_("Choose at least one worker"), field="workers")
    ids = [worker.pk for worker in workers]
    if len(set(ids)) != len(ids):
        raise ValidationFailed(_("A worker is listed twice"), field="workers")
    first, last = enrolment_period(scope, program, first_month, today)
    faults = worker_faults(scope, program, sponsor, workers, first, last)
    if faults:
        raise _refused(
            [
                _refusal(worker, [f.text for f in faults[worker.pk]])
                for worker in workers
                if worker.pk in faults
            ]
        )
    quota = quota_room(program, sponsor)
    if quota is not None and len(workers) > quota.left:
        raise quota_full(program, quota)
    monthly = monthly_amount(program, first)
    budget = budget_room(program, first, last, monthly)
    if budget is not None and len(workers) > budget.left:
        raise budget_exceeded(program, budget, len(workers))
    created = enrolment_rows(
        actor=actor,
        program=program,
        sponsor=sponsor,
        workers=workers,
        first=first,
        last=last,
        monthly=monthly,
    )
    audit_record(
        actor=actor,
        action=Action.ENROLMENT_CREATE,
        object_type="program",
        object_id=program.pk,
        region_code=sponsor.region_id,
        details={"sponsor": sponsor.pk, "count": len(created), "first_month": first.isoformat()},
    )
    return created
