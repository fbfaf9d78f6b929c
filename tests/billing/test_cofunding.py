"""Co-funding: the province pays a fixed share of a village's enrolments."""

from datetime import date

import pytest

from lindungi.billing.models import Bill, BillLine
from lindungi.billing.selectors.accounts import enrolment_months
from lindungi.billing.services.cofunding import cost_share_set
from lindungi.billing.services.payments import payment_record
from lindungi.billing.services.runs import billing_run
from lindungi.core.errors import PermissionDenied, ValidationFailed
from lindungi.regions.selectors import region_get

from .conftest import JANUARY, scope_of


def _bill(admin, month=JANUARY):
    return billing_run(
        actor=admin,
        scope=scope_of(admin),
        region=region_get(code="32.11"),
        month=month,
        today=date(2026, 1, 5),
    )


def test_each_sponsor_is_billed_its_share_and_the_shares_sum_to_the_month(
    admin, enrol, village_program, cikeruh, province
):
    enrolments = enrol(village_program, cikeruh, 3)
    for enrolment in enrolments:
        cost_share_set(
            actor=admin,
            scope=scope_of(admin),
            enrolment=enrolment,
            sponsor=province,
            basis_points=3_333,
        )
    run = _bill(admin)
    bills = {bill.sponsor_id: bill for bill in Bill.objects.filter(run=run)}
    assert bills[province.pk].total == 3 * 5_599  # 16,800 x 33.33 % = 5,599.44
    assert bills[cikeruh.pk].total == 3 * 11_201
    for enrolment in enrolments:
        shares = dict(
            BillLine.objects.filter(enrolment=enrolment, month=JANUARY).values_list(
                "sponsor_id", "amount"
            )
        )
        assert shares == {cikeruh.pk: 11_201, province.pk: 5_599}
        assert sum(shares.values()) == enrolment.monthly_amount == 16_800
    assert set(
        BillLine.objects.filter(sponsor=province).values_list("share_basis_points", flat=True)
    ) == {3_333}
    assert set(
        BillLine.objects.filter(sponsor=cikeruh).values_list("share_basis_points", flat=True)
    ) == {6_667}


def test_the_month_counts_as_paid_only_when_both_shares_are(
    admin, enrol, village_program, cikeruh, province
):
    (enrolment,) = enrol(village_program, cikeruh, 1)
    cost_share_set(
        actor=admin,
        scope=scope_of(admin),
        enrolment=enrolment,
        sponsor=province,
        basis_points=5_000,
    )
    _bill(admin)
    scope = scope_of(admin)
    (january,) = enrolment_months(scope=scope, enrolment=enrolment)
    assert (january.charged, january.paid) == (16_800, False)
    payment_record(
        actor=admin,
        scope=scope,
        sponsor=province,
        amount=8_400,
        paid_on=date(2026, 1, 10),
        channel="transfer",
        today=date(2026, 1, 10),
    )
    (january,) = enrolment_months(scope=scope, enrolment=enrolment)
    assert january.paid is False  # the village's half is still open
    payment_record(
        actor=admin,
        scope=scope,
        sponsor=cikeruh,
        amount=8_400,
        paid_on=date(2026, 1, 12),
        channel="transfer",
        today=date(2026, 1, 12),
    )
    (january,) = enrolment_months(scope=scope, enrolment=enrolment)
    assert january.paid is True


def test_a_co_sponsor_joining_later_pays_from_the_next_month_billed(
    admin, enrol, village_program, cikeruh, province
):
    (enrolment,) = enrol(village_program, cikeruh, 1)
    _bill(admin)
    cost_share_set(
        actor=admin,
        scope=scope_of(admin),
        enrolment=enrolment,
        sponsor=province,
        basis_points=5_000,
    )
    _bill(admin)  # January again: already billed whole to the village, nothing added
    assert not BillLine.objects.filter(sponsor=province).exists()
    _bill(admin, month=date(2026, 2, 1))
    assert dict(
        BillLine.objects.filter(month=date(2026, 2, 1)).values_list("sponsor_id", "amount")
    ) == {cikeruh.pk: 8_400, province.pk: 8_400}


def test_co_sponsors_pay_less_than_the_whole_month(
    admin, enrol, village_program, cikeruh, province
):
    (enrolment,) = enrol(village_program, cikeruh, 1)
    with pytest.raises(ValidationFailed):
        cost_share_set(
            actor=admin,
            scope=scope_of(admin),
            enrolment=enrolment,
            sponsor=province,
            basis_points=10_000,
        )
    with pytest.raises(ValidationFailed):
        cost_share_set(
            actor=admin,
            scope=scope_of(admin),
            enrolment=enrolment,
            sponsor=cikeruh,
            basis_points=5_000,
        )


def test_only_the_regional_admin_sets_up_co_funding(
    demo_workers, enrol, village_program, cikeruh, province
):
    (enrolment,) = enrol(village_program, cikeruh, 1)
    operator = demo_workers["desa.cikeruh"]
    with pytest.raises(PermissionDenied):
        cost_share_set(
            actor=operator,
            scope=scope_of(operator),
            enrolment=enrolment,
            sponsor=province,
            basis_points=5_000,
        )
