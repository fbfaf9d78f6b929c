"""The demo's bills and payments as a newcomer finds them on 24 November 2026."""

from datetime import date

from lindungi.accounts.selectors import scope_for_user
from lindungi.billing.models import BillingRun, Lapse, Outbox, PaymentStatement
from lindungi.billing.selectors.accounts import sponsor_account
from lindungi.billing.selectors.arrears import overdue_sponsors
from lindungi.billing.selectors.bills import bill_list
from lindungi.billing.selectors.tpp import tpp_deductions
from lindungi.programs.models import Enrolment, EnrolmentStatus, Sponsor

TODAY = date(2026, 11, 24)


def test_every_month_to_november_is_billed_and_the_statements_reconciled(demo_billed):
    months = set(BillingRun.objects.values_list("month", flat=True))
    assert {date(2026, m, 1) for m in range(1, 12)} <= months
    scope = scope_for_user(demo_billed["disnaker"])
    cikeruh = Sponsor.objects.get(name__icontains="Cikeruh")
    account = sponsor_account(scope=scope, sponsor=cikeruh)
    assert account.billed == 63 * 16_800 * 11
    assert account.open == 0
    november = PaymentStatement.objects.get(filename__endswith="2026-11.csv")
    assert november.unmatched == 2
    assert PaymentStatement.objects.count() == 11


def test_late_villages_are_overdue_and_the_lapsed_one_started_again(demo_billed):
    scope = scope_for_user(demo_billed["disnaker"])
    overdue = overdue_sponsors(scope=scope, today=TODAY)
    # Two villages unpaid since October, one that paid November one worker short.
    assert len(overdue) == 3
    assert sorted(item.oldest_due for item in overdue)[:2] == [date(2026, 10, 15)] * 2
    lapses = Lapse.objects.select_related("enrolment")
    assert lapses.exists()
    assert {lapse.lapsed_on for lapse in lapses} == {date(2026, 10, 16)}
    assert all(lapse.resumed_by_id for lapse in lapses)
    resumed = Enrolment.objects.filter(first_month=date(2026, 11, 1), status=EnrolmentStatus.ACTIVE)
    assert resumed.count() == lapses.count()
    assert not bill_list(scope=scope, sponsor=lapses[0].enrolment.sponsor, is_open=True).exists()


def test_civil_servants_deductions_are_paid_and_reminders_wait(demo_billed):
    scope = scope_for_user(demo_billed["disnaker"])
    rina = Sponsor.objects.get(user__username="asn.rina")
    tpp = tpp_deductions(scope=scope, agency=rina.agency, month=date(2026, 11, 1))
    assert tpp.total == sum(row.amount for row in tpp.rows) > 0
    assert sponsor_account(scope=scope, sponsor=rina).open == 0
    assert Outbox.objects.filter(key__endswith=":2026-11").exists()
