"""Lapse and resume: the two moves of an enrolment's status that payments decide, set-wise.

Billing decides *which* enrolments move (the months unpaid, the payments that landed: its
ledger's business) and hands the selection over as SQL; the enrolments themselves are written
here, and only here. Both run inside the caller's transaction and write no audit event: the
caller records the one event of its run (the daily job, the payment), with the counts.

- `enrolments_lapse`: three consecutive unpaid months end the membership (BPJS Ketenagakerjaan's
  business process, PROBIS p.85): ACTIVE becomes LAPSED, and the enrolment keeps the months up
  to the last paid one (its first month when none was paid: `billing.rules.lapsed_last_month`).
- `enrolments_resume`: a payment after a lapse starts each enrolment again as a NEW enrolment
  (PROBIS p.85): ACTIVE, same worker, program, sponsor, amount, batch and KPJ, from the
  payment's month to the lapsed enrolment's original last month, protected from the payment
  date. The lapsed enrolment stays as it is, so the two never fund the same month. A worker
  whose death is recorded is never started again.
"""

from typing import Any

from django.db import connection

from lindungi.core import sql
from lindungi.programs.models import EnrolmentStatus


def enrolments_lapse(*, selection: str, params: list[Any]) -> int:
    """Lapse the ACTIVE enrolments of `selection`, a SQL query of rows
    `(enrolment_id, last_paid)`: each becomes LAPSED, its last month `last_paid`, or its first
    month when `last_paid` is before it. Answers how many lapsed."""
    stamp = sql.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE programs_enrolment SET status = %s, updated_at = %s, last_month = ("  # noqa: S608
            "SELECT CASE WHEN l.last_paid >= programs_enrolment.first_month THEN l.last_paid "
            f"ELSE programs_enrolment.first_month END FROM ({selection}) l "
            "WHERE l.enrolment_id = programs_enrolment.id) "
            f"WHERE status = %s AND id IN (SELECT enrolment_id FROM ({selection}) s)",
            [EnrolmentStatus.LAPSED, stamp, *params, EnrolmentStatus.ACTIVE, *params],
        )
        return int(cursor.rowcount)


def enrolments_resume(*, actor_id: int | None, selection: str, params: list[Any]) -> int:
    """Start again, as new ACTIVE enrolments, the LAPSED enrolments of `selection`, a SQL query
    of rows `(enrolment_id, first_month, last_month, start_date)`: the new enrolment copies the
    lapsed one's worker, program, sponsor, amount, funding source, batch and KPJ, runs from
    `first_month` to `last_month` and is protected from `start_date`. The database refuses one
    that would hold a month another enrolment of the worker holds. Answers how many started;
    each new enrolment is the worker's one ACTIVE enrolment starting in `first_month`."""
    stamp = sql.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO programs_enrolment (worker_id, program_id, sponsor_id, first_month, "  # noqa: S608
            "last_month, status, monthly_amount, funding_source, batch_id, kpj, "
            "bpjs_start_date, returned_reason, rejected_reason, end_reason, end_note, "
            "created_by_id, submitted_by_id, verified_by_id, created_at, updated_at) "
            "SELECT e.worker_id, e.program_id, e.sponsor_id, r.first_month, r.last_month, %s, "
            "e.monthly_amount, e.funding_source, e.batch_id, e.kpj, r.start_date, '', '', '', '', "
            f"%s, NULL, NULL, %s, %s FROM ({selection}) r "
            "JOIN programs_enrolment e ON e.id = r.enrolment_id "
            "WHERE e.status = %s AND NOT EXISTS (SELECT 1 FROM workers_worker w "
            "WHERE w.id = e.worker_id AND w.died_on IS NOT NULL) ORDER BY e.worker_id",
            [EnrolmentStatus.ACTIVE, actor_id, stamp, stamp, *params, EnrolmentStatus.LAPSED],
        )
        return int(cursor.rowcount)
