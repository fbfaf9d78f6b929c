"""Payments: recorded against a sponsor and spread over its open bills, oldest first."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from lindungi.billing.models import Allocation, Bill, Payment
from lindungi.billing.rules import PAYMENT_CEILING
from lindungi.billing.selectors.accounts import sponsor_account
from lindungi.billing.selectors.bills import bill_list
from lindungi.billing.selectors.payments import payment_list, plausible_payment_for
from lindungi.billing.services.payments import (
    PaymentAlreadyRecorded,
    payment_record,
    payment_review,
)
from lindungi.billing.services.runs import billing_run
from lindungi.core.errors import InvalidState, NotFound, PermissionDenied, ValidationFailed
from lindungi.core.models import AuditEvent
from lindungi.regions.selectors import region_get

from .conftest import scope_of

JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


def _bill(admin, month):
    return billing_run(
        actor=admin,
        scope=scope_of(admin),
        region=region_get(code="32.11"),
        month=month,
        today=month.replace(day=3),
    )


def _pay(user, sponsor, amount, paid_on=date(2026, 3, 20), **options):
    return payment_record(
        actor=user,
        scope=scope_of(user),
        sponsor=sponsor,
        amount=amount,
        paid_on=paid_on,
        channel=options.pop("channel", "transfer"),
        today=date(2026, 3, 20),
        **options,
    )


@pytest.fixture
def three_bills(admin, enrol, village_program, cikeruh):
    """Cikeruh with 2 workers billed January, February and March (33,600 each)."""
    enrol(village_program, cikeruh, 2)
    return [Bill.objects.get(run=_bill(admin, month)) for month in (JAN, FEB, MAR)]


def test_a_payment_settles_the_oldest_bills_first(admin, cikeruh, three_bills):
    january, february, march = three_bills
    result = _pay(admin, cikeruh, 50_000, reference="SP2D 0012/2026")
    assert (result.allocated, result.unallocated) == (50_000, 0)
    scope = scope_of(admin)
    by_number = {bill.number: bill for bill in bill_list(scope=scope, sponsor=cikeruh)}
    assert by_number[january.number].paid == 33_600
    assert by_number[january.number].open_amount == 0
    assert by_number[february.number].paid == 16_400
    assert by_number[february.number].open_amount == 17_200
    assert by_number[march.number].paid == 0
    assert [bill.number for bill in bill_list(scope=scope, is_open=True)] == [
        march.number,
        february.number,
    ]


def test_two_payments_continue_where_the_first_stopped(admin, cikeruh, three_bills):
    january, february, march = three_bills
    _pay(admin, cikeruh, 50_000)
    _pay(admin, cikeruh, 50_000)
    allocations = list(
        Allocation.objects.order_by("id").values_list("payment__amount", "bill__number", "amount")
    )
    assert allocations == [
        (50_000, january.number, 33_600),
        (50_000, february.number, 16_400),
        (50_000, february.number, 17_200),
        (50_000, march.number, 32_800),
    ]
    account = sponsor_account(scope=scope_of(admin), sponsor=cikeruh)
    assert (account.billed, account.paid, account.open, account.unallocated) == (
        100_800,
        100_000,
        800,
        0,
    )


def test_what_is_paid_beyond_the_bills_waits_for_the_next_bill(
    admin, enrol, village_program, cikeruh
):
    enrol(village_program, cikeruh, 1)
    _bill(admin, JAN)
    result = _pay(admin, cikeruh, 50_000, paid_on=date(2026, 1, 10))
    assert (result.allocated, result.unallocated) == (16_800, 33_200)
    _bill(admin, FEB)
    february = bill_list(scope=scope_of(admin), sponsor=cikeruh, month=FEB).get()
    assert february.paid == 16_800
    assert Payment.objects.get().allocated == 33_600


def test_the_payment_is_recorded_with_one_audit_event(admin, cikeruh, three_bills):
    result = _pay(admin, cikeruh, 33_600)
    event = AuditEvent.objects.get(action="payment.record")
    assert event.object_id == str(result.payment.pk)
    assert event.details["allocated"] == 33_600
    assert [p.pk for p in payment_list(scope=scope_of(admin), sponsor=cikeruh)] == [
        result.payment.pk
    ]


def test_bpjs_may_record_payments_but_not_the_village_or_the_coordination_team(
    demo_workers, cikeruh, three_bills
):
    _pay(demo_workers["bpjs.sumedang"], cikeruh, 16_800)
    for username in ("desa.cikeruh", "tim.koordinasi"):
        with pytest.raises(PermissionDenied):
            _pay(demo_workers[username], cikeruh, 16_800)


def test_another_regencys_admin_cannot_pay_for_sumedangs_village(bandung, cikeruh, three_bills):
    with pytest.raises(NotFound):
        _pay(bandung["admin"], cikeruh, 16_800)


@pytest.mark.parametrize(
    ("amount", "paid_on", "channel"),
    [
        (0, date(2026, 3, 1), "transfer"),
        (-5, date(2026, 3, 1), "transfer"),
        (16_800, date(2026, 3, 21), "transfer"),  # tomorrow
        (16_800, date(2026, 3, 1), "cheque"),
    ],
)
def test_a_payment_is_positive_not_in_the_future_and_through_a_known_channel(
    admin, cikeruh, amount, paid_on, channel
):
    with pytest.raises(ValidationFailed):
        _pay(admin, cikeruh, amount, paid_on=paid_on, channel=channel)


def test_the_database_refuses_to_allocate_beyond_a_bills_total(admin, cikeruh, three_bills):
    january = three_bills[0]
    result = _pay(admin, cikeruh, 100_800)
    payment = result.payment
    Payment.objects.filter(pk=payment.pk).update(amount=200_000)  # room on the payment side
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(
            bill=january, payment=payment, amount=1, created_at=payment.recorded_at
        )


def test_the_database_refuses_money_applied_to_another_sponsors_bill(
    admin, enrol, village_program, cikeruh, gudang, three_bills
):
    enrol(village_program, gudang, 1, skip=2)
    gudang_bill = Bill.objects.get(run=_bill(admin, date(2026, 4, 1)), sponsor=gudang)
    payment = _pay(admin, cikeruh, 100_800).payment
    Payment.objects.filter(pk=payment.pk).update(amount=200_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(
            bill=gudang_bill, payment=payment, amount=1, created_at=payment.recorded_at
        )


# Payments that cannot be right (issue 16, finding 11): a plausibility bound per sponsor with a
# second officer above it, a ceiling, and one payment per sponsor, channel and reference.


def test_a_huge_payment_to_a_village_with_no_bills_is_held_until_a_second_officer_confirms_it(
    demo_workers, admin, gudang
):
    result = _pay(admin, gudang, 1_000_000_000, reference="SP2D 1/2026")
    payment = result.payment
    assert (result.is_held, payment.status, payment.allocated) == (True, "pending", 0)
    assert payment.plausible_up_to == 0  # never billed: any payment needs a second officer
    account = sponsor_account(scope=scope_of(admin), sponsor=gudang)
    assert (account.paid, account.unallocated, account.held) == (0, 0, 1_000_000_000)
    assert AuditEvent.objects.get(action="payment.hold").details["plausible_up_to"] == 0
    for username in ("disnaker", "tim.koordinasi", "desa.gudang"):  # the recorder, read-only…
        user = demo_workers[username]
        with pytest.raises(PermissionDenied):
            payment_review(actor=user, scope=scope_of(user), payment=payment, confirm=True)
    bpjs = demo_workers["bpjs.sumedang"]
    confirmed = payment_review(actor=bpjs, scope=scope_of(bpjs), payment=payment, confirm=True)
    assert confirmed.payment.status == "counted"
    assert sponsor_account(scope=scope_of(admin), sponsor=gudang).unallocated == 1_000_000_000
    event = AuditEvent.objects.get(action="payment.confirm")
    assert (event.actor_id, event.details["recorded_by"]) == (bpjs.pk, admin.pk)
    with pytest.raises(InvalidState):
        payment_review(actor=bpjs, scope=scope_of(bpjs), payment=payment, confirm=True)


def test_a_payment_within_the_bills_and_twelve_more_months_counts_at_once(
    admin, cikeruh, three_bills
):
    # Owed: 3 x 33,600; the latest month billed: 33,600 -> bound 100,800 + 12 x 33,600.
    assert plausible_payment_for(sponsor=cikeruh) == 504_000
    assert not _pay(admin, cikeruh, 504_000, reference="A").is_held
    # Now nothing is owed: the bound is 12 months.
    held = _pay(admin, cikeruh, 403_201, reference="B")
    assert held.is_held
    assert held.payment.plausible_up_to == 403_200


def test_a_held_payment_is_never_allocated_until_confirmed(demo_workers, admin, cikeruh):
    held = _pay(admin, cikeruh, 5_000_000, paid_on=date(2026, 1, 2), reference="X").payment
    _bill(admin, JAN)
    _pay(admin, cikeruh, 100, paid_on=date(2026, 1, 3), reference="Y")
    held.refresh_from_db()
    assert held.allocated == 0
    assert not Allocation.objects.filter(payment=held).exists()


def test_a_refused_payment_never_counts_and_its_reference_may_be_recorded_again(
    demo_workers, admin, gudang
):
    payment = _pay(admin, gudang, 2_000_000_000, reference="SP2D 7").payment
    verifier = demo_workers["verifikator"]
    with pytest.raises(ValidationFailed, match="why"):
        payment_review(actor=verifier, scope=scope_of(verifier), payment=payment, confirm=False)
    refused = payment_review(
        actor=verifier,
        scope=scope_of(verifier),
        payment=payment,
        confirm=False,
        reason="Salah ketik: Rp 2.000.000",
    ).payment
    assert (refused.status, refused.review_note) == ("refused", "Salah ketik: Rp 2.000.000")
    assert sponsor_account(scope=scope_of(admin), sponsor=gudang).held == 0
    again = _pay(admin, gudang, 2_000_000, reference="SP2D 7")
    assert again.payment.pk != refused.pk
    assert AuditEvent.objects.filter(action="payment.refuse").count() == 1


@pytest.mark.parametrize("amount", [10**15, PAYMENT_CEILING + 1])
def test_an_absurd_amount_is_refused_outright(admin, cikeruh, three_bills, amount):
    with pytest.raises(ValidationFailed, match="cannot be right"):
        _pay(admin, cikeruh, amount)
    assert not Payment.objects.exists()


def test_the_same_channel_and_reference_are_recorded_once_per_sponsor(
    admin, cikeruh, gudang, three_bills
):
    first = _pay(admin, cikeruh, 16_800, reference="TRX-0001").payment
    for _attempt in range(2):
        with pytest.raises(PaymentAlreadyRecorded) as refused:
            _pay(admin, cikeruh, 16_800, reference=" TRX-0001 ")
        assert refused.value.message.startswith("This payment was already recorded")
        assert refused.value.details["payment"] == first.pk
    _pay(admin, cikeruh, 16_800, reference="TRX-0001", channel="teller")  # another channel
    _pay(admin, gudang, 16_800, reference="TRX-0001")  # another sponsor (held: no bills)
    _pay(admin, cikeruh, 100)  # no reference: nothing to compare
    _pay(admin, cikeruh, 100)
    assert Payment.objects.filter(sponsor=cikeruh, reference="TRX-0001").count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            sponsor=cikeruh,
            amount=1,
            paid_on=date(2026, 3, 1),
            channel="transfer",
            reference="TRX-0001",
            recorded_at=first.recorded_at,
        )
