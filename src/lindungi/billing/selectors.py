"""Reading bills, payments and what needs attention, always within the reader's scope.

A bill, payment or statement is visible to whoever sees its sponsor (the programs app's rule,
`sponsors_visible`): the regency's officers see their region's, an agency operator their
agency's and its civil servants', a civil servant their own, a village operator their village's.
Objects outside the scope look missing.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.accounts.models import Agency
from lindungi.billing import rules
from lindungi.billing.models import (
    Allocation,
    Bill,
    BillingRun,
    BillKind,
    BillLine,
    LineKind,
    Outbox,
    Payment,
    PaymentStatement,
    PaymentStatus,
    StatementLine,
)
from lindungi.billing.permissions import may_list_tpp, tpp_checked
from lindungi.core.errors import NotFound
from lindungi.core.roles import Role
from lindungi.core.scopes import Scope
from lindungi.programs.models import RELEASED, Enrolment, EnrolmentStatus, Sponsor, SponsorKind
from lindungi.programs.selectors import enrolment_list, sponsors_visible

# Roles that see billing runs and statements: they cover many sponsors at once.
REGION_ROLES = ("superuser", Role.ADMIN_PEMDA, Role.PETUGAS_BPJS, Role.TIM_KOORDINASI)


def with_paid(bills: QuerySet[Bill]) -> QuerySet[Bill]:
    """Each bill with `paid`, the sum of its allocations (for a credit note: of the
    allocations it made, i.e. how much of it was used), and `open_amount`, what is still owed
    (for a credit note: still to be used)."""

    def summed(field: str) -> Subquery:
        return Subquery(
            Allocation.objects.filter(**{field: OuterRef("pk")})
            .order_by()
            .values(field)
            .annotate(total=Sum("amount"))
            .values("total"),
            output_field=BigIntegerField(),
        )

    credit = Q(kind=BillKind.CREDIT)
    return bills.annotate(
        paid=Case(
            When(credit, then=Coalesce(summed("credit"), 0)),
            default=Coalesce(summed("bill"), 0),
            output_field=BigIntegerField(),
        )
    ).annotate(
        open_amount=Case(
            When(credit, then=-F("total") - F("paid")),
            default=F("total") - F("paid"),
            output_field=BigIntegerField(),
        )
    )


def bill_list(
    *,
    scope: Scope,
    sponsor: Sponsor | None = None,
    month: date | None = None,
    kind: str | None = None,
    is_open: bool | None = None,
) -> QuerySet[Bill]:
    """Bills (and credit notes) the reader sees, each with `paid`; `is_open` keeps the bills
    not paid in full (True) or the rest (False)."""
    bills = with_paid(
        Bill.objects.filter(sponsors_visible(scope, "sponsor__")).select_related("sponsor")
    )
    if sponsor is not None:
        bills = bills.filter(sponsor=sponsor)
    if month is not None:
        bills = bills.filter(month=rules.month_start(month))
    if kind:
        bills = bills.filter(kind=kind)
    still_owed = Q(kind=BillKind.REGULAR, open_amount__gt=0)
    if is_open is True:
        bills = bills.filter(still_owed)
    elif is_open is False:
        bills = bills.exclude(still_owed)
    return bills.order_by("-month", "number")


def bill_get(*, scope: Scope, bill_id: int) -> Bill:
    bill = bill_list(scope=scope).filter(pk=bill_id).first()
    if bill is None:
        raise NotFound(_("Bill not found"), id=bill_id)
    return bill


def bill_lines(*, scope: Scope, bill: Bill) -> QuerySet[BillLine]:
    """The lines of a bill the reader sees, with each enrolment's worker."""
    bill = bill_get(scope=scope, bill_id=bill.pk)
    return (
        BillLine.objects.filter(bill=bill)
        .select_related("enrolment__worker")
        .order_by("enrolment__worker__name", "month", "enrolment_id", "kind")
    )


def payment_list(*, scope: Scope, sponsor: Sponsor | None = None) -> QuerySet[Payment]:
    payments = Payment.objects.filter(sponsors_visible(scope, "sponsor__")).select_related(
        "sponsor"
    )
    if sponsor is not None:
        payments = payments.filter(sponsor=sponsor)
    return payments.order_by("-paid_on", "-id")


def payment_get(*, scope: Scope, payment_id: int) -> Payment:
    payment = payment_list(scope=scope).filter(pk=payment_id).first()
    if payment is None:
        raise NotFound(_("Payment not found"), id=payment_id)
    return payment


def run_list(*, scope: Scope) -> QuerySet[BillingRun]:
    """Billing runs of the reader's region (only the regency's officers and BPJS see runs:
    a run covers every sponsor of its region)."""
    runs = BillingRun.objects.select_related("region", "started_by")
    if scope.role not in REGION_ROLES:
        return runs.none()
    return runs.filter(scope.region_q("region__code")).order_by("-started_at", "-id")


