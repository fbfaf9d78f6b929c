"""Continuity: no month uncovered between sponsors.

One enrolment whose sponsored period ends soon continues in one step from the month after its
last (`enrolment_continue`): renewed with the same sponsor, moved to another sponsor, or
continued by the worker paying for themself (MANDIRI). All of a sponsor's enrolments continue
into the next year in one action (`enrolments_renew`), set-wise. Both apply the same rules
through the same functions: why an enrolment does not continue at all (`renewal_exclusions`:
the worker died, moved, became a wage earner), and every rule of enrolment
(`services.enrolling`: eligibility, quota, budget, double funding, ASN consent); the follow-on
is a draft (or a submission) for the checker, maker-checker as any other enrolment.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import InvalidState, NotFound, ValidationFailed
from lindungi.core.masking import mask_nik
from lindungi.core.months import add_months
from lindungi.core.scopes import Scope
from lindungi.programs.models import (
    EndReason,
    Enrolment,
    EnrolmentStatus,
    PovertyRule,
    Program,
    Sponsor,
    SponsorKind,
)
from lindungi.programs.selectors import enrolment_list, monthly_amount, sponsor_list
from lindungi.programs.services.enrolling import (
    Fault,
    budget_room,
    enrolment_period,
    enrolment_rows,
    enrolments_create,
    quota_room,
    sponsor_checked,
    worker_faults,
)
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.workers.models import Category

CHOICES = ("renew", "move", "self_pay")

# Why an enrolment is left out of a renewal: the codes a page, the API and the CLI show.
DEAD = "dead"
MOVED = "moved"
PU = "pu"
ENDED = "ended"
INELIGIBLE = "ineligible"
ALREADY_FUNDED = "already_funded"
NO_CONSENT = "no_consent"
OVER_QUOTA = "over_quota"
OVER_BUDGET = "over_budget"
NO_PROGRAM = "no_program"

# The eligibility codes (`eligibility.refusals`) that mean the worker moved away.
MOVED_CODES = frozenset({"other_village", "outside_region"})
END_REASONS = {
    EndReason.DIED: DEAD,
    EndReason.MOVED: MOVED,
    EndReason.BECAME_PU: PU,
    EndReason.SPONSOR_STOPPED: ENDED,
    EndReason.OTHER: ENDED,
}


@dataclass(frozen=True)
class Exclusion:
    """Why an enrolment does not continue: a code of the list above and its text."""

    reason: str
    text: str


def renewal_exclusions(enrolments: Sequence[Enrolment]) -> dict[int, Exclusion]:
    """Why each of these enrolments does not continue at all, from what is recorded of the
    worker and the enrolment (the one place to add a life event): ended because the worker
    died, moved or became a wage earner (PU), or ended for another reason; a worker now
    registered as PU. Only the enrolments left out are keys. Bounded queries for the list."""
    found: dict[int, Exclusion] = {}
    for enrolment in enrolments:
        if enrolment.worker.died_on is not None:
            found[enrolment.pk] = Exclusion(
                DEAD,
                _("died on %(date)s") % {"date": date_format(enrolment.worker.died_on, "j M Y")},
            )
        elif enrolment.status == EnrolmentStatus.ENDED and enrolment.end_reason in END_REASONS:
            code = END_REASONS[EndReason(enrolment.end_reason)]
            found[enrolment.pk] = Exclusion(
                code,
                _("protection ended: %(reason)s")
                % {"reason": EndReason(enrolment.end_reason).label},
            )
        elif enrolment.worker.category == Category.PU:
            found[enrolment.pk] = Exclusion(PU, _("now a wage earner (PU)"))
    return found


def exclusion_of_faults(faults: Sequence[Fault]) -> Exclusion:
    """The enrolment rules a worker fails, as the one reason a renewal lists."""
    codes = {fault.code for fault in faults}
    text = ", ".join(fault.text for fault in faults)
    if "died" in codes:
        return Exclusion(DEAD, text)
    if codes & MOVED_CODES:
        return Exclusion(MOVED, text)
    if "category" in codes:
        return Exclusion(PU, text)
    if codes == {"already_funded"}:
        return Exclusion(ALREADY_FUNDED, text)
    if codes == {"no_consent"}:
        return Exclusion(NO_CONSENT, text)
    return Exclusion(INELIGIBLE, text)


@transaction.atomic
def enrolment_continue(
    *,
    actor: User | None,
    scope: Scope,
    enrolment: Enrolment,
    choice: str,
    sponsor: Sponsor | None = None,
    program: Program | None = None,
    today: date | None = None,
) -> Enrolment:
    """Draft the enrolment that follows `enrolment` from the month after its last month:
    `renew` with the same sponsor, `move` to `sponsor`, or `self_pay` with the worker's own
    MANDIRI sponsor (registered on first use). `program` defaults to the same program; when
    that program's period is over, name the program that continues it (e.g. next year's).
    The draft then goes through verification and BPJS as every enrolment does."""
    if not enrolment_list(scope=scope).filter(pk=enrolment.pk).exists():
        raise NotFound(_("Enrolment not found"), id=enrolment.pk)
    if enrolment.status != EnrolmentStatus.ACTIVE:
        raise InvalidState(_("Only an active enrolment is continued"), code="enrolment.not_active")
    if choice not in CHOICES:
        raise ValidationFailed(
            _("Choose to renew, move to another sponsor, or continue self-paying"), field="choice"
        )
    excluded = renewal_exclusions([enrolment]).get(enrolment.pk)
    if excluded is not None:
        raise InvalidState(
            _("%(name)s does not continue: %(reason)s")
            % {"name": enrolment.worker.name, "reason": excluded.text},
            code=f"enrolment.{excluded.reason}",
        )
    target = program or enrolment.program
    worker = enrolment.worker
    if choice == "renew":
        if sponsor is not None and sponsor.pk != enrolment.sponsor_id:
            raise ValidationFailed(_("A renewal keeps the same sponsor"), field="sponsor")
        payer = enrolment.sponsor
    elif choice == "move":
        if sponsor is None or sponsor.pk == enrolment.sponsor_id:
            raise ValidationFailed(_("Choose the sponsor who takes over"), field="sponsor")
        payer = sponsor
    else:
        payer = Sponsor.objects.filter(kind=SponsorKind.MANDIRI, worker=worker).first() or (
            sponsor_create(
                actor=actor,
                scope=scope,
                kind=SponsorKind.MANDIRI,
                name=worker.name,
                region=target.region,
                worker=worker,
            )
        )
    first_month = add_months(enrolment.last_month, 1)
    (follow_on,) = enrolments_create(
        actor=actor,
        scope=scope,
        program=target,
        sponsor=payer,
        workers=[worker],
        first_month=first_month,
        today=today or timezone.localdate(),
    )
    audit_record(
        actor=actor,
        action=Action.ENROLMENT_CONTINUE,
        object_type="enrolment",
        object_id=enrolment.pk,
        region_code=payer.region_id,
        details={
            "choice": choice,
            "follow_on": follow_on.pk,
            "sponsor": payer.pk,
            "program": target.pk,
            "first_month": first_month.isoformat(),
        },
    )
    return follow_on


# Renewal in bulk


@dataclass(frozen=True)
class LeftOut:
    """An enrolment that does not continue, and why."""

    enrolment_id: int
    worker_id: int
    name: str
    nik: str  # masked
    reason: str
    text: str


@dataclass
class RenewalPlan:
    """What renewing a sponsor's enrolments into `year` does: which continue, in which
    program, from which month to which, at what monthly amount; which are left out and why."""

    sponsor: Sponsor
    year: int
    continuing: dict[int, list[Enrolment]] = field(default_factory=dict)  # by next program
    programs: dict[int, Program] = field(default_factory=dict)
    periods: dict[int, tuple[date, date, int]] = field(default_factory=dict)  # first, last, Rp
    left_out: list[LeftOut] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(found) for found in self.continuing.values())


@dataclass(frozen=True)
class Renewal:
    """What `enrolments_renew` wrote."""

    sponsor: Sponsor
    year: int
    created: list[Enrolment]
    left_out: list[LeftOut]
    status: str


def renewal_base(*, sponsor: Sponsor, year: int) -> list[Enrolment]:
    """The sponsor's enrolments of the year before `year` that a renewal looks at: one per
    worker, its active enrolment, else its latest ended one (to say why it stops)."""
    rows = (
        Enrolment.objects.filter(
            sponsor=sponsor,
            program__year=year - 1,
            status__in=[EnrolmentStatus.ACTIVE, EnrolmentStatus.ENDED],
        )
        .select_related("worker__village", "program__region")
        .order_by("worker__name", "worker_id", "-last_month", "-id")
    )
    chosen: dict[int, Enrolment] = {}
    for enrolment in rows:
        kept = chosen.get(enrolment.worker_id)
        if kept is None or (
            kept.status != EnrolmentStatus.ACTIVE and enrolment.status == EnrolmentStatus.ACTIVE
        ):
            chosen[enrolment.worker_id] = enrolment
    return list(chosen.values())


def renewal_plan(
    *, scope: Scope, sponsor: Sponsor, year: int, today: date | None = None
) -> RenewalPlan:
    """Apply every rule of continuing to the sponsor's enrolments of the year before, in a
    bounded number of queries: excluded (`renewal_exclusions`), the enrolment rules of the
    next program (`services.enrolling`), then its quota and its budget in the order the
    program prefers (listed poor first when it does). Writes nothing."""
    today = today or timezone.localdate()
    if not sponsor_list(scope=scope).filter(pk=sponsor.pk).exists():
        raise NotFound(_("Sponsor not found"), id=sponsor.pk)
    plan = RenewalPlan(sponsor=sponsor, year=year)
    base = renewal_base(sponsor=sponsor, year=year)
    excluded = renewal_exclusions(base)
    templates = {e.program.template for e in base if e.program.template}
    following = {
        (program.region_id, program.template): program
        for program in Program.objects.filter(
            Q(region_id__in={e.program.region_id for e in base}),
            year=year,
            template__in=templates,
        ).order_by("-id")
    }
    waiting: dict[int, list[Enrolment]] = {}
    for enrolment in base:
        if enrolment.pk in excluded:
            plan.left_out.append(_left_out(enrolment, excluded[enrolment.pk]))
            continue
        target = following.get((enrolment.program.region_id, enrolment.program.template))
        if target is None:
            plan.left_out.append(
                _left_out(
                    enrolment,
                    Exclusion(
                        NO_PROGRAM,
                        _("no program of %(year)s continues %(program)s")
                        % {"year": year, "program": enrolment.program.name},
                    ),
                )
            )
            continue
        plan.programs[target.pk] = target
        waiting.setdefault(target.pk, []).append(enrolment)
    for program_id, enrolments in waiting.items():
        program = plan.programs[program_id]
        sponsor_checked(scope, program, sponsor)
        first, last = enrolment_period(scope, program, None, today)
        monthly = monthly_amount(program, first)
        plan.periods[program_id] = (first, last, monthly)
        faults = worker_faults(scope, program, sponsor, [e.worker for e in enrolments], first, last)
        eligible = []
        for enrolment in enrolments:
            if enrolment.worker_id in faults:
                exclusion = exclusion_of_faults(faults[enrolment.worker_id])
                plan.left_out.append(_left_out(enrolment, exclusion))
            else:
                eligible.append(enrolment)
        if program.poverty_rule == PovertyRule.PREFERRED:
            eligible.sort(key=lambda e: not (e.worker.in_p3ke or e.worker.in_dtks))
        rooms = [
            (OVER_QUOTA, quota_room(program, sponsor)),
            (OVER_BUDGET, budget_room(program, first, last, monthly)),
        ]
        for reason, room in rooms:
            if room is None or len(eligible) <= room.left:
                continue
            text = (
                _("over the quota of %(quota)s workers") % {"quota": room.limit}
                if reason == OVER_QUOTA
                else _("over the program's budget")
            )
            for enrolment in eligible[room.left :]:
                plan.left_out.append(_left_out(enrolment, Exclusion(reason, text)))
            eligible = eligible[: room.left]
        if eligible:
            plan.continuing[program_id] = eligible
    plan.left_out.sort(key=lambda item: (item.reason, item.name))
    return plan


def _left_out(enrolment: Enrolment, exclusion: Exclusion) -> LeftOut:
    worker = enrolment.worker
    return LeftOut(
        enrolment.pk, worker.pk, worker.name, mask_nik(worker.nik), exclusion.reason, exclusion.text
    )


@transaction.atomic
def enrolments_renew(
    *,
    actor: User | None,
    scope: Scope,
    sponsor: Sponsor,
    year: int,
    submit: bool = True,
    today: date | None = None,
) -> Renewal:
    """Continue all of a sponsor's enrolments of the year before that may continue into
    `year`'s program of the same scheme, in one action: written set-wise, submitted for the
    checker's verification (`submit`, the default) or left as drafts. The others are listed
    with their reason. One audit event with the counts."""
    plan = renewal_plan(scope=scope, sponsor=sponsor, year=year, today=today)
    status = EnrolmentStatus.SUBMITTED if submit else EnrolmentStatus.DRAFT
    created: list[Enrolment] = []
    for program_id, enrolments in plan.continuing.items():
        first, last, monthly = plan.periods[program_id]
        created += enrolment_rows(
            actor=actor,
            program=plan.programs[program_id],
            sponsor=sponsor,
            workers=[e.worker for e in enrolments],
            first=first,
            last=last,
            monthly=monthly,
            status=status,
        )
    reasons: dict[str, int] = {}
    for item in plan.left_out:
        reasons[item.reason] = reasons.get(item.reason, 0) + 1
    audit_record(
        actor=actor,
        action=Action.ENROLMENT_RENEW,
        object_type="sponsor",
        object_id=sponsor.pk,
        region_code=sponsor.region_id,
        details={
            "year": year,
            "status": status,
            "continued": len(created),
            "left_out": len(plan.left_out),
            "reasons": reasons,
            "programs": sorted(plan.programs),
        },
    )
    return Renewal(
        sponsor=sponsor, year=year, created=created, left_out=plan.left_out, status=status
    )
