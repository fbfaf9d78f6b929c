"""The order a sponsor's budget protects workers in (`coverage.matching.proposals` uses it):

- `desil`: workers listed in P3KE or DTKS first (P3KE, extreme poverty, before DTKS only), then
  by welfare decile, lowest first; an unknown decile comes last;
- `risky_occupation`: workers whose occupation is on `RISKY_OCCUPATIONS` first;
- `low_coverage_village`: workers of the villages with the lowest coverage in the latest
  snapshot of the program's regency first: villages with a base by their share (protected ÷
  base), then villages without a base by their protected count (an unknown share is never
  taken for 0 %, so those come after the villages whose share is known).

Ties fall back on the program's own order (P3KE/DTKS first where it prefers them), then name
and NIK, so that a proposal is the same on every call. A regency has hundreds of thousands of
workers: the order is annotations and `ORDER BY … LIMIT`, never a sort in Python; the reasons
a worker ranks where it does are read back from those annotations.
"""

from collections.abc import Sequence
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import (
    Case,
    F,
    FloatField,
    IntegerField,
    OrderBy,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lindungi.core import formats
from lindungi.core.errors import ValidationFailed
from lindungi.coverage import rules
from lindungi.coverage.models import CoverageSnapshot, Denominator, DenominatorKind, SnapshotLevel
from lindungi.workers.models import Worker

DESIL = "desil"
RISKY_OCCUPATION = "risky_occupation"
LOW_COVERAGE_VILLAGE = "low_coverage_village"
PRIORITIES = {
    DESIL: gettext_lazy("Poorest first (P3KE/DTKS, then lowest desil)"),
    RISKY_OCCUPATION: gettext_lazy("Risky occupations first"),
    LOW_COVERAGE_VILLAGE: gettext_lazy("Villages with the lowest coverage first"),
}
DEFAULT_PRIORITY = (DESIL, RISKY_OCCUPATION, LOW_COVERAGE_VILLAGE)

# Occupations treated as risky, matched as a case-insensitive part of the worker's occupation
# ("tukang ojek", "ojek online" match "ojek"). An assumption of this project, not a regulation:
# the informal work that BPJS Ketenagakerjaan's outreach to non-wage workers (BPU) and the
# regional Jamsostek teams most often name as exposed to work accidents (JKK): at sea, in the
# fields, on building sites, on the road, in waste. The regency can change the list here.
RISKY_OCCUPATIONS: tuple[str, ...] = (
    "nelayan",  # fishers
    "petani",  # farmers
    "buruh tani",  # farm labourers
    "buruh bangunan",  # construction labourers
    "tukang bangunan",
    "kuli bangunan",
    "ojek",  # motorcycle-taxi riders
    "pemulung",  # waste pickers
)

UNKNOWN_DESIL = 11  # sorts after desil 10

# Which base a village's share is taken of: BPJS's eligible workers, else BPS's working
# population (as `coverage.selectors.BASE_ORDER`).
BASE_RANK = Case(
    When(kind=DenominatorKind.ELIGIBLE, then=Value(0)),
    default=Value(1),
    output_field=IntegerField(),
)


def priorities_checked(priority: Sequence[str]) -> tuple[str, ...]:
    """The priorities in the admin's order, each once; an unknown one is refused.

    >>> priorities_checked(["low_coverage_village", "desil", "desil"])
    ('low_coverage_village', 'desil')
    >>> priorities_checked([])
    ()
    """
    unknown = [name for name in priority if name not in PRIORITIES]
    if unknown:
        raise ValidationFailed(
            _("Unknown priority: %(names)s") % {"names": ", ".join(unknown)}, field="priority"
        )
    return tuple(dict.fromkeys(priority))


def risky_term(occupation: str) -> str | None:
    """The entry of `RISKY_OCCUPATIONS` an occupation matches (as the SQL does), or None.

    >>> risky_term("Tukang Ojek")
    'ojek'
    >>> risky_term("pedagang keliling") is None
    True
    """
    text = occupation.lower()
    return next((term for term in RISKY_OCCUPATIONS if term in text), None)


def _risky_q() -> Q:
    return reduce(or_, (Q(occupation__icontains=term) for term in RISKY_OCCUPATIONS))


def ordered(
    workers: QuerySet[Worker],
    *,
    priority: Sequence[str],
    snapshot_month: date | None,
    listed_preferred: bool = False,
) -> QuerySet[Worker]:
    """The workers annotated with what each priority ranks by, ordered by the priorities in
    turn, then by the program's preference (`listed_preferred`), name and NIK; all in SQL."""
    order: list[OrderBy | F | str] = []
    for name in priorities_checked(priority):
        if name == DESIL:
            workers = workers.annotate(
                match_listed=Case(
                    When(Q(in_p3ke=True) | Q(in_dtks=True), then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                ),
                match_desil=Coalesce("desil", Value(UNKNOWN_DESIL), output_field=IntegerField()),
            )
            order += ["match_listed", "-in_p3ke", "match_desil"]
        elif name == RISKY_OCCUPATION:
            workers = workers.annotate(
                match_risky=Case(
                    When(_risky_q(), then=Value(0)), default=Value(1), output_field=IntegerField()
                )
            )
            order.append("match_risky")
        elif name == LOW_COVERAGE_VILLAGE:
            workers = _village_coverage(workers, snapshot_month)
            order += [
                "match_village_known",
                F("match_village_share").asc(nulls_last=True),
                "match_village_protected",
                "village_id",
            ]
    if listed_preferred:
        order += ["-in_p3ke", "-in_dtks"]
    return workers.order_by(*order, "name", "nik")


def _village_coverage(workers: QuerySet[Worker], month: date | None) -> QuerySet[Worker]:
    """Each worker's village: protected workers in the snapshot of `month` (0 when the village
    has no row, or no month was taken), its base of that year (None if it has none) and the
    share, as correlated subqueries on the snapshot's (month, level, region) index and the
    bases' (region, year, kind) key."""
    if month is None:
        protected: Subquery | Value = Value(0)
        base: Subquery | Value = Value(None, output_field=IntegerField())
    else:
        protected = Subquery(
            CoverageSnapshot.objects.filter(
                month=month,
                level=SnapshotLevel.VILLAGE,
                region_code=OuterRef("village_id"),
                category="",
                sponsor_kind="",
            ).values("protected")[:1],
            output_field=IntegerField(),
        )
        base = Subquery(
            Denominator.objects.filter(region_id=OuterRef("village_id"), year__lte=month.year)
            .annotate(base_rank=BASE_RANK)
            .order_by("base_rank", "-year")
            .values("value")[:1],
            output_field=IntegerField(),
        )
    workers = workers.annotate(
        match_village_protected=Coalesce(protected, Value(0), output_field=IntegerField()),
        match_village_base=base,
    )
    return workers.annotate(
        match_village_known=Case(
            When(match_village_base__gt=0, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        match_village_share=Case(
            When(
                match_village_base__gt=0,
                then=Cast("match_village_protected", FloatField())
                / Cast("match_village_base", FloatField()),
            ),
            default=Value(None, output_field=FloatField()),
            output_field=FloatField(),
        ),
    )


def reasons_of(worker: Worker, priority: Sequence[str], snapshot_month: date | None) -> list[str]:
    """Why a worker ranks where it does: one phrase per priority, in the admin's order, read
    from the worker's fields and the annotations `ordered` added."""
    reasons = []
    for name in priorities_checked(priority):
        if name == DESIL:
            lists = [
                label for label, on in (("P3KE", worker.in_p3ke), ("DTKS", worker.in_dtks)) if on
            ]
            desil = (
                _("desil %(desil)s") % {"desil": worker.desil}
                if worker.desil is not None
                else _("desil unknown")
            )
            reasons.append(
                _("listed in %(lists)s, %(desil)s") % {"lists": "/".join(lists), "desil": desil}
                if lists
                else _("not in P3KE or DTKS, %(desil)s") % {"desil": desil}
            )
        elif name == RISKY_OCCUPATION:
            term = risky_term(worker.occupation or "")
            reasons.append(
                _("risky occupation (%(term)s)") % {"term": term}
                if term
                else _("occupation not on the risky list")
            )
        elif name == LOW_COVERAGE_VILLAGE:
            reasons.append(_village_reason(worker, snapshot_month))
    return reasons


def _village_reason(worker: Worker, month: date | None) -> str:
    village = worker.village.name
    if month is None:
        return _("%(village)s: no coverage snapshot yet") % {"village": village}
    protected: int = getattr(worker, "match_village_protected", 0) or 0
    base: int | None = getattr(worker, "match_village_base", None)
    percent = rules.coverage_percent(protected, base)
    if percent is None:
        return _("%(village)s: %(protected)s protected, no base (coverage unknown), %(month)s") % {
            "village": village,
            "protected": rules.format_count(protected),
            "month": formats.month(month),
        }
    return _("%(village)s: coverage %(percent)s (%(protected)s of %(base)s), %(month)s") % {
        "village": village,
        "percent": rules.format_percent(percent),
        "protected": rules.format_count(protected),
        "base": rules.format_count(base or 0),
        "month": formats.month(month),
    }