def run_get(*, scope: Scope, run_id: int) -> BillingRun:
    """One billing run of the reader's region (`run_list`); any other looks missing."""
    run = run_list(scope=scope).filter(pk=run_id).first()
    if run is None:
        raise NotFound(_("Billing run not found"), id=run_id)
    return run


def statement_list(*, scope: Scope) -> QuerySet[PaymentStatement]:
    statements = PaymentStatement.objects.select_related("imported_by")
    if scope.role not in REGION_ROLES:
        return statements.none()
    if not scope.is_nationwide:
        statements = statements.filter(scope.region_q("region__code"))
    return statements.order_by("-imported_at", "-id")


def statement_get(*, scope: Scope, statement_id: int) -> PaymentStatement:
    statement = statement_list(scope=scope).filter(pk=statement_id).first()
    if statement is None:
        raise NotFound(_("Payment statement not found"), id=statement_id)
    return statement


def statement_unmatched(*, scope: Scope, statement: PaymentStatement) -> QuerySet[StatementLine]:
    """The rows of a statement left for a human, with their reasons, in file order."""
    statement = statement_get(scope=scope, statement_id=statement.pk)
    return StatementLine.objects.filter(statement=statement).order_by("line")


@dataclass(frozen=True)
class Account:
    """A sponsor's position: what it was billed and credited, what it paid, what is open."""

    billed: int
    credited: int
    paid: int
    open: int  # still owed on its bills
    unallocated: int  # paid and not yet spread over bills
    unused_credit: int  # credited and not yet applied
    held: int = 0  # paid and waiting for a second officer's confirmation


def plausible_payment_for(*, sponsor: Sponsor) -> int:
    """`rules.plausible_payment` for a sponsor: what its bills still owe (payments and credit
    notes applied) and its latest month billed (the charges of the latest month on its
    lines). The caller has checked the sponsor is in scope."""
    bills = Bill.objects.filter(sponsor=sponsor).order_by()
    billed = bills.filter(kind=BillKind.REGULAR).aggregate(total=Coalesce(Sum("total"), 0))
    settled = Allocation.objects.filter(bill__sponsor=sponsor, bill__kind=BillKind.REGULAR)
    paid = settled.order_by().aggregate(total=Coalesce(Sum("amount"), 0))
    charges = BillLine.objects.filter(sponsor=sponsor, kind=LineKind.CHARGE).order_by()
    latest = charges.aggregate(month=Max("month"))["month"]
    monthly = (
        charges.filter(month=latest).aggregate(total=Coalesce(Sum("amount"), 0))["total"]
        if latest is not None
        else 0
    )
    return rules.plausible_payment(
        open_amount=billed["total"] - paid["total"], latest_month=monthly
    )


def sponsor_account(*, scope: Scope, sponsor: Sponsor) -> Account:
    if not Sponsor.objects.filter(sponsors_visible(scope), pk=sponsor.pk).exists():
        raise NotFound(_("Sponsor not found"), id=sponsor.pk)
    bills = Bill.objects.filter(sponsor=sponsor).order_by()
    billed = bills.filter(kind=BillKind.REGULAR).aggregate(total=Coalesce(Sum("total"), 0))
    credited = bills.filter(kind=BillKind.CREDIT).aggregate(total=Coalesce(Sum("total"), 0))
    allocations = Allocation.objects.filter(bill__sponsor=sponsor).order_by()
    settled = allocations.aggregate(total=Coalesce(Sum("amount"), 0))
    used = allocations.filter(credit__isnull=False).aggregate(total=Coalesce(Sum("amount"), 0))
    payments = (
        Payment.objects.filter(sponsor=sponsor, status=PaymentStatus.COUNTED)
        .order_by()
        .aggregate(
            paid=Coalesce(Sum("amount"), 0),
            unallocated=Coalesce(Sum(F("amount") - F("allocated")), 0),
        )
    )
    held = Payment.objects.filter(sponsor=sponsor, status=PaymentStatus.PENDING).aggregate(
        total=Coalesce(Sum("amount"), 0)
    )
    return Account(
        billed=billed["total"],
        credited=-credited["total"],
        paid=payments["paid"],
        open=billed["total"] - settled["total"],
        unallocated=payments["unallocated"],
        unused_credit=-credited["total"] - used["total"],
        held=held["total"],
    )


@dataclass(frozen=True)
class MonthState:
    """One month of an enrolment: what was charged (all sponsors' shares), what was credited,
    and whether it counts as paid (every share's bill paid in full, nothing credited)."""

    month: date
    charged: int
    credited: int
    paid: bool


