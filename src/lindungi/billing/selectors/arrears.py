"""What needs attention: sponsors with overdue bills, enrolments whose sponsored period ends
soon."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, Min, OuterRef, QuerySet, Sum
from django.utils import timezone

from lindungi.billing.models import BillLine, LineKind
from lindungi.billing.selectors.bills import bill_list
from lindungi.core.months import add_months, month_start
from lindungi.core.scopes import Scope
from lindungi.programs.models import RELEASED, Enrolment, EnrolmentStatus, Sponsor
from lindungi.programs.selectors import enrolment_list


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
    latest = add_months(month_start(today + timedelta(days=within_days + 1)), -1)
    continued = Enrolment.objects.filter(
        worker_id=OuterRef("worker_id"), first_month__gt=OuterRef("last_month")
    ).exclude(status__in=RELEASED)
    return (
        enrolment_list(scope=scope, status=EnrolmentStatus.ACTIVE)
        .filter(last_month__gte=month_start(today), last_month__lte=latest)
        .filter(worker__died_on__isnull=True)  # a deceased worker is never continued
        .exclude(Exists(continued))
        .order_by("last_month", "worker__name", "id")
    )
