"""A village stops paying: its workers lapse after three unpaid months, and a late payment
starts them again as new enrolments from the payment's month (REGULATIONS.md §5)."""

import json
from datetime import date

import pytest
from django.core.management import call_command

from lindungi.billing.lapses import billing_daily
from lindungi.billing.models import Bill, BillKind, BillLine, Lapse
from lindungi.billing.selectors.accounts import enrolment_months
from lindungi.billing.selectors.bills import bill_list
from lindungi.billing.services.payments import payment_record
from lindungi.billing.services.runs import billing_run
from lindungi.billing.tasks import billing_daily_task
from lindungi.core.models import AuditEvent
from lindungi.programs.models import Enrolment, EnrolmentStatus
from lindungi.regions.selectors import region_get

from .conftest import scope_of

JAN, FEB, MAR, APR, MAY = (date(2026, month, 1) for month in range(1, 6))


def _bill(admin, month):
    return billing_run(
        actor=admin,
        scope=scope_of(admin),
        region=region_get(code="32.11"),
        month=month,
        today=month.replace(day=2),
    )


@pytest.fixture
def stopped_paying(admin, enrol, village_program, cikeruh):
    """Two Cikeruh workers billed monthly from January; the village paid January only."""
    enrolments = enrol(village_program, cikeruh, 2)
    _bill(admin, JAN)
    payment_record(
        actor=admin,
        scope=scope_of(admin),
        sponsor=cikeruh,
        amount=2 * 16_800,
        paid_on=date(2026, 1, 14),
        channel="transfer",
        today=date(2026, 1, 14),
    )
    for month in (FEB, MAR, APR):
        _bill(admin, month)
    return enrolments


def test_nothing_lapses_while_the_third_unpaid_month_is_not_yet_due(stopped_paying):
    result = billing_daily(today=date(2026, 4, 15))
    assert result.lapsed == 0
    assert set(Enrolment.objects.values_list("status", flat=True)) == {EnrolmentStatus.ACTIVE}


def test_after_three_unpaid_months_the_workers_lapse_keeping_the_month_they_paid(
    admin, stopped_paying, cikeruh
):
    result = billing_daily(today=date(2026, 4, 16))
    assert result.lapsed == 2
    for enrolment in stopped_paying:
        enrolment.refresh_from_db()
        assert (enrolment.status, enrolment.first_month, enrolment.last_month) == (
            EnrolmentStatus.LAPSED,
            JAN,
            JAN,
        )
        lapse = Lapse.objects.get(enrolment=enrolment)
        assert (lapse.lapsed_on, lapse.oldest_unpaid_month, lapse.period_last_month) == (
            date(2026, 4, 16),
            FEB,
            date(2026, 12, 1),
        )
    # February to April are credited on a credit note, which clears the open bills.
    credit = Bill.objects.get(kind=BillKind.CREDIT)
    assert credit.total == -2 * 3 * 16_800
    assert result.credited == 2 * 3 * 16_800
    assert not bill_list(scope=scope_of(admin), is_open=True).exists()
    event = AuditEvent.objects.get(action="billing.lapse")
    assert event.details["lapsed"] == 2
    # A second run on the same day changes nothing.
    assert billing_daily(today=date(2026, 4, 16)).lapsed == 0
    assert Bill.objects.filter(kind=BillKind.CREDIT).count() == 1


def test_a_lapsed_enrolment_is_not_billed_any_more(admin, stopped_paying):
    billing_daily(today=date(2026, 4, 16))
    assert _bill(admin, MAY).lines == 0


def test_a_late_payment_starts_a_new_enrolment_from_the_payments_month(
    admin, stopped_paying, cikeruh
):
    billing_daily(today=date(2026, 4, 16))
    result = payment_record(
        actor=admin,
        scope=scope_of(admin),
        sponsor=cikeruh,
        amount=2 * 16_800,
        paid_on=date(2026, 5, 20),
        channel="transfer",
        today=date(2026, 5, 20),
    )
    assert result.resumed.count == 2
    assert result.resumed.first_months == [MAY]
    for old in stopped_paying:
        old.refresh_from_db()
        assert (old.status, old.last_month) == (EnrolmentStatus.LAPSED, JAN)
        new = Lapse.objects.get(enrolment=old).resumed_by
        assert new is not None and new.pk in result.resumed.enrolment_ids
        assert (new.status, new.first_month, new.last_month) == (
            EnrolmentStatus.ACTIVE,
            MAY,
            date(2026, 12, 1),
        )
        assert (new.worker_id, new.program_id, new.sponsor_id, new.kpj) == (
            old.worker_id,
            old.program_id,
            old.sponsor_id,
            old.kpj,
        )
        # Protection starts again on the payment's day: waiting periods count from here.
        assert new.bpjs_start_date == date(2026, 5, 20)
        (may,) = enrolment_months(scope=scope_of(admin), enrolment=new)
        assert (may.month, may.charged, may.paid) == (MAY, 16_800, True)
    assert result.allocated == 2 * 16_800
    # The new enrolments are not resumed twice by a later payment.
    again = payment_record(
        actor=admin,
        scope=scope_of(admin),
        sponsor=cikeruh,
        amount=16_800,
        paid_on=date(2026, 5, 21),
        channel="transfer",
        today=date(2026, 5, 21),
    )
    assert again.resumed.count == 0


def test_a_payment_for_a_month_past_the_funded_period_starts_nothing(
    admin, stopped_paying, cikeruh
):
    billing_daily(today=date(2026, 4, 16))
    Lapse.objects.update(period_last_month=APR)
    result = payment_record(
        actor=admin,
        scope=scope_of(admin),
        sponsor=cikeruh,
        amount=16_800,
        paid_on=date(2026, 5, 20),
        channel="transfer",
        today=date(2026, 5, 20),
    )
    assert result.resumed.count == 0
    assert Enrolment.objects.filter(status=EnrolmentStatus.ACTIVE).count() == 0


def test_the_daily_task_and_the_command_run_the_lapses(stopped_paying, capsys):
    outcome = billing_daily_task.call(day="2026-04-15")
    assert outcome["lapsed"] == 0
    call_command("billing", "daily", "--date", "2026-04-16")
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert printed["lapsed"] == 2
    assert BillLine.objects.filter(kind="credit").count() == 6