def enrolment_months(*, scope: Scope, enrolment: Enrolment) -> list[MonthState]:
    if not enrolment_list(scope=scope).filter(pk=enrolment.pk).exists():
        raise NotFound(_("Enrolment not found"), id=enrolment.pk)
    lines = list(BillLine.objects.filter(enrolment=enrolment))
    open_bills = set(
        with_paid(Bill.objects.filter(pk__in={line.bill_id for line in lines}))
        .filter(Q(open_amount__gt=0))
        .values_list("pk", flat=True)
    )
    by_month: dict[date, list[BillLine]] = {}
    for line in lines:
        by_month.setdefault(line.month, []).append(line)
    states = []
    for month, month_lines in sorted(by_month.items()):
        charges = [line for line in month_lines if line.kind == LineKind.CHARGE]
        credits = [line for line in month_lines if line.kind == LineKind.CREDIT]
        states.append(
            MonthState(
                month=month,
                charged=sum(line.amount for line in charges),
                credited=-sum(line.amount for line in credits),
                paid=bool(charges)
                and not credits
                and not any(line.bill_id in open_bills for line in charges),
            )
        )
    return states


@dataclass(frozen=True)
class Overdue:
    """A sponsor with bills past their due date: how many, what they still owe, since when,
    and how many enrolments those bills carry."""

    sponsor: Sponsor
    bills: int
    owed: int
    oldest_due: date
    workers: int


def overdue_sponsors(*, scope: Scope, today: date | None = None) -> list[Overdue]:
    """Sponsors with a bill past its due date and not paid in full, the most overdue first:
    the Disnaker's list of whom to call before their workers lapse."""
    today = today or timezone.localdate()
    overdue = bill_list(scope=scope, is_open=True).filter(due_date__lt=today).order_by()
    totals = {
        row["sponsor_id"]: row
        for row in overdue.values("sponsor_id").annotate(
            bills=Count("id"), owed=Sum("open_amount"), oldest_due=Min("due_date")
        )
    }
    workers = dict(
        BillLine.objects.filter(bill__in=overdue.values("pk"), kind=LineKind.CHARGE)
        .order_by()
        .values("sponsor_id")
        .annotate(n=Count("enrolment_id", distinct=True))
        .values_list("sponsor_id", "n")
    )
    sponsors = Sponsor.objects.select_related("region").in_bulk(list(totals))
    found = [
        Overdue(
            sponsor=sponsors[sponsor_id],
            bills=row["bills"],
            owed=int(row["owed"]),
            oldest_due=row["oldest_due"],
            workers=workers.get(sponsor_id, 0),
        )
        for sponsor_id, row in totals.items()
    ]
    return sorted(found, key=lambda item: (item.oldest_due, -item.owed, item.sponsor.name))


def expiring_enrolments(
    *, scope: Scope, within_days: int = 60, today: date | None = None
) -> QuerySet[Enrolment]:
    """Active enrolments whose sponsored period ends within `within_days` days and that no
    enrolment of the worker continues yet: to renew, move or continue self-paying."""
    today = today or timezone.localdate()
    # period_end(last_month) <= today + within_days  <=>  last_month <= latest
    latest = rules.add_months(rules.month_start(today + timedelta(days=within_days + 1)), -1)
    continued = Enrolment.objects.filter(
        worker_id=OuterRef("worker_id"), first_month__gt=OuterRef("last_month")
    ).exclude(status__in=RELEASED)
    return (
        enrolment_list(scope=scope, status=EnrolmentStatus.ACTIVE)
        .filter(last_month__gte=rules.month_start(today), last_month__lte=latest)
        .exclude(Exists(continued))
        .order_by("last_month", "worker__name", "id")
    )


@dataclass(frozen=True)
class TppRow:
    sponsor_id: int
    nip: str
    name: str
    workers: int
    amount: int


@dataclass(frozen=True)
class TppList:
    """A month's deductions from the civil servants' allowance (TPP) of one agency, for the
    finance office (BPKAD): one row per civil servant with a bill line in the month."""

    agency: Agency
    month: date
    rows: list[TppRow]

    @property
    def total(self) -> int:
        return sum(row.amount for row in self.rows)

    @property
    def workers(self) -> int:
        return sum(row.workers for row in self.rows)


