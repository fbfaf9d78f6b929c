"""A sponsor's position: its account, what its dashboard shows, its reminders, and what each
month of an enrolment was charged and paid."""

from dataclasses import dataclass
from datetime import date

from django.db.models import F, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.billing.models import (
    Allocation,
    Bill,
    BillKind,
    BillLine,
    LineKind,
    Outbox,
    Payment,
    PaymentStatus,
)
from lindungi.billing.permissions import own_sponsor_kind
from lindungi.billing.selectors.bills import bill_list, with_paid
from lindungi.core.errors import NotFound
from lindungi.core.scopes import Scope
from lindungi.programs.models import Enrolment, Sponsor
from lindungi.programs.selectors import enrolment_list, sponsors_visible


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


def reminders_for(*, scope: Scope, sponsor: Sponsor) -> QuerySet[Outbox]:
    """The reminders sent (or waiting) for a sponsor, for its dashboard."""
    if not Sponsor.objects.filter(sponsors_visible(scope), pk=sponsor.pk).exists():
        raise NotFound(_("Sponsor not found"), id=sponsor.pk)
    return Outbox.objects.filter(sponsor=sponsor).order_by("-created_at", "-id")


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
    """The bills of the sponsors the reader pays for (`permissions.own_sponsor_kind`); none for the
    regency's officers, who read `overdue_sponsors`."""
    kind = own_sponsor_kind(scope)
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
