"""A user of another regency (Kabupaten Bandung) never reads or changes Sumedang's records:
reads are NotFound (as if absent), writes into Sumedang are refused."""

import datetime as dt

import pytest

from lindungi.accounts.selectors import scope_for_user
from lindungi.compliance.coordination.agreements import agreement_create
from lindungi.compliance.enforcement import (
    employer_create,
    employer_status_record,
    referral_advance,
    referral_open,
)
from lindungi.compliance.report import inpres_report
from lindungi.compliance.selectors import (
    agreements_expiring,
    employer_get,
    employer_list,
    referral_get,
    task_get,
    task_list,
)
from lindungi.compliance.services import task_update, tasks_seed
from lindungi.core.errors import NotFound, PermissionDenied

pytestmark = pytest.mark.django_db


@pytest.fixture
def sumedang_case(demo, sumedang, tasks):
    bpjs = demo["bpjs.sumedang"]
    scope = scope_for_user(bpjs)
    employer = employer_create(
        actor=bpjs,
        scope=scope,
        region=sumedang,
        nib="9120301234567",
        name="PT Sumedang",
        status="arrears",
        arrears=1_000_000,
    )
    referral = referral_open(actor=bpjs, scope=scope, employer=employer, day=dt.date(2026, 2, 1))
    admin = demo["disnaker"]
    agreement_create(
        actor=admin,
        scope=scope_for_user(admin),
        region=sumedang,
        kind="PKS",
        number="PKS/1",
        title="PKS",
        signed_on=dt.date(2026, 1, 1),
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2026, 2, 1),
    )
    return {"employer": employer, "referral": referral, "task": tasks[0]}


def test_a_user_of_another_regency_reads_nothing_of_sumedang(bandung, sumedang, sumedang_case):
    admin = bandung["admin"]
    scope = scope_for_user(admin)
    with pytest.raises(NotFound):
        task_get(scope=scope, task_id=sumedang_case["task"].pk)
    with pytest.raises(NotFound):
        employer_get(scope=scope, employer_id=sumedang_case["employer"].pk)
    with pytest.raises(NotFound):
        referral_get(scope=scope, referral_id=sumedang_case["referral"].pk)
    with pytest.raises(NotFound):
        inpres_report(scope=scope, region=sumedang, half=(2026, 1))
    assert task_list(scope=scope).count() == 0
    assert employer_list(scope=scope).count() == 0
    assert agreements_expiring(scope=scope, today=dt.date(2026, 1, 15)).count() == 0


def test_a_user_of_another_regency_changes_nothing_of_sumedang(bandung, sumedang, sumedang_case):
    admin = bandung["admin"]
    scope = scope_for_user(admin)
    with pytest.raises(NotFound):
        task_update(actor=admin, scope=scope, task=sumedang_case["task"], status="done")
    with pytest.raises(NotFound):
        employer_status_record(
            actor=admin, scope=scope, employer=sumedang_case["employer"], status="full"
        )
    with pytest.raises(NotFound):
        referral_advance(
            actor=admin,
            scope=scope,
            referral=sumedang_case["referral"],
            step="sp2",
            day=dt.date(2026, 3, 1),
        )
    with pytest.raises(NotFound):
        referral_open(
            actor=admin, scope=scope, employer=sumedang_case["employer"], day=dt.date(2026, 3, 1)
        )
    with pytest.raises(PermissionDenied):
        tasks_seed(actor=admin, scope=scope, region=sumedang)
    with pytest.raises(PermissionDenied):
        employer_create(
            actor=admin, scope=scope, region=sumedang, nib="1" * 13, name="X", status="full"
        )
    sumedang_case["task"].refresh_from_db()
    assert sumedang_case["task"].status == "not_started"
