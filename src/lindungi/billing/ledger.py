"""The set-wise core of billing, with no permission checks (the services check first):
charge lines and bills for a set of enrolments, credit notes for months no longer held, and the
allocation of payments and credits to open bills, oldest first (a payment held for a second
officer is not allocated until confirmed).

Every step is one SQL statement over a set (`INSERT … SELECT`, `UPDATE … WHERE id IN`), with
small temporary tables between the steps, so that a million enrolments cost a handful of
statements, not a million.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import IntegrityError, connection
from django.utils import timezone
from django.utils.translation import gettext as _

from lindungi.billing import rules
from lindungi.billing.models import BillingRun, BillKind, LineKind, PaymentStatus
from lindungi.core import sql
from lindungi.core.errors import Conflict
from lindungi.programs.models import EnrolmentStatus

WANTED = "billing_wanted"
BILL_OF = "billing_bill_of"
MONTHS = "billing_months"
# Statuses of enrolments billed for the months they hold: an ended enrolment still owes the
# months up to its last month. A lapsed one keeps only months it paid.
BILLED = (EnrolmentStatus.ACTIVE, EnrolmentStatus.ENDED)


# The co-sponsors' parts of each co-funded enrolment, joined to the own sponsor's line.
_CO_SHARES = (
    "LEFT JOIN (SELECT cs.enrolment_id, SUM((ce.monthly_amount * cs.basis_points + "  # noqa: S608
    f"{rules.BASIS_POINTS // 2}) / {rules.BASIS_POINTS}) AS amount, "
    "SUM(cs.basis_points) AS points FROM billing_costshare cs "
    "JOIN programs_enrolment ce ON ce.id = cs.enrolment_id GROUP BY cs.enrolment_id) c "
    "ON c.enrolment_id = e.id"
)


@dataclass(frozen=True)
class Issued:
    bills: int = 0
    lines: int = 0
    enrolments: int = 0
    amount: int = 0


def bill_enrolments(
    *, run: BillingRun, months: list[date], where: str, params: list[Any], today: date
) -> Issued:
    """Charge every enrolment matched by `where` (over `e`, the enrolment, and `s`, its own
    sponsor) for each of `months` it holds and that is not charged yet: one line per paying
    sponsor (its own sponsor for its share, each co-sponsor for theirs), one bill per sponsor.
    The caller holds the lock of the months (`sql.lock_months`)."""
    with connection.cursor() as cursor:
        sql.temp_table(cursor, MONTHS, "month date PRIMARY KEY")
        sql.insert_rows(cursor, MONTHS, "month", [(sql.day(month),) for month in months])
        sql.temp_table(
            cursor,
            WANTED,
            "enrolment_id bigint NOT NULL, month date NOT NULL, sponsor_id bigint NOT NULL, "
            "amount bigint NOT NULL, share integer NOT NULL",
        )
        held = (
            f"FROM programs_enrolment e JOIN {MONTHS} m "
            "ON e.first_month <= m.month AND m.month <= e.last_month "
            "JOIN programs_sponsor s ON s.id = e.sponsor_id"
        )
        not_charged = (
            f"WHERE e.status IN (%s, %s) AND ({where}) AND NOT EXISTS ("  # noqa: S608
            "SELECT 1 FROM billing_billline l WHERE l.enrolment_id = e.id AND l.month = m.month "
            "AND l.kind = %s)"
        )
        held_params = [*BILLED, *params, LineKind.CHARGE]
        # The own sponsor's part: the month less the co-sponsors' parts (each rounded half up,
        # as rules.share_amounts), so that the parts always sum to the month.
        cursor.execute(
            f"INSERT INTO {WANTED} (enrolment_id, month, sponsor_id, amount, share) "
            "SELECT e.id, m.month, e.sponsor_id, e.monthly_amount - COALESCE(c.amount, 0), "
            f"{rules.BASIS_POINTS} - COALESCE(c.points, 0) {held} {_CO_SHARES} {not_charged}",
            held_params,
        )
        cursor.execute(
            f"INSERT INTO {WANTED} (enrolment_id, month, sponsor_id, amount, share) "
            "SELECT e.id, m.month, cs.sponsor_id, "
            f"(e.monthly_amount * cs.basis_points + {rules.BASIS_POINTS // 2}) "
            f"/ {rules.BASIS_POINTS}, cs.basis_points {held} "
            f"JOIN billing_costshare cs ON cs.enrolment_id = e.id {not_charged}",
            held_params,
        )
        issued = _issue(cursor, run=run, kind=BillKind.REGULAR, today=today)
        sql.drop(cursor, WANTED, MONTHS)
    return issued


def credit_enrolments(*, run: BillingRun, where: str, params: list[Any], today: date) -> Issued:
    """Credit every charge of an enrolment matched by `where` (over `e` and `s`) for a month it
    no longer holds (it ended or lapsed before that month, or was cancelled), once: one credit
    line per charge line, one credit note per sponsor. Issued bills are never edited."""
    with connection.cursor() as cursor:
        sql.temp_table(
            cursor,
            WANTED,
            "enrolment_id bigint NOT NULL, month date NOT NULL, sponsor_id bigint NOT NULL, "
            "amount bigint NOT NULL, share integer NOT NULL",
        )
        cursor.execute(
            f"INSERT INTO {WANTED} (enrolment_id, month, sponsor_id, amount, share) "  # noqa: S608
            "SELECT l.enrolment_id, l.month, l.sponsor_id, -l.amount, l.share_basis_points "
            "FROM programs_enrolment e JOIN programs_sponsor s ON s.id = e.sponsor_id "
            "JOIN billing_billline l ON l.enrolment_id = e.id AND l.kind = %s "
            "WHERE (e.status IN (%s, %s) OR (e.status IN (%s, %s) AND l.month > e.last_month)) "
            f"AND ({where}) AND NOT EXISTS (SELECT 1 FROM billing_billline c "
            "WHERE c.enrolment_id = l.enrolment_id AND c.month = l.month "
            "AND c.sponsor_id = l.sponsor_id AND c.kind = %s)",
            [
                LineKind.CHARGE,
                EnrolmentStatus.REJECTED,
                EnrolmentStatus.CANCELLED,
                EnrolmentStatus.ENDED,
                EnrolmentStatus.LAPSED,
                *params,
                LineKind.CREDIT,
            ],
        )
        issued = _issue(cursor, run=run, kind=BillKind.CREDIT, today=today)
        sql.drop(cursor, WANTED)
    return issued


def _issue(cursor: Any, *, run: BillingRun, kind: str, today: date) -> Issued:
    """Bills (one per sponsor) and their lines from the wanted lines in WANTED."""
    cursor.execute(
        f"SELECT COUNT(*), COUNT(DISTINCT enrolment_id), COALESCE(SUM(amount), 0) FROM {WANTED}"  # noqa: S608
    )
    lines, enrolments, amount = cursor.fetchone()
    if not lines:
        return Issued()
    sql.analyze(cursor, WANTED)
    prefix = "TAG" if kind == BillKind.REGULAR else "KRD"
    stem = rules.bill_number(prefix, run.region_id, run.month, 0)[:-6]
    # Bills already numbered with this stem: of runs of the same region, month and kind.
    cursor.execute(
        "SELECT COUNT(*) FROM billing_bill b JOIN billing_billingrun r ON r.id = b.run_id "
        "WHERE r.region_id = %s AND b.month = %s AND b.kind = %s",
        [run.region_id, sql.day(run.month), kind],
    )
    (taken,) = cursor.fetchone()
    due = rules.due_date(run.month) if kind == BillKind.REGULAR else today
    serial = f"ROW_NUMBER() OVER (ORDER BY sponsor_id) + {int(taken)}"
    cursor.execute(
        "INSERT INTO billing_bill (sponsor_id, month, run_id, number, kind, issued_on, "  # noqa: S608
        "due_date, total) "
        f"SELECT sponsor_id, %s, %s, %s || {sql.zero_padded(serial)}, %s, %s, %s, SUM(amount) "
        f"FROM {WANTED} GROUP BY sponsor_id",
        [sql.day(run.month), run.pk, stem, kind, sql.day(today), sql.day(due)],
    )
    bills = cursor.rowcount
    # Each sponsor's new bill, keyed by sponsor: a lookup every database plans well.
    sql.temp_table(cursor, BILL_OF, "sponsor_id bigint PRIMARY KEY, bill_id bigint NOT NULL")
    cursor.execute(
        f"INSERT INTO {BILL_OF} (sponsor_id, bill_id) "  # noqa: S608
        "SELECT sponsor_id, id FROM billing_bill WHERE run_id = %s AND kind = %s",
        [run.pk, kind],
    )
    line_kind = LineKind.CHARGE if kind == BillKind.REGULAR else LineKind.CREDIT
    try:
        cursor.execute(
            "INSERT INTO billing_billline (bill_id, enrolment_id, sponsor_id, month, amount, "  # noqa: S608
            "kind, share_basis_points) "
            "SELECT b.bill_id, w.enrolment_id, w.sponsor_id, w.month, w.amount, %s, w.share "
            f"FROM {WANTED} w JOIN {BILL_OF} b ON b.sponsor_id = w.sponsor_id",
            [line_kind],
        )
    except IntegrityError as error:
        if not any(word in str(error).lower() for word in ("unique", "duplicate")):
            raise
        # Only another run could have written one of these lines meanwhile (the lock keeps
        # it out): the whole run is undone rather than a bill written with a wrong total.
        raise Conflict(
            _("Another billing run wrote some of these lines meanwhile; run again"),
            code="billing.concurrent_run",
        ) from error
    sql.drop(cursor, BILL_OF)
    return Issued(bills=bills, lines=lines, enrolments=enrolments, amount=int(amount))


SOURCES = "billing_settle_sources"
NEEDS = "billing_settle_needs"
SPONSORS = "billing_settle_sponsors"


def paid(alias: str) -> str:
    """SQL: what the regular bill `alias` has been paid, the sum of its allocations."""
    return (
        "(SELECT COALESCE(SUM(a.amount), 0) FROM billing_allocation a "  # noqa: S608
        f"WHERE a.bill_id = {alias}.id)"
    )


def used(alias: str) -> str:
    """SQL: how much of the credit note `alias` has been applied to bills."""
    return (
        "(SELECT COALESCE(SUM(a.amount), 0) FROM billing_allocation a "  # noqa: S608
        f"WHERE a.credit_id = {alias}.id)"
    )


def settle(*, sponsors: str, params: list[Any]) -> int:
    """Spread the unallocated part of each payment and credit note of these sponsors (`sponsors`
    is a subquery of sponsor ids) over their open bills, oldest bill first, oldest money first.

    Both sides are laid end to end as running totals per sponsor; a source and a bill share the
    part of the line where their stretches overlap. Returns the number of allocations made."""
    postgres = sql.is_postgres()
    with connection.cursor() as cursor:
        # Few sponsors have money waiting: start from those, not from every sponsor of a run.
        cursor.execute(
            "SELECT s.id FROM programs_sponsor s WHERE s.id IN ("  # noqa: S608
            "SELECT p.sponsor_id FROM billing_payment p WHERE p.allocated < p.amount "
            "AND p.status = %s UNION SELECT c.sponsor_id FROM billing_bill c "
            f"WHERE c.kind = %s AND -c.total > {used('c')}) AND s.id IN ({sponsors}) "
            "ORDER BY s.id" + (" FOR UPDATE" if postgres else ""),
            [PaymentStatus.COUNTED, BillKind.CREDIT, *params],
        )
        funded = [(sponsor_id,) for (sponsor_id,) in cursor.fetchall()]
        if not funded:
            return 0
        sql.temp_table(cursor, SPONSORS, "id bigint PRIMARY KEY")
        sql.insert_rows(cursor, SPONSORS, "id", funded)
        running = "ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW"
        sql.temp_table(
            cursor,
            SOURCES,
            "kind varchar(1) NOT NULL, source_id bigint NOT NULL, sponsor_id bigint NOT NULL, "
            "start bigint NOT NULL, stop bigint NOT NULL",
        )
        cursor.execute(
            f"INSERT INTO {SOURCES} (kind, source_id, sponsor_id, start, stop) "  # noqa: S608
            "SELECT kind, id, sponsor_id, SUM(available) OVER funds - available, "
            "SUM(available) OVER funds "
            "FROM (SELECT 'c' AS kind, c.id, c.sponsor_id, "
            f"-c.total - {used('c')} AS available, c.issued_on AS at FROM billing_bill c "
            f"JOIN {SPONSORS} f ON f.id = c.sponsor_id WHERE c.kind = %s "
            "UNION ALL SELECT 'p', p.id, p.sponsor_id, p.amount - p.allocated, p.paid_on "
            f"FROM billing_payment p JOIN {SPONSORS} f ON f.id = p.sponsor_id "
            "WHERE p.allocated < p.amount AND p.status = %s) money WHERE available > 0 "
            f"WINDOW funds AS (PARTITION BY sponsor_id ORDER BY at, kind, id {running})",
            [BillKind.CREDIT, PaymentStatus.COUNTED],
        )
        sql.temp_table(
            cursor,
            NEEDS,
            "bill_id bigint NOT NULL, sponsor_id bigint NOT NULL, start bigint NOT NULL, "
            "stop bigint NOT NULL",
        )
        cursor.execute(
            f"INSERT INTO {NEEDS} (bill_id, sponsor_id, start, stop) "  # noqa: S608
            "SELECT id, sponsor_id, SUM(owed) OVER owing - owed, SUM(owed) OVER owing "
            f"FROM (SELECT b.id, b.sponsor_id, b.month, b.due_date, b.total - {paid('b')} "
            f"AS owed FROM billing_bill b JOIN {SPONSORS} f ON f.id = b.sponsor_id "
            "WHERE b.kind = %s) bills WHERE owed > 0 "
            f"WINDOW owing AS (PARTITION BY sponsor_id ORDER BY month, due_date, id {running})",
            [BillKind.REGULAR],
        )
        cursor.execute(
            "INSERT INTO billing_allocation (bill_id, payment_id, credit_id, amount, created_at) "  # noqa: S608
            "SELECT n.bill_id, CASE WHEN s.kind = 'p' THEN s.source_id END, "
            "CASE WHEN s.kind = 'c' THEN s.source_id END, "
            "(CASE WHEN s.stop < n.stop THEN s.stop ELSE n.stop END) "
            "- (CASE WHEN s.start > n.start THEN s.start ELSE n.start END), %s "
            f"FROM {SOURCES} s JOIN {NEEDS} n ON n.sponsor_id = s.sponsor_id "
            "AND s.start < n.stop AND n.start < s.stop",
            [sql.now()],
        )
        made = cursor.rowcount
        refresh_allocated(cursor, f"SELECT source_id FROM {SOURCES} WHERE kind = 'p'")  # noqa: S608
        sql.drop(cursor, SOURCES, NEEDS, SPONSORS)
    return int(made)


def allocate(*, payment_id: int, bill_id: int, amount: int) -> None:
    """Apply `amount` of a counted payment to one regular bill of its sponsor, named by a
    human (a statement line matched to its bill by hand); `settle` spreads what is left. The
    database refuses a bill of another sponsor and anything allocated beyond its total
    (migration 0002); the caller holds the sponsor's lock and checked the amount."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO billing_allocation (bill_id, payment_id, credit_id, amount, created_at) "
            "VALUES (%s, %s, NULL, %s, %s)",
            [bill_id, payment_id, amount, sql.now()],
        )
        refresh_allocated(cursor, f"SELECT {int(payment_id)}")


def refresh_allocated(cursor: Any, payments: str) -> None:
    """Recompute `Payment.allocated` from the allocations (never added to, so that it cannot
    drift) for the payments the subquery names."""
    cursor.execute(
        "UPDATE billing_payment SET allocated = (SELECT COALESCE(SUM(a.amount), 0) "  # noqa: S608
        "FROM billing_allocation a WHERE a.payment_id = billing_payment.id) "
        f"WHERE id IN ({payments})"
    )


def run_start(
    *, region_code: str, month: date, kind: str, actor: Any, months_ahead: int = 1
) -> BillingRun:
    return BillingRun.objects.create(
        region_id=region_code,
        month=rules.month_start(month),
        kind=kind,
        months_ahead=months_ahead,
        started_by=actor if actor is not None and actor.is_authenticated else None,
        started_at=timezone.now(),
    )


def run_finish(run: BillingRun, issued: Issued) -> BillingRun:
    run.bills, run.lines = issued.bills, issued.lines
    run.enrolments, run.amount = issued.enrolments, issued.amount
    run.finished_at = timezone.now()
    run.save(update_fields=["bills", "lines", "enrolments", "amount", "finished_at"])
    return run
