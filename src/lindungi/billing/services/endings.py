"""The money follows a life event (docs/billing.md, *Life events*): when programs ends or
cancels enrolments (`programs.services.endings`), the months already billed that they no
longer hold are credited at once, on credit notes of the affected sponsors (and co-sponsors),
and applied to their open bills, oldest first.

Programs cannot import billing (the layers), so it announces what it ended with its signal
`enrolments_ended`, sent inside its transaction; this receiver (connected in `billing/apps.py`)
runs in that same transaction, so an ending and its credit are written together or not at all.
It is the set-wise core of `billing_corrections` (`ledger.credit_enrolments`), limited to the
enrolments just ended and run per regency, without the billing admin's permission: the credit
is a consequence of the ending, which its own service allowed. One `billing.corrections` audit
event per regency credited, naming the trigger.
"""

from datetime import date
from typing import Any

from django.db import connection
from django.db.models import F, Q

from lindungi.billing import ledger, rules
from lindungi.billing.models import BillLine, LineKind, RunKind
from lindungi.core import sql
from lindungi.core.audit import Action, audit_record
from lindungi.programs.models import EnrolmentStatus
from lindungi.regions.codes import regency_of

ENDED = "billing_ended_enrolments"


def credit_ended(
    sender: Any, *, enrolment_ids: tuple[int, ...], actor: Any, today: date, **kwargs: Any
) -> None:
    """Credit every charge of these enrolments for a month they no longer hold (they ended
    before it, or were cancelled), per regency; nothing when nothing was billed after the end."""
    owed_back = (
        BillLine.objects.filter(kind=LineKind.CHARGE, enrolment_id__in=enrolment_ids)
        .filter(
            Q(enrolment__status=EnrolmentStatus.CANCELLED)
            | Q(enrolment__status=EnrolmentStatus.ENDED, month__gt=F("enrolment__last_month"))
        )
        .values_list("enrolment__sponsor__region_id", flat=True)
        .distinct()
    )
    regencies = sorted({regency_of(code) or code for code in owed_back})
    if not regencies:
        return
    month = rules.month_start(today)
    sql.without_jit()
    with connection.cursor() as cursor:
        sql.temp_table(cursor, ENDED, "id bigint PRIMARY KEY")
        sql.insert_rows(cursor, ENDED, "id", [(pk,) for pk in sorted(set(enrolment_ids))])
    try:
        for regency in regencies:
            sql.lock_months(regency, [month])
            run = ledger.run_start(
                region_code=regency, month=month, kind=RunKind.CORRECTION, actor=actor
            )
            where, params = sql.region_filter("s.region_id", regency)
            issued = ledger.credit_enrolments(
                run=run,
                where=f"{where} AND e.id IN (SELECT id FROM {ENDED})",  # noqa: S608
                params=params,
                today=today,
            )
            allocations = ledger.settle(
                sponsors="SELECT sponsor_id FROM billing_bill WHERE run_id = %s", params=[run.pk]
            )
            ledger.run_finish(run, issued)
            audit_record(
                actor=actor,
                action=Action.BILLING_CORRECTIONS,
                object_type="billing_run",
                object_id=run.pk,
                region_code=regency,
                details={
                    "trigger": "enrolment.end",
                    "credit_notes": issued.bills,
                    "lines": issued.lines,
                    "enrolments": issued.enrolments,
                    "amount": issued.amount,
                    "allocations": allocations,
                },
            )
    finally:
        with connection.cursor() as cursor:
            sql.drop(cursor, ENDED)
