"""Payments and an enrolment's status over time (BPJS Ketenagakerjaan's business process,
PROBIS p.85): three consecutive unpaid months end the membership (LAPSED), and a payment after
that starts a new enrolment from the payment's month, with its waiting periods counted afresh
(JKM's full benefit only after 3 paid months again).

Billing decides which enrolments move (the months unpaid, the payments that landed) and keeps
its own records of it (`Lapse`, credit notes, resumption bills); the enrolments themselves are
moved by the programs services `enrolments_lapse` and `enrolments_resume`, set-wise, given the
selection as SQL. The rule of *when* lives in `rules.py`.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from lindungi.billing import ledger, rules
from lindungi.billing.models import BillKind, LineKind, RunKind
from lindungi.core import sql
from lindungi.core.audit import Action, audit_record
from lindungi.programs.models import RELEASED, EnrolmentStatus
from lindungi.programs.services.lifecycle import enrolments_lapse, enrolments_resume

LAPSING = "billing_lapsing"
LAPSE_DATES = "billing_lapse_dates"
RESUMABLE = "billing_resumable"


@dataclass(frozen=True)
class DailyResult:
    """What the daily job did on `today`."""

    today: date
    lapsed: int
    credit_notes: int
    credited: int  # Rupiah given back for the months the lapsed enrolments no longer hold


@transaction.atomic
def billing_daily(*, today: date | None = None) -> DailyResult:
    """Lapse every active enrolment whose oldest unpaid month has gone unpaid for three
    consecutive months (`rules.lapse_date`): status LAPSED, its last month the last paid month
    (`rules.lapsed_last_month`), the date and the unpaid month recorded in a `Lapse`. The
    months it no longer holds are credited to its sponsors (credit notes, one per sponsor and
    regency). A month is paid when every bill that charges it is paid in full. Run by the
    daily task and `lindungi billing daily`; running it twice on a day changes nothing."""
    today = today or timezone.localdate()
    sql.without_jit()
    with connection.cursor() as cursor:
        sql.temp_table(cursor, LAPSING, "enrolment_id bigint PRIMARY KEY, oldest date NOT NULL")
        through = sql.day(rules.lapsing_through(today))
        # Charges of active enrolments on bills not paid in full (and not credited since).
        cursor.execute(
            f"INSERT INTO {LAPSING} (enrolment_id, oldest) "  # noqa: S608
            "SELECT l.enrolment_id, MIN(l.month) FROM billing_billline l "
            "JOIN (SELECT b.id FROM billing_bill b LEFT JOIN (SELECT bill_id, SUM(amount) AS paid "
            "FROM billing_allocation GROUP BY bill_id) a ON a.bill_id = b.id "
            "WHERE b.kind = %s AND b.month <= %s AND b.total > COALESCE(a.paid, 0)) unpaid "
            "ON unpaid.id = l.bill_id "
            "JOIN programs_enrolment e ON e.id = l.enrolment_id "
            "WHERE l.kind = %s AND l.month <= %s AND e.status = %s "
            "AND NOT EXISTS (SELECT 1 FROM billing_billline c "
            "WHERE c.enrolment_id = l.enrolment_id AND c.month = l.month "
            "AND c.sponsor_id = l.sponsor_id AND c.kind = %s) "
            "GROUP BY l.enrolment_id",
            [
                BillKind.REGULAR,
                through,
                LineKind.CHARGE,
                through,
                EnrolmentStatus.ACTIVE,
                LineKind.CREDIT,
            ],
        )
        lapsed = cursor.rowcount
        if not lapsed:
            sql.drop(cursor, LAPSING)
            return DailyResult(today=today, lapsed=0, credit_notes=0, credited=0)
        # The dates of the rule, for the few distinct oldest months, as a table to join.
        cursor.execute(f"SELECT DISTINCT oldest FROM {LAPSING}")  # noqa: S608
        oldest_months = [_as_date(value) for (value,) in cursor.fetchall()]
        sql.temp_table(
            cursor,
            LAPSE_DATES,
            "month date PRIMARY KEY, lapsed_on date NOT NULL, last_paid date NOT NULL",
        )
        sql.insert_rows(
            cursor,
            LAPSE_DATES,
            "month, lapsed_on, last_paid",
            [
                (
                    sql.day(month),
                    sql.day(rules.lapse_date(month)),
                    sql.day(rules.add_months(month, -1)),
                )
                for month in oldest_months
            ],
        )
        stamp = sql.now()
        cursor.execute(
            "INSERT INTO billing_lapse (enrolment_id, lapsed_on, oldest_unpaid_month, "  # noqa: S608
            "period_last_month, created_at) "
            "SELECT x.enrolment_id, d.lapsed_on, x.oldest, e.last_month, %s "
            f"FROM {LAPSING} x JOIN {LAPSE_DATES} d ON d.month = x.oldest "
            "JOIN programs_enrolment e ON e.id = x.enrolment_id",
            [stamp],
        )
        # The last paid month, or the first month when none was paid (rules.lapsed_last_month).
        enrolments_lapse(
            selection=(
                "SELECT x.enrolment_id, d.last_paid "  # noqa: S608
                f"FROM {LAPSING} x JOIN {LAPSE_DATES} d ON d.month = x.oldest"
            ),
            params=[],
        )
        cursor.execute(
            "SELECT DISTINCT substr(s.region_id, 1, 5) FROM programs_enrolment e "  # noqa: S608
            f"JOIN programs_sponsor s ON s.id = e.sponsor_id "
            f"WHERE e.id IN (SELECT enrolment_id FROM {LAPSING})"
        )
        regencies = sorted(code for (code,) in cursor.fetchall())
    credit_notes = credited = 0
    # One credit run per regency: a run, its bills and their numbers belong to one region.
    for regency in regencies:
        where, params = sql.region_filter("s.region_id", regency)
        issued = correction_run(
            actor=None,
            region_code=regency,
            where=f"{where} AND e.id IN (SELECT enrolment_id FROM {LAPSING})",  # noqa: S608
            params=params,
            today=today,
        )
        credit_notes += issued.bills
        credited -= issued.amount
    with connection.cursor() as cursor:
        sql.drop(cursor, LAPSING, LAPSE_DATES)
    audit_record(
        actor=None,
        action=Action.BILLING_LAPSE,
        object_type="billing",
        details={
            "date": today.isoformat(),
            "lapsed": lapsed,
            "credit_notes": credit_notes,
            "credited": credited,
            "regencies": regencies[:100],
        },
    )
    return DailyResult(today=today, lapsed=lapsed, credit_notes=credit_notes, credited=credited)


def correction_run(
    *, actor: Any, region_code: str, where: str, params: list[Any], today: date
) -> ledger.Issued:
    """Credit notes for the months the matched enrolments no longer hold, then apply them to
    their sponsors' open bills. The caller is inside a transaction."""
    month = rules.month_start(today)
    sql.lock_months(region_code, [month])
    run = ledger.run_start(
        region_code=region_code, month=month, kind=RunKind.CORRECTION, actor=actor
    )
    issued = ledger.credit_enrolments(run=run, where=where, params=params, today=today)
    ledger.settle(sponsors="SELECT sponsor_id FROM billing_bill WHERE run_id = %s", params=[run.pk])
    ledger.run_finish(run, issued)
    return issued


