"""Reading payments and BPJS payment statements, within the reader's scope (see
`selectors.bills` for who sees what)."""

from django.db.models import Exists, Max, OuterRef, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from lindungi.billing import rules
from lindungi.billing.models import (
    Allocation,
    Bill,
    BillKind,
    BillLine,
    LineKind,
    Payment,
    PaymentStatement,
    StatementLine,
)
from lindungi.billing.permissions import reads_region_billing
from lindungi.core.errors import NotFound
from lindungi.core.scopes import Scope
from lindungi.programs.models import Sponsor
from lindungi.programs.selectors import sponsors_visible


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


def payment_allocations(*, scope: Scope, payment: Payment) -> QuerySet[Allocation]:
    """The bills a payment was spread over, oldest first."""
    payment = payment_get(scope=scope, payment_id=payment.pk)
    return Allocation.objects.filter(payment=payment).select_related("bill").order_by("id")


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


def statement_list(*, scope: Scope) -> QuerySet[PaymentStatement]:
    statements = PaymentStatement.objects.select_related("imported_by")
    if not reads_region_billing(scope):
        return statements.none()
    if not scope.is_nationwide:
        statements = statements.filter(scope.region_q("region__code"))
    return statements.order_by("-imported_at", "-id")


def statements_to_resolve(*, scope: Scope) -> QuerySet[PaymentStatement]:
    """The reader's statements with a line still to resolve (`statement_lines_unresolved`)."""
    open_lines = StatementLine.objects.filter(statement=OuterRef("pk"), resolved_at__isnull=True)
    return statement_list(scope=scope).filter(Exists(open_lines))


def statement_get(*, scope: Scope, statement_id: int) -> PaymentStatement:
    statement = statement_list(scope=scope).filter(pk=statement_id).first()
    if statement is None:
        raise NotFound(_("Payment statement not found"), id=statement_id)
    return statement


def statement_unmatched(*, scope: Scope, statement: PaymentStatement) -> QuerySet[StatementLine]:
    """The rows of a statement left for a human, with their reasons, in file order."""
    statement = statement_get(scope=scope, statement_id=statement.pk)
    return (
        StatementLine.objects.filter(statement=statement)
        .select_related("bill", "allocated_to", "resolved_by")
        .order_by("line")
    )


def statement_line_get(*, scope: Scope, statement_id: int, line: int) -> StatementLine:
    """One unmatched line of a statement the reader sees, by its line number in the file."""
    statement = statement_get(scope=scope, statement_id=statement_id)
    found = (
        StatementLine.objects.filter(statement=statement, line=line)
        .select_related("statement", "bill", "allocated_to", "resolved_by")
        .first()
    )
    if found is None:
        raise NotFound(_("Statement line not found"), id=statement_id, line=line)
    return found


def statement_lines_unresolved(*, scope: Scope) -> QuerySet[StatementLine]:
    """The unmatched statement lines nobody has resolved yet, of the statements the reader
    sees, oldest statement first."""
    statements = statement_list(scope=scope).order_by().values("pk")
    return (
        StatementLine.objects.filter(statement__in=statements, resolved_at__isnull=True)
        .select_related("statement", "bill")
        .order_by("statement_id", "line")
    )


def statement_lines_unresolved_count(*, scope: Scope) -> int:
    """How many unmatched statement lines wait for a human in the reader's scope (0 for a
    reader who sees no statements): the count a work queue shows."""
    if not reads_region_billing(scope):
        return 0
    return statement_lines_unresolved(scope=scope).count()
