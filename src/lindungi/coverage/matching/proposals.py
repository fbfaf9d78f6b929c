"""Sponsor matching: given what a sponsor can spend (a company's CSR, a village's budget line, a
donor's gift), propose the unprotected eligible workers to fund first, in an order the admin
sets, and enrol the accepted proposal in one step.

Who may join is `programs.selectors.candidates` (the program's rules, the reader's scope, not
yet protected in the months); `coverage.matching.priorities` orders them, in SQL, by the chosen
priorities.

A proposal funds the last `months` months of the program (every enrolment runs to the
program's last month); it costs `monthly contribution * months` per worker, and the budget
covers `budget ÷ that` workers (whole workers, rounded down). Accepting it goes through
`programs.services.enrolments_create` and `enrolments_submit`, so every rule applies
(eligibility, quota, the program's budget, double funding, maker-checker) and the audit events
are theirs.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import (
    F,
    Sum,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.core.errors import InvalidState, NotFound, ValidationFailed
from lindungi.core.money import format_rupiah
from lindungi.core.months import add_months, month_start, months_between
from lindungi.core.scopes import Scope
from lindungi.coverage import rules
from lindungi.coverage.matching.priorities import (
    DEFAULT_PRIORITY,
    LOW_COVERAGE_VILLAGE,
    ordered,
    priorities_checked,
    reasons_of,
)
from lindungi.coverage.selectors import latest_month
from lindungi.programs.models import (
    RELEASED,
    Enrolment,
    PovertyRule,
    Program,
    QuotaRule,
    Sponsor,
)
from lindungi.programs.selectors import (
    candidates,
    month_span,
    monthly_amount,  # what enrolments_create charges: the proposal must cost the same
    program_last_month,
    quota_fill,
)
from lindungi.programs.services.enrolling import enrolments_create
from lindungi.programs.services.transitions import enrolments_submit
from lindungi.workers.models import Worker
from lindungi.workers.selectors import worker_list

DEFAULT_LIMIT = 1_000
MAX_LIMIT = 10_000


def workers_covered(budget: int, monthly_amount: int, months: int) -> int:
    """Whole workers a budget protects for `months` months at a monthly contribution.

    >>> workers_covered(2_016_000, 16_800, 12)
    10
    >>> workers_covered(2_015_999, 16_800, 12)
    9
    """
    cost = rules.cost(1, monthly_amount, months)
    return budget // cost if cost > 0 else 0


@dataclass(frozen=True)
class ProposedWorker:
    rank: int
    worker: Worker
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)

    @property
    def village_percent(self) -> Decimal | None:
        return rules.coverage_percent(
            getattr(self.worker, "match_village_protected", 0) or 0,
            getattr(self.worker, "match_village_base", None),
        )


@dataclass(frozen=True)
class Proposal:
    program: Program
    sponsor: Sponsor
    budget: int
    priority: tuple[str, ...]
    first_month: date
    last_month: date
    months: int
    monthly_amount: int  # one worker's contribution a month
    cost_per_worker: int  # monthly_amount * months
    covers: int  # whole workers the budget pays for: budget ÷ cost_per_worker
    quota_room: int | None  # what an "at most" quota still takes (None: no ceiling)
    program_room: int | None  # what the program's own budget still pays for (None: no ceiling)
    available: int  # unprotected eligible workers the reader sees
    snapshot_month: date | None  # the snapshot the village coverage comes from
    workers: list[ProposedWorker]
    limited: bool  # more would fit the budget than `limit` allowed to list

    @property
    def count(self) -> int:
        return len(self.workers)

    @property
    def total(self) -> int:
        """Rupiah of the proposed workers for their months."""
        return rules.cost(self.count, self.monthly_amount, self.months)

    @property
    def left_over(self) -> int:
        return self.budget - self.total


def _period(program: Program, months: int | None, today: date) -> tuple[date, date, int]:
    """The months a proposal funds: the last `months` of the program from this month on
    (default: all of them)."""
    last = program_last_month(program)
    earliest = max(program.start_month, month_start(today))
    remaining = months_between(earliest, last)
    if remaining < 1:
        raise InvalidState(_("The program's period is over"), code="coverage.program_over")
    if months is None:
        return earliest, last, remaining
    if not 1 <= months <= remaining:
        raise ValidationFailed(
            _("The program has %(remaining)s month(s) left: fund 1 to %(remaining)s")
            % {"remaining": remaining},
            field="months",
        )
    return add_months(last, 1 - months), last, months


def _program_room(program: Program, cost_per_worker: int) -> int | None:
    if program.budget is None:
        return None
    committed = (
        Enrolment.objects.filter(program=program)
        .exclude(status__in=RELEASED)
        .aggregate(total=Sum(F("monthly_amount") * month_span()))["total"]
        or 0
    )
    return max(0, program.budget - committed) // cost_per_worker


def _quota_room(program: Program, sponsor: Sponsor) -> int | None:
    if program.quota_rule != QuotaRule.AT_MOST or program.quota_per_sponsor is None:
        return None
    return max(0, program.quota_per_sponsor - quota_fill(program=program, sponsor=sponsor).held)


def match_proposal(
    *,
    scope: Scope,
    program: Program,
    sponsor: Sponsor,
    budget: int,
    months: int | None = None,
    priority: Sequence[str] = DEFAULT_PRIORITY,
    limit: int | None = DEFAULT_LIMIT,
    today: date | None = None,
) -> Proposal:
    """The workers a sponsor's budget should protect first, in the priorities' order, each with
    its reasons; as many as the budget covers, within the quota's and the program budget's
    room and `limit`. Reads only: nothing is enrolled until `match_accept`."""
    if budget < 1:
        raise ValidationFailed(_("The budget must be more than Rp 0"), field="budget")
    if limit is not None and not 1 <= limit <= MAX_LIMIT:
        raise ValidationFailed(_("List 1 to %(max)s workers") % {"max": MAX_LIMIT}, field="limit")
    chosen = priorities_checked(priority)
    if sponsor.kind not in program.sponsor_kinds:
        raise ValidationFailed(
            _("Sponsors of kind %(kind)s cannot join this program")
            % {"kind": sponsor.get_kind_display()},
            code="coverage.sponsor_kind_refused",
            field="sponsor",
        )
    today = today or timezone.localdate()
    first, last, month_count = _period(program, months, today)
    monthly = monthly_amount(program, first)
    cost_per_worker = rules.cost(1, monthly, month_count)
    covers = workers_covered(budget, monthly, month_count)
    quota_room = _quota_room(program, sponsor)
    program_room = _program_room(program, cost_per_worker)
    wanted = min(room for room in (covers, quota_room, program_room) if room is not None)
    pool = candidates(scope=scope, program=program, sponsor=sponsor, first_month=first)
    snapshot_month = latest_month(program.region_id) if LOW_COVERAGE_VILLAGE in chosen else None
    ranked = ordered(
        pool,
        priority=chosen,
        snapshot_month=snapshot_month,
        listed_preferred=program.poverty_rule == PovertyRule.PREFERRED,
    )
    shown = wanted if limit is None else min(wanted, limit)
    rows = list(ranked[:shown]) if shown > 0 else []
    return Proposal(
        program=program,
        sponsor=sponsor,
        budget=budget,
        priority=chosen,
        first_month=first,
        last_month=last,
        months=month_count,
        monthly_amount=monthly,
        cost_per_worker=cost_per_worker,
        covers=covers,
        quota_room=quota_room,
        program_room=program_room,
        available=pool.count(),
        snapshot_month=snapshot_month,
        workers=[
            ProposedWorker(index + 1, worker, tuple(reasons_of(worker, chosen, snapshot_month)))
            for index, worker in enumerate(rows)
        ],
        limited=shown < wanted and len(rows) == shown,
    )


@transaction.atomic
def match_accept(
    *,
    actor: User | None,
    scope: Scope,
    program: Program,
    sponsor: Sponsor,
    worker_ids: Sequence[int],
    today: date | None = None,
    months: int | None = None,
    budget: int | None = None,
    submit: bool = True,
) -> list[Enrolment]:
    """Enrol the workers the admin kept from a proposal, for the proposal's months, and (by
    default) submit them for verification, in one transaction: all or nothing.

    A worker the actor cannot see is missing (NotFound), exactly as by its id elsewhere; every
    other rule is `enrolments_create`'s, which names each refused worker and why. With
    `budget`, a choice that costs more than it is refused. The audit events are those of
    `enrolments_create` and `enrolments_submit`."""
    if not worker_ids:
        raise ValidationFailed(_("Choose at least one worker"), field="worker_ids")
    today = today or timezone.localdate()
    visible = {
        worker.pk: worker for worker in worker_list(scope=scope).filter(pk__in=set(worker_ids))
    }
    missing = sorted(set(worker_ids) - set(visible))
    if missing:
        raise NotFound(_("Worker not found"), ids=missing[:100])
    first, _last, month_count = _period(program, months, today)
    if budget is not None:
        cost = rules.cost(len(worker_ids), monthly_amount(program, first), month_count)
        if cost > budget:
            raise ValidationFailed(
                _("The chosen workers cost %(cost)s, more than the budget of %(budget)s")
                % {"cost": format_rupiah(cost), "budget": format_rupiah(budget)},
                code="coverage.over_budget",
                field="worker_ids",
            )
    created = enrolments_create(
        actor=actor,
        scope=scope,
        program=program,
        sponsor=sponsor,
        # In the given order, repeats kept: the service refuses a worker listed twice.
        workers=[visible[worker_id] for worker_id in worker_ids],
        first_month=first,
        today=today,
    )
    if submit:
        enrolments_submit(actor=actor, scope=scope, enrolments=created)
    return list(
        Enrolment.objects.filter(pk__in=[enrolment.pk for enrolment in created])
        .select_related("worker__village", "program", "sponsor")
        .order_by("pk")
    )
