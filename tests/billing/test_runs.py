"""Billing runs: the rules engine's numbers, once per month, whatever runs twice."""

import threading
from datetime import date

import pytest
from django.db import IntegrityError, connection, connections, transaction

from lindungi.billing.models import Bill, BillingRun, BillKind, BillLine, LineKind, RunKind
from lindungi.billing.selectors.bills import bill_list
from lindungi.billing.services.runs import billing_corrections, billing_run
from lindungi.contributions.calculator import quote_contribution
from lindungi.core.errors import PermissionDenied, ValidationFailed
from lindungi.core.models import AuditEvent
from lindungi.programs.services.transitions import enrolment_end
from lindungi.regions.loading import load_regions
from lindungi.regions.selectors import region_get

from .conftest import JANUARY, scope_of

SUMEDANG = "32.11"


@pytest.fixture
def committed_regions(transactional_db):
    """Committed data, which two connections both see (transactional tests start from tables
    emptied by the ones before)."""
    load_regions()


def _run(admin, month=JANUARY, **options):
    return billing_run(
        actor=admin,
        scope=scope_of(admin),
        region=region_get(code=SUMEDANG),
        month=month,
        today=date(2026, 1, 5),
        **options,
    )


def test_each_village_gets_one_bill_with_the_rules_engines_amount_per_worker(
    admin, enrol, village_program, cikeruh, gudang
):
    enrol(village_program, cikeruh, 5)
    enrol(village_program, gudang, 3)
    run = _run(admin)
    quote = quote_contribution(
        category="BPU", on=JANUARY, programs=["JKK", "JKM"], income=village_program.income_basis
    )
    assert quote.total == 16_800
    bills = {bill.sponsor_id: bill for bill in Bill.objects.filter(run=run)}
    assert bills[cikeruh.pk].total == 5 * quote.total
    assert bills[gudang.pk].total == 3 * quote.total
    assert set(BillLine.objects.filter(bill__run=run).values_list("amount", flat=True)) == {16_800}
    assert (run.bills, run.lines, run.enrolments, run.amount) == (2, 8, 8, 8 * 16_800)
    bill = bills[cikeruh.pk]
    assert bill.number.startswith("TAG-3211-202601-")
    assert len(bill.number) == len("TAG-3211-202601-000001")
    assert (bill.issued_on, bill.due_date) == (date(2026, 1, 5), date(2026, 1, 15))


def test_february_is_due_on_monday_the_16th_because_the_15th_is_a_sunday(
    admin, enrol, village_program, cikeruh
):
    enrol(village_program, cikeruh, 1)
    run = _run(admin, month=date(2026, 2, 1))
    assert Bill.objects.get(run=run).due_date == date(2026, 2, 16)


def test_running_the_same_month_again_bills_nothing_more(admin, enrol, village_program, cikeruh):
    enrol(village_program, cikeruh, 4)
    _run(admin)
    before = list(BillLine.objects.values_list("enrolment_id", "month", "amount", "bill_id"))
    bills_before = list(Bill.objects.values_list("pk", "number", "total"))
    again = _run(admin)
    assert (again.bills, again.lines, again.amount) == (0, 0, 0)
    assert list(BillLine.objects.values_list("enrolment_id", "month", "amount", "bill_id")) == (
        before
    )
    assert list(Bill.objects.values_list("pk", "number", "total")) == bills_before


def test_a_later_run_bills_only_the_new_activations_on_a_new_bill(
    admin, enrol, village_program, cikeruh
):
    first = enrol(village_program, cikeruh, 3)
    run = _run(admin)
    later = enrol(village_program, cikeruh, 2, skip=3)
    again = _run(admin)
    assert again.lines == 2
    new_bill = Bill.objects.get(run=again)
    assert new_bill.total == 2 * 16_800
    assert new_bill.number != Bill.objects.get(run=run).number
    assert set(new_bill.lines.values_list("enrolment_id", flat=True)) == {e.pk for e in later}
    assert Bill.objects.get(run=run).lines.count() == len(first)


def test_prepaying_three_months_puts_three_lines_per_worker_on_one_bill(
    admin, enrol, village_program, cikeruh
):
    enrol(village_program, cikeruh, 2)
    run = _run(admin, months_ahead=3)
    bill = Bill.objects.get(run=run)
    assert bill.total == 2 * 3 * 16_800
    assert sorted(set(bill.lines.values_list("month", flat=True))) == [
        date(2026, 1, 1),
        date(2026, 2, 1),
        date(2026, 3, 1),
    ]
    # February was prepaid: its own run finds nothing left to bill.
    assert _run(admin, month=date(2026, 2, 1)).lines == 0


def test_prepayment_is_for_1_3_6_or_12_months(admin, enrol, village_program, cikeruh):
    with pytest.raises(ValidationFailed):
        _run(admin, months_ahead=2)


def test_a_run_does_not_bill_past_the_enrolments_last_month(admin, enrol, village_program, cikeruh):
    enrol(village_program, cikeruh, 1)
    assert _run(admin, month=date(2026, 12, 1)).lines == 1
    assert _run(admin, month=date(2027, 1, 1)).lines == 0