def tpp_deductions(*, scope: Scope, agency: Agency, month: date) -> TppList:
    """Each civil servant of the agency with the workers they protect in `month` and the
    amount: the sum of their bill lines for that month (charges less credits), so the total
    equals what their bills ask for that month. Only the roles of `may_list_tpp`."""
    tpp_checked(scope)
    if not scope.covers_region(agency.region_id) or (
        scope.agency_id is not None and scope.agency_id != agency.pk
    ):
        raise NotFound(_("Agency not found"), id=agency.pk)
    month = rules.month_start(month)
    rows = (
        # Through the bills (a line's sponsor is its bill's): the sponsors' bills up to the
        # month are found by index, and their lines by bill.
        BillLine.objects.filter(
            sponsors_visible(scope, "bill__sponsor__"),
            bill__sponsor__kind=SponsorKind.ASN,
            bill__sponsor__agency=agency,
            bill__month__lte=month,
            month=month,
        )
        .order_by()
        .values("sponsor_id", "sponsor__nip", "sponsor__name")
        .annotate(
            workers=Count("enrolment__worker_id", distinct=True, filter=Q(kind=LineKind.CHARGE)),
            amount=Sum("amount"),
        )
        .order_by("sponsor__name", "sponsor_id")
    )
    return TppList(
        agency=agency,
        month=month,
        rows=[
            TppRow(
                sponsor_id=row["sponsor_id"],
                nip=row["sponsor__nip"],
                name=row["sponsor__name"],
                workers=row["workers"],
                amount=int(row["amount"]),
            )
            for row in rows
        ],
    )


def reminders_for(*, scope: Scope, sponsor: Sponsor) -> QuerySet[Outbox]:
    """The reminders sent (or waiting) for a sponsor, for its dashboard."""
    if not Sponsor.objects.filter(sponsors_visible(scope), pk=sponsor.pk).exists():
        raise NotFound(_("Sponsor not found"), id=sponsor.pk)
    return Outbox.objects.filter(sponsor=sponsor).order_by("-created_at", "-id")


def bill_allocations(*, scope: Scope, bill: Bill) -> QuerySet[Allocation]:
    """What settled a bill (payments and credit notes applied to it) or, for a credit note,
    the bills it was applied to; oldest first."""
    bill = bill_get(scope=scope, bill_id=bill.pk)
    return (
        Allocation.objects.filter(Q(bill=bill) | Q(credit=bill))
        .select_related("bill", "payment", "credit")
        .order_by("created_at", "id")
    )


def payment_allocations(*, scope: Scope, payment: Payment) -> QuerySet[Allocation]:
    """The bills a payment was spread over, oldest first."""
    payment = payment_get(scope=scope, payment_id=payment.pk)
    return Allocation.objects.filter(payment=payment).select_related("bill").order_by("id")


def tpp_agencies(*, scope: Scope) -> QuerySet[Agency]:
    """The agencies whose TPP deductions the reader may list: an agency operator their own,
    the regional admin every agency of their region; other roles none (`may_list_tpp`)."""
    agencies = Agency.objects.filter(scope.region_q("region__code")).select_related("region")
    if not may_list_tpp(scope):
        return agencies.none()
    if scope.agency_id is not None:
        agencies = agencies.filter(pk=scope.agency_id)
    return agencies.order_by("name", "id")


def tpp_agency_get(*, scope: Scope, agency_id: int) -> Agency:
    agency = tpp_agencies(scope=scope).filter(pk=agency_id).first()
    if agency is None:
        raise NotFound(_("Agency not found"), id=agency_id)
    return agency


# The sponsors a role pays for: a village operator its village, an agency operator its agency,
# a civil servant themself.
OWN_SPONSOR_KIND: dict[str, SponsorKind] = {
    Role.OPERATOR_DESA: SponsorKind.DESA,
    Role.OPERATOR_OPD: SponsorKind.OPD,
    Role.ASN: SponsorKind.ASN,
}


@dataclass(frozen=True)
class SponsorDue:
    """What a sponsor's dashboard shows: what is open, what of it is overdue, the earliest due
    date still open, and the latest reminders."""

    sponsor: Sponsor
    open: int
    overdue: int
    next_due: date | None
    reminders: list[Outbox]


def sponsor_dues(
    *, scope: Scope, today: date | None = None, reminders: int = 3
) -> list[SponsorDue]:
    """The bills of the sponsors the reader pays for (see `OWN_SPONSOR_KIND`); none for the
    regency's officers, who read `overdue_sponsors`."""
    kind = OWN_SPONSOR_KIND.get(scope.role)
    if kind is None:
        return []
    today = today or timezone.localdate()
    sponsors = list(Sponsor.objects.filter(sponsors_visible(scope), kind=kind).order_by("name"))
    totals = {
        row["sponsor_id"]: row
        for row in bill_list(scope=scope, is_open=True)
        .filter(sponsor__in=sponsors)
        .order_by()
        .values("sponsor_id")
        .annotate(
            owed=Sum("open_amount"),
            late=Coalesce(Sum("open_amount", filter=Q(due_date__lt=today)), 0),
            next_due=Min("due_date"),
        )
    }
    found = []
    for sponsor in sponsors:
        row = totals.get(sponsor.pk, {})
        found.append(
            SponsorDue(
                sponsor=sponsor,
                open=int(row.get("owed") or 0),
                overdue=int(row.get("late") or 0),
                next_due=row.get("next_due"),
                reminders=list(Outbox.objects.filter(sponsor=sponsor)[:reminders]),
            )
        )
    return found