@dataclass(frozen=True)
class Resumed:
    """Lapsed enrolments a payment started again: how many, the new enrolments, and from when."""

    count: int = 0
    enrolment_ids: list[int] = field(default_factory=list)
    first_months: list[date] = field(default_factory=list)


def resume_after_payments(*, actor: Any, payments: str, params: list[Any], today: date) -> Resumed:
    """A payment that lands after its sponsor's enrolments lapsed starts each of them again as a
    NEW enrolment (PROBIS p.85): ACTIVE, same worker, program, sponsor, amount and KPJ, from the
    payment's month to the lapsed enrolment's original last month, protected from the payment
    date; its co-sponsors' shares carry over. The lapsed enrolment stays as it is, so the two
    never fund the same month. A worker another enrolment already covers is left alone. The new
    enrolments are billed from the payment's month to this month at once, and the payment is
    allocated to those bills. `payments` is a subquery of payment ids (the earliest payment of
    each sponsor counts). The caller is inside a transaction."""
    released = tuple(str(status) for status in RELEASED)
    paid_month = sql.month_of("p.paid_on")
    with connection.cursor() as cursor:
        sql.temp_table(
            cursor,
            RESUMABLE,
            "lapse_id bigint PRIMARY KEY, enrolment_id bigint NOT NULL, "
            "worker_id bigint NOT NULL, payment_id bigint NOT NULL, regency varchar(5) NOT NULL, "
            "first_month date NOT NULL, last_month date NOT NULL, paid_on date NOT NULL",
        )
        cursor.execute(
            f"INSERT INTO {RESUMABLE} (lapse_id, enrolment_id, worker_id, payment_id, regency, "  # noqa: S608
            "first_month, last_month, paid_on) "
            "SELECT lapse_id, enrolment_id, worker_id, payment_id, regency, first_month, "
            "last_month, paid_on FROM (SELECT lp.id AS lapse_id, e.id AS enrolment_id, "
            "e.worker_id, p.id AS payment_id, substr(s.region_id, 1, 5) AS regency, "
            f"{paid_month} AS first_month, lp.period_last_month AS last_month, p.paid_on, "
            "ROW_NUMBER() OVER (PARTITION BY e.worker_id "
            "ORDER BY lp.period_last_month DESC, lp.id DESC) AS nth "
            "FROM billing_lapse lp JOIN programs_enrolment e ON e.id = lp.enrolment_id "
            "JOIN programs_sponsor s ON s.id = e.sponsor_id "
            "JOIN (SELECT id, sponsor_id, paid_on, ROW_NUMBER() OVER (PARTITION BY sponsor_id "
            f"ORDER BY paid_on, id) AS nth FROM billing_payment WHERE id IN ({payments})) p "
            "ON p.sponsor_id = e.sponsor_id AND p.nth = 1 "
            "WHERE lp.resumed_by_id IS NULL AND e.status = %s AND lp.lapsed_on <= p.paid_on "
            f"AND {paid_month} <= lp.period_last_month "
            "AND NOT EXISTS (SELECT 1 FROM programs_enrolment h WHERE h.worker_id = e.worker_id "
            "AND h.id <> e.id AND h.status NOT IN (%s, %s) "
            f"AND h.first_month <= lp.period_last_month AND {paid_month} <= h.last_month)"
            ") candidates WHERE nth = 1",
            [*params, EnrolmentStatus.LAPSED, *released],
        )
        if not cursor.rowcount:
            sql.drop(cursor, RESUMABLE)
            return Resumed()
        actor_id = actor.pk if actor is not None and actor.is_authenticated else None
        enrolments_resume(
            actor_id=actor_id,
            selection=(
                "SELECT enrolment_id, first_month, last_month, paid_on AS start_date "  # noqa: S608
                f"FROM {RESUMABLE}"
            ),
            params=[],
        )
        # The new enrolment of each row: the one active enrolment of the worker that starts in
        # the payment's month (the database lets no other hold that month).
        new_of = (
            f"SELECT n.id FROM {RESUMABLE} r JOIN programs_enrolment n "  # noqa: S608
            "ON n.worker_id = r.worker_id AND n.first_month = r.first_month AND n.status = %s"
        )
        cursor.execute(
            f"UPDATE billing_lapse SET resumed_by_id = ({new_of} "  # noqa: S608
            "WHERE r.lapse_id = billing_lapse.id), payment_id = (SELECT r.payment_id "
            f"FROM {RESUMABLE} r WHERE r.lapse_id = billing_lapse.id) "
            f"WHERE id IN (SELECT lapse_id FROM {RESUMABLE})",
            [EnrolmentStatus.ACTIVE],
        )
        cursor.execute(
            "INSERT INTO billing_costshare (enrolment_id, sponsor_id, basis_points, "  # noqa: S608
            "created_by_id, created_at) SELECT lp.resumed_by_id, cs.sponsor_id, "
            f"cs.basis_points, %s, %s FROM {RESUMABLE} r "
            "JOIN billing_lapse lp ON lp.id = r.lapse_id "
            "JOIN billing_costshare cs ON cs.enrolment_id = r.enrolment_id",
            [actor_id, sql.now()],
        )
        cursor.execute(
            f"SELECT lp.resumed_by_id, r.regency, r.first_month FROM {RESUMABLE} r "  # noqa: S608
            "JOIN billing_lapse lp ON lp.id = r.lapse_id ORDER BY lp.resumed_by_id"
        )
        rows = [(new_id, regency, _as_date(first)) for new_id, regency, first in cursor.fetchall()]
    groups = sorted({(regency, first) for _new, regency, first in rows})
    this_month = rules.month_start(today)
    # One resumption run per regency and first month (a handful): bill the new enrolments.
    for regency, first in groups:
        months = [
            rules.add_months(first, offset)
            for offset in range(max(1, rules.months_between(first, this_month)))
        ]
        sql.lock_months(regency, months)
        run = ledger.run_start(
            region_code=regency, month=first, kind=RunKind.RESUMPTION, actor=actor
        )
        issued = ledger.bill_enrolments(
            run=run,
            months=months,
            where=(
                f"e.id IN (SELECT lp.resumed_by_id FROM {RESUMABLE} r "  # noqa: S608
                "JOIN billing_lapse lp ON lp.id = r.lapse_id "
                "WHERE r.regency = %s AND r.first_month = %s)"
            ),
            params=[regency, sql.day(first)],
            today=today,
        )
        ledger.run_finish(run, issued)
    ledger.settle(
        sponsors=f"SELECT sponsor_id FROM billing_payment WHERE id IN ({payments})",  # noqa: S608
        params=params,
    )
    with connection.cursor() as cursor:
        sql.drop(cursor, RESUMABLE)
    return Resumed(
        count=len(rows),
        enrolment_ids=[new_id for new_id, _regency, _first in rows],
        first_months=sorted({first for _new, _regency, first in rows}),
    )


def _as_date(value: Any) -> date:
    """A date column as the driver returns it (SQLite: ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))
