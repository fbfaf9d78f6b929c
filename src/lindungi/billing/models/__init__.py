"""Bills, payments and what happens to an enrolment whose bills stay unpaid (docs/billing.md).

Money is integer Rupiah; months are stored as the first day of the month. Nothing here is ever
edited to change an amount: a billing run adds bills, a correction adds a credit bill, a payment
adds allocations. The database holds the guarantees that matter for money:

- a charge line exists once per (enrolment, month, sponsor): no month is billed twice to the
  same sponsor, whatever runs at the same time (the lines' primary key);
- a line is on its own sponsor's bill; an allocation applies a sponsor's money to that same
  sponsor's bill, never beyond the bill's total, the payment's amount or the credit note
  (checked once per statement: migration 0002);
- every row that carries money is protected from deletion (`PROTECT`).

What a bill has been paid is not stored on it but summed from its allocations (`paid`, which
the selectors annotate): a statement of 100,000 payments then adds rows and rewrites none.
"""

from lindungi.billing.models.bills import Bill, BillKind, BillLine, CostShare, LineKind
from lindungi.billing.models.lapses import Lapse, Outbox
from lindungi.billing.models.payments import (
    Allocation,
    Channel,
    LineOutcome,
    MismatchReason,
    Payment,
    PaymentStatement,
    PaymentStatus,
    StatementLine,
)
from lindungi.billing.models.runs import BillingRun, RunKind

__all__ = [
    "Allocation",
    "Bill",
    "BillKind",
    "BillLine",
    "BillingRun",
    "Channel",
    "CostShare",
    "Lapse",
    "LineKind",
    "LineOutcome",
    "MismatchReason",
    "Outbox",
    "Payment",
    "PaymentStatement",
    "PaymentStatus",
    "RunKind",
    "StatementLine",
]
