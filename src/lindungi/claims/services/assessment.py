"""What reporting a claim finds: the enrolment that protected the worker on the event date, the
membership's paid months up to that month, the benefit due with the rule of each component, and
a work accident's deadlines (`claims.rules`, PP 82/2019). Nothing is saved here."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindungi.billing.rules import period_end
from lindungi.billing.selectors.accounts import enrolment_months
from lindungi.claims import rules
from lindungi.claims.benefits import Benefit, Route, benefit
from lindungi.claims.models import Claim, ClaimType, JkkKind
from lindungi.claims.services.steps import label
from lindungi.contributions.calculator import explain
from lindungi.contributions.ratebook import RuleError
from lindungi.contributions.rules import Category
from lindungi.contributions.selectors import rate_book
from lindungi.core.errors import ValidationFailed
from lindungi.core.months import add_months
from lindungi.core.roles import SYSTEM
from lindungi.core.scopes import Scope
from lindungi.programs.models import Enrolment, EnrolmentStatus
from lindungi.workers.models import Worker

# Statuses of an enrolment that BPJS protected (an ENDED or LAPSED one up to its last month).
PROTECTED = (EnrolmentStatus.ACTIVE, EnrolmentStatus.LAPSED, EnrolmentStatus.ENDED)
# Statuses of an enrolment that holds its months but that BPJS has not activated yet.
PENDING = (
    EnrolmentStatus.DRAFT,
    EnrolmentStatus.SUBMITTED,
    EnrolmentStatus.VERIFIED,
    EnrolmentStatus.SENT,
)
DASH = "\N{EN DASH}"
# The membership's paid months are counted over all its sponsors, including those outside the
# reporter's scope: the waiting period is the worker's, whoever paid.
MEMBERSHIP = Scope(user_id=None, role=SYSTEM, region_codes=None)


def _period_text(period: rules.Period) -> str:
    """ "Jan-Jun 2026", "Nov 2025-Apr 2026", or "15 Jan-Jun 2026" for a start within a month
    (joined by an en dash)."""
    end = date_format(period.end, "M Y")
    if period.start.day != 1:
        return f"{date_format(period.start, 'j M Y')}{DASH}{end}"
    if period.start.year == period.end.year:
        return f"{date_format(period.start, 'M')}{DASH}{end}"
    return f"{date_format(period.start, 'M Y')}{DASH}{end}"


def _protection(enrolment: Enrolment) -> rules.Period:
    start = enrolment.bpjs_start_date or enrolment.first_month
    return rules.Period(enrolment.pk, start, period_end(enrolment.last_month))


def _holding_enrolment(worker: Worker, event_date: date) -> Enrolment:
    """The enrolment that protected the worker on the event date, or the reason there is none
    (the periods the worker's enrolments held, or an enrolment BPJS had not activated yet)."""
    enrolments = list(
        Enrolment.objects.filter(worker=worker)
        .select_related("program", "sponsor")
        .order_by("first_month", "id")
    )
    protected = [e for e in enrolments if e.status in PROTECTED]
    found = rules.holding_period([_protection(e) for e in protected], event_date)
    if found is not None:
        return next(e for e in protected if e.pk == found.key)
    event = date_format(event_date, "j M Y")
    pending = [
        e
        for e in enrolments
        if e.status in PENDING and e.first_month <= event_date <= period_end(e.last_month)
    ]
    if pending:
        raise ValidationFailed(
            _(
                "The enrolment covering %(event)s was not active at BPJS (%(status)s): "
                "benefits are due to active members only"
            )
            % {"event": event, "status": label(EnrolmentStatus, pending[0].status)},
            code="claim.not_active",
            field="event_date",
            rule="not_active",
        )
    if not protected:
        raise ValidationFailed(
            _("The worker had no enrolment active at BPJS; the event was on %(event)s")
            % {"event": event},
            code="claim.not_protected",
            field="event_date",
            rule="outside_protection",
        )
    periods = [_protection(e) for e in protected]
    raise ValidationFailed(
        _(
            "No enrolment protected the worker on that day: the enrolment held %(periods)s; "
            "the event was on %(event)s"
        )
        % {"periods": ", ".join(_period_text(p) for p in periods), "event": event},
        code="claim.not_protected",
        field="event_date",
        rule="outside_protection",
        periods=[[p.start.isoformat(), p.end.isoformat()] for p in periods],
    )


def _membership_paid_months(enrolment: Enrolment, event_date: date) -> int:
    """Paid months of the membership up to the event's month: the enrolment's and those of the
    enrolments it continues without a gap (a renewal); a lapse starts a new membership, so the
    count stops at a lapsed enrolment (the waiting periods of PP 82/2019 count one
    membership's months)."""
    chain = [enrolment]
    earlier = Enrolment.objects.filter(
        worker_id=enrolment.worker_id,
        status__in=PROTECTED,
        first_month__lt=enrolment.first_month,
    ).order_by("-first_month")
    # Few enrolments per worker (one a year): walking them in Python is clearer than SQL.
    for previous in earlier:
        if previous.status == EnrolmentStatus.LAPSED:
            break
        if add_months(previous.last_month, 1) != chain[-1].first_month:
            break
        chain.append(previous)
    months = [
        (state.month, state.paid)
        for member in chain
        for state in enrolment_months(scope=MEMBERSHIP, enrolment=member)
    ]
    return rules.paid_months(months, event_date)


def category(worker: Worker) -> Category:
    """The worker's category for the benefit rules (apprentices and students count as PU)."""
    values = {str(category) for category in Category}
    return Category(worker.category) if worker.category in values else Category.PU


def _benefit_as_json(result: Benefit | None, **inputs: Any) -> dict[str, Any]:
    if result is None:
        return {"components": [], "total": None, **inputs}
    return {
        "rule": str(result.type),
        "category": str(result.category),
        "date": result.on.isoformat(),
        "components": [
            {
                "name": part.name,
                "amount": part.amount,
                "rule": part.rule,
                "confidence": part.confidence,
            }
            for part in result.components
        ],
        "total": result.total,
        "notes": list(result.notes),
        **inputs,
    }


@dataclass(frozen=True)
class Assessment:
    """What reporting a claim found: the enrolment, the paid months, the benefit due, the
    deadlines."""

    enrolment: Enrolment
    months_paid: int
    benefit: dict[str, Any]
    deadline: datetime | None
    expires_on: date | None


def assess(claim: Claim, today: date) -> Assessment:
    """Check a claim against the rules and compute its benefit (does not save)."""
    if claim.event_date > today:
        raise ValidationFailed(
            _("The event date is in the future"), code="claim.future_event", field="event_date"
        )
    expires_on = deadline = None
    if claim.type == ClaimType.JKK:
        expires_on = rules.jkk_expiry(claim.event_date)
        if rules.is_expired(claim.event_date, today):
            raise ValidationFailed(
                _(
                    "This work-accident claim expired on %(date)s: JKK is claimed within "
                    "5 years of the accident (PP 82/2019 Pasal 26)"
                )
                % {"date": date_format(expires_on, "j M Y")},
                code="claim.expired",
                field="event_date",
                rule="jkk_expired",
            )
        deadline = rules.report_deadline(
            claim.event_date, claim.event_time, timezone.get_default_timezone()
        )
    enrolment = _holding_enrolment(claim.worker, claim.event_date)
    months_paid = _membership_paid_months(enrolment, claim.event_date)
    income = enrolment.program.income_basis
    inputs = {"months_paid": months_paid, "income": income, "enrolment": enrolment.pk}
    kind = rules.benefit_type(claim.type, claim.jkk_kind)
    if kind is None:
        note = "care_in_kind" if claim.jkk_kind == JkkKind.CARE else "disability_assessed"
        return Assessment(
            enrolment,
            months_paid,
            _benefit_as_json(None, notes=[note], **inputs),
            deadline,
            expires_on,
        )
    try:
        result = benefit(
            book=rate_book(),
            type=kind,
            category=category(claim.worker),
            on=claim.event_date,
            income=income,
            months_paid=months_paid,
            months_off=claim.months_off,
            children=claim.children if claim.children is not None else 2,
            route=Route(claim.scholarship_route or Route.JKM),
        )
    except RuleError as error:
        raise explain(error) from error
    return Assessment(
        enrolment, months_paid, _benefit_as_json(result, **inputs), deadline, expires_on
    )
