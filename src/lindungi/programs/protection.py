"""A worker's protection status: the one rule the worker list and its filter, the worker page,
the API (`protection`) and `lindungi enrolments protection` show.

From the worker's enrolments, the first that holds:

- **aktif** (`active`): an active enrolment covers this month (BPJS confirmed it, it is paid);
- **diajukan** (`proposed`): an enrolment waits for the verifier or for BPJS (submitted,
  verified, sent), or BPJS confirmed one that starts after this month;
- **berakhir** (`ended`): BPJS once confirmed one (it has a KPJ) and none covers this month
  (ended, lapsed for arrears, or its last month is past);
- **tidak terlindungi** (`unprotected`): never (no enrolment, or only drafts, cancelled or
  rejected ones).

The status is a fact about the worker, whoever sponsors them: it is read for workers the reader
already sees and names no sponsor. Set-wise: `protection_value` is one expression (three
`EXISTS` on the enrolments' (worker, first_month) index) to annotate a page of workers, and
`protection_q` the filter of one status as semi-joins, never a status per row in Python.
"""

from datetime import date

from django.db.models import Case, CharField, Exists, OuterRef, Q, TextChoices, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lindungi.core.months import month_start
from lindungi.programs.models import Enrolment, EnrolmentStatus


class Protection(TextChoices):
    ACTIVE = "active", _("protected")
    PROPOSED = "proposed", _("proposed")
    ENDED = "ended", _("protection ended")
    UNPROTECTED = "unprotected", _("never protected")


PENDING = (EnrolmentStatus.SUBMITTED, EnrolmentStatus.VERIFIED, EnrolmentStatus.SENT)
CONFIRMED = (EnrolmentStatus.ACTIVE, EnrolmentStatus.LAPSED, EnrolmentStatus.ENDED)


def _this_month(today: date | None) -> date:
    return month_start(today or timezone.localdate())


def _enrolments_q(status: Protection, month: date) -> Q:
    """The enrolments that give a worker `status` (before the statuses above it are ruled out)."""
    if status == Protection.ACTIVE:
        return Q(status=EnrolmentStatus.ACTIVE, first_month__lte=month, last_month__gte=month)
    if status == Protection.PROPOSED:
        return Q(status__in=PENDING) | Q(status=EnrolmentStatus.ACTIVE, first_month__gt=month)
    return Q(status__in=CONFIRMED) & ~Q(kpj="")


def _has(status: Protection, month: date, worker: str) -> Exists:
    return Exists(
        Enrolment.objects.filter(_enrolments_q(status, month), worker_id=OuterRef(worker))
    )


ORDER = (Protection.ACTIVE, Protection.PROPOSED, Protection.ENDED)


def protection_value(today: date | None = None, worker: str = "pk") -> Case:
    """Each worker's status as an annotation (`worker` names the worker's id in the query)."""
    month = _this_month(today)
    return Case(
        *(When(_has(status, month, worker), then=Value(status.value)) for status in ORDER),
        default=Value(Protection.UNPROTECTED.value),
        output_field=CharField(),
    )


def protection_q(status: str, today: date | None = None, worker: str = "pk") -> Q:
    """The workers of one status, as a filter of semi-joins (an unknown status: no filter)."""
    if status not in Protection.values:
        return Q()
    month = _this_month(today)
    wanted = Protection(status)
    above = ORDER[: ORDER.index(wanted)] if wanted in ORDER else ORDER
    condition = Q()
    for higher in above:
        condition &= ~Q(_has(higher, month, worker))
    if wanted in ORDER:
        condition &= Q(_has(wanted, month, worker))
    return condition


def protection_of(worker_id: int, today: date | None = None) -> Protection:
    """One worker's status (the worker page, the command line)."""
    month = _this_month(today)
    for status in ORDER:
        if Enrolment.objects.filter(_enrolments_q(status, month), worker_id=worker_id).exists():
            return status
    return Protection.UNPROTECTED


def protection_label(value: str) -> str:
    """The status as users read it ("aktif"), from its value."""
    return str(Protection(value).label) if value in Protection.values else ""