def test_each_run_records_one_audit_event_with_its_counts(admin, enrol, village_program, cikeruh):
    enrol(village_program, cikeruh, 3)
    run = _run(admin)
    events = AuditEvent.objects.filter(action="billing.run")
    assert events.count() == 1
    event = events.get()
    assert event.object_id == str(run.pk)
    assert event.details["lines"] == 3
    assert event.details["amount"] == 3 * 16_800


def test_only_the_regional_admin_runs_billing(demo_workers, bandung):
    for user in (
        demo_workers["desa.cikeruh"],
        demo_workers["bpjs.sumedang"],
        demo_workers["tim.koordinasi"],
        bandung["admin"],
    ):
        with pytest.raises(PermissionDenied):
            billing_run(
                actor=user,
                scope=scope_of(user),
                region=region_get(code=SUMEDANG),
                month=JANUARY,
            )


def test_the_database_refuses_a_second_charge_of_the_same_month(
    admin, enrol, village_program, cikeruh
):
    (enrolment,) = enrol(village_program, cikeruh, 1)
    run = _run(admin)
    bill = Bill.objects.get(run=run)
    with pytest.raises(IntegrityError), transaction.atomic():
        BillLine.objects.create(
            bill=bill,
            enrolment=enrolment,
            sponsor=cikeruh,
            month=JANUARY,
            amount=16_800,
            kind=LineKind.CHARGE,
        )


def test_the_database_refuses_a_line_on_another_sponsors_bill(
    admin, enrol, village_program, cikeruh, gudang
):
    (enrolment,) = enrol(village_program, cikeruh, 1)
    enrol(village_program, gudang, 1, skip=1)
    run = _run(admin)
    gudang_bill = Bill.objects.get(run=run, sponsor=gudang)
    with pytest.raises(IntegrityError), transaction.atomic():
        BillLine.objects.create(
            bill=gudang_bill,
            enrolment=enrolment,
            sponsor=cikeruh,
            month=date(2026, 2, 1),
            amount=16_800,
        )


def test_a_bill_with_lines_cannot_be_deleted(admin, enrol, village_program, cikeruh):
    enrol(village_program, cikeruh, 1)
    run = _run(admin)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM billing_bill WHERE run_id = %s", [run.pk])


def test_an_ended_enrolment_gets_a_credit_note_and_the_issued_bill_is_untouched(
    admin, enrol, village_program, cikeruh
):
    first, second = enrol(village_program, cikeruh, 2)
    run = _run(admin, months_ahead=6)
    bill = Bill.objects.get(run=run)
    issued = (bill.number, bill.total, bill.lines.count())
    # Ending it credits the months billed after the end at once (billing follows the ending).
    enrolment_end(
        actor=admin,
        scope=scope_of(admin),
        enrolment=first,
        reason="died",
        last_month=date(2026, 3, 1),
        today=date(2026, 3, 20),
    )
    correction = Bill.objects.get(kind=BillKind.CREDIT).run
    assert correction.kind == RunKind.CORRECTION
    credit = Bill.objects.get(run=correction)
    assert credit.kind == BillKind.CREDIT
    assert credit.number.startswith("KRD-3211-202603-")
    assert credit.total == -3 * 16_800  # April, May and June
    assert sorted(credit.lines.values_list("month", "amount", "enrolment_id")) == [
        (date(2026, 4, 1), -16_800, first.pk),
        (date(2026, 5, 1), -16_800, first.pk),
        (date(2026, 6, 1), -16_800, first.pk),
    ]
    bill.refresh_from_db()
    assert (bill.number, bill.total, bill.lines.count()) == issued
    # The credit note is applied to the open bill: it now owes three months less.
    (open_bill,) = bill_list(scope=scope_of(admin), is_open=True)
    assert open_bill.total - open_bill.paid == 12 * 16_800 - 3 * 16_800
    # Corrections again: nothing more to credit.
    again = billing_corrections(
        actor=admin,
        scope=scope_of(admin),
        region=region_get(code=SUMEDANG),
        today=date(2026, 3, 21),
    )
    assert again.lines == 0
    assert second.pk not in set(credit.lines.values_list("enrolment_id", flat=True))


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one writer at a time (IMMEDIATE transactions): nothing runs at once",
)
def test_two_runs_at_once_bill_each_line_once(
    committed_regions, demo_workers, enrol, village_program, cikeruh
):
    admin = demo_workers["disnaker"]
    enrolments = enrol(village_program, cikeruh, 30)
    start = threading.Barrier(2)
    outcomes: list[object] = []

    def run() -> None:
        try:
            start.wait()
            outcomes.append(_run(admin))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(outcome, BillingRun) for outcome in outcomes), outcomes
    assert sorted(outcome.lines for outcome in outcomes) == [0, 30]  # type: ignore[attr-defined]
    lines = list(BillLine.objects.values_list("enrolment_id", "month"))
    assert len(lines) == len(set(lines)) == len(enrolments)
    assert Bill.objects.count() == 1
