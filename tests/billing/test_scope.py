"""Scope: a sponsor of another regency, or another village, never appears."""

from datetime import date

import pytest

from lindungi.billing.models import Bill
from lindungi.billing.selectors.arrears import expiring_enrolments, overdue_sponsors
from lindungi.billing.selectors.bills import bill_get, bill_lines, bill_list, run_list
from lindungi.billing.selectors.payments import payment_list
from lindungi.billing.services.payments import payment_record
from lindungi.billing.services.runs import billing_run
from lindungi.core.errors import NotFound
from lindungi.programs.services.enrolling import enrolments_create
from lindungi.programs.services.setup import program_from_scheme
from lindungi.programs.services.sponsors import sponsor_create
from lindungi.regions.selectors import region_get
from lindungi.workers.services import worker_create

from .conftest import JANUARY, TODAY, activate, scope_of


@pytest.fixture
def bandung_bill(bandung):
    """A village of Kabupaten Bandung with one active worker, billed for January."""
    admin, operator = bandung["admin"], bandung["village"]
    program = program_from_scheme(
        actor=admin,
        scope=scope_of(admin),
        region=region_get(code="32.04"),
        scheme="desa_100",
        year=2026,
    )
    village = region_get(code="32.04.05.2001")
    sponsor = sponsor_create(
        actor=operator, scope=scope_of(operator), kind="DESA", name="Desa Bandung", region=village
    )
    worker = worker_create(
        actor=operator,
        scope=scope_of(operator),
        nik="3204050101800001",
        name="Dadang",
        village=village,
    )
    activate(
        enrolments_create(
            actor=operator,
            scope=scope_of(operator),
            program=program,
            sponsor=sponsor,
            workers=[worker],
            first_month=JANUARY,
            today=TODAY,
        )
    )
    run = billing_run(
        actor=admin,
        scope=scope_of(admin),
        region=region_get(code="32.04"),
        month=JANUARY,
        today=date(2026, 1, 5),
    )
    payment_record(
        actor=admin,
        scope=scope_of(admin),
        sponsor=sponsor,
        amount=1_000,
        paid_on=date(2026, 1, 6),
        channel="transfer",
        today=date(2026, 1, 6),
    )
    return Bill.objects.get(run=run)


@pytest.fixture
def sumedang_bills(admin, enrol, village_program, cikeruh, gudang):
    enrol(village_program, cikeruh, 1)
    enrol(village_program, gudang, 1, skip=1)
    run = billing_run(
        actor=admin,
        scope=scope_of(admin),
        region=region_get(code="32.11"),
        month=JANUARY,
        today=date(2026, 1, 5),
    )
    return {bill.sponsor_id: bill for bill in Bill.objects.filter(run=run)}


def test_sumedangs_admin_never_sees_bandungs_bills_payments_or_runs(
    admin, bandung_bill, sumedang_bills
):
    scope = scope_of(admin)
    assert bandung_bill.pk not in {bill.pk for bill in bill_list(scope=scope)}
    with pytest.raises(NotFound):
        bill_get(scope=scope, bill_id=bandung_bill.pk)
    with pytest.raises(NotFound):
        bill_lines(scope=scope, bill=bandung_bill)
    assert not payment_list(scope=scope).exists()
    assert {run.region_id for run in run_list(scope=scope)} == {"32.11"}
    overdue = overdue_sponsors(scope=scope, today=date(2026, 2, 1))
    assert {item.sponsor.region_id[:5] for item in overdue} == {"32.11"}
    assert all(item.sponsor.pk != bandung_bill.sponsor_id for item in overdue)


def test_bandungs_admin_sees_its_own_overdue_village_with_what_it_owes(bandung, bandung_bill):
    (item,) = overdue_sponsors(scope=scope_of(bandung["admin"]), today=date(2026, 1, 16))
    assert (item.sponsor.pk, item.bills, item.owed, item.workers) == (
        bandung_bill.sponsor_id,
        1,
        16_800 - 1_000,
        1,
    )
    assert overdue_sponsors(scope=scope_of(bandung["admin"]), today=date(2026, 1, 15)) == []


def test_a_village_operator_sees_only_its_own_villages_bill(
    demo_workers, sumedang_bills, cikeruh, gudang
):
    scope = scope_of(demo_workers["desa.cikeruh"])
    assert [bill.sponsor_id for bill in bill_list(scope=scope)] == [cikeruh.pk]
    with pytest.raises(NotFound):
        bill_get(scope=scope, bill_id=sumedang_bills[gudang.pk].pk)
    assert run_list(scope=scope).count() == 0


def test_expiring_enrolments_of_another_regency_never_appear(admin, bandung, bandung_bill):
    today = date(2026, 11, 15)
    assert not expiring_enrolments(scope=scope_of(admin), today=today).exists()
    assert expiring_enrolments(scope=scope_of(bandung["admin"]), today=today).count() == 1
