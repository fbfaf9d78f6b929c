"""Reading bills, credit notes and billing runs, within the reader's scope.

A bill, payment or statement is visible to whoever sees its sponsor (the programs app's rule,
`sponsors_visible`): the regency's officers see their region's, an agency operator their
agency's and its civil servants', a civil servant their own, a village operator their village's.
Objects outside the scope look missing.
"""

from datetime import date

from django.db.models import BigIntegerField, Case, F, OuterRef, Q, QuerySet, Subquery, Sum, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from lindungi.billing.models import Allocation, Bill, BillingRun, BillKind, BillLine, CostShare
from lindungi.billing.permissions import reads_region_billing
from lindungi.core.errors import NotFound
from lindungi.core.months import month_start
from lindungi.core.scopes import Scope
from lindungi.programs.models import Sponsor
from lindungi.programs.selectors import enrolment_list, sponsors_visible


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
        bills = bills.filter(month=month_start(month))
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


def bill_allocations(*, scope: Scope, bill: Bill) -> QuerySet[Allocation]:
    """What settled a bill (payments and credit notes applied to it) or, for a credit note,
    the bills it was applied to; oldest first."""
    bill = bill_get(scope=scope, bill_id=bill.pk)
    return (
        Allocation.objects.filter(Q(bill=bill) | Q(credit=bill))
        .select_related("bill", "payment", "credit")
        .order_by("created_at", "id")
    )


def run_list(*, scope: Scope) -> QuerySet[BillingRun]:
    """Billing runs of the reader's region (only the regency's officers and BPJS see runs:
    a run covers every sponsor of its region)."""
    runs = BillingRun.objects.select_related("region", "started_by")
    if not reads_region_billing(scope):
        return runs.none()
    return runs.filter(scope.region_q("region__code")).order_by("-started_at", "-id")


def run_get(*, scope: Scope, run_id: int) -> BillingRun:
    """One billing run of the reader's region (`run_list`); any other looks missing."""
    run = run_list(scope=scope).filter(pk=run_id).first()
    if run is None:
        raise NotFound(_("Billing run not found"), id=run_id)
    return run


def cost_share_list(
    *,
    scope: Scope,
    sponsor: Sponsor | None = None,
    program_id: int | None = None,
    enrolment_id: int | None = None,
) -> QuerySet[CostShare]:
    """Co-funding shares of the enrolments the reader sees: of a sponsor (as the enrolment's
    own sponsor or as the co-sponsor), of a program's enrolments, or of one enrolment."""
    shares = CostShare.objects.filter(
        enrolment__in=enrolment_list(scope=scope).order_by().values("pk")
    ).select_related("enrolment__worker", "enrolment__sponsor", "enrolment__program", "sponsor")
    if sponsor is not None:
        shares = shares.filter(Q(sponsor=sponsor) | Q(enrolment__sponsor=sponsor))
    if program_id is not None:
        shares = shares.filter(enrolment__program_id=program_id)
    if enrolment_id is not None:
        shares = shares.filter(enrolment_id=enrolment_id)
    return shares.order_by("enrolment__worker__name", "enrolment_id", "sponsor__name")
