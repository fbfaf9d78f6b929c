"""Life events end protection: a death, moving out of the sponsor's area, becoming a wage earner
(PU) registered by an employer, the sponsor stopping, a civil servant withdrawing consent. One
service ends a set of enrolments for one event, with its reason and date, from the month after
the event (docs/billing.md, *Life events*):

- an ACTIVE or LAPSED enrolment holding the event's month becomes ENDED, its last month the
  event's month;
- one that would only begin after the event's month is CANCELLED: its months are released;
- for a death, every enrolment of the worker not yet active at BPJS (draft, submitted,
  verified, sent) is cancelled as well, and the worker is marked (`Worker.died_on`), so that he
  is never enrolled, continued or resumed again.

Each ended or cancelled enrolment keeps the reason, the event's date, who ended it and when;
the next non-aktif list for BPJS (`programs.exchange.endings`) lists it. The months that were
billed and are no longer held become credit notes at once: programs cannot import billing, so
the service announces what it ended (`enrolments_ended`, a Django signal sent inside the
transaction) and billing's receiver (`billing.services.endings`) credits them; if it fails,
nothing is ended.

Who may: the sponsor's maker or the regional admin ends a sponsor's enrolments
(`permissions.may_end`); a worker's death is recorded by the officers who keep workers and
report claims (`permissions.may_record_death`) for a worker they see, or by the claims app when
a death claim is reported or decided (as the system: the claim is the evidence).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindungi.accounts.models import User
from lindungi.core.audit import Action, audit_record
from lindungi.core.errors import InvalidState, NotFound, PermissionDenied, ValidationFailed
from lindungi.core.masking import mask_nik
from lindungi.core.months import add_months, month_start
from lindungi.core.roles import SYSTEM
from lindungi.core.scopes import Scope
from lindungi.programs.models import EndReason, Enrolment, EnrolmentStatus
from lindungi.programs.permissions import may_end, may_record_death
from lindungi.programs.selectors import sponsors_visible
from lindungi.workers.models import Worker
from lindungi.workers.selectors import worker_list

# Sent inside the transaction of every ending, after the enrolments are written:
# `enrolment_ids` (ended or cancelled), `actor`, `today`. Billing credits the months billed
# that they no longer hold (billing/apps.py connects it).
enrolments_ended = Signal()

# The system acting on evidence another app holds (a death claim): every region, writing.
SYSTEM_SCOPE = Scope(user_id=None, role=SYSTEM, region_codes=None, can_write=True)

ENDABLE = (EnrolmentStatus.ACTIVE, EnrolmentStatus.LAPSED)
NOT_ACTIVE_YET = (
    EnrolmentStatus.DRAFT,
    EnrolmentStatus.SUBMITTED,
    EnrolmentStatus.VERIFIED,
    EnrolmentStatus.SENT,
)
# The reasons an operator gives; a period that is over needs no ending.
LIFE_EVENTS = (
    EndReason.DIED,
    EndReason.MOVED,
    EndReason.BECAME_PU,
    EndReason.SPONSOR_STOPPED,
    EndReason.CONSENT_WITHDRAWN,
    EndReason.OTHER,
)
SOURCES = ("operator", "claim", "import", "api", "cli")


@dataclass(frozen=True)
class Ended:
    """What one ending did: enrolments ended (their last month the event's), cancelled (not
    begun by then, or not yet active at BPJS for a death), and the workers newly marked dead."""

    ended: int = 0
    cancelled: int = 0
    deaths: int = 0
    enrolment_ids: tuple[int, ...] = field(default=())

    @property
    def count(self) -> int:
        return self.ended + self.cancelled


def end_set(
    *,
    actor: User | None,
    selection: "Any",
    reason: str,
    event_date: date | None,
    last_month: date,
    note: str,
    with_pending: bool,
    today: date,
) -> Ended:
    """End, set-wise, the enrolments of `selection` (a queryset) after `last_month` (the
    event's month), and announce them to billing. No permission checks: the callers check
    first."""
    last = month_start(last_month)
    now = timezone.now()
    common = {
        "end_reason": reason,
        "end_note": note.strip()[:300],
        "event_date": event_date,
        "ended_at": now,
        "ended_by": actor if actor is not None and actor.is_authenticated else None,
        "updated_at": now,
    }
    running = Q(status__in=ENDABLE, first_month__lte=last, last_month__gte=last)
    not_begun = Q(
        first_month__gt=last, status__in=ENDABLE + (NOT_ACTIVE_YET if with_pending else ())
    )
    if with_pending:
        not_begun |= Q(status__in=NOT_ACTIVE_YET)
    ending = list(selection.filter(running).values_list("pk", flat=True))
    releasing = list(selection.filter(not_begun).values_list("pk", flat=True))
    ended = Enrolment.objects.filter(pk__in=ending, status__in=ENDABLE).update(
        status=EnrolmentStatus.ENDED, last_month=last, **common
    )
    cancelled = Enrolment.objects.filter(pk__in=releasing).update(
        status=EnrolmentStatus.CANCELLED, **common
    )
    ids = tuple(ending + releasing)
    if ids:
        enrolments_ended.send(sender=Enrolment, enrolment_ids=ids, actor=actor, today=today)
    return Ended(ended=ended, cancelled=cancelled, enrolment_ids=ids)


def _checked_reason(reason: str) -> str:
    if reason not in LIFE_EVENTS:
        raise ValidationFailed(
            _("Choose why the protection ends: %(reasons)s")
            % {"reasons": ", ".join(str(EndReason(value).label) for value in LIFE_EVENTS)},
            field="reason",
        )
    return reason


def _checked_date(event_date: date | None, today: date, *, death: bool) -> date:
    """A death is not in the future; another event lies at the latest at the end of this
    month (a sponsor stops at the end of the month)."""
    if event_date is None:
        raise ValidationFailed(_("Give the date of the event"), field="event_date")
    latest = today if death else add_months(month_start(today), 1) - timedelta(days=1)
    if event_date > latest:
        raise ValidationFailed(
            _("The date of the event cannot be after %(date)s")
            % {"date": date_format(latest, "j M Y")},
            field="event_date",
        )
    return event_date


def _names(enrolments: Iterable[Enrolment]) -> str:
    shown = [f"{e.worker.name} ({mask_nik(e.worker.nik)})" for e in list(enrolments)[:10]]
    return ", ".join(shown)


@transaction.atomic
def enrolments_end(
    *,
    actor: User | None,
    scope: Scope,
    enrolments: Sequence[Enrolment],
    reason: str,
    event_date: date | None,
    note: str = "",
    today: date | None = None,
) -> Ended:
    """The operator ends the chosen enrolments (one or many) for a life event: each must be
    ACTIVE or LAPSED, of a sponsor the reader may end for, and still running in the event's
    month; all or nothing. A death ends every enrolment of the worker
    (`deaths_record`), whoever sponsors it."""
    today = today or timezone.localdate()
    _checked_reason(reason)
    event = _checked_date(event_date, today, death=reason == EndReason.DIED)
    if not enrolments:
        raise ValidationFailed(_("Choose at least one enrolment"), field="enrolments")
    ids = sorted({enrolment.pk for enrolment in enrolments})
    chosen = list(
        Enrolment.objects.select_related("sponsor", "worker")
        .select_for_update(of=("self",))
        .filter(pk__in=ids)
        .order_by("pk")
    )
    for sponsor in {enrolment.sponsor for enrolment in chosen}:
        if not may_end(scope, sponsor):
            raise PermissionDenied(
                _("You cannot end enrolments for %(sponsor)s") % {"sponsor": sponsor.name},
                code="enrolment.not_your_sponsor",
            )
    not_running = [e for e in chosen if e.status not in ENDABLE]
    if not_running:
        raise InvalidState(
            _("Only active or lapsed enrolments are ended; not: %(names)s")
            % {"names": _names(not_running)},
            code="enrolment.not_active",
        )
    last = month_start(event)
    over = [e for e in chosen if e.last_month < last]
    if over:
        raise ValidationFailed(
            _("The protection of %(names)s was already over before %(month)s")
            % {"names": _names(over), "month": date_format(last, "F Y")},
            field="event_date",
            code="enrolment.already_over",
        )
    if reason == EndReason.DIED:
        return _deaths(
            actor=actor,
            scope=scope,
            deaths=[(e.worker, event) for e in chosen],
            note=note,
            source="operator",
            today=today,
        )
    done = end_set(
        actor=actor,
        selection=Enrolment.objects.filter(pk__in=ids),
        reason=reason,
        event_date=event,
        last_month=last,
        note=note,
        with_pending=False,
        today=today,
    )
    audit_record(
        actor=actor,
        action=Action.ENROLMENT_END,
        object_type="enrolment",
        object_id=ids[0] if len(ids) == 1 else "",
        region_code=chosen[0].sponsor.region_id,
        details={
            "reason": reason,
            "event_date": event.isoformat(),
            "last_month": last.isoformat(),
            "ended": done.ended,
            "cancelled": done.cancelled,
            "enrolments": list(done.enrolment_ids)[:1000],
        },
    )
    return done


def visible_workers(scope: Scope) -> "Any":
    """Workers whose death the reader may record: those they see in the registry, and those
    their sponsors protect (an agency operator's)."""
    protected = Enrolment.objects.filter(sponsors_visible(scope, "sponsor__")).values("worker_id")
    if scope.agency_id is None:
        return worker_list(scope=scope)
    return Worker.objects.filter(pk__in=protected)


@transaction.atomic
def deaths_record(
    *,
    actor: User | None,
    scope: Scope,
    deaths: Sequence[tuple[Worker, date]],
    note: str = "",
    source: str = "operator",
    today: date | None = None,
) -> Ended:
    """Record the deaths of workers (worker, date of death): each is marked dead and every
    enrolment of his ends after the month of his death (those not begun by then, or not yet
    active at BPJS, are cancelled), whoever sponsors it. Recording the same date again changes
    nothing; another date than the one recorded is refused."""
    today = today or timezone.localdate()
    if not may_record_death(scope):
        raise PermissionDenied(
            _("Your role does not record a worker's death"), code="worker.not_death_recorder"
        )
    if not deaths:
        raise ValidationFailed(_("Choose at least one worker"), field="workers")
    for _worker, died_on in deaths:
        _checked_date(died_on, today, death=True)
    return _deaths(actor=actor, scope=scope, deaths=deaths, note=note, source=source, today=today)


def _deaths(
    *,
    actor: User | None,
    scope: Scope,
    deaths: Sequence[tuple[Worker, date]],
    note: str,
    source: str,
    today: date,
) -> Ended:
    wanted: dict[int, date] = {}
    for worker, died_on in deaths:
        if wanted.setdefault(worker.pk, died_on) != died_on:
            raise ValidationFailed(
                _("%(name)s is given two dates of death") % {"name": worker.name},
                field="event_date",
            )
    if scope.role != SYSTEM:
        seen = set(visible_workers(scope).filter(pk__in=list(wanted)).values_list("pk", flat=True))
        missing = set(wanted) - seen
        if missing:
            raise NotFound(_("Worker not found"), ids=sorted(missing)[:100])
    stored = dict(Worker.objects.filter(pk__in=list(wanted)).values_list("pk", "died_on"))
    names = dict(Worker.objects.filter(pk__in=list(wanted)).values_list("pk", "name"))
    conflicting = [pk for pk, died_on in wanted.items() if stored.get(pk) not in (None, died_on)]
    if conflicting:
        raise ValidationFailed(
            _("Already recorded with another date of death: %(names)s")
            % {
                "names": ", ".join(
                    f"{names[pk]} ({date_format(stored[pk] or '', 'j M Y')})"
                    for pk in conflicting[:10]
                )
            },
            field="event_date",
            code="worker.death_recorded",
        )
    by_date: dict[date, list[int]] = defaultdict(list)
    for pk, died_on in wanted.items():
        by_date[died_on].append(pk)
    now = timezone.now()
    marked = ended = cancelled = 0
    ids: list[int] = []
    for died_on, workers in sorted(by_date.items()):
        marked += Worker.objects.filter(pk__in=workers, died_on__isnull=True).update(
            died_on=died_on, version=F("version") + 1, updated_at=now
        )
        done = end_set(
            actor=actor,
            selection=Enrolment.objects.filter(worker_id__in=workers),
            reason=EndReason.DIED,
            event_date=died_on,
            last_month=died_on,
            note=note,
            with_pending=True,
            today=today,
        )
        ended, cancelled = ended + done.ended, cancelled + done.cancelled
        ids.extend(done.enrolment_ids)
    first = next(iter(wanted))
    audit_record(
        actor=actor,
        action=Action.WORKER_DEATH,
        object_type="worker",
        object_id=first if len(wanted) == 1 else "",
        region_code=Worker.objects.filter(pk=first).values_list("village_id", flat=True)[0],
        details={
            "source": source,
            "workers": list(wanted)[:1000],
            "dates": sorted({d.isoformat() for d in wanted.values()})[:100],
            "marked": marked,
            "ended": ended,
            "cancelled": cancelled,
            "enrolments": ids[:1000],
        },
    )
    return Ended(ended=ended, cancelled=cancelled, deaths=marked, enrolment_ids=tuple(ids))


def death_from_claim(
    *, actor: User | None, worker: Worker, died_on: date, claim_id: int, today: date
) -> Ended:
    """A JKM or JKK death claim was reported or decided: the worker died on the event date.
    The claims service has checked who may report it; if his death is already recorded (by the
    operator, a list, an earlier step of the claim) nothing changes."""
    current = Worker.objects.filter(pk=worker.pk).values_list("died_on", flat=True).first()
    if current is not None:
        return Ended()
    return _deaths(
        actor=actor,
        scope=SYSTEM_SCOPE,
        deaths=[(worker, died_on)],
        note=_("death claim %(id)s") % {"id": claim_id},
        source="claim",
        today=today,
    )
