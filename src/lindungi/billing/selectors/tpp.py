"""The civil servants' TPP deductions of an agency, for its finance office (BPKAD)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from lindungi.accounts.models import Agency
from lindungi.billing.models import BillLine, LineKind
from lindungi.billing.permissions import may_list_tpp, tpp_checked
from lindungi.core.errors import NotFound
from lindungi.core.months import month_start
from lindungi.core.scopes import Scope
from lindungi.programs.models import Sponsor, SponsorKind
from lindungi.programs.selectors import sponsors_visible


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
    month = month_start(month)
    rows = (
        tpp_lines(scope=scope, month=month)
        .filter(bill__sponsor__agency=agency)
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


def tpp_lines(*, scope: Scope, month: date) -> QuerySet[BillLine]:
    """The bill lines a month's TPP deductions are: the civil servants' (ASN sponsors') lines
    for `month`, charges and credits, among the sponsors the reader sees. One rule for the
    agency's list (`tpp_deductions`) and a civil servant's own figure (`tpp_deduction`)."""
    month = month_start(month)
    # Through the bills (a line's sponsor is its bill's): the sponsors' bills up to the month
    # are found by index, and their lines by bill.
    return BillLine.objects.filter(
        sponsors_visible(scope, "bill__sponsor__"),
        bill__sponsor__kind=SponsorKind.ASN,
        bill__month__lte=month,
        month=month,
    )


def tpp_deduction(*, scope: Scope, sponsor: Sponsor, month: date) -> int:
    """What a civil servant's TPP is deducted for `month`: her row's amount on her agency's TPP
    list (`tpp_deductions`), 0 when she has no line that month (a worker waiting for
    verification or for BPJS, or a month not billed yet). A civil servant reads her own; the
    roles that list TPP deductions any they see."""
    lines = tpp_lines(scope=scope, month=month).filter(bill__sponsor=sponsor)
    return int(lines.aggregate(total=Sum("amount"))["total"] or 0)


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


def tpp_deduction_of(*, scope: Scope, month: date) -> TppRow | None:
    """What a civil servant's TPP gives up in `month`, as their agency's TPP list shows it (the
    same sum of their bill lines, charges less credits); None before the month is billed.
    For the civil servant's own home page: the sponsors the reader sees of kind ASN."""
    row = (
        tpp_lines(scope=scope, month=month)
        .order_by()
        .aggregate(
            workers=Count("enrolment__worker_id", distinct=True, filter=Q(kind=LineKind.CHARGE)),
            amount=Sum("amount"),
            lines=Count("pk"),
        )
    )
    if not row["lines"]:
        return None
    return TppRow(sponsor_id=0, nip="", name="", workers=row["workers"], amount=int(row["amount"]))
