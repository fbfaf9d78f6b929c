"""Awards: a regency ranks its agencies (OPD) and villages over a period, and publishes the list.

Four categories, each computed set-wise (a handful of grouped queries, whatever the number of
enrolments):

- **agency_share**: the share of an agency's civil servants (active ASN accounts of the agency)
  whose own ASN sponsorship protected a worker in at least one month of the period;
- **agency_workers**: the workers its civil servants protected in the period (each worker once);
- **village_quota**: how far the village's own sponsorship (sponsor kind DESA) filled the quota
  of the year's village program, on average over the months of the period: its worker-months
  protected over quota x months;
- **village_on_time**: the months of the period whose bills to the village were paid in full by
  their due date (`billing.rules.due_date`, the 15th moved off the weekend, which each bill
  stores as `due_date`), of the months billed and due by the day of computing.

"Protected in a month" is the snapshots' definition (coverage.snapshots.protected_in: accepted by
BPJS, ACTIVE, or since ENDED or LAPSED for the months held; a lapse never paid protects
nothing). Months after the day of computing do not count yet.

Ranks are shared by equal figures (1, 1, 3); an entry with nothing to show (no civil servant, no
quota, no bill due) is listed without a rank, and a winner has a rank within the round's number
of winners and a figure above zero.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear, Greatest, Least
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindungi.accounts.models import Agency
from lindungi.billing.models import Allocation, Bill, BillKind, Lapse
from lindungi.core.documents import month_year
from lindungi.core.errors import NotFound, ValidationFailed
from lindungi.core.months import month_start, months_between
from lindungi.core.roles import Role
from lindungi.core.scopes import Scope, below_q
from lindungi.coverage import permissions
from lindungi.coverage.models import AwardCategory, AwardEntry, AwardRound, AwardStatus
from lindungi.coverage.rankings import village_quotas
from lindungi.coverage.wording import format_count, format_percent
from lindungi.programs.models import Enrolment, EnrolmentStatus, SponsorKind
from lindungi.regions.codes import regency_of
from lindungi.regions.models import Level, Region

AGENCY_CATEGORIES = (AwardCategory.AGENCY_SHARE, AwardCategory.AGENCY_WORKERS)
VILLAGE_CATEGORIES = (AwardCategory.VILLAGE_QUOTA, AwardCategory.VILLAGE_ON_TIME)
PROTECTED_STATUSES = (EnrolmentStatus.ACTIVE, EnrolmentStatus.ENDED, EnrolmentStatus.LAPSED)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
MAX_WINNERS = 10


@dataclass(frozen=True)
class Period:
    """Months of one year, both included (first days of the months)."""

    first: date
    last: date

    @property
    def months(self) -> int:
        return months_between(self.first, self.last)

    @property
    def label(self) -> str:
        """`2026` for a whole year, `Maret-Juni 2026` for months of one."""
        if self.first.month == 1 and self.last.month == 12:
            return str(self.first.year)
        if self.first == self.last:
            return month_year(self.first)
        return f"{month_year(self.first).split()[0]}-{month_year(self.last)}"

    def counted(self, as_of: date) -> "Period | None":
        """The months of the period that have started by `as_of` (None: none has)."""
        last = min(self.last, month_start(as_of))
        return Period(self.first, last) if last >= self.first else None


def period_of(
    *, year: int | None = None, first: date | None = None, last: date | None = None
) -> Period:
    """A whole year, or a range of months of one year. ValidationFailed names the field."""
    if year is not None:
        if first is not None or last is not None:
            raise ValidationFailed(
                _("Give a year or a range of months, not both"),
                code="award.period",
                field="year",
            )
        if not 2000 <= year <= 2100:
            raise ValidationFailed(
                _("A year lies between 2000 and 2100"), code="award.period", field="year"
            )
        return Period(date(year, 1, 1), date(year, 12, 1))
    if first is None or last is None:
        raise ValidationFailed(
            _("Give a year, or a first and a last month"), code="award.period", field="first_month"
        )
    first, last = month_start(first), month_start(last)
    if last < first:
        raise ValidationFailed(
            _("The last month comes before the first month"),
            code="award.period",
            field="last_month",
        )
    if first.year != last.year or not 2000 <= first.year <= 2100:
        raise ValidationFailed(
            _("The months of an award lie within one year (the programs' year)"),
            code="award.period",
            field="last_month",
        )
    return Period(first, last)


def categories_checked(categories: Iterable[str] | None) -> list[str]:
    """The categories asked for, in their usual order; every category when none is named."""
    wanted = list(categories or AwardCategory.values)
    unknown = [name for name in wanted if name not in AwardCategory.values]
    if unknown or not wanted:
        raise ValidationFailed(
            _("Unknown award category: %(names)s (choose from %(known)s)")
            % {"names": ", ".join(unknown) or "-", "known": ", ".join(AwardCategory.values)},
            code="award.category",
            field="categories",
        )
    return [name for name in AwardCategory.values if name in wanted]


@dataclass(frozen=True)
class Ranked:
    """One agency or village in one category, as computed."""

    category: str
    name: str
    score: Decimal | None  # what it is ranked by; None: not ranked
    key: tuple[Decimal, ...]  # the full order (the score first, then the tie-breakers)
    figures: dict[str, Any] = field(default_factory=dict)
    agency_id: int | None = None
    village_code: str | None = None
    rank: int | None = None
    is_winner: bool = False


def _percent(part: int, whole: int | None) -> Decimal | None:
    if not whole:
        return None
    return (HUNDRED * part / whole).quantize(CENT, rounding=ROUND_HALF_UP)


def _protected_in(enrolments: QuerySet[Enrolment], period: Period) -> QuerySet[Enrolment]:
    """Enrolments that protect their worker in at least one month of the period (the
    snapshots' definition, over a range: a lapse never paid protects no month)."""
    never_paid = Exists(
        Lapse.objects.filter(
            enrolment=OuterRef("pk"), oldest_unpaid_month__lte=OuterRef("first_month")
        )
    )
    return enrolments.filter(
        status__in=PROTECTED_STATUSES, first_month__lte=period.last, last_month__gte=period.first
    ).exclude(Q(status=EnrolmentStatus.LAPSED) & never_paid)


def _months_held(period: Period) -> Any:
    """SQL: how many months of the period an enrolment holds (both ends included)."""
    last = Least(F("last_month"), Value(period.last, output_field=DateField()))
    first = Greatest(F("first_month"), Value(period.first, output_field=DateField()))
    return (
        (ExtractYear(last) - ExtractYear(first)) * 12 + ExtractMonth(last) - ExtractMonth(first) + 1
    )


def agency_figures(*, regency: str, period: Period) -> list[dict[str, Any]]:
    """Each agency of the regency: its active civil servants, those who protected a worker in
    the period, the workers they protected (each once) and the worker-months."""
    agencies = (
        Agency.objects.filter(region_id=regency)
        .annotate(asn_count=Count("users", filter=Q(users__role=Role.ASN, users__is_active=True)))
        .order_by("name", "pk")
        .values_list("pk", "name", "asn_count")
    )
    protecting = {
        row["sponsor__agency_id"]: row
        for row in _protected_in(
            Enrolment.objects.filter(
                sponsor__kind=SponsorKind.ASN,
                sponsor__agency__region_id=regency,
                sponsor__user__agency_id=F("sponsor__agency_id"),
                sponsor__user__role=Role.ASN,
                sponsor__user__is_active=True,
            ),
            period,
        )
        .order_by()
        .values("sponsor__agency_id")
        .annotate(
            asn=Count("sponsor__user_id", distinct=True),
            workers=Count("worker_id", distinct=True),
            worker_months=Sum(_months_held(period), output_field=IntegerField()),
        )
    }
    found = []
    for agency_id, name, asn_count in agencies:
        row = protecting.get(agency_id, {})
        asn = int(row.get("asn", 0))
        share = _percent(asn, asn_count)
        found.append(
            {
                "agency_id": agency_id,
                "name": name,
                "asn_count": asn_count,
                "asn_protecting": asn,
                "share_percent": None if share is None else str(share),
                "workers": int(row.get("workers", 0)),
                "worker_months": int(row.get("worker_months") or 0),
            }
        )
    return found


def village_figures(
    *, scope: Scope, regency: str, period: Period, as_of: date
) -> list[dict[str, Any]]:
    """Each active village of the regency: the workers its own sponsorship protected in the
    period, the worker-months against its quota, and its months billed, due and paid on time."""
    counted = period.counted(as_of)
    quota = village_quotas(scope=scope, year=period.first.year).get(regency)
    held: dict[str, dict[str, Any]] = {}
    if counted is not None:
        held = {
            row["sponsor__region_id"]: row
            for row in _protected_in(
                Enrolment.objects.filter(sponsor__kind=SponsorKind.DESA).filter(
                    below_q("sponsor__region__code", regency)
                ),
                counted,
            )
            .order_by()
            .values("sponsor__region_id")
            .annotate(
                workers=Count("worker_id", distinct=True),
                worker_months=Sum(_months_held(counted), output_field=IntegerField()),
            )
        }
    paid = _months_paid(regency=regency, period=period, as_of=as_of)
    months = counted.months if counted else 0
    found = []
    villages = (
        Region.objects.filter(level=Level.VILLAGE, is_active=True)
        .filter(below_q("code", regency))
        .order_by("code")
        .values_list("code", "name")
    )
    for code, name in villages:
        row = held.get(code, {})
        worker_months = int(row.get("worker_months") or 0)
        fill = _percent(worker_months, quota * months if quota else None)
        billed, on_time, amount = paid.get(code, (0, 0, 0))
        on_time_share = _percent(on_time, billed)
        found.append(
            {
                "code": code,
                "name": name,
                "workers": int(row.get("workers", 0)),
                "worker_months": worker_months,
                "quota": quota,
                "months": months,
                "fill_percent": None if fill is None else str(fill),
                "months_billed": billed,
                "months_on_time": on_time,
                "on_time_percent": None if on_time_share is None else str(on_time_share),
                "paid_on_time": amount,
            }
        )
    return found


def _months_paid(*, regency: str, period: Period, as_of: date) -> dict[str, tuple[int, int, int]]:
    """Village -> (months billed and due by `as_of`, of them paid in full by the due date,
    Rupiah of those months). A bill counts as paid on time by what was allocated to it from
    payments made on or before its due date, or from credit notes issued by then."""
    on_time = Subquery(
        Allocation.objects.filter(bill=OuterRef("pk"))
        .filter(
            Q(payment__paid_on__lte=OuterRef("due_date"))
            | Q(credit__issued_on__lte=OuterRef("due_date"))
        )
        .order_by()
        .values("bill")
        .annotate(total=Sum("amount"))
        .values("total"),
        output_field=BigIntegerField(),
    )
    rows = (
        Bill.objects.filter(
            kind=BillKind.REGULAR,
            sponsor__kind=SponsorKind.DESA,
            month__gte=period.first,
            month__lte=period.last,
            due_date__lte=as_of,
        )
        .filter(below_q("sponsor__region__code", regency))
        .annotate(on_time=Coalesce(on_time, 0, output_field=BigIntegerField()))
        .order_by()
        .values("sponsor__region_id", "month")
        .annotate(
            late=Sum(
                Case(When(on_time__lt=F("total"), then=1), default=0, output_field=IntegerField())
            ),
            amount=Sum("total"),
        )
        .values_list("sponsor__region_id", "late", "amount")
    )
    months: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for code, late, amount in rows:  # one row per village and month: a few thousand at most
        counts = months[code]
        counts[0] += 1
        if not late:
            counts[1] += 1
            counts[2] += int(amount)
    return {code: (c[0], c[1], c[2]) for code, c in months.items()}


def _decimal(value: Any) -> Decimal:
    return Decimal(str(value)) if value is not None else Decimal(0)


def _ranked(rows: list[Ranked], winners: int) -> list[Ranked]:
    """Ranked rows first (highest key first, ties share a rank), then the unranked by name."""
    ranked = sorted(
        (row for row in rows if row.score is not None),
        key=lambda row: (tuple(-part for part in row.key), row.name),
    )
    out: list[Ranked] = []
    previous: tuple[Decimal, ...] | None = None
    rank = 0
    for index, row in enumerate(ranked, start=1):
        if row.key != previous:
            rank, previous = index, row.key
        out.append(replace(row, rank=rank, is_winner=rank <= winners and (row.score or 0) > 0))
    out.extend(sorted((row for row in rows if row.score is None), key=lambda row: row.name))
    return out


def _agency_rows(category: str, figures: list[dict[str, Any]]) -> list[Ranked]:
    rows = []
    for item in figures:
        share = item["share_percent"]
        if category == AwardCategory.AGENCY_SHARE:
            score = None if share is None else Decimal(share)
            key = (_decimal(share), Decimal(item["asn_protecting"]), Decimal(item["worker_months"]))
        else:
            score = Decimal(item["workers"])
            key = (score, Decimal(item["worker_months"]), _decimal(share))
        rows.append(
            Ranked(
                category=category,
                name=item["name"],
                score=score,
                key=key,
                figures=item,
                agency_id=item["agency_id"],
            )
        )
    return rows


def _village_rows(category: str, figures: list[dict[str, Any]]) -> list[Ranked]:
    rows = []
    for item in figures:
        if category == AwardCategory.VILLAGE_QUOTA:
            fill = item["fill_percent"]
            score = None if fill is None else Decimal(fill)
            key: tuple[Decimal, ...] = (_decimal(fill), Decimal(item["workers"]))
        else:
            if not item["months_billed"]:
                continue  # never billed in the period: not taking part
            score = Decimal(item["months_on_time"])
            key = (score, _decimal(item["on_time_percent"]), Decimal(item["paid_on_time"]))
        rows.append(
            Ranked(
                category=category,
                name=item["name"],
                score=score,
                key=key,
                figures=item,
                village_code=item["code"],
            )
        )
    return rows


def award_ranking(
    *,
    scope: Scope,
    regency: str,
    period: Period,
    categories: Iterable[str],
    winners: int = 3,
    as_of: date,
) -> dict[str, list[Ranked]]:
    """Category -> its ranked agencies or villages (see the module's docstring). No check of
    who asks: the services and selectors check."""
    wanted = categories_checked(categories)
    counted = period.counted(as_of)
    found: dict[str, list[Ranked]] = {}
    if any(name in AGENCY_CATEGORIES for name in wanted):
        agencies = agency_figures(regency=regency, period=counted) if counted else []
        for name in wanted:
            if name in AGENCY_CATEGORIES:
                found[name] = _ranked(_agency_rows(name, agencies), winners)
    if any(name in VILLAGE_CATEGORIES for name in wanted):
        villages = village_figures(scope=scope, regency=regency, period=period, as_of=as_of)
        for name in wanted:
            if name in VILLAGE_CATEGORIES:
                found[name] = _ranked(_village_rows(name, villages), winners)
    return {name: found[name] for name in wanted}


# What a category's figure says, in one place for the pages, the API, the certificate and the
# command.
MEASURES: dict[str, Callable[[dict[str, Any]], str]] = {
    AwardCategory.AGENCY_SHARE: lambda f: (
        _("%(protecting)s of %(count)s civil servants protect a worker (%(percent)s %%)")
        % {
            "protecting": format_count(f["asn_protecting"]),
            "count": format_count(f["asn_count"]),
            "percent": format_percent(Decimal(f["share_percent"])),
        }
        if f.get("share_percent") is not None
        else _("no civil servant registered")
    ),
    AwardCategory.AGENCY_WORKERS: lambda f: (
        _("%(workers)s workers protected by its civil servants (%(months)s worker-months)")
        % {"workers": format_count(f["workers"]), "months": format_count(f["worker_months"])}
    ),
    AwardCategory.VILLAGE_QUOTA: lambda f: (
        _(
            "quota %(percent)s %% filled: %(workers)s workers, "
            "%(months)s worker-months of %(quota)s a month"
        )
        % {
            "percent": format_percent(Decimal(f["fill_percent"])),
            "workers": format_count(f["workers"]),
            "months": format_count(f["worker_months"]),
            "quota": format_count(f["quota"]),
        }
        if f.get("fill_percent") is not None
        else _("no quota set for the villages")
    ),
    AwardCategory.VILLAGE_ON_TIME: lambda f: (
        _("%(on_time)s of %(billed)s months paid on time")
        % {"on_time": format_count(f["months_on_time"]), "billed": format_count(f["months_billed"])}
    ),
}


def measure(category: str, figures: dict[str, Any]) -> str:
    return MEASURES[category](figures)


def category_label(category: str) -> str:
    return str(AwardCategory(category).label)


# Reading rounds.


def _rounds_visible(scope: Scope) -> Q:
    """The rounds of the regencies the reader's scope lies in or covers."""
    if scope.is_nationwide:
        return Q()
    visible = Q(pk__in=[])
    for code in scope.region_codes or ():
        regency = regency_of(code)
        if regency:
            visible |= Q(region_id=regency)
        else:
            visible |= Q(region_id=code) | below_q("region__code", code)
    return visible


def award_list(*, scope: Scope) -> QuerySet[AwardRound]:
    """The rounds the reader sees: drafts for whoever manages awards, published ones for every
    reader of the regency. Nothing for a role that reads no awards."""
    if not (permissions.reads_awards(scope) or permissions.may_manage_awards(scope)):
        return AwardRound.objects.none()
    rounds = AwardRound.objects.filter(_rounds_visible(scope)).select_related("region")
    if not permissions.may_manage_awards(scope):
        rounds = rounds.filter(status=AwardStatus.PUBLISHED)
    return rounds.order_by("-first_month", "-last_month", "region_id")


def award_get(*, scope: Scope, award_id: int) -> AwardRound:
    found = award_list(scope=scope).filter(pk=award_id).first()
    if found is None:
        raise NotFound(_("Award list not found"), code="award.not_found", id=award_id)
    return found


def award_entries(award: AwardRound, *, winners_only: bool = False) -> QuerySet[AwardEntry]:
    entries = award.entries.order_by("category", "position")
    return entries.filter(is_winner=True) if winners_only else entries


def award_entry_get(*, scope: Scope, award_id: int, entry_id: int) -> AwardEntry:
    award = award_get(scope=scope, award_id=award_id)
    entry = award.entries.filter(pk=entry_id).first()
    if entry is None:
        raise NotFound(_("Award entry not found"), code="award.not_found", id=entry_id)
    entry.round = award
    return entry


def public_awards(region_code: str, *, limit: int = 3) -> list[AwardRound]:
    """The latest published rounds of the regency a region lies in (of every regency below a
    province or the country), for anyone: names of agencies and villages and counts only."""
    regency = regency_of(region_code)
    rounds = AwardRound.objects.filter(status=AwardStatus.PUBLISHED).select_related("region")
    if regency:
        rounds = rounds.filter(region_id=regency)
    elif region_code:
        rounds = rounds.filter(below_q("region__code", region_code))
    return list(rounds.order_by("-published_at", "-pk")[:limit])


def period_label(award: AwardRound) -> str:
    return Period(award.first_month, award.last_month).label


def as_of_label(award: AwardRound) -> str:
    return date_format(award.as_of, "j M Y")
